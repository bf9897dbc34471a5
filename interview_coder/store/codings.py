"""The one place codings are written: apply, suggest, accept, reject, remove, undo and redo.

Every function is one transaction (one user action) and records what it changed in ``history``
so that undo and redo survive a restart. Span offsets are code points into the passage's text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from interview_coder.core.model import AUTO_CODER, Origin
from interview_coder.errors import InputError
from interview_coder.store.project import Project, now

_COLUMNS = ("id", "passage_id", "code_id", "coder_id", "start", "end", "text", "status", "origin", "keyword",
            "memo", "created_at", "updated_at")
_INSERT = ('INSERT INTO codings(id, passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, '
           "memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")


@dataclass(frozen=True)
class Suggestion:
    """A machine coding to propose: a keyword hit on a passage span (origin auto), or a code a
    model learned from a coder's codings for a whole passage (origin learned, no span)."""

    passage_id: int
    code_id: str
    start: int | None
    end: int | None
    keyword: str | None
    origin: Origin = Origin.AUTO
    """which machine made it (core.model.Origin): keyword matching or a learned model"""
    memo: str | None = None
    """why it was suggested, for the coder (a learned suggestion's confidence)"""


def _row(conn: sqlite3.Connection, coding_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
    if row is None:
        raise InputError(f"no coding with id {coding_id}")
    return dict(row)


def _record(project: Project, coder: str | None, action: str, ops: list[dict[str, Any]]) -> None:
    if not ops:
        return
    conn = project.conn
    coder_id = project.coder_id(coder) if coder else None
    # A new action ends the redo chain of this coder.
    conn.execute("DELETE FROM history WHERE undone = 1 AND coder_id IS ?", (coder_id,))
    conn.execute("INSERT INTO history(coder_id, action, payload, at) VALUES (?,?,?,?)",
                 (coder_id, action, json.dumps(ops, ensure_ascii=False), now()))


def _span_text(conn: sqlite3.Connection, passage_id: int, start: int | None, end: int | None) -> str | None:
    row = conn.execute("SELECT text, role FROM passages WHERE id = ?", (passage_id,)).fetchone()
    if row is None:
        raise InputError(f"no passage with id {passage_id}")
    if row["role"] != "respondent":
        raise InputError(f"passage {passage_id} is not a respondent passage: interviewer and title text is never coded")
    if start is None and end is None:
        return None
    if start is None or end is None or not 0 <= start < end <= len(row["text"]):
        raise InputError(f"span {start}-{end} is outside passage {passage_id} (length {len(row['text'])})")
    return str(row["text"][start:end])


def apply_code(project: Project, passage_id: int, code_id: str, coder: str, start: int | None = None,
               end: int | None = None, memo: str | None = None) -> int:
    """Code a passage (or a span of it) by hand; returns the coding id. Applying twice is a no-op."""
    with project.transaction() as conn:
        if conn.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is None:
            raise InputError(f"no code {code_id!r} in the codebook")
        text = _span_text(conn, passage_id, start, end)
        coder_id = project.coder_id(coder)
        existing = conn.execute(
            'SELECT id, status FROM codings WHERE passage_id = ? AND code_id = ? AND coder_id = ? '
            'AND coalesce(start, -1) = ? AND coalesce("end", -1) = ?',
            (passage_id, code_id, coder_id, -1 if start is None else start, -1 if end is None else end)).fetchone()
        if existing is not None:
            if existing["status"] != "accepted":
                _update(project, coder, "accept", [existing["id"]], {"status": "accepted"})
            return int(existing["id"])
        stamp = now()
        cur = conn.execute(
            'INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo, '
            "created_at, updated_at) VALUES (?,?,?,?,?,?,'accepted','manual',NULL,?,?,?)",
            (passage_id, code_id, coder_id, start, end, text, memo, stamp, stamp))
        coding_id = int(cur.lastrowid or 0)
        _record(project, coder, "apply", [{"op": "insert", "row": _row(conn, coding_id)}])
        return coding_id


def add_suggestions(project: Project, suggestions: Iterable[Suggestion], accept_as: str | None = None) -> int:
    """Store machine suggestions (or, with ``accept_as``, as that coder's accepted codings).

    A suggestion already stored for the same passage, code, span and origin (by anyone, in any
    status, including rejected) is skipped, so re-running adds only new ones and a rejection is
    final. Returns how many were added. Not recorded for undo: auto-coding is repeatable, not a
    coder's action. Linear in the hits of a passage: each passage's text and stored spans are read
    once (a per-row substr and lookup made one 100k-word passage quadratic, issue 16).
    """
    by_passage: dict[int, list[Suggestion]] = {}
    for s in suggestions:
        by_passage.setdefault(s.passage_id, []).append(s)
    with project.transaction() as conn:
        coder_id = project.coder_id(accept_as or AUTO_CODER)
        status = "accepted" if accept_as else "suggested"
        stamp = now()
        rows: list[tuple[Any, ...]] = []
        for passage_id, wanted in by_passage.items():
            found = conn.execute("SELECT text FROM passages WHERE id = ? AND role = 'respondent'",
                                 (passage_id,)).fetchone()
            if found is None:
                continue
            text = found[0]
            taken = {(r[0], r[1], r[2], r[3]) for r in conn.execute(
                'SELECT code_id, coalesce(start, -1), coalesce("end", -1), origin FROM codings '
                "WHERE passage_id = ? AND origin != 'manual'", (passage_id,))}
            taken |= {(r[0], r[1], r[2], None) for r in conn.execute(
                'SELECT code_id, coalesce(start, -1), coalesce("end", -1) FROM codings '
                "WHERE passage_id = ? AND coder_id = ?", (passage_id, coder_id))}
            for s in wanted:
                key = (s.code_id, -1 if s.start is None else s.start, -1 if s.end is None else s.end)
                if (*key, str(s.origin)) in taken or (*key, None) in taken:
                    continue
                taken.add((*key, str(s.origin)))
                taken.add((*key, None))
                span = None if s.start is None or s.end is None else text[s.start:s.end]
                rows.append((passage_id, s.code_id, coder_id, s.start, s.end, span, status, str(s.origin),
                             s.keyword, s.memo, stamp, stamp))
        conn.executemany(
            'INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, '
            "memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        return len(rows)


def withdraw_suggestions(project: Project, keywords: Iterable[str]) -> int:
    """Delete open suggestions of these keywords (an excluded word must never count); decided codings stay."""
    with project.transaction() as conn:
        before = conn.total_changes
        conn.executemany("DELETE FROM codings WHERE status = 'suggested' AND origin = 'auto' AND lower(keyword) = lower(?)",
                         [(k,) for k in keywords])
        return conn.total_changes - before


def _update(project: Project, coder: str | None, action: str, ids: list[int], changes: dict[str, Any]) -> int:
    conn = project.conn
    ops = []
    for coding_id in ids:
        before = _row(conn, coding_id)
        after = {**before, **changes, "updated_at": now()}
        if all(before[k] == after[k] for k in changes):
            continue
        sets = ", ".join(f'"{k}" = ?' for k in (*changes, "updated_at"))
        conn.execute(f"UPDATE codings SET {sets} WHERE id = ?",  # noqa: S608 - column names are ours
                     [*changes.values(), after["updated_at"], coding_id])
        ops.append({"op": "update", "before": before, "after": _row(conn, coding_id)})
    _record(project, coder, action, ops)
    return len(ops)


def set_status(project: Project, ids: list[int], status: str, coder: str) -> int:
    """Accept or reject codings (usually suggestions); the deciding coder becomes their coder."""
    if status not in ("accepted", "rejected", "suggested"):
        raise InputError(f"unknown status {status!r}")
    with project.transaction() as conn:
        coder_id = project.coder_id(coder)
        # A suggestion on a span this coder has already coded keeps its coder: moving it to the coder
        # would make two identical codings of one coder (the unique index refuses that).
        clash = {int(r[0]) for i in ids for r in conn.execute(
            'SELECT s.id FROM codings s JOIN codings c ON c.passage_id = s.passage_id AND c.code_id = s.code_id '
            'AND coalesce(c.start, -1) = coalesce(s.start, -1) AND coalesce(c."end", -1) = coalesce(s."end", -1) '
            "AND c.coder_id = ? AND c.id != s.id WHERE s.id = ? AND s.coder_id != ?", (coder_id, i, coder_id))}
        action = "accept" if status == "accepted" else "reject"
        changed = _update(project, coder, action, [i for i in ids if i not in clash],
                          {"status": status, "coder_id": coder_id})
        return changed + (_update(project, coder, action, [i for i in ids if i in clash], {"status": status})
                          if clash else 0)


def set_memo(project: Project, coding_id: int, memo: str | None, coder: str) -> None:
    with project.transaction():
        _update(project, coder, "memo", [coding_id], {"memo": memo or None})


def remove_codings(project: Project, ids: list[int], coder: str) -> int:
    """Delete codings (a coder's 'uncode'); undo brings them back with the same ids."""
    with project.transaction() as conn:
        ops = [{"op": "delete", "row": _row(conn, i)} for i in ids]
        conn.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i in ids])
        _record(project, coder, "remove", ops)
        return len(ops)


def _apply_ops(conn: sqlite3.Connection, ops: list[dict[str, Any]], inverse: bool) -> None:
    for op in reversed(ops) if inverse else ops:
        kind = op["op"]
        if (kind == "insert") != inverse and kind != "update":
            row = op["row"]
            conn.execute(_INSERT, [row[c] for c in _COLUMNS])
        elif kind != "update":
            conn.execute("DELETE FROM codings WHERE id = ?", (op["row"]["id"],))
        else:
            row = op["before"] if inverse else op["after"]
            conn.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
            conn.execute(_INSERT, [row[c] for c in _COLUMNS])


def undo(project: Project, coder: str) -> str | None:
    """Undo this coder's last coding action; returns its name, or None when there is nothing to undo."""
    return _replay(project, coder, undoing=True)


def redo(project: Project, coder: str) -> str | None:
    """Redo the action this coder undid most recently; None when there is nothing to redo."""
    return _replay(project, coder, undoing=False)


def _replay(project: Project, coder: str, undoing: bool) -> str | None:
    # Undone entries are always the newest of a coder's history (a new action deletes them), so
    # undo takes the newest entry still done and redo the oldest entry undone.
    order = "DESC" if undoing else "ASC"
    with project.transaction() as conn:
        coder_id = project.coder_id(coder)
        row = conn.execute(f"SELECT id, action, payload FROM history WHERE coder_id = ? AND undone = ? "  # noqa: S608
                           f"ORDER BY id {order} LIMIT 1", (coder_id, 0 if undoing else 1)).fetchone()
        if row is None:
            return None
        _apply_ops(conn, json.loads(row["payload"]), inverse=undoing)
        conn.execute("UPDATE history SET undone = ? WHERE id = ?", (1 if undoing else 0, row["id"]))
        return str(row["action"])


def copy_codings(project: Project, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Store codings made elsewhere (merge, codings import, REFI-QDA import) as they are.

    Each row has passage_id, code_id, coder (a name), start, end, and optionally status, origin,
    keyword, memo, created_at. A coding already stored for the same passage, code, coder and span is
    kept as it is; an unreviewed auto suggestion is skipped when any auto coding of that passage, code
    and span exists (as :func:`add_suggestions` does). Returns the id of each row's coding (new or
    existing). Not recorded for undo: callers take a backup first.
    """
    ids = []
    with project.transaction() as conn:
        for r in rows:
            start, end = r.get("start"), r.get("end")
            text = _span_text(conn, r["passage_id"], start, end)
            coder_id = project.coder_id(r["coder"])
            status, origin = r.get("status") or "accepted", r.get("origin") or "manual"
            span = (-1 if start is None else start, -1 if end is None else end)
            if origin == "auto" and status == "suggested":
                found = conn.execute(
                    'SELECT id FROM codings WHERE passage_id = ? AND code_id = ? AND origin = \'auto\' '
                    'AND coalesce(start, -1) = ? AND coalesce("end", -1) = ? ORDER BY id LIMIT 1',
                    (r["passage_id"], r["code_id"], *span)).fetchone()
                if found is not None:
                    ids.append(int(found[0]))
                    continue
            stamp = now()
            conn.execute(
                'INSERT OR IGNORE INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, '
                "keyword, memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (r["passage_id"], r["code_id"], coder_id, start, end, text, status, origin, r.get("keyword"),
                 r.get("memo"), r.get("created_at") or stamp, stamp))
            ids.append(int(conn.execute(
                'SELECT id FROM codings WHERE passage_id = ? AND code_id = ? AND coder_id = ? '
                'AND coalesce(start, -1) = ? AND coalesce("end", -1) = ?',
                (r["passage_id"], r["code_id"], coder_id, *span)).fetchone()[0]))
    return ids
