"""WebVTT captions (``.vtt``) from Zoom (``Name: text`` in the cue) and Teams (``<v Name>text</v>``)."""

from __future__ import annotations

from pathlib import Path

from interview_coder.core.model import Transcript
from interview_coder.io.transcripts.options import ImportOptions
from interview_coder.io.transcripts.speakers import build_from_cues
from interview_coder.io.transcripts.tools.cues import (
    colon_labels,
    known_labels,
    split_cues,
    to_cues,
    voice_labels,
)

# Blocks that are not cues: comments, styles, regions.
SKIPPED = ("NOTE", "STYLE", "REGION")


def detect(text: str) -> bool:
    return text.lstrip("\ufeff \t\n").startswith("WEBVTT")


def parse(text: str, path: Path, name: str, options: ImportOptions) -> Transcript:
    _, raw = split_cues(text, identifiers=True)
    for cue in raw:
        # A NOTE block after a cue's text is separated by a blank line: it is not spoken text.
        for k, line in enumerate(cue.lines):
            if line.strip().split(" ", 1)[0] in SKIPPED:
                cue.lines = cue.lines[:k]
                break
    voice_labels(raw)
    if not any(c.label for c in raw):
        colon_labels(raw, known_labels(options, name))
    return build_from_cues(to_cues(raw), [], path, name, options)
