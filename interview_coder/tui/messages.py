"""Small messages widgets post up to their screen (widgets never touch the store)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CodePicked(Message):
    """The coder chose a code in the codebook panel (Enter)."""

    code_id: str


@dataclass
class CodebookLeft(Message):
    """The coder left the codebook panel without choosing (Escape)."""


@dataclass
class PassageChosen(Message):
    """A search result or overview row asks to open a transcript at a passage."""

    transcript_id: int
    passage_id: int | None = None


@dataclass
class PassageClicked(Message):
    """A mouse click on a passage: its index, and the character clicked (None off the text)."""

    index: int
    offset: int | None = None


@dataclass
class PassageDragged(Message):
    """A mouse drag over a passage's text: from the character pressed to the one under the pointer."""

    index: int
    start: int
    end: int


@dataclass
class CodeHighlighted(Message):
    """The codebook panel's highlight moved to a code (the definitions follow it)."""

    code_id: str | None


@dataclass
class CodingsChanged(Message):
    """Colleagues committed coding changes on the team project (heard by the live worker)."""

    count: int


@dataclass
class TeamStatus(Message):
    """The live worker's connection to the team server was lost (``ok`` False) or is back."""

    ok: bool
    reason: str = ""
