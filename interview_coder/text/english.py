"""English tokens for matching: spaCy's blank English tokenizer and its lookup lemma table.

No model is downloaded: ``spacy.blank("en")`` plus the lookup lemmatizer's table, which
spacy-lookups-data ships. Lemmas are looked up on the lower-cased form (a sentence-initial
"Suppliers" is not in the table as typed) and cached per lower-cased form.
"""

from __future__ import annotations

from typing import Any

Token = tuple[str, int, int]
"""(normalised form, start, end): start and end are code points into the text given."""

_nlp: Any = None
_table: Any = None
_lemma_cache: dict[str, str] = {}


def _load() -> Any:
    global _nlp, _table
    if _nlp is None:
        import spacy

        nlp = spacy.blank("en")
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # reads the lookup tables from spacy-lookups-data; nothing is fetched
        _table = lemmatizer.lookups.get_table("lemma_lookup")
        _nlp = nlp
    return _nlp


def lemma(word: str) -> str:
    """The lookup lemma of a word, lower case ("Suppliers" -> "supplier", "training" -> "train")."""
    lower = word.lower()
    found = _lemma_cache.get(lower)
    if found is None:
        _load()
        found = _lemma_cache[lower] = str(_table.get(lower, lower))
    return found


def tokens(text: str, offset: int = 0) -> list[Token]:
    """spaCy's tokens of ``text`` with their lemmas; whitespace tokens are left out (a line break
    inside a phrase does not break it); punctuation tokens stay, so they separate phrases."""
    nlp = _load()
    cache, table = _lemma_cache, _table
    out: list[Token] = []
    for tok in nlp.make_doc(text):
        if tok.is_space:
            continue
        lower = tok.lower_
        found = cache.get(lower)
        if found is None:
            found = cache[lower] = str(table.get(lower, lower))
        start = tok.idx + offset
        out.append((found, start, start + len(tok)))
    return out


def bare_tokenize(text: str) -> int:
    """The bare spaCy tokenizer (no lemmas): the benchmark's reference. Returns the token count."""
    return len(_load().make_doc(text))
