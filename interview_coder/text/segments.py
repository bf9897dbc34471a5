"""Sentences and clauses of a passage, in English and Chinese: the one segmentation rule that
selection motions and suggestion acceptance (``coding.accept``) read.

A sentence ends at . ! ? (English: followed by a space, a Chinese character or the end, so 3.5 stays whole; an
abbreviation such as "Dr. Li" is cut like a sentence end)
or 。！？ (Chinese: always), together with the closing quotes and brackets after it. A clause ends
at a sentence end or at , ; (English, followed by a space) or ，；、 (Chinese). Segments are
(start, end) code-point ranges with no leading or trailing white space; together they hold every
non-space character of the text.
"""

from __future__ import annotations

from typing import Literal

Unit = Literal["clause", "sentence"]

_SENTENCE_ZH = frozenset("。！？")
_SENTENCE_EN = frozenset(".!?")
_CLAUSE_ZH = frozenset("，；、")
_CLAUSE_EN = frozenset(",;")
_CLOSING = frozenset("\"'”’」』）)】》〉]")
"""Closing quotes and brackets stay with the sentence or clause they close."""


def _ends(text: str, unit: Unit) -> list[int]:
    """Offsets just past each segment's closing punctuation (and its closing quotes)."""
    zh = _SENTENCE_ZH if unit == "sentence" else _SENTENCE_ZH | _CLAUSE_ZH
    en = _SENTENCE_EN if unit == "sentence" else _SENTENCE_EN | _CLAUSE_EN
    n = len(text)
    ends: list[int] = []
    i = 0
    while i < n:
        ch = text[i]
        if ch in zh or ch in en:
            j = i + 1
            while j < n and (text[j] in zh or text[j] in en or text[j] == "…"):  # ?! and ...
                j += 1
            while j < n and text[j] in _CLOSING:
                j += 1
            if ch in zh or j >= n or text[j].isspace() or ord(text[j]) > 0x2E80:
                ends.append(j)
            i = j
            continue
        i += 1
    return ends


def segments(text: str, unit: Unit = "sentence") -> list[tuple[int, int]]:
    """The text's sentences (or clauses) as (start, end) code-point ranges, in order."""
    out: list[tuple[int, int]] = []
    start = 0
    for end in [*_ends(text, unit), len(text)]:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        start = end
    return out


def segment_at(text: str, pos: int, unit: Unit = "sentence") -> tuple[int, int] | None:
    """The sentence (or clause) holding offset ``pos``, or the next one when ``pos`` is on white
    space between two; None for a text of white space only."""
    found = segments(text, unit)
    for s, e in found:
        if pos < e:
            return (s, e)
    return found[-1] if found else None


def widen(text: str, start: int, end: int, unit: Unit) -> tuple[int, int]:
    """The smallest run of whole sentences (or clauses) covering [start, end)."""
    found = segments(text, unit)
    covering = [(s, e) for s, e in found if s < end and e > start]
    if not covering:
        return (start, end)
    return (min(covering[0][0], start), max(covering[-1][1], end))
