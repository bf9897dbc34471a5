"""Stop words for keyword candidates, from spaCy's maintained lists (spacy.lang.en / spacy.lang.zh)."""

from __future__ import annotations

from functools import cache


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for 'en' (lower case) or 'zh' (simplified); an empty set for others."""
    if lang == "en":
        from spacy.lang.en.stop_words import STOP_WORDS as EN

        return frozenset(w.lower() for w in EN) | {"’s", "'s", "n't", "n’t"}
    if lang == "zh":
        from spacy.lang.zh.stop_words import STOP_WORDS as ZH

        return frozenset(ZH)
    return frozenset()
