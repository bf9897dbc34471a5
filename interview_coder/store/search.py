"""Searching passage text across transcripts: plain (case-insensitive) or a regular expression,
narrowed by code, group and coder.

Plain words use the full-text index (schema 5, store.passage_index): whole words, Chinese on its
jieba words (专利 finds 专利, 大学 does not find 大学生), several words as a phrase. Where the index
is absent (the team server) or the query has no words, the same function reads every candidate
passage and matches the literal text.

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
from interview_coder.store.passage_index import has_index, index_tokens
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
    """Matches of ``query`` in passage text, at most ``limit``, in transcript then passage order:
    plain words as whole words (through the full-text index when the store has it, else by reading
    every passage: the same hits either way); a regex as written.

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
    words = [] if regex else [w for w, _, _ in index_tokens(query)]
    indexed = bool(words) and has_index(project)
    if indexed:
        # Plain words go through the full-text index (store.passage_index); a regex, a query of
        # punctuation only, or a store without the index (the team server) reads every passage.
        cond.append("(p.id IN (SELECT rowid FROM passage_index WHERE passage_index MATCH ?) "
                    "OR p.id IN (SELECT passage_id FROM passage_index_pending))")
        params.append('"' + " ".join(words) + '"')
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
        if words:  # whole words on both engines: the index only narrows which passages are read
            spans = word_runs(r["text"], words, query)
        else:
            try:
                spans = [(m.start(), m.end()) for m in pattern.finditer(r["text"], timeout=left)]
            except TimeoutError:
                raise SearchStopped(f"search stopped after {seconds:g} s (a regular expression that backtracks "
                                    "too much? try a simpler one)") from None
        for start, end in spans:
            if end == start:
                continue
            hits.append(Hit(r["transcript_id"], r["name"], r["id"], r["seq"], r["role"], r["speaker"],
                            start, end, r["text"]))
            if len(hits) >= limit:
                return hits
    return hits


def word_runs(text: str, words: list[str], query: str | None = None) -> list[tuple[int, int]]:
    """Where the index's words of a query follow each other in ``text``: the spans a word search
    found (the same words the index holds, so every passage the index returns has a span).

    With ``query`` (its text), only the stretches of ``text`` around each occurrence are cut into
    words: jieba cuts each run of Chinese characters, letters and digits on its own, so the words
    of the run holding an occurrence are the words the whole text has there (a 2,000-character
    Chinese answer is cut once per hit, not whole).
    """
    n = len(words)

    def runs(tokens: list[tuple[str, int, int]], at: int = 0) -> list[tuple[int, int]]:
        return [(at + tokens[i][1], at + tokens[i + n - 1][2]) for i in range(len(tokens) - n + 1)
                if all(tokens[i + k][0] == words[k] for k in range(n))]

    folded = text.casefold()
    needle = (query or "").strip().casefold()
    if not needle or len(folded) != len(text) or _RUN.fullmatch(needle) is None:
        return runs(index_tokens(text))
    out: list[tuple[int, int]] = []
    at = folded.find(needle)
    done = -1
    while at >= 0:
        start, end = at, at + len(needle)
        while start > 0 and _RUN.match(text[start - 1]):
            start -= 1
        while end < len(text) and _RUN.match(text[end]):
            end += 1
        if start >= done:
            out += runs(index_tokens(text[start:end]), start)
            done = end
        at = folded.find(needle, at + 1)
    return out


_RUN = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")
"""What jieba cuts as one run (its re_han_default): a hit's words depend only on its run."""
