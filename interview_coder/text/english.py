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

# Where the lookup table's guess is wrong for interview talk: it maps "taxes" to "taxis", so the
# keyword "tax" would miss its plural; "fundings" (the model study's own word) is not in it.
# Each entry is checked in tests/text/test_english.py.
CORRECTIONS = {"taxes": "tax", "fundings": "fund"}


def _load() -> Any:
    global _nlp, _table
    if _nlp is None:
        import spacy

        nlp = spacy.blank("en")
        lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
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
        found = _lemma_cache[lower] = CORRECTIONS.get(lower) or str(_table.get(lower, lower))
    return found


def tokens(text: str, offset: int = 0) -> list[Token]:
    """spaCy's tokens of ``text`` with their lemmas; whitespace tokens are left out (a line break
    inside a phrase does not break it); punctuation tokens stay, so they separate phrases."""
    nlp = _load()
    from spacy.attrs import IDX, IS_SPACE, LENGTH, LOWER

    # One array per passage instead of a Token object per word: 3x faster (PERFORMANCE.md).
    rows = nlp.make_doc(text).to_array([LOWER, IDX, LENGTH, IS_SPACE]).tolist()
    by_hash, strings = _by_hash, nlp.vocab.strings
    out: list[Token] = []
    for key, idx, length, is_space in rows:
        if is_space:
            continue
        found = by_hash.get(key)
        if found is None:
            found = by_hash[key] = _analyse(strings[key])
        start = idx + offset
        if found[1]:
            # spaCy keeps a full stop on some words ("R&D." at the end of a sentence): split it
            # off, so the word still matches; abbreviations with inner dots ("U.S.") stay whole.
            out.append((found[0], start, start + length - 1))
            out.append((".", start + length - 1, start + length))
        else:
            out.append((found[0], start, start + length))
    return out


_by_hash: dict[int, tuple[str, bool]] = {}
"""spaCy's hash of a lower-cased token -> (lemma, whether a trailing full stop is split off)."""


def _analyse(lower: str) -> tuple[str, bool]:
    if len(lower) > 1 and lower[-1] == "." and "." not in lower[:-1]:
        return lemma(lower[:-1]), True
    return lemma(lower), False


def bare_tokenize(text: str) -> int:
    """The bare spaCy tokenizer (no lemmas): the benchmark's reference. Returns the token count."""
    return len(_load().make_doc(text))
