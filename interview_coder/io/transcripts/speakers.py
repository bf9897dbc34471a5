"""Speakers of transcription-tool exports: who is the interviewer, who the respondents, and which
source turns become one passage (merging a speaker's consecutive turns, folding backchannels).

A format module turns a file into :class:`Cue` values (speaker label, timestamps, spoken text);
:func:`build_from_cues` does the rest, the same way for every tool.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coder.core.model import Respondent, Role, Transcript
from interview_coder.core.words import CJK_RE
from interview_coder.errors import InputError
from interview_coder.io.transcripts.builder import TranscriptBuilder
from interview_coder.io.transcripts.options import ImportOptions

if TYPE_CHECKING:
    from interview_coder.store.project import Project

# A question: ?/？ (runs count once, 吗？ counts once), or a sentence ending in 吗/呢. A 呢 before a comma
# is a topic marker ("我们呢，..."), not a question.
QUESTION_RE = re.compile(r"[吗呢嘛]?[?？]+|[吗呢](?=[。.!！…~～\s]|$)")
LATIN_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")
# Characters after which (and before which) Chinese text runs on without a space.
_TIGHT = re.compile(r"[\u3000-\u303f\uff00-\uffef\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff“”‘’…—]")


@dataclass(frozen=True)
class Cue:
    """One turn as the tool wrote it: a speaker label (None if the tool gave none) and its paragraphs."""

    label: str | None
    paragraphs: tuple[str, ...]
    time_start: float | None = None
    time_end: float | None = None
    line: int = 0
    """Line of the cue in the source (1-based), for messages."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Speaker:
    """What one label of a transcript stands for, and why."""

    label: str | None
    role: Role
    respondent: str | None
    reason: str
    """'label' (a known interviewer label or --interviewer), 'speakers file', 'proposed' (asks most
    questions), 'default' (everyone not the interviewer is a respondent)."""
    questions: int = 0
    turns: int = 0


@dataclass
class _Unit:
    label: str | None
    role: Role
    respondent: str | None
    paragraphs: list[str]
    time_start: float | None
    time_end: float | None
    closed: bool = False  # a folded backchannel put back: nothing merges into it
    folded: list[Cue] = field(default_factory=list)


def join_spoken(before: str, after: str) -> str:
    """Join two pieces of speech with the spacing of the language: none between Chinese, one space otherwise."""
    if not before:
        return after
    if not after:
        return before
    if _TIGHT.match(before[-1]) and _TIGHT.match(after[0]):
        return before + after
    return before + " " + after


def count_questions(text: str) -> int:
    """Questions asked in a text: ?/？ endings and sentence-final 吗/呢."""
    return len(QUESTION_RE.findall(text))


def is_question(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and (stripped[-1] in "?？" or re.search(r"[吗呢嘛][。.!！…~～]*$", stripped) is not None)


def is_short(text: str, max_chars: int, max_words: int) -> bool:
    """At most ``max_chars`` Chinese characters and ``max_words`` other words (mm-hmm is one word)."""
    chars = len(CJK_RE.findall(text))
    words = len(LATIN_WORD_RE.findall(CJK_RE.sub(" ", text)))
    return 0 < chars + words and chars <= max_chars and words <= max_words


def assign_speakers(cues: list[Cue], name: str, options: ImportOptions) -> dict[str | None, Speaker]:
    """Each label's role and respondent id.

    Interviewer: a known interviewer label, --interviewer, or role 'interviewer' in --speakers; when a
    transcript has none of these, the label asking most questions is proposed (ties: the one who
    says less). Everyone else is a respondent: the id from --speakers, else the file name when there
    is one respondent label, else ``file-label``.
    """
    labels = list(dict.fromkeys(c.label for c in cues))
    questions = Counter[str | None]()
    size = Counter[str | None]()
    turns = Counter[str | None]()
    for cue in cues:
        questions[cue.label] += count_questions(cue.text)
        size[cue.label] += len(cue.text)
        turns[cue.label] += 1
    roles: dict[str | None, tuple[Role, str]] = {}
    for label in labels:
        row = options.speaker(name, label) if label is not None else None
        if row is not None and row.role:
            roles[label] = (Role(row.role), "speakers file")
        elif row is not None and row.respondent:
            roles[label] = (Role.RESPONDENT, "speakers file")
        elif label is not None and options.is_interviewer(label):
            roles[label] = (Role.INTERVIEWER, "label")
    if not any(role == Role.INTERVIEWER for role, _ in roles.values()) and len(labels) > 1:
        open_labels = [lb for lb in labels if lb not in roles and lb is not None]
        best = max(open_labels, key=lambda lb: (questions[lb], -size[lb]), default=None)
        if best is not None and questions[best] > 0:
            roles[best] = (Role.INTERVIEWER, "proposed")
    for label in labels:
        roles.setdefault(label, (Role.RESPONDENT, "default"))

    respondent_labels = [lb for lb in labels if roles[lb][0] == Role.RESPONDENT]
    out: dict[str | None, Speaker] = {}
    for label in labels:
        role, reason = roles[label]
        key = None
        if role == Role.RESPONDENT:
            row = options.speaker(name, label) if label is not None else None
            if row is not None and row.respondent:
                key = row.respondent
            elif len(respondent_labels) == 1 or label is None:
                key = name
            else:
                key = f"{name}-{label}"
        out[label] = Speaker(label, role, key, reason, questions[label], turns[label])
    return out


def respondents_of(speakers: dict[str | None, Speaker], name: str, options: ImportOptions,
                   source: str) -> list[Respondent]:
    """One Respondent per respondent id, with attributes from --speakers, then --group and --attr."""
    attributes: dict[str, dict[str, str | int | float]] = {}
    for speaker in speakers.values():
        if speaker.respondent is None:
            continue
        attrs = attributes.setdefault(speaker.respondent, {})
        row = options.speaker(name, speaker.label) if speaker.label is not None else None
        for key, value in (row.attributes if row else {}).items():
            if key in attrs and attrs[key] != value:
                raise InputError(f"respondent {speaker.respondent!r} is given two values of {key!r}: "
                                 f"{attrs[key]!r} and {value!r}", options.speakers_file or source,
                                 row.line if row else None)
            attrs[key] = value
    for attrs in attributes.values():
        if options.group and "group" not in attrs:
            attrs["group"] = options.group
        for key, value in options.attrs.items():
            attrs.setdefault(key, value)
    return [Respondent(key, attrs) for key, attrs in attributes.items()]


def _backchannels(cues: list[Cue], speakers: dict[str | None, Speaker], options: ImportOptions) -> set[int]:
    """Indexes of short interviewer cues (not questions) between two cues of the same respondent label."""
    def short(cue: Cue) -> bool:
        return (speakers[cue.label].role == Role.INTERVIEWER and len(cue.paragraphs) == 1
                and not is_question(cue.text)
                and is_short(cue.text, options.backchannel_chars, options.backchannel_words))

    folded: set[int] = set()
    i = 0
    while i < len(cues):
        if not short(cues[i]):
            i += 1
            continue
        j = i
        while j < len(cues) and short(cues[j]):
            j += 1
        if (0 < i and j < len(cues) and cues[i - 1].label == cues[j].label
                and speakers[cues[j].label].role == Role.RESPONDENT):
            folded.update(range(i, j))
        i = j
    return folded


def arrange(cues: list[Cue], speakers: dict[str | None, Speaker], options: ImportOptions) -> list[_Unit]:
    """Cues to turns: a speaker's consecutive cues merge (unless no_merge); folded backchannels follow
    the respondent's merged turn instead of splitting it. Every paragraph of every cue is kept once."""
    folded = _backchannels(cues, speakers, options) if options.fold_backchannels and not options.no_merge else set()
    units: list[_Unit] = []

    def flush() -> None:
        if units and units[-1].folded:
            pending, units[-1].folded = units[-1].folded, []
            units.extend(_unit(c, speakers, closed=True) for c in pending)

    for k, cue in enumerate(cues):
        if k in folded:
            units[-1].folded.append(cue)
            continue
        last = units[-1] if units else None
        if last is not None and not options.no_merge and not last.closed and last.label == cue.label:
            last.paragraphs[-1] = join_spoken(last.paragraphs[-1], cue.paragraphs[0])
            last.paragraphs.extend(cue.paragraphs[1:])
            if cue.time_end is not None or cue.time_start is not None:
                last.time_end = cue.time_end
            continue
        flush()
        units.append(_unit(cue, speakers))
    flush()
    return units


def _unit(cue: Cue, speakers: dict[str | None, Speaker], closed: bool = False) -> _Unit:
    speaker = speakers[cue.label]
    return _Unit(cue.label, speaker.role, speaker.respondent, list(cue.paragraphs), cue.time_start, cue.time_end,
                 closed)


def build_from_cues(cues: list[Cue], preamble: list[str], path: Path, name: str,
                    options: ImportOptions) -> Transcript:
    """A transcript from a tool's cues: preamble turn, speaker roles, merged and folded turns.

    The stored text holds only what was said (no labels, no timestamps), one paragraph per passage,
    paragraphs separated by a blank line.
    """
    cues = [c for c in cues if any(p.strip() for p in c.paragraphs)]
    if not cues:
        raise InputError("no speaker turns found", path)
    speakers = assign_speakers(cues, name, options)
    builder = TranscriptBuilder(name, str(path))
    preamble = [p for p in (x.strip() for x in preamble) if p]
    if preamble:
        builder.add_turn(Role.PREAMBLE, None, preamble)
    for unit in arrange(cues, speakers, options):
        builder.add_turn(unit.role, unit.label, unit.paragraphs, unit.respondent, unit.time_start, unit.time_end)
    if not any(p.role == Role.RESPONDENT for p in builder.passages):
        labels = ", ".join(str(s.label) for s in speakers.values())
        raise InputError(f"no respondent text found: every speaker ({labels}) is an interviewer", path)
    return builder.build(respondents_of(speakers, name, options, str(path)), preamble="\n\n".join(preamble))


def describe(speakers: dict[str | None, Speaker]) -> list[str]:
    """One line per label, as import prints it: label -> role (respondent id), why, turns, questions."""
    lines = []
    for s in speakers.values():
        who = f"respondent {s.respondent}" if s.role == Role.RESPONDENT else str(s.role)
        lines.append(f"{s.label or '(no label)'} -> {who}  ({s.reason}; {s.turns} turns, {s.questions} questions)")
    return lines


def stored_speakers(project: Project, transcript: str, options: ImportOptions) -> list[Speaker]:
    """The mapping a stored transcript ended up with, and why (for import to print)."""
    from interview_coder.store.speakers import label_texts, speaker_rows

    texts = label_texts(project, transcript)
    out = []
    for row in speaker_rows(project, transcript):
        label = row["label"]
        mapped = options.speaker(transcript, label) if label is not None else None
        if mapped is not None and (mapped.role or mapped.respondent):
            reason = "speakers file"
        elif label is not None and options.is_interviewer(label):
            reason = "label"
        else:
            reason = "proposed" if row["role"] == Role.INTERVIEWER else "default"
        questions = sum(count_questions(t) for t in texts.get(label, []))
        out.append(Speaker(label, Role(row["role"]), row["respondent"], reason, questions, row["turns"]))
    return out


def import_mappings(project: Project, reports: list[Any], options: ImportOptions) -> dict[str, list[str]]:
    """For each transcript a transcription-tool file added or replaced: the speaker lines to print."""
    from interview_coder.io.transcripts.tools import TOOL_FORMATS

    out: dict[str, list[str]] = {}
    for report in reports:
        if report.error is not None or report.format.removeprefix("docx/") not in TOOL_FORMATS:
            continue
        for result in report.results:
            if result.outcome in ("added", "replaced"):
                out[result.name] = describe({s.label: s for s in stored_speakers(project, result.name, options)})
    return out
