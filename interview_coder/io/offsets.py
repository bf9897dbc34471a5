"""Offset units other QDA tools count in, and converting them to ours at the exchange edge.

Inside interview-coder every offset is a code point of NFC text (text/normalize.py). Peers count
differently: NVivo counts ``PlainTextSelection`` positions in UTF-16 code units (an emoji is two),
Taguette in UTF-8 bytes of its HTML, QualCoder and qc in code points. Read from the public NVivo 12
projects in tests/data/peers/: as UTF-16 units 300 of 303 and 294 of 297 selections start and end
on word boundaries, as code points 49 and 58.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from interview_coder.text.normalize import normalize


class OffsetUnit(enum.Enum):
    """What one step of a peer's ``startPosition``/``endPosition`` counts."""

    CODEPOINTS = "codepoints"
    UTF16 = "utf16"
    UTF8 = "utf8"


# The tool an export is --for, and the unit it reads. ATLAS.ti and MAXQDA: no public text project
# with characters beyond U+FFFF was found to confirm their unit; both are Windows-native programs
# whose strings are UTF-16, so UTF-16 is written for them (see docs/exchange.md).
TOOL_UNITS: dict[str, OffsetUnit] = {
    "nvivo": OffsetUnit.UTF16,
    "atlas": OffsetUnit.UTF16,
    "maxqda": OffsetUnit.UTF16,
    "qualcoder": OffsetUnit.CODEPOINTS,
    "taguette": OffsetUnit.CODEPOINTS,
    "interview-coder": OffsetUnit.CODEPOINTS,
}


def unit_of_origin(origin: str) -> OffsetUnit | None:
    """The unit a ``.qdpx``'s ``origin`` attribute implies, or None when the tool is not known."""
    name = origin.lower()
    if "nvivo" in name:
        return OffsetUnit.UTF16
    if any(tool in name for tool in ("qualcoder", "interview-coder", "qc ")) or name == "qc":
        return OffsetUnit.CODEPOINTS
    return None


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _unit_lengths(text: str, unit: OffsetUnit) -> list[int]:
    if unit is OffsetUnit.UTF16:
        return [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    if unit is OffsetUnit.UTF8:
        return [1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4 for o in map(ord, text)]
    return [1] * len(text)


@dataclass(frozen=True)
class UnitIndex:
    """Positions of every character boundary of a text in one unit, to convert both ways."""

    bounds: Sequence[int]  # bounds[i] = units before code point i; len(text) + 1 entries

    @classmethod
    def of(cls, text: str, unit: OffsetUnit) -> UnitIndex:
        same = (unit is OffsetUnit.CODEPOINTS or (unit is OffsetUnit.UTF16 and not _ASTRAL.search(text))
                or (unit is OffsetUnit.UTF8 and text.isascii()))
        if same:  # every character is one unit
            return cls(range(len(text) + 1))
        return cls(list(accumulate(_unit_lengths(text, unit), initial=0)))

    def to_codepoint(self, units: int) -> int | None:
        """The code point at ``units``, or None if it falls inside a character or past the end."""
        i = bisect_right(self.bounds, units) - 1
        return i if i >= 0 and self.bounds[i] == units else None

    def to_units(self, codepoint: int) -> int:
        return self.bounds[codepoint]


# Scripts written without spaces between words (Han, kana): any point between two of their
# characters may end a word, so a selection there is not "inside a word".
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def on_boundary(text: str, i: int) -> bool:
    """True where a selection may sensibly start or end: not between two letters or digits of a
    spaced script (between two Chinese characters always)."""
    if i <= 0 or i >= len(text):
        return 0 <= i <= len(text)
    before, after = text[i - 1], text[i]
    return not (before.isalnum() and after.isalnum()) or bool(_UNSPACED.match(before) or _UNSPACED.match(after))


@dataclass(frozen=True)
class UnitCheck:
    """How many selections fit a text when read in one unit."""

    unit: OffsetUnit
    fit: int      # both ends on a character, a word boundary, and the selection's text where given
    invalid: int  # an end inside a character or past the end of the text


def check_unit(texts: Iterable[tuple[str, Iterable[tuple[int, int, str]]]], unit: OffsetUnit) -> UnitCheck:
    """Read each source's (start, end, selected text or '') in ``unit``; count the fits."""
    fit = invalid = 0
    for text, selections in texts:
        index = UnitIndex.of(text, unit)
        for start, end, said in selections:
            a, b = index.to_codepoint(start), index.to_codepoint(end)
            if a is None or b is None or a > b:
                invalid += 1
            elif said.strip():
                fit += normalize(text[a:b]).strip() == normalize(said).strip()
            else:
                fit += on_boundary(text, a) and on_boundary(text, b)
    return UnitCheck(unit, fit, invalid)


@dataclass(frozen=True)
class UnitChoice:
    """The unit a file's offsets are read in, why, and how many selections it could not confirm."""

    unit: OffsetUnit
    expected: OffsetUnit | None
    checks: tuple[UnitCheck, ...]
    selections: int

    @property
    def chosen(self) -> UnitCheck:
        return next(c for c in self.checks if c.unit is self.unit)

    @property
    def unconfirmed(self) -> int:
        return self.selections - self.chosen.fit


def choose_unit(texts: Sequence[tuple[str, Sequence[tuple[int, int, str]]]], expected: OffsetUnit | None
                ) -> UnitChoice:
    """The unit that fits most selections; the one the file's origin implies unless another fits clearly more.

    "Clearly" is at least 5 more selections and 10% of them, so a few odd selections in a text with
    one emoji cannot flip a known tool's unit.
    """
    n = sum(len(s) for _, s in texts)
    checks = tuple(check_unit(texts, unit) for unit in OffsetUnit)
    default = expected or OffsetUnit.CODEPOINTS
    base = next(c for c in checks if c.unit is default)
    best = max(checks, key=lambda c: (c.fit, c.unit is default))
    margin = max(5, n // 10)
    unit = best.unit if best.fit >= base.fit + margin or base.invalid > best.invalid + margin else default
    return UnitChoice(unit, expected, checks, n)


def raw_to_normalized(raw: str) -> tuple[str, Callable[[int], int]]:
    """(normalised text, raw code point -> normalised code point).

    Built in one pass when normalising only changes line endings (the common case); otherwise each
    offset is measured by normalising the prefix before it.
    """
    text = normalize(raw)
    if text == raw:
        return text, lambda i: i
    plain = raw.replace("\r\n", "\n").replace("\r", "\n")
    if normalize(plain) != plain:
        return text, lambda i: len(normalize(raw[:i]))
    out, j, i = [], 0, 0
    while i < len(raw):
        out.append(j)
        if raw[i] == "\r" and raw[i + 1:i + 2] == "\n":
            out.append(j)  # between CR and LF: the LF
            i += 2
        else:
            i += 1
        j += 1
    out.append(j)
    return text, out.__getitem__


@dataclass(frozen=True)
class Inserts:
    """Text put into a transcript for export (speaker labels), as (offset in the original, text) in order."""

    items: tuple[tuple[int, str], ...]

    def apply(self, text: str) -> str:
        parts, last = [], 0
        for at, label in self.items:
            parts += [text[last:at], label]
            last = at
        return "".join(parts) + text[last:]

    def shift(self) -> Callable[[int], int]:
        """Original offset -> offset in the text with the inserts (an insert at ``i`` comes before ``i``)."""
        at = [a for a, _ in self.items]
        before = [0]
        for _, label in self.items:
            before.append(before[-1] + len(label))
        return lambda i: i + before[bisect_right(at, i)]

    def take_out(self, text: str) -> tuple[str, Callable[[int], int]] | None:
        """(the original text, offset with inserts -> original offset), or None if ``text`` lacks them.

        An offset inside an insert maps to where the insert stood.
        """
        starts, total, pieces, last = [], 0, [], 0
        for at, label in self.items:
            where = at + total
            if text[where:where + len(label)] != label:
                return None
            pieces.append(text[last:where])
            starts.append((where, len(label), total))
            last = where + len(label)
            total += len(label)
        pieces.append(text[last:])
        keys = [w for w, _, _ in starts]

        def back(i: int) -> int:
            k = bisect_right(keys, i) - 1
            if k < 0:
                return i
            where, size, before = starts[k]
            return where - before if i < where + size else i - before - size

        return "".join(pieces), back
