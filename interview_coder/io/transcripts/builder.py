"""Building a transcript's text, turns and passages, for formats whose source is not plain text."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coder.core.model import Passage, Respondent, Role, Transcript, Turn
from interview_coder.text.normalize import detect_language, normalize


@dataclass
class TranscriptBuilder:
    """Append turns one by one; the text is their paragraphs separated by blank lines."""

    name: str
    source: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    turns: list[Turn] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    def _append(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def add_turn(self, role: Role, speaker: str | None, paragraphs: list[str], respondent: str | None = None,
                 time_start: float | None = None, time_end: float | None = None) -> None:
        paragraphs = [p for p in (normalize(p).strip() for p in paragraphs) if p]
        if not paragraphs:
            return
        seq = len(self.turns)
        starts = []
        for paragraph in paragraphs:
            if self.length:
                self._append("\n\n")
            start = self._append(paragraph)
            starts.append(start)
            self.passages.append(Passage(len(self.passages), seq, start, start + len(paragraph), paragraph,
                                         role, speaker, respondent if role == Role.RESPONDENT else None))
        self.turns.append(Turn(seq, speaker, role, starts[0], self.length,
                               respondent if role == Role.RESPONDENT else None, time_start, time_end))

    def build(self, respondents: list[Respondent], language: str | None = None, preamble: str = "") -> Transcript:
        text = "".join(self.parts)
        counted = " ".join(p.text for p in self.passages if p.role == Role.RESPONDENT)
        return Transcript(self.name, self.source, text, language or detect_language(counted or text),
                          tuple(self.turns), tuple(self.passages), tuple(respondents), preamble)
