"""Searching passage text across transcripts: plain (case-insensitive) or a regular expression,
narrowed by code, group and coder.

The SQL picks candidate passages (filters); the ``regex`` module finds the matches, so plain and
regex search share one rule and offsets are code points into the passage text. A search has a
time limit and can be cancelled (issue 13: a catastrophic regex hung the workbench): ``regex``
takes a timeout and lets go of the GIL while it matches, so a search in a thread never freezes the
screen, and a pattern that runs too long is stopped with a message.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import regex as re

from interview_coder.errors import InputError
from interview_coder.store.project import Project


@dataclass(frozen=True)
class Hit:
    """One match: a passage and the span [start, end) of its text that matched."""

    transcript_id: int
    transcript: str
    passage_id: int
    seq: int
    role: str
    speaker: str | None
    start: int
    end: int
    text: str


def compile_query(query: str, regex: bool = False) -> re.Pattern[str]:
    """The pattern for a search: a regex as written, or the literal text; both ignore case."""
    try:
        return re.compile(query if regex else re.escape(query), re.IGNORECASE)
    except re.error as exc:
        raise InputError(f"not a regular expression: {exc}") from exc


class SearchStopped(InputError):
    """A search ran past its time limit (or was cancelled): nothing is returned."""


def search_passages(project: Project, query: str, regex: bool = False, code: str | None = None,
                    group: str | None = None, coder: str | None = None, limit: int = 1000,
                    respondents_only: bool = False, seconds: float | None = None,
                    cancel: threading.Event | None = None) -> list[Hit]:
    """Matches of ``query`` in passage text, at most ``limit``, in transcript then passage order.

    ``code`` keeps passages with an accepted or suggested coding of that code; ``coder`` passages
    with an accepted coding by that coder; ``group`` respondent passages of that group;
    ``respondents_only`` leaves interviewer and title text out. Past ``seconds`` (or once
    ``cancel`` is set) the search stops with :class:`SearchStopped`.
    """
    pattern = compile_query(query, regex)
    if not query:
        return []
    cond: list[str] = []
    params: list[object] = []
    if respondents_only:
        cond.append("p.id IN (SELECT passage_id FROM counted_passages)")
    if code:
        cond.append("EXISTS (SELECT 1 FROM codings c WHERE c.passage_id = p.id AND c.code_id = ? "
                    "AND c.status != 'rejected')")
        params.append(code)
    if coder:
        cond.append("EXISTS (SELECT 1 FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.passage_id = p.id "
                    "AND k.name = ? AND c.status = 'accepted')")
        params.append(coder)
    if group:
        cond.append("EXISTS (SELECT 1 FROM attributes a WHERE a.respondent_id = p.respondent_id AND a.name = 'group' "
                    "AND a.value = ?)")
        params.append(group)
    where = ("WHERE " + " AND ".join(cond)) if cond else ""
    head = ("SELECT p.id, p.seq, p.role, p.text, p.transcript_id, t.name, tu.speaker FROM passages p "
            "JOIN transcripts t ON t.id = p.transcript_id JOIN turns tu ON tu.id = p.turn_id ")
    sql = f"{head}{where} ORDER BY t.name, p.seq"  # conditions are ours, values are parameters
    hits: list[Hit] = []
    deadline = None if seconds is None else time.monotonic() + seconds
    for r in project.conn.execute(sql, params):
        if cancel is not None and cancel.is_set():
            raise SearchStopped("search cancelled")
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise SearchStopped(f"search stopped after {seconds:g} s (a regular expression that backtracks "
                                "too much? try a simpler one)")
        try:
            found = list(pattern.finditer(r["text"], timeout=left))
        except TimeoutError:
            raise SearchStopped(f"search stopped after {seconds:g} s (a regular expression that backtracks "
                                "too much? try a simpler one)") from None
        for m in found:
            if m.end() == m.start():
                continue
            hits.append(Hit(r["transcript_id"], r["name"], r["id"], r["seq"], r["role"], r["speaker"],
                            m.start(), m.end(), r["text"]))
            if len(hits) >= limit:
                return hits
    return hits
