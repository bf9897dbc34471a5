"""Transcription-tool exports (Feishu, Tencent Meeting, iFlytek, Zoom, Teams, Otter), one module per
shape of file, registered in TEXT_FORMATS most specific first. Each parses its file into cues and
hands them to :func:`interview_coder.io.transcripts.speakers.build_from_cues`.
"""

from __future__ import annotations

from interview_coder.io.transcripts import TEXT_FORMATS, TextFormat
from interview_coder.io.transcripts.tools import srt, teams, timed_block, timed_line, webvtt

FORMATS = [
    TextFormat("webvtt", webvtt.detect, webvtt.parse),  # Zoom, Teams .vtt
    TextFormat("srt", srt.detect, srt.parse),
    TextFormat("teams", teams.detect, teams.parse),  # Teams .docx, older layout
    TextFormat("timed-line", timed_line.detect, timed_line.parse),  # Feishu, Tencent Meeting
    TextFormat("timed-block", timed_block.detect, timed_block.parse),  # iFlytek, Otter, Feishu two-line
]

for _fmt in FORMATS:
    if all(f.name != _fmt.name for f in TEXT_FORMATS):
        TEXT_FORMATS.append(_fmt)

TOOL_FORMATS = frozenset(f.name for f in FORMATS)
"""Format names whose speakers come from a transcription tool (import prints their mapping)."""
