"""Wrapping passage text into terminal lines by cell width, keeping code-point offsets.

A CJK character takes two cells, a combining mark none: lines are measured in cells but always
cut between code points, so a line ``(start, end)`` slices exactly the characters drawn on it and
a span selected by moving over characters is the span stored.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.cells import get_character_cell_size

_CLAUSE_END = set("，。、；：！？,.;:!?）)」』】")
_NO_LINE_START = set("，。、；：！？）」』】》〉”’…,.;:!?)")
"""Closing punctuation never starts a line (Chinese line-breaking rule): the character before it
moves down with it."""


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Cells a character takes on screen; tabs and other controls are drawn as one space."""
    if ch == "\t" or (unicodedata.category(ch) == "Cc" and ch != "\n"):
        return 1
    if ch == "\n":
        return 0
    return int(get_character_cell_size(ch))


def display_char(ch: str) -> str:
    """The character drawn for ``ch`` (controls as a space, a line break as nothing)."""
    if ch == "\n":
        return ""
    if ch == "\t" or unicodedata.category(ch) == "Cc":
        return " "
    return ch


def _breakable_after(ch: str) -> bool:
    return ch.isspace() or char_width(ch) == 2 or ch in _CLAUSE_END


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Lines of at most ``width`` cells as (start, end) code-point ranges that together cover ``text``.

    Breaks after spaces, after wide (CJK) characters and clause punctuation; a word longer than
    the line is cut. A space that overflows stays at the end of its line (drawn cropped).
    """
    width = max(width, 2)
    if not text:
        return [(0, 0)]
    if text.isascii() and "\n" not in text and "\t" not in text and text.isprintable():
        return _wrap_ascii(text, width)
    lines: list[tuple[int, int]] = []
    start, cells, last_break = 0, 0, -1
    for i, ch in enumerate(text):
        if ch == "\n":
            lines.append((start, i + 1))
            start, cells, last_break = i + 1, 0, -1
            continue
        w = char_width(ch)
        if cells + w > width and i > start:
            if ch == " ":
                lines.append((start, i + 1))
                start, cells, last_break = i + 1, 0, -1
                continue
            cut = last_break if last_break > start else i
            while cut < len(text) and text[cut] in _NO_LINE_START and cut - 1 > start:
                cut -= 1
            lines.append((start, cut))
            start = cut
            cells = sum(char_width(c) for c in text[start:i])
            last_break = -1
            if cells + w > width and i > start:  # the carried-over word and this character still overflow
                lines.append((start, i))
                start, cells = i, 0
        cells += w
        if _breakable_after(ch):
            last_break = i + 1
    if start < len(text) or not lines:
        lines.append((start, len(text)))
    return lines


def _wrap_ascii(text: str, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > width:
        end = start + width
        if text[end] == " ":
            cut = end + 1
        else:
            space = text.rfind(" ", start, end)
            cut = space + 1 if space >= start else end
        lines.append((start, cut))
        start = cut
    lines.append((start, n))
    return lines


def cells(text: str) -> int:
    return sum(char_width(c) for c in text)


def is_cjk(ch: str) -> bool:
    return char_width(ch) == 2


def next_word(text: str, pos: int, direction: int) -> int:
    """The offset a word motion lands on: the start of the next (or previous) word.

    Latin words are runs of letters and digits; Chinese text has no spaces, so a motion goes to
    the next clause (after the next Chinese or Latin punctuation mark).
    """
    n = len(text)
    if direction > 0:
        i = pos + 1
        if i >= n:
            return max(n - 1, 0)
        if is_cjk(text[pos]) or text[pos] in _CLAUSE_END:
            while i < n and text[i - 1] not in _CLAUSE_END:
                i += 1
            return min(i, n - 1)
        while i < n and (text[i].isalnum() and not is_cjk(text[i])):
            i += 1
        while i < n and (text[i].isspace() or (not text[i].isalnum() and not is_cjk(text[i]))):
            i += 1
        return min(i, n - 1)
    i = pos - 1
    if i <= 0:
        return 0
    if is_cjk(text[i]) or text[i] in _CLAUSE_END:
        while i > 0 and text[i - 1] not in _CLAUSE_END:
            i -= 1
        return i
    while i > 0 and (text[i].isspace() or (not text[i].isalnum() and not is_cjk(text[i]))):
        i -= 1
    while i > 0 and text[i - 1].isalnum() and not is_cjk(text[i - 1]):
        i -= 1
    return i


def word_end(text: str, pos: int, direction: int) -> int:
    """Where the moving *end* of a selection lands: the last character of the next (or previous) word.

    A selection includes both of its ends, so moving its end by words stops on a word's last
    letter (not the next word's first); in Chinese text, on the clause's closing punctuation.
    """
    n = len(text)
    if n == 0:
        return 0
    if direction > 0:
        i = pos + 1
        if i >= n:
            return n - 1
        while i < n - 1 and text[i].isspace():
            i += 1
        if is_cjk(text[i]):  # Chinese (full-width punctuation is wide too): to the clause's end
            while i < n - 1 and text[i] not in _CLAUSE_END:
                i += 1
            return i
        while i < n - 1 and not text[i].isalnum():
            i += 1
        while i < n - 1 and text[i + 1].isalnum() and not is_cjk(text[i + 1]):
            i += 1
        return i
    i = pos - 1
    if i <= 0:
        return 0
    if is_cjk(text[pos]) or is_cjk(text[i]):
        while i > 0 and text[i] not in _CLAUSE_END:
            i -= 1
        return i
    while i > 0 and text[i].isalnum() and not is_cjk(text[i]):
        i -= 1
    while i > 0 and not text[i].isalnum() and text[i] not in _CLAUSE_END:
        i -= 1
    return i
