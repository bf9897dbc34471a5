"""A label and a timestamp on their own line, the turn's text on the lines below (iFlytek, Otter's
txt export, Feishu and Tencent Meeting's two-line style, the newer Teams .docx):

    说话人1 00:00:02
    您好，先请您介绍一下公司。

    Speaker 2  0:14
    Sure. We make sensors.

Lines before the first label line are the preamble; blank lines inside a turn separate paragraphs.
"""

from __future__ import annotations

import re
from pathlib import Path

from interview_coder.core.model import Transcript
from interview_coder.io.transcripts.options import ImportOptions
from interview_coder.io.transcripts.speakers import Cue, build_from_cues
from interview_coder.io.transcripts.tools.labels import TIME, is_label, paragraphs, seconds

HEADER_RE = re.compile(rf"^[ \t]*(?P<label>[^\s(（][^(（\n]{{0,39}}?)(?:[ \t]*[(（][ \t]*(?P<time1>{TIME})[ \t]*[)）]"
                       rf"|[ \t]+(?P<time2>{TIME}))[ \t]*[:：]?[ \t]*$")


def _match(line: str) -> tuple[str, float] | None:
    m = HEADER_RE.match(line)
    if m is None or not is_label(m.group("label")):
        return None
    return m.group("label").strip(), seconds(m.group("time1") or m.group("time2"))


DETECT_LINES = 400


def detect(text: str) -> bool:
    # The head of the file decides (a tool's speaker lines start at once, after a short title).
    lines = [ln for ln in text.split("\n", DETECT_LINES)[:DETECT_LINES] if ln.strip()]
    is_head = [bool(_match(ln)) for ln in lines]
    # A label line followed by text (not by another label line), at least twice.
    followed = sum(1 for i, head in enumerate(is_head[:-1]) if head and not is_head[i + 1])
    return followed >= 2


def parse(text: str, path: Path, name: str, options: ImportOptions) -> Transcript:
    preamble: list[str] = []
    cues: list[Cue] = []
    current: tuple[str, float, int] | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            cues.append(Cue(current[0], tuple(paragraphs(body)), current[1], None, current[2]))

    for number, line in enumerate(text.split("\n"), 1):
        head = _match(line)
        if head is None:
            (body if current is not None else preamble).append(line)
            continue
        close()
        current, body = (head[0], head[1], number), []
    close()
    return build_from_cues(cues, paragraphs(preamble), path, name, options)
