"""What the user told ``import`` about the files."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from interview_coder.core.model import Role
from interview_coder.io.transcripts.reading import DEFAULT_MAX_BYTES

# Labels that mark the interviewer, compared case-insensitively.
INTERVIEWER_LABELS = frozenset({"q", "i", "int", "interviewer", "moderator", "问", "采访者", "访谈者", "主持人", "访问者", "记者",
                                "問", "採訪者", "訪談者", "訪問者", "記者"})

BACKCHANNEL_CHARS = 4
"""Default longest interviewer backchannel folded by --fold-backchannels: Chinese characters."""
BACKCHANNEL_WORDS = 3
"""Default longest interviewer backchannel folded by --fold-backchannels: English words."""


@dataclass(frozen=True)
class SpeakerMapping:
    """One row of a ``--speakers`` file: what a speaker label of a transcription tool stands for."""

    label: str
    transcript: str | None = None
    """Only in this transcript (the file name without extension); None = every transcript."""
    role: Role | None = None
    """Interviewer, respondent or None (decided from the labels or proposed)."""
    respondent: str | None = None
    """The respondent id; None = the default (the file name, or file-label in a focus group)."""
    attributes: dict[str, str | int | float] = field(default_factory=dict)
    """Respondent attributes, 'group' among them."""
    line: int | None = None
    """The row's line in the speakers file, for error messages."""

    def applies(self, transcript: str, label: str) -> bool:
        return (self.label.strip().casefold() == label.strip().casefold()
                and (self.transcript is None or self.transcript.casefold() == transcript.casefold()))


@dataclass(frozen=True)
class ImportOptions:
    group: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    interviewer: tuple[str, ...] = ()
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    text_columns: tuple[str, ...] = ()
    no_merge: bool = False
    """Transcription tools: keep every turn of the source as its own turn and passage."""
    fold_backchannels: bool = False
    """Transcription tools: a short interviewer turn between two turns of one respondent does not split them."""
    backchannel_chars: int = BACKCHANNEL_CHARS
    backchannel_words: int = BACKCHANNEL_WORDS
    speakers: tuple[SpeakerMapping, ...] = ()
    """Rows of the ``--speakers`` file: label -> role, respondent, group and attributes."""
    speakers_file: str | None = None
    known_labels: tuple[str, ...] = ()
    """Plain text: labels that always start a turn (the speakers a .qdpx's cases name; io/refi_speakers.py)."""
    stdin_name: str = "stdin"
    """Name of the transcript read from ``-`` (standard input)."""

    def is_interviewer(self, label: str) -> bool:
        """A known interviewer label or --interviewer, case-insensitively; a final full stop aside ('Q.', 'Int.')."""
        folded = label.strip().casefold()
        folded = folded.removesuffix(".") if folded.endswith(".") and folded[:-1] in INTERVIEWER_LABELS else folded
        return folded in INTERVIEWER_LABELS or folded in _folded(self.interviewer)

    def speaker(self, transcript: str, label: str) -> SpeakerMapping | None:
        """The ``--speakers`` row for this label: one naming the transcript wins over one for every transcript."""
        rows = [r for r in self.speakers if r.applies(transcript, label)]
        return next((r for r in rows if r.transcript is not None), rows[0] if rows else None)


@functools.lru_cache(maxsize=64)
def _folded(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(x.strip().casefold() for x in labels)
