"""Taguette's highlights export (CSV or XLSX: ``id, document, tag, content``) imported as codings.

The export carries no offsets: each row names a document, one tag path and the highlighted text as
Taguette's plain text of the snippet (its HTML's text pieces stripped and joined by single spaces,
so a highlight across ``<b>`` or two paragraphs gains spaces the document does not have). Rows of
one ``id`` are one highlight with several tags. Each highlight is looked for in the transcript of
the document's name: its exact text first, then ignoring every whitespace character. Taguette lists
a document's highlights in text order, so a text found more than once is placed when only one of
its places keeps that order with the others (``by_order``). A highlight found nowhere, still
ambiguous, on interviewer text only, or naming an unknown document or tag is reported with its
file:line and counted, never placed by a guess. A highlight across passages codes the respondent
part of each.
Codings are stored by the one writer (store/codings.py ``copy_codings``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from interview_coder.errors import InputError
from interview_coder.text.normalize import normalize

COLUMNS = ("document", "tag", "content")
_SPACE = re.compile(r"\s+")


def is_highlights_table(names: list[str]) -> bool:
    """Whether a table's header is Taguette's highlights export rather than ``codings export``'s."""
    return set(COLUMNS) <= set(names) and "transcript" not in names


@dataclass
class Highlight:
    """One Taguette highlight: the rows (lines) of one id, with every tag they name."""

    lines: list[int]
    document: str
    content: str
    tags: list[str] = field(default_factory=list)


@dataclass
class HighlightsResult:
    """What a highlights import did: counts by outcome, and each problem as ``file:line: reason``."""

    rows: int = 0
    highlights: int = 0
    exact: int = 0
    spaces: int = 0
    by_order: int = 0
    """Of the placed highlights, those whose text is in the transcript more than once, placed by the file's order."""
    added: int = 0
    problems: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)


def group_rows(rows: list[tuple[int, dict[str, str]]]) -> list[Highlight]:
    """Rows of one highlight id together (a row without an id is a highlight of its own)."""
    out: dict[str, Highlight] = {}
    for line, row in rows:
        key = (row.get("id") or "").strip() or f"line {line}"
        document = normalize(row.get("document") or "").strip()
        h = out.setdefault(f"{key}\x00{document}", Highlight([], document, normalize(row.get("content") or "")))
        h.lines.append(line)
        tag = normalize(row.get("tag") or "").strip()
        if tag and tag not in h.tags:
            h.tags.append(tag)
    return list(out.values())


def occurrences(text: str, needle: str) -> tuple[list[tuple[int, int]], bool]:
    """([(start, end)] of ``needle`` in ``text``, whether found ignoring whitespace): exact first."""
    needle = needle.strip()
    if not needle:
        return [], False
    found, at = [], text.find(needle)
    while at >= 0:
        found.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    if found:
        return found, False
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(text[i] for i in keep)
    bare = _SPACE.sub("", needle)
    at = squeezed.find(bare)
    while at >= 0:
        found.append((keep[at], keep[at + len(bare) - 1] + 1))
        at = squeezed.find(bare, at + 1)
    return found, True


def _code_index(project: Any) -> dict[str, str]:
    """Tag path (as our exports write it, or a code's id or unique name) -> code id."""
    from interview_coder.io.taguette import tag_paths
    from interview_coder.store.codebook import load_codebook

    book = load_codebook(project)
    index: dict[str, str] = {}
    names = Counter((c.name or c.id).casefold() for c in book.codes)
    for code in book.codes:
        index.setdefault(code.id.casefold(), code.id)
        if names[(code.name or code.id).casefold()] == 1:
            index.setdefault((code.name or code.id).casefold(), code.id)
    for code, (path, _) in zip(book.codes, tag_paths(book), strict=True):
        index[path.casefold()] = code.id
    return index


def _code_of(tag: str, index: dict[str, str]) -> str | None:
    key = tag.casefold().strip("/")
    return index.get(key) or index.get(key.rsplit("/", 1)[-1].strip())


def _trimmed(passage_id: int, text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """(passage, start, end) without the whitespace at either end of the span, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (passage_id, start, end) if start < end else None


def by_order(candidates: list[list[tuple[int, int]]]) -> list[tuple[int, int] | None] | None:
    """The one place of each highlight that keeps the list in text order, where only one does.

    ``candidates`` are the places (start, end) each highlight could be, in the order of the file
    (Taguette lists a document's highlights by position). A highlight is placed when its earliest
    place after the ones before it and its latest place before the ones after it are the same;
    None for the others, and None for all when no order fits (the file was re-sorted).
    """
    earliest: list[tuple[int, int]] = []
    floor = -1
    for places in candidates:
        first = next((c for c in places if c[0] >= floor), None)
        if first is None:
            return None
        earliest.append(first)
        floor = first[0]
    latest: list[tuple[int, int]] = [(0, 0)] * len(candidates)
    ceiling = float("inf")
    for i in range(len(candidates) - 1, -1, -1):
        last = next((c for c in reversed(candidates[i]) if c[0] <= ceiling), None)
        if last is None:
            return None
        latest[i] = last
        ceiling = last[0]
    return [e if e == la else None for e, la in zip(earliest, latest, strict=True)]


@dataclass
class _Found:
    """A highlight whose document and tags are known, and the places its text is in that transcript."""

    highlight: Highlight
    transcript: str
    codes: list[str]
    places: list[tuple[int, int]]
    loose: bool


def _place(conn: Any, transcript_id: int, a: int, b: int) -> list[tuple[int, int, int]]:
    """(passage, start, end) of the respondent text inside [a, b) of the transcript, per passage."""
    return [piece for p in conn.execute(
        'SELECT id, start, "end", text FROM passages WHERE transcript_id = ? AND role = \'respondent\' '
        'AND start < ? AND "end" > ? ORDER BY seq', (transcript_id, b, a))
        if (piece := _trimmed(p[0], p[3], max(a, p[1]) - p[1], min(b, p[2]) - p[1]))]


def import_highlights(project: Any, rows: list[tuple[int, dict[str, str]]], source: str, coder: str | None
                      ) -> HighlightsResult:
    """Store the highlights of a Taguette export whose place is certain (see module note)."""
    from interview_coder.store.codings import copy_codings

    if not coder:
        raise InputError("no coder for Taguette's highlights (Taguette records none): give --coder", source)
    result = HighlightsResult(rows=len(rows))
    conn = project.conn
    transcripts = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT name, id, text FROM transcripts")}
    folded: dict[str, list[str]] = {}
    for name in transcripts:
        folded.setdefault(name.casefold(), []).append(name)
    index = _code_index(project)
    writes: list[dict[str, Any]] = []

    problems: list[tuple[int, str]] = []

    def problem(h: Highlight, reason: str, kind: str) -> None:
        problems.append((h.lines[0], f"{source}:{h.lines[0]}: {reason}"))
        result.reasons[kind] += 1

    found_in: dict[str, list[_Found]] = {}
    for h in group_rows(rows):
        result.highlights += 1
        same = folded.get(h.document.casefold(), [])
        name = h.document if h.document in transcripts else same[0] if len(same) == 1 else None
        if name is None:
            problem(h, f"no transcript named {h.document!r}", "unknown document")
            continue
        codes = [(t, _code_of(t, index)) for t in h.tags]
        unknown = [t for t, c in codes if c is None]
        if not h.tags or unknown:
            problem(h, f"no code for tag {unknown[0]!r} in the codebook" if unknown else "a highlight without a tag",
                    "unknown tag" if unknown else "no tag")
            continue
        places, loose = occurrences(transcripts[name][1], h.content)
        if not places:
            problem(h, f"{h.content.strip()[:40]!r} is not in {name!r}", "not found")
            continue
        found_in.setdefault(name, []).append(_Found(h, name, list(dict.fromkeys(c for _, c in codes if c)),
                                                     places, loose))
    for name, found in found_in.items():
        ordered = by_order([f.places for f in found]) or [None] * len(found)
        for f, from_order in zip(found, ordered, strict=True):
            h, shown = f.highlight, f.highlight.content.strip()[:40]
            place = f.places[0] if len(f.places) == 1 else from_order
            if place is None:
                problem(h, f"{shown!r} is in {name!r} {len(f.places)} times, and its order in the file does not "
                        "tell which: ambiguous, not coded", "ambiguous")
                continue
            pieces = _place(conn, transcripts[name][0], *place)
            if not pieces:
                problem(h, f"{shown!r} is interviewer or title text in {name!r}: never coded", "interviewer text")
                continue
            result.spaces += f.loose
            result.exact += not f.loose
            result.by_order += len(f.places) > 1
            for passage_id, start, end in pieces:
                for code in f.codes:
                    writes.append({"passage_id": passage_id, "code_id": code, "coder": coder, "start": start,
                                   "end": end})
    result.problems = [text for _, text in sorted(problems)]
    if not writes and result.problems:
        raise InputError(f"no highlight of {source} could be placed; nothing imported:\n" + "\n".join(result.problems))
    with project.transaction() as conn:
        before = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        copy_codings(project, writes)
        result.added = conn.execute("SELECT count(*) FROM codings").fetchone()[0] - before
    return result


def summary(result: HighlightsResult) -> str:
    """One line of counts for the user."""
    placed = result.exact + result.spaces
    skipped = ", ".join(f"{n} {kind}" for kind, n in sorted(result.reasons.items()))
    return (f"{result.rows} rows, {result.highlights} highlights: {placed} placed ({result.exact} exactly, "
            f"{result.spaces} ignoring whitespace; {result.by_order} of them by their order in the file), "
            f"{result.added} codings added"
            + (f"; not imported: {skipped}" if skipped else ""))


