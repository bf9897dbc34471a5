"""Text processing: normalisation, tokenizers (spaCy, jieba) and the keyword matcher. Pure values."""
