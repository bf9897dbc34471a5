"""SubRip subtitles (``.srt``): numbered cues, ``00:00:01,000 --> 00:00:04,000``, ``Name: text``."""

from __future__ import annotations

import re
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

SRT_TIMING_RE = re.compile(r"^[ \t]*\d{1,2}:\d{2}:\d{2},\d{1,3}[ \t]*-->[ \t]*\d{1,2}:\d{2}:\d{2},\d{1,3}", re.MULTILINE)


def detect(text: str) -> bool:
    return len(SRT_TIMING_RE.findall(text, 0, 20_000)) >= 1 and not text.lstrip("\ufeff \t\n").startswith("WEBVTT")


def parse(text: str, path: Path, name: str, options: ImportOptions) -> Transcript:
    _, raw = split_cues(text, identifiers=True)
    voice_labels(raw)
    if not any(c.label for c in raw):
        colon_labels(raw, known_labels(options, name))
    return build_from_cues(to_cues(raw), [], path, name, options)
