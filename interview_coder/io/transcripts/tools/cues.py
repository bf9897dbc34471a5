r"""Subtitle-style cues: a ``start --> end`` timing line, then the cue's text (WebVTT, SRT, Teams .docx).

A cue's text runs to the next timing line. Its lines are caption wraps, not paragraphs: they are
joined with the spacing of the language. Markup (``<i>``, ``<c.x>``, ``<00:01.000>``, ``<font>``)
and SubStation override tags that subtitle editors leave in SRT (``{\an8}``, ``{\i1}``) are dropped.
Subtitle files as found: a cue number glued to the text above when the blank line is missing is
still a cue number (tests/data/tools/quirks/).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from interview_coder.io.transcripts.options import INTERVIEWER_LABELS, ImportOptions
from interview_coder.io.transcripts.speakers import Cue, join_spoken
from interview_coder.io.transcripts.tools.labels import TIME, is_label, seconds

TIMING_RE = re.compile(rf"^[ \t]*(?P<start>{TIME})[ \t]*-->[ \t]*(?P<end>{TIME})(?:[ \t].*)?$")
VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+(?P<label>[^>]+)>")
TAG_RE = re.compile(r"</?[^>\n]*>")
ASS_TAG_RE = re.compile(r"\{\\[^}\n]*\}")  # {\an8} {\i1} {\pos(10,20)}: SubStation overrides in SRT
CUE_NUMBER_RE = re.compile(r"^[ \t]*\d+[ \t]*$")
# "Name: text" (Zoom, SRT): the label is everything before the first colon.
COLON_RE = re.compile(r"^(?P<label>[^:：\n]{1,40}?)[ \t]*[:：][ \t]*(?P<text>.*)$")


@dataclass
class RawCue:
    start: float
    end: float
    lines: list[str]
    line: int
    label: str | None = None


def split_cues(text: str, identifiers: bool) -> tuple[list[str], list[RawCue]]:
    """Lines before the first timing line, and the cues. With ``identifiers``, a block of lines after a
    blank line right before a timing line is the next cue's identifier (WebVTT, SRT), not text."""
    lines = text.split("\n")
    timings = [i for i, ln in enumerate(lines) if TIMING_RE.match(ln)]
    if not timings:
        return lines, []
    cues = []
    for k, at in enumerate(timings):
        stop = timings[k + 1] if k + 1 < len(timings) else len(lines)
        body = lines[at + 1: stop]
        if identifiers and k + 1 < len(timings):
            # drop the trailing non-blank block if a blank line separates it from the text
            j = len(body)
            while j > 0 and body[j - 1].strip():
                j -= 1
            if 0 < j < len(body) and any(b.strip() for b in body[:j]):
                body = body[:j]
            elif j == 0 and len(body) >= 2 and CUE_NUMBER_RE.match(body[-1]):
                body = body[:-1]  # no blank line before the next cue: its number is not the speaker's text
        m = TIMING_RE.match(lines[at])
        assert m is not None
        cues.append(RawCue(seconds(m.group("start")), seconds(m.group("end")), [b for b in body if b.strip()], at + 1))
    head = lines[: timings[0]]
    return head, cues


def clean(line: str) -> str:
    """Cue text without markup, entities decoded."""
    if "<" in line:
        line = TAG_RE.sub("", line)
    if "{\\" in line:
        line = ASS_TAG_RE.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    return line.replace("\u200e", "").replace("\u200f", "").strip()


def voice_labels(cues: list[RawCue]) -> None:
    """WebVTT voice tags ``<v Name>``: the first one names the cue's speaker."""
    for cue in cues:
        for line in cue.lines:
            m = VOICE_RE.search(line)
            if m:
                cue.label = m.group("label").strip()
                break


def colon_labels(cues: list[RawCue], known: set[str]) -> None:
    """``Name: text`` on a cue's first line names its speaker when the name recurs, is known, or the
    cues are labelled throughout (a one-off colon in speech is not a speaker)."""
    found = []
    for cue in cues:
        m = COLON_RE.match(clean(cue.lines[0])) if cue.lines else None
        found.append(m.group("label").strip() if m and is_label(m.group("label").replace(".", "")) else None)
    counts = Counter(lb.casefold() for lb in found if lb)
    everywhere = _labelled_throughout(found)
    for cue, label in zip(cues, found, strict=True):
        if label and (everywhere or counts[label.casefold()] >= 2 or label.casefold() in known):
            cue.label = label
            first = clean(cue.lines[0])
            cue.lines[0] = first[first.index(label) + len(label):].lstrip().lstrip(":：").lstrip()


def _labelled_throughout(found: list[str | None]) -> bool:
    """A file whose cues (nearly) all start with a label names every speaker, even one who speaks once."""
    return bool(found) and sum(1 for f in found if f) >= 0.8 * len(found)


def line_labels(cues: list[RawCue], known: set[str]) -> None:
    """A line of its own before the text names the speaker (Teams .docx) when it recurs, is known, or
    the cues are labelled throughout."""
    first = [clean(c.lines[0]) if len(c.lines) >= 2 else None for c in cues]
    counts = Counter(f.casefold() for f in first if f and is_label(f))
    everywhere = _labelled_throughout([f if f and is_label(f) else None for f in first])
    for cue, label in zip(cues, first, strict=True):
        if label and is_label(label) and (everywhere or counts[label.casefold()] >= 2 or label.casefold() in known):
            cue.label = label
            cue.lines = cue.lines[1:]


def spoken(cue: RawCue) -> str:
    text = ""
    for line in cue.lines:
        text = join_spoken(text, clean(line))
    return text


def known_labels(options: ImportOptions, name: str) -> set[str]:
    """Labels the user named: interviewer labels, --interviewer, the --speakers rows of this transcript."""
    known = {x.casefold() for x in options.interviewer} | set(INTERVIEWER_LABELS)
    return known | {r.label.strip().casefold() for r in options.speakers if r.transcript in (None, name)}


def to_cues(raw: list[RawCue]) -> list[Cue]:
    """Cues for the speaker logic; a cue without a label continues the previous speaker."""
    out: list[Cue] = []
    label: str | None = None
    for cue in raw:
        label = cue.label if cue.label is not None else label
        text = spoken(cue)
        if text:
            out.append(Cue(label, (text,), cue.start, cue.end, cue.line))
    return out
