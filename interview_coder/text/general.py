"""General-language word frequencies (the wordfreq package's English and Chinese lists, shipped
inside the package: nothing is fetched) and the keyness score that ranks keyword candidates.

Chinese keys are simplified; English ones lower case. A phrase missing from the list gets
wordfreq's own estimate for several words, 1 / (1/f1 + 1/f2 + ...).
"""

from __future__ import annotations

_lists: dict[str, dict[str, float]] = {}

SMOOTHING_PER_MILLION = 10.0
"""The k of the keyness ratio: 10 per million favours words a researcher sees often enough to judge
over one-off oddities (Kilgarriff's 'simple maths' leaves k to the user; 1, 10 and 100 are usual)."""


def _frequencies(lang: str) -> dict[str, float]:
    found = _lists.get(lang)
    if found is None:
        import wordfreq

        found = _lists[lang] = wordfreq.get_frequency_dict(lang)
    return found


def general_frequency(words: tuple[str, ...], lang: str) -> float:
    """How often ``words`` (one word or a phrase, already segmented) occur in general ``lang`` text,
    as a proportion of all words; 0.0 when wordfreq has never seen one of them."""
    table = _frequencies(lang)
    whole = table.get(("" if lang == "zh" else " ").join(words))
    if whole is not None:
        return whole
    parts = [table.get(w, 0.0) for w in words]
    if len(parts) < 2 or not all(parts):
        return 0.0
    return 1.0 / sum(1.0 / p for p in parts)


def keyness(count: int, total: int, general: float, k: float = SMOOTHING_PER_MILLION) -> float:
    """(per million here + k) / (per million in general language + k): above 1 when a word is
    more frequent in the interviews than in general text."""
    here = count / total * 1e6 if total else 0.0
    return (here + k) / (general * 1e6 + k)


def log_likelihood(a: int, b: int, size_a: int, size_b: int) -> float:
    """Dunning's log-likelihood (G2) that a word's ``a`` occurrences in ``size_a`` words and ``b``
    in ``size_b`` differ more than chance; signed, positive when it is more frequent in the first."""
    import math

    total = size_a + size_b
    if not total or not size_a or not size_b:
        return 0.0
    expected_a = size_a * (a + b) / total
    expected_b = size_b * (a + b) / total
    g2 = 2.0 * sum(o * math.log(o / e) for o, e in ((a, expected_a), (b, expected_b)) if o > 0 and e > 0)
    return g2 if a / size_a >= b / size_b else -g2
