"""Frozen values of the domain. Offsets are Unicode code points in NFC-normalised text."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Driver(enum.StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class Role(enum.StrEnum):
    """Who a turn belongs to. Only respondent turns are ever counted or auto-coded."""

    RESPONDENT = "respondent"
    INTERVIEWER = "interviewer"
    PREAMBLE = "preamble"  # title or date lines before the first speaker turn


class Status(enum.StrEnum):
    ACCEPTED = "accepted"
    SUGGESTED = "suggested"
    REJECTED = "rejected"


class Origin(enum.StrEnum):
    """Who made a coding: a coder by hand, keyword matching (auto), or a model trained on a
    coder's codings (learned)."""

    MANUAL = "manual"
    AUTO = "auto"  # a keyword hit
    LEARNED = "learned"  # suggested from a coder's coded examples


class Mode(enum.StrEnum):
    """How a project's coders decide suggestions: together (one decision closes a suggestion for
    everyone) or independently (blind double coding: each coder decides and sees only their own)."""

    SHARED = "shared"
    INDEPENDENT = "independent"


AUTO_CODER = "auto"
"""The coder recorded on machine suggestions nobody has accepted yet."""


@dataclass(frozen=True)
class Passage:
    """The unit that gets coded: one paragraph of a turn. ``text == transcript.text[start:end]``."""

    seq: int
    turn_seq: int
    start: int
    end: int
    text: str
    role: Role
    speaker: str | None
    respondent: str | None


@dataclass(frozen=True)
class Turn:
    """One speaker's contribution; ``start``/``end`` cover its text without the speaker label."""

    seq: int
    speaker: str | None
    role: Role
    start: int
    end: int
    respondent: str | None = None
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class Respondent:
    key: str
    attributes: dict[str, str | int | float] = field(default_factory=dict)

    @property
    def group(self) -> str | None:
        value = self.attributes.get("group")
        return None if value is None else str(value)


@dataclass(frozen=True)
class Transcript:
    """One interview as parsed from a file, before it is stored."""

    name: str
    source: str
    text: str
    language: str
    turns: tuple[Turn, ...]
    passages: tuple[Passage, ...]
    respondents: tuple[Respondent, ...]
    preamble: str = ""
    notes: tuple[str, ...] = ()
    """Lines import prints under the file: speaker labels it proposed, and why."""


@dataclass(frozen=True)
class Keyword:
    code: str
    lang: str  # "en" or "zh"
    text: str
    exclude: bool = False  # an exclude phrase suppresses hits inside it


@dataclass(frozen=True)
class Factor:
    id: str
    name: str
    driver: Driver
    name_zh: str = ""
    description: str = ""


@dataclass(frozen=True)
class Code:
    id: str
    name: str
    factor: str
    name_zh: str = ""
    parent: str | None = None
    colour: str = ""
    description: str = ""
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Codebook:
    factors: tuple[Factor, ...]
    codes: tuple[Code, ...]
    name: str = ""
    name_zh: str = ""
    version: str = ""
    source: str = ""
    description: str = ""

    def keywords(self) -> list[Keyword]:
        out: list[Keyword] = []
        for code in self.codes:
            for lang, words in code.keywords.items():
                out.extend(Keyword(code.id, lang, w) for w in words)
            for lang, words in code.exclude.items():
                out.extend(Keyword(code.id, lang, w, exclude=True) for w in words)
        return out


@dataclass(frozen=True)
class Coding:
    """A code applied to a passage (``start``/``end`` None) or a span of it, by a coder."""

    passage_id: int
    code: str
    coder: str
    status: Status = Status.ACCEPTED
    origin: Origin = Origin.MANUAL
    start: int | None = None
    end: int | None = None
    keyword: str | None = None
    memo: str | None = None
