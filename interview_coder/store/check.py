"""``check``: is the project file whole, and does it keep every promise the rest of the code relies on?

SQLite's own checks (``integrity_check``, ``foreign_key_check``) find a damaged file; the project
invariants below find data that is well-formed SQL but wrong for us (a span that no longer slices
its passage, a coding of a code that is gone, a word count that disagrees with its text). Each
problem is one line a person can act on.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from interview_coder.core.model import Origin
from interview_coder.core.words import count_words
from interview_coder.store.project import Project

ORIGINS = frozenset(o.value for o in Origin)

ROLES = ("respondent", "interviewer", "preamble")


@dataclass(frozen=True)
class Problem:
    """One broken promise: which rule (``kind``), where, and what is wrong."""

    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.kind}]"


def check(project: Project) -> list[Problem]:
    """Every problem found in the project, in a stable order; an empty list means the file is sound."""
    conn = project.conn
    problems = _sqlite_checks(conn)
    if any(p.kind == "integrity" for p in problems):
        return problems  # a damaged file: reading its rows could mislead or fail
    try:
        problems += _transcript_checks(conn)
        problems += _coding_checks(conn)
        problems += _codebook_checks(conn)
        problems += _history_checks(conn)
    except sqlite3.DatabaseError as exc:
        problems.append(Problem("integrity", "project", f"reading the rows failed: {exc}"))
    return problems


def _sqlite_checks(conn: sqlite3.Connection) -> list[Problem]:
    out = []
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [Problem("integrity", "project", f"SQLite integrity check failed: {exc}")]
    for r in rows:
        if r == "ok":
            continue
        # A failed CHECK or NOT NULL is a bad row in a sound file; anything else is a damaged file.
        constraint = r.startswith(("CHECK constraint failed", "NULL value in", "non-unique entry"))
        out.append(Problem("constraint" if constraint else "integrity", "project", f"SQLite: {r}"))
    if any(p.kind == "integrity" for p in out):
        return out
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        out.append(Problem("foreign-key", f"{table} row {rowid}", f"refers to a missing {parent} row"))
    return out


def _transcript_checks(conn: sqlite3.Connection) -> list[Problem]:
    out: list[Problem] = []
    transcripts = conn.execute("SELECT id, name, text, text_sha256 FROM transcripts ORDER BY id").fetchall()
    for t in transcripts:
        where = f"transcript {t['name']!r}"
        text = t["text"]
        if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != t["text_sha256"]:
            out.append(Problem("hash", where, "text_sha256 does not match the text (merges would not find it)"))
        turns = conn.execute('SELECT id, seq, role, respondent_id, start, "end" FROM turns '
                             "WHERE transcript_id = ? ORDER BY seq", (t["id"],)).fetchall()
        passages = conn.execute('SELECT id, seq, turn_id, role, respondent_id, start, "end", text, words '
                                "FROM passages WHERE transcript_id = ? ORDER BY seq", (t["id"],)).fetchall()
        if not passages:
            out.append(Problem("empty", where, "has no passages (a half-written import?)"))
        turn_by_id = {r["id"]: r for r in turns}
        prev_end, prev_seq = 0, None
        for turn in turns:
            w = f"{where} turn {turn['seq']}"
            if not 0 <= turn["start"] <= turn["end"] <= len(text):
                out.append(Problem("offsets", w, f"offsets {turn['start']}-{turn['end']} outside the text "
                                                 f"(length {len(text)})"))
            elif turn["start"] < prev_end:
                out.append(Problem("order", w, f"starts at {turn['start']}, inside the turn before (ends {prev_end})"))
            prev_end = max(prev_end, turn["end"])
            if turn["role"] == "respondent" and turn["respondent_id"] is None:
                out.append(Problem("respondent", w, "a respondent turn without a respondent"))
        used_turns = set()
        prev_end = 0
        for p in passages:
            w = f"{where} passage {p['seq']}"
            if prev_seq is not None and p["seq"] <= prev_seq:
                out.append(Problem("order", w, "passage numbers repeat"))
            prev_seq = p["seq"]
            start, end = p["start"], p["end"]
            if not 0 <= start < end <= len(text):
                out.append(Problem("offsets", w, f"offsets {start}-{end} outside the text (length {len(text)})"))
            elif text[start:end] != p["text"]:
                out.append(Problem("slice", w, f"text differs from the transcript's text[{start}:{end}]"))
            if start < prev_end:
                out.append(Problem("order", w, f"starts at {start}, inside the passage before (ends {prev_end})"))
            prev_end = max(prev_end, end)
            turn = turn_by_id.get(p["turn_id"])
            if turn is None:
                out.append(Problem("turn", w, "its turn belongs to another transcript or is missing"))
            else:
                used_turns.add(turn["id"])
                if not turn["start"] <= start <= end <= turn["end"]:
                    out.append(Problem("turn", w, f"offsets {start}-{end} outside its turn {turn['seq']} "
                                                  f"({turn['start']}-{turn['end']})"))
                if p["role"] != turn["role"] or p["respondent_id"] != turn["respondent_id"]:
                    out.append(Problem("turn", w, f"role or respondent differs from its turn {turn['seq']}"))
            expected = count_words(p["text"]) if p["role"] == "respondent" else 0
            if p["words"] != expected:
                out.append(Problem("words", w, f"words is {p['words']}, the text has {expected} "
                                               f"({'respondent words' if p['role'] == 'respondent' else 'not counted'})"))
        for turn in turns:
            if turn["id"] not in used_turns:
                out.append(Problem("turn", f"{where} turn {turn['seq']}", "a turn without passages"))
    return out


def _coding_checks(conn: sqlite3.Connection) -> list[Problem]:
    out: list[Problem] = []
    rows = conn.execute(
        'SELECT c.id, c.passage_id, c.code_id, c.start, c."end", c.text, c.status, c.origin, '
        "p.text AS passage_text, p.role, p.seq, t.name AS transcript, k.id AS code_exists "
        "FROM codings c LEFT JOIN passages p ON p.id = c.passage_id LEFT JOIN transcripts t ON t.id = p.transcript_id "
        "LEFT JOIN codes k ON k.id = c.code_id ORDER BY c.id")
    for c in rows:
        w = f"coding {c['id']}"
        if c["passage_text"] is None:
            out.append(Problem("coding", w, f"its passage {c['passage_id']} is missing"))
            continue
        w = f"coding {c['id']} (transcript {c['transcript']!r} passage {c['seq']}, code {c['code_id']})"
        if c["code_exists"] is None:
            out.append(Problem("coding", w, f"code {c['code_id']!r} is not in the codebook"))
        if c["role"] != "respondent":
            out.append(Problem("coding", w, f"codes a {c['role']} passage (only respondent passages are coded)"))
        if c["status"] not in ("accepted", "suggested", "rejected") or c["origin"] not in ORIGINS:
            out.append(Problem("coding", w, f"unknown status {c['status']!r} or origin {c['origin']!r}"))
        start, end, ptext = c["start"], c["end"], c["passage_text"]
        if start is None and end is None:
            if c["text"] is not None:
                out.append(Problem("span", w, "codes the whole passage but stores a span text"))
            continue
        if start is None or end is None or not 0 <= start < end <= len(ptext):
            out.append(Problem("span", w, f"span {start}-{end} outside its passage (length {len(ptext)})"))
        elif ptext[start:end] != c["text"]:
            out.append(Problem("span", w, f"span text {c['text']!r} is not the passage's text[{start}:{end}] "
                                          f"{ptext[start:end]!r}"))
    return out


def _codebook_checks(conn: sqlite3.Connection) -> list[Problem]:
    out: list[Problem] = []
    for r in conn.execute("SELECT c.id, c.factor_id FROM codes c LEFT JOIN factors f ON f.id = c.factor_id "
                          "WHERE f.id IS NULL ORDER BY c.id"):
        out.append(Problem("codebook", f"code {r['id']}", f"its factor {r['factor_id']!r} is missing"))
    parents = dict(conn.execute("SELECT id, parent_id FROM codes").fetchall())
    for code in sorted(parents):
        seen, at = {code}, parents[code]
        while at is not None:
            if at in seen:
                out.append(Problem("codebook", f"code {code}", "its parents form a loop"))
                break
            seen.add(at)
            at = parents.get(at)
    return out


def _history_checks(conn: sqlite3.Connection) -> list[Problem]:
    out = []
    for r in conn.execute("SELECT id, payload FROM history ORDER BY id"):
        try:
            ops = json.loads(r["payload"])
            ok = isinstance(ops, list) and all(isinstance(op, dict) and "op" in op for op in ops)
        except ValueError:
            ok = False
        if not ok:
            out.append(Problem("history", f"history {r['id']}", "undo record is not a list of operations"))
    return out
