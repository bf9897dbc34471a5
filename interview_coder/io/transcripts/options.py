"""What the user told ``import`` about the files."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coder.io.transcripts.reading import DEFAULT_MAX_BYTES

# Labels that mark the interviewer, compared case-insensitively.
INTERVIEWER_LABELS = frozenset({"q", "i", "int", "interviewer", "moderator", "问", "采访者", "访谈者", "主持人", "访问者", "记者",
                                "問", "採訪者", "訪談者", "訪問者", "記者"})


@dataclass(frozen=True)
class ImportOptions:
    group: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    interviewer: tuple[str, ...] = ()
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    text_columns: tuple[str, ...] = ()

    def is_interviewer(self, label: str) -> bool:
        folded = label.strip().casefold()
        return folded in INTERVIEWER_LABELS or folded in {x.casefold() for x in self.interviewer}
