"""Plain transcripts (.txt, .md, and .docx paragraphs): front matter, speaker labels, paragraphs.

The stored text is the body after the front matter, labels included; each turn and passage
records the offsets of its own text, so a passage always slices exactly out of the transcript.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from interview_coder.core.model import Passage, Respondent, Role, Transcript, Turn
from interview_coder.errors import InputError
from interview_coder.io.transcripts.frontmatter import AttributeValue, split_front_matter
from interview_coder.io.transcripts.options import ImportOptions
from interview_coder.text.normalize import detect_language

# "Name: text", "Name：text", "**Name:** text", "[Name] text"
COLON_LABEL = re.compile(r"^[ \t]*(?:\*\*|__)?(?P<label>[^\s:：\[\]*][^:：\[\]*\n]{0,39}?)[ \t]*(?:\*\*|__)?[ \t]*[:：](?:\*\*|__)?[ \t]*")
BRACKET_LABEL = re.compile(r"^[ \t]*[\[【](?P<label>[^\]】\n]{1,40})[\]】][ \t]*[:：]?[ \t]*")
NOT_IN_LABEL = re.compile(r"[.,;!?。，；！？、\"'“”‘’()（）<>/\\]|https?$")
# The one full stop a label may hold: after a title or an initial ("Dr. Lin", "Mr. Wang", "J. Smith", "Q.").
ABBREVIATION = re.compile(r"(?<![^\s.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St|Rev|Hon|Mme|Mlle|Messrs|Gen|Col|Capt|Lt|Sgt|"
                          r"[A-Z])\.(?=\s|$|[A-Z])")
# Words that open a note or an example, never a speaker ("Note: ...", "注：..."); compared case-insensitively.
ANNOTATIONS = frozenset({"note", "notes", "nb", "ps", "example", "examples", "eg", "ie", "update", "edit", "summary",
                         "comment", "comments", "context", "background", "source", "translation", "see", "date", "time",
                         "注", "注意", "备注", "備註", "注释", "註釋", "说明", "說明", "补充", "補充", "总结", "總結",
                         "例如", "比如", "按", "编者按", "編者按", "时间", "時間", "日期", "地点", "地點"})
# Latin words that may be written small inside a name ("Head of Sales", "Ana de Souza").
NAME_CONNECTORS = frozenset({"of", "the", "and", "de", "da", "di", "du", "del", "der", "den", "van", "von", "la", "le",
                             "al", "bin", "binti", "y", "e"})
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’&-]*")
# Chinese words a sentence has and a name or title does not ("原因很简单：成本。").
CJK_SENTENCE = re.compile(r"[是很了我你就都也还還说說吗嗎呢吧啊的么麼]|因为|因為|所以|但是|如果|其实|其實|然后|然後|这个|這個|那个|那個")
RESERVED_KEYS = {"respondent", "language", "interviewer", "transcript"}


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the line in the body
    text: str
    label: str | None
    content_start: int  # offset where the text after the label starts


@dataclass
class _OpenTurn:
    """The turn being read: its speaker, role and the (start, end) of its paragraphs so far."""

    speaker: str | None
    role: Role
    paras: list[tuple[int, int]] = field(default_factory=list)


_LABEL_MARKS = (":", "：", "[", "【")


def _candidate(line: str) -> tuple[str, int] | None:
    head = line[:120]  # a label is at most 40 characters, plus markup and spaces
    if not any(mark in head for mark in _LABEL_MARKS):  # most continuation lines: no regex needed
        return None
    for pattern in (BRACKET_LABEL, COLON_LABEL):
        match = pattern.match(line)
        if match:
            label = match.group("label").strip()
            if (label and len(label.split()) <= 4 and not NOT_IN_LABEL.search(ABBREVIATION.sub("", label))
                    and any(ch.isalpha() for ch in label)):
                return label, match.end()
    return None


def is_annotation(label: str) -> bool:
    """A note's or an example's opening word ("Note", "e.g", "注"), never a speaker label."""
    return label.replace(".", "").casefold() in ANNOTATIONS


def looks_like_a_name(label: str) -> bool:
    """A label written as a name or a title, not as the start of a sentence: one word ('Founder',
    'founder', '张总'), or words each capitalised (a connector such as 'of' aside); no Chinese
    sentence words; not an annotation word."""
    if is_annotation(label) or CJK_SENTENCE.search(label):
        return False
    return len(label.split()) == 1 or all(w[0].isupper() or w in NAME_CONNECTORS for w in LATIN_WORD.findall(label))


def parse_plain(text: str, path: Path, name: str, options: ImportOptions) -> Transcript:
    """Parse normalised text of a plain transcript into turns and passages."""
    front, body, body_line0 = split_front_matter(text, path)
    respondent_key, attributes, language, interviewer_labels = _respondent(front, path, options)
    options = ImportOptions(**{**options.__dict__, "interviewer": options.interviewer + interviewer_labels})

    raw_lines = body.split("\n")
    offsets = []
    pos = 0
    for raw in raw_lines:
        offsets.append(pos)
        pos += len(raw) + 1
    candidates = [_candidate(raw) for raw in raw_lines]
    lines = _label_lines(offsets, raw_lines, candidates, respondent_key, options, frozenset())
    turns, passages = _turns(body, lines, respondent_key, options)
    notes: tuple[str, ...] = ()
    if not any(p.role == Role.RESPONDENT for p in passages):
        # Nothing would be counted: take every other label found as the respondent's, and say so.
        found = frozenset(c[0].casefold() for c in candidates
                          if c and not options.is_interviewer(c[0]) and looks_like_a_name(c[0]))
        retry = _label_lines(offsets, raw_lines, candidates, respondent_key, options, found)
        retry_turns, retry_passages = _turns(body, retry, respondent_key, options)
        if any(p.role == Role.RESPONDENT for p in retry_passages):
            lines, turns, passages = retry, retry_turns, retry_passages
            proposed = dict.fromkeys(ln.label for ln in lines if ln.label and ln.label.casefold() in found)
            notes = tuple(f"speaker {label} -> respondent {respondent_key}  (proposed: without it the file "
                          "has no respondent text)" for label in proposed)
    if not any(p.role == Role.RESPONDENT for p in passages):
        labels = sorted({ln.label for ln in lines if ln.label}, key=str.casefold)
        cause = (f"every speaker label ({', '.join(labels)}) is the interviewer's" if labels
                 else "the file has only title lines")
        raise InputError(f"no respondent text found: {cause}; label the answers 'Name: ...' on their own "
                         "line, or name other interviewer labels with --interviewer", path, body_line0 + 1)
    preamble = "\n\n".join(p.text for p in passages if p.role == Role.PREAMBLE)
    counted = " ".join(p.text for p in passages if p.role == Role.RESPONDENT)
    return Transcript(name, str(path), body, language or detect_language(counted), tuple(turns),
                      tuple(passages), (Respondent(respondent_key, attributes),), preamble, notes)


def _turns(body: str, lines: list[_Line], respondent_key: str, options: ImportOptions
           ) -> tuple[list[Turn], list[Passage]]:
    """Turns and passages from labelled lines: a label opens a turn, a blank line closes a paragraph."""
    has_labels = any(ln.label for ln in lines)
    turns: list[Turn] = []
    passages: list[Passage] = []
    cur: _OpenTurn | None = None
    para: list[int] | None = None  # [start, end] of the open paragraph

    def close_paragraph() -> None:
        nonlocal para
        if para is not None and cur is not None:
            s, e = para
            cur.paras.append((s, e))
        para = None

    def close_turn() -> None:
        nonlocal cur
        close_paragraph()
        if cur and cur.paras:
            seq = len(turns)
            role, speaker, paras = cur.role, cur.speaker, cur.paras
            resp = respondent_key if role == Role.RESPONDENT else None
            for s, e in paras:
                passages.append(Passage(len(passages), seq, s, e, body[s:e], role, speaker, resp))
            turns.append(Turn(seq, speaker, role, paras[0][0], paras[-1][1], resp))
        cur = None

    def role_of(label: str) -> Role:
        return Role.INTERVIEWER if options.is_interviewer(label) else Role.RESPONDENT

    for ln in lines:
        if ln.label is not None:
            close_turn()
            cur = _OpenTurn(ln.label, role_of(ln.label))
        content = body[ln.content_start: ln.start + len(ln.text)]
        if not content.strip():
            close_paragraph()
            if not has_labels:
                close_turn()
            continue
        lead = len(content) - len(content.lstrip())
        s = ln.content_start + lead
        e = ln.start + len(ln.text.rstrip())
        if cur is None:
            cur = _OpenTurn(None, Role.PREAMBLE) if has_labels else _OpenTurn(respondent_key, Role.RESPONDENT)
        if para is None:
            para = [s, e]
        else:
            para[1] = e
    close_turn()

    return turns, passages


def _label_lines(offsets: list[int], raw_lines: list[str], candidates: list[tuple[str, int] | None],
                 respondent_key: str, options: ImportOptions, proposed: frozenset[str]) -> list[_Line]:
    """Which candidate labels start a turn (the speaker rule, see docs/reliability.md).

    A label starts a turn when it is an interviewer label, is the respondent id, is one of
    ``options.known_labels``, is used on two or more lines (and is not a note's word such as
    "Note"), or is written as a name and comes while an interviewer turn is open (an answer is never
    taken as the question's text, even when its label is used once; "The reason is simple: cost." is
    not a name). Any other "Word: text" line is text.
    """
    counts = Counter(c[0].casefold() for c in candidates if c)
    known = {label.strip().casefold() for label in options.known_labels}
    out = []
    open_role: Role | None = None  # the role of the turn the line would join
    for start, raw, cand in zip(offsets, raw_lines, candidates, strict=True):
        if cand is not None:
            label, folded = cand[0], cand[0].casefold()
            interviewer = options.is_interviewer(label)
            if (interviewer or folded == respondent_key.casefold() or folded in proposed or folded in known
                    or (counts[folded] >= 2 and not is_annotation(label))
                    or (open_role == Role.INTERVIEWER and looks_like_a_name(label))):
                out.append(_Line(start, raw, label, start + cand[1]))
                open_role = Role.INTERVIEWER if interviewer else Role.RESPONDENT
                continue
        out.append(_Line(start, raw, None, start))
    return out


def _respondent(front: dict[str, AttributeValue], path: Path, options: ImportOptions
                ) -> tuple[str, dict[str, AttributeValue], str | None, tuple[str, ...]]:
    key = str(front.get("respondent") or "").strip() or path.stem
    attributes = {k: v for k, v in front.items() if k not in RESERVED_KEYS}
    if options.group and "group" not in attributes:
        attributes["group"] = options.group
    for k, v in options.attrs.items():
        attributes.setdefault(k, v)
    language = str(front.get("language") or "").strip() or None
    if language is not None and language not in ("en", "zh", "mixed"):
        raise InputError(f"front matter language must be en, zh or mixed, not {language!r}", path, 2)
    interviewer = front.get("interviewer")
    labels = tuple(s.strip() for s in str(interviewer).split(",") if s.strip()) if interviewer else ()
    return key, attributes, language, labels
