"""One line per turn, the timestamp in brackets after the name (Feishu Minutes, Tencent Meeting):

    周总(00:01:23): 我们去年拿到了高新技术企业认定。
    李静（01:23）：那税收优惠呢？

Lines before the first turn (meeting title, date) are the preamble; lines after a turn that carry
no label continue it (a blank line starts a new paragraph of the same turn).
"""

from __future__ import annotations

import re
from pathlib import Path

from interview_coder.core.model import Transcript
from interview_coder.io.transcripts.options import ImportOptions
from interview_coder.io.transcripts.speakers import Cue, build_from_cues
from interview_coder.io.transcripts.tools.labels import TIME, is_label, paragraphs, seconds

LINE_RE = re.compile(rf"^[ \t]*(?P<label>[^\s(（][^(（\n]{{0,39}}?)[ \t]*[(（][ \t]*(?P<time>{TIME})"
                     rf"(?:[ \t]*[-–~][ \t]*(?P<end>{TIME}))?[ \t]*[)）][ \t]*[:：][ \t]*(?P<text>.*)$")


def _match(line: str) -> re.Match[str] | None:
    m = LINE_RE.match(line)
    return m if m and is_label(m.group("label")) else None


def detect(text: str) -> bool:
    lines = [ln for ln in text.split("\n", 400)[:400] if ln.strip()]
    hits = sum(1 for ln in lines if _match(ln))
    return hits >= 2 and hits * 5 >= len(lines)


def parse(text: str, path: Path, name: str, options: ImportOptions) -> Transcript:
    preamble: list[str] = []
    cues: list[Cue] = []
    head: tuple[str, int, float, float | None] | None = None  # the open cue: label, line, start, end
    lines = preamble  # the open cue's lines (the preamble's before the first cue)

    def close() -> None:
        if head is not None:
            label, number, start, end = head
            cues.append(Cue(label, tuple(paragraphs(lines)), start, end, number))

    for number, line in enumerate(text.split("\n"), 1):
        m = _match(line)
        if m is None:
            lines.append(line)
            continue
        close()
        end = m.group("end")
        head = (m.group("label").strip(), number, seconds(m.group("time")), seconds(end) if end else None)
        lines = [m.group("text")]
    close()
    return build_from_cues(cues, paragraphs(preamble), path, name, options)
