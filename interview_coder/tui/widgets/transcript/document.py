"""The open transcript as the reader shows it: passages, their codings, and where motions land.

Plain values filled by the reader screen from ``store.workbench``; no store access here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_coder.core.model import AUTO_CODER, Role, Status

if TYPE_CHECKING:  # plain values filled by the reader screen; the widget never reads the store
    from interview_coder.store.workbench import ReaderCoding, ReaderPassage


@dataclass
class CodeStyle:
    """How a code is drawn: its name and colour (from the codebook)."""

    id: str
    name: str
    colour: str


@dataclass
class Document:
    transcript_id: int
    name: str
    passages: list[ReaderPassage]
    """Passages in order: id, seq, turn, speaker, role, respondent, text."""
    codings: dict[int, list[ReaderCoding]] = field(default_factory=dict)
    """Accepted and suggested codings by passage id."""
    codes: dict[str, CodeStyle] = field(default_factory=dict)
    memos: set[int] = field(default_factory=set)
    """Passage ids with a memo."""
    coder: str = ""

    def __post_init__(self) -> None:
        self.index = {p["id"]: i for i, p in enumerate(self.passages)}
        self.codable = [i for i, p in enumerate(self.passages) if p["role"] == Role.RESPONDENT]

    def of(self, i: int) -> list[ReaderCoding]:
        return self.codings.get(self.passages[i]["id"], [])

    def is_open(self, i: int) -> bool:
        return any(c["status"] == Status.SUGGESTED for c in self.of(i))

    def is_uncoded(self, i: int) -> bool:
        return self.passages[i]["role"] == Role.RESPONDENT and not any(c["status"] == Status.ACCEPTED for c in self.of(i))

    def codes_by_coder(self, i: int) -> dict[str, set[str]]:
        """Per coder of this transcript (not ``auto``): the codes they accepted on passage ``i``.

        A coder who coded the transcript but not this passage has an empty set here, as in
        ``agreement --unit passage``, where such a passage counts as 'code absent' for them.
        """
        coders = self.coders()
        out: dict[str, set[str]] = {c: set() for c in coders}
        for c in self.of(i):
            if c["status"] == Status.ACCEPTED and c["coder"] in out:
                out[c["coder"]].add(c["code_id"])
        return out

    def coders(self) -> list[str]:
        """Coders with an accepted coding anywhere in this transcript, by name."""
        return sorted({c["coder"] for rows in self.codings.values() for c in rows
                       if c["status"] == Status.ACCEPTED and c["coder"] != AUTO_CODER})

    def is_disagreement(self, i: int) -> bool:
        """Two or more coders coded this transcript and gave passage ``i`` different codes."""
        sets = list(self.codes_by_coder(i).values())
        return len(sets) >= 2 and any(s != sets[0] for s in sets[1:])

    def step(self, i: int | None, delta: int) -> int | None:
        """The respondent passage ``delta`` codable passages away from ``i`` (clamped to the ends)."""
        if not self.codable:
            return None
        if i is None:
            return self.codable[0]
        pos = bisect.bisect_left(self.codable, i)
        if pos < len(self.codable) and self.codable[pos] == i:
            pos += delta
        else:  # i is not codable: codable[pos] is the first after it, codable[pos - 1] the last before
            pos += delta - 1 if delta > 0 else delta
        return self.codable[max(0, min(len(self.codable) - 1, pos))]

    def find(self, i: int | None, direction: int, test: str) -> int | None:
        """The next (or previous) passage after ``i`` that has an open suggestion / is uncoded /
        has coders who disagree (``test``: suggestion, uncoded, disagreement)."""
        check = {"suggestion": self.is_open, "uncoded": self.is_uncoded, "disagreement": self.is_disagreement}[test]
        order = self.codable if direction > 0 else list(reversed(self.codable))
        for j in order:
            if i is None or (j > i if direction > 0 else j < i):
                if check(j):
                    return j
        return None
