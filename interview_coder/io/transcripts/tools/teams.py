"""Teams transcripts saved as ``.docx`` (the older layout): a timing line, the speaker's name on its
own line, then the text, for every cue; the meeting title and date above the first cue are the
preamble. (The newer layout, ``Name 0:03`` above the text, is the timed-block format.)

    0:0:0.0 --> 0:0:5.120
    Helen Ward
    Thanks for joining. Shall we start with your company?
"""

from __future__ import annotations

from pathlib import Path

from interview_coder.core.model import Transcript
from interview_coder.io.transcripts.options import ImportOptions
from interview_coder.io.transcripts.speakers import build_from_cues
from interview_coder.io.transcripts.tools.cues import (
    TIMING_RE,
    known_labels,
    line_labels,
    split_cues,
    to_cues,
)
from interview_coder.io.transcripts.tools.labels import paragraphs


def detect(text: str) -> bool:
    return sum(1 for ln in text.split("\n", 400)[:400] if TIMING_RE.match(ln)) >= 2


def parse(text: str, path: Path, name: str, options: ImportOptions) -> Transcript:
    head, raw = split_cues(text, identifiers=False)
    line_labels(raw, known_labels(options, name))
    return build_from_cues(to_cues(raw), paragraphs(head), path, name, options)
