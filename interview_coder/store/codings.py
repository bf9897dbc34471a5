"""The one writer of codings. Every change to a coding goes through a function here: a coder's
apply, accept, reject, reopen, remove, memo, undo and redo, and the system's writes (suggestions from
auto-coding, copies from merges and imports, discards by re-import or a codebook change).

Each function is one transaction. A coder's action is recorded in ``history`` with the text of the
passages it changed, so undo and redo survive a restart and refuse (never corrupt) when the passage,
the code or the coding changed since. A write applies only if the row is still what the coder saw
(compare-and-set); otherwise nothing is written and :class:`ConflictError` says who changed it.

The coder's reviewed mark on a passage (store.reviews) is recorded in the same history, so undo takes
it back too.

Who may change a coding, in one place: anyone codes a respondent passage; a suggestion is decided by
each coder for themselves (``store.scope``: in a shared project one decision closes it for everyone);
only a coding's own coder removes it, reopens it or writes its memo; a suggestion is rejected, never
removed. Span offsets are code points into the passage's text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from interview_coder.core.model import AUTO_CODER, Mode, Origin, Role, Status
from interview_coder.errors import ConflictError, InputError
from interview_coder.store.project import Project, now
from interview_coder.store.scope import coding_mode, deciders_sql, decides_sql, open_sql
from interview_coder.store.transcripts import sha256

Row = dict[str, Any]

_COLUMNS = ("id", "passage_id", "code_id", "coder_id", "start", "end", "text", "status", "origin", "keyword",
            "memo", "created_at", "updated_at")
_INSERT = ('INSERT INTO codings(id, passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, '
           "memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
_SAME_SPAN = 'coalesce(start, -1) = ? AND coalesce("end", -1) = ?'


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


def _span(start: int | None, end: int | None) -> tuple[int, int]:
    return (-1 if start is None else start, -1 if end is None else end)


def _row(conn: sqlite3.Connection, coding_id: int) -> Row | None:
    row = conn.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
    return None if row is None else dict(row)


def _coder_name(conn: sqlite3.Connection, coder_id: int) -> str:
    row = conn.execute("SELECT name FROM coders WHERE id = ?", (coder_id,)).fetchone()
    return "?" if row is None else str(row[0])


def _passage(conn: sqlite3.Connection, passage_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute("SELECT id, transcript_id, seq, role, text FROM passages WHERE id = ?",
                                           (passage_id,)).fetchone()
    if row is None:
        raise ConflictError(f"passage {passage_id} is no longer in the project (re-imported?); refreshed")
    return row


def _respondent_text(p: sqlite3.Row, start: int | None, end: int | None, seen_text: str | None = None) -> str | None:
    """The span's text, after checking the passage is respondent text, is what the coder saw and holds the span."""
    if seen_text is not None and p["text"] != seen_text:
        raise ConflictError(f"passage {p['seq']} changed since it was shown (re-imported); nothing coded, refreshed")
    if p["role"] != Role.RESPONDENT:
        raise InputError(f"passage {p['seq']} is not a respondent passage: interviewer and title text is never coded")
    if start is None and end is None:
        return None
    if start is None or end is None or not 0 <= start < end <= len(p["text"]):
        raise InputError(f"span {start}-{end} is outside passage {p['seq']} (length {len(p['text'])})")
    return str(p["text"][start:end])


def _guard(conn: sqlite3.Connection, passage_id: int) -> dict[str, Any]:
    """What undo checks before it touches a passage again: same transcript, same text."""
    p = conn.execute("SELECT transcript_id, text FROM passages WHERE id = ?", (passage_id,)).fetchone()
    return {"transcript_id": p["transcript_id"], "text_sha256": sha256(p["text"])} if p else {}


def _op(conn: sqlite3.Connection, kind: str, **rows: Row) -> dict[str, Any]:
    passage_id = next(iter(rows.values()))["passage_id"]
    return {"op": kind, **rows, "passage": _guard(conn, passage_id)}


def _record(project: Project, coder: str | None, action: str, ops: list[dict[str, Any]]) -> None:
    if not ops:
        return
    conn = project.conn
    coder_id = project.coder_id(coder) if coder else None
    # A new action ends the redo chain of this coder.
    conn.execute("DELETE FROM history WHERE undone = 1 AND coder_id IS ?", (coder_id,))
    conn.execute("INSERT INTO history(coder_id, action, payload, at) VALUES (?,?,?,?)",
                 (coder_id, action, json.dumps(ops, ensure_ascii=False), now()))


def _identity(conn: sqlite3.Connection, row: Row) -> tuple[str, int, int, int, str, str] | None:
    """A coding by the text it codes, as merges see it: (transcript text hash, transcript start, end,
    whole, code, coder name)."""
    p = conn.execute('SELECT p.start, p."end", t.text_sha256 FROM passages p JOIN transcripts t '
                     "ON t.id = p.transcript_id WHERE p.id = ?", (row["passage_id"],)).fetchone()
    if p is None:
        return None
    whole = row["start"] is None
    return (p["text_sha256"], p["start"] + (0 if whole else row["start"]),
            p["end"] if whole else p["start"] + row["end"], int(whole), row["code_id"], _coder_name(conn, row["coder_id"]))


def _tombstone(conn: sqlite3.Connection, row: Row, removed: bool) -> None:
    """Remember a coding the coder removed (so a merge does not bring it back), or forget it when it is
    made again."""
    key = _identity(conn, row)
    if key is None:
        return
    if removed:
        conn.execute('INSERT OR REPLACE INTO coding_tombstones(transcript_sha256, start, "end", whole, code_id, coder, '
                     "removed_at) VALUES (?,?,?,?,?,?,?)", (*key, now()))
    else:
        conn.execute('DELETE FROM coding_tombstones WHERE transcript_sha256 = ? AND start = ? AND "end" = ? '
                     "AND whole = ? AND code_id = ? AND coder = ?", key)


def _insert_new(conn: sqlite3.Connection, **values: Any) -> int:
    stamp = now()
    row = {"memo": None, "keyword": None, "created_at": stamp, "updated_at": stamp, **values}
    cur = conn.execute(
        'INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo, '
        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [row[c] for c in _COLUMNS[1:]])
    _tombstone(conn, row, removed=False)
    return int(cur.lastrowid or 0)


def _own(conn: sqlite3.Connection, passage_id: int, code_id: str, coder_id: int, start: int | None,
         end: int | None) -> Row | None:
    row = conn.execute(f"SELECT * FROM codings WHERE passage_id = ? AND code_id = ? AND coder_id = ? AND {_SAME_SPAN}",  # noqa: S608
                       (passage_id, code_id, coder_id, *_span(start, end))).fetchone()
    return None if row is None else dict(row)


def _update(project: Project, coder: str | None, action: str, ids: list[int], changes: Row) -> int:
    conn = project.conn
    ops = []
    for coding_id in ids:
        before = _row(conn, coding_id)
        if before is None or all(before[k] == v for k, v in changes.items()):
            continue
        sets = ", ".join(f'"{k}" = ?' for k in (*changes, "updated_at"))
        conn.execute(f"UPDATE codings SET {sets} WHERE id = ?",  # noqa: S608 - column names are ours
                     [*changes.values(), now(), coding_id])
        ops.append(_op(conn, "update", before=before, after=_row(conn, coding_id) or {}))
    _record(project, coder, action, ops)
    return len(ops)


# --- a coder's actions -------------------------------------------------------------------------------

def apply_code(project: Project, passage_id: int, code_id: str, coder: str, start: int | None = None,
               end: int | None = None, memo: str | None = None, seen_text: str | None = None) -> int:
    """Code a passage (or a span of it) by hand; returns the coding id. Applying twice is a no-op.

    ``seen_text`` is the passage text the coder's screen showed: if the passage changed since (a
    re-import), nothing is written (ConflictError).
    """
    with project.transaction():
        coding_id, ops = _apply_ops(project, passage_id, code_id, coder, start, end, memo, seen_text)
        _record(project, coder, "apply", ops)
        return coding_id


def _apply_ops(project: Project, passage_id: int, code_id: str, coder: str, start: int | None, end: int | None,
               memo: str | None, seen_text: str | None) -> tuple[int, list[dict[str, Any]]]:
    conn = project.conn
    if conn.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is None:
        raise ConflictError(f"no code {code_id!r} in the codebook")
    text = _respondent_text(_passage(conn, passage_id), start, end, seen_text)
    coder_id = project.coder_id(coder)
    existing = _own(conn, passage_id, code_id, coder_id, start, end)
    if existing is not None:
        ops: list[dict[str, Any]] = []
        if existing["status"] != Status.ACCEPTED:  # the coder's own rejection: coding it by hand accepts it
            before = dict(existing)
            conn.execute("UPDATE codings SET status = ?, updated_at = ? WHERE id = ?",
                         (str(Status.ACCEPTED), now(), existing["id"]))
            ops.append(_op(conn, "update", before=before, after=_row(conn, existing["id"]) or {}))
        return int(existing["id"]), ops
    coding_id = _insert_new(conn, passage_id=passage_id, code_id=code_id, coder_id=coder_id, start=start, end=end,
                            text=text, status=str(Status.ACCEPTED), origin=str(Origin.MANUAL), memo=memo)
    ops = [_op(conn, "insert", row=_row(conn, coding_id) or {})]
    if start is None:  # coding the whole passage accepts the code's suggestions on it: nothing left open
        ops += _accept_open(project, passage_id, code_id, coder_id)
    return coding_id, ops


def _accept_open(project: Project, passage_id: int, code_id: str, coder_id: int) -> list[dict[str, Any]]:
    conn = project.conn
    mode = coding_mode(project)
    ops = []
    # Span suggestions only: a whole-passage (learned) suggestion is decided by the coding itself.
    for s in conn.execute(f"SELECT * FROM codings s WHERE s.passage_id = ? AND s.code_id = ? AND s.start IS NOT NULL "  # noqa: S608
                          f"AND {open_sql('s', mode, [coder_id])}", (passage_id, code_id)).fetchall():
        new = _insert_new(conn, passage_id=passage_id, code_id=code_id, coder_id=coder_id, start=s["start"],
                          end=s["end"], text=s["text"], status=str(Status.ACCEPTED), origin=s["origin"],
                          keyword=s["keyword"])
        ops.append(_op(conn, "insert", row=_row(conn, new) or {}))
    return ops


def _decision(conn: sqlite3.Connection, s: Row, mode: Mode, coder_id: int) -> Row | None:
    """The decision (in scope for this coder) that already closed suggestion ``s``, if any."""
    cond = decides_sql("s", "d", deciders_sql(mode, [coder_id]))
    row = conn.execute(f"SELECT d.status, d.coder_id FROM codings s, codings d WHERE s.id = ? AND {cond} "  # noqa: S608
                       "ORDER BY d.id LIMIT 1", (s["id"],)).fetchone()
    return None if row is None else dict(row)


def decide(project: Project, ids: list[int], status: Status | str, coder: str) -> int:
    """Accept or reject suggestions as ``coder``: each decision is the coder's own coding row, and the
    suggestion stays for coders who code independently. All or nothing: a suggestion someone in scope
    decided since the coder saw it (or one that is gone) refuses the whole action (ConflictError)."""
    status = Status(status)
    if status == Status.SUGGESTED:
        raise InputError("a suggestion is decided as accepted or rejected")
    with project.transaction():
        ops = _decide_ops(project, ids, status, coder)
        _record(project, coder, "accept" if status == Status.ACCEPTED else "reject", ops)
        return len(ops)


def accept_widened(project: Project, spans: Sequence[tuple[int, int | None, int | None]], coder: str,
                   seen_text: str | None = None) -> list[int]:
    """Accept suggestions and code each one's (suggestion id, start, end) of its passage (None, None:
    the whole passage) with its code, as one action (one undo): the workbench's ``coding.accept``
    unit (store.scope) widens a keyword hit to its clause, sentence or passage. Returns the ids of
    the widened codings (two hits widened to one sentence give one coding)."""
    with project.transaction() as conn:
        rows = {sid: _row(conn, sid) for sid, _, _ in spans}
        gone = next((sid for sid, s in rows.items() if s is None), None)
        if gone is not None:
            raise ConflictError(f"suggestion {gone} is gone (withdrawn or re-imported); refreshed")
        ops = _decide_ops(project, list(rows), Status.ACCEPTED, coder)
        ids = []
        for sid, start, end in spans:
            s = rows[sid]
            assert s is not None
            coding_id, more = _apply_ops(project, s["passage_id"], s["code_id"], coder, start, end, None, seen_text)
            ops += more
            ids.append(coding_id)
        _record(project, coder, "accept", ops)
        return list(dict.fromkeys(ids))


def _decide_ops(project: Project, ids: list[int], status: Status, coder: str) -> list[dict[str, Any]]:
    conn = project.conn
    mode = coding_mode(project)
    coder_id = project.coder_id(coder)
    ops = []
    for sid in dict.fromkeys(ids):
        s = _row(conn, sid)
        if s is None:
            raise ConflictError(f"suggestion {sid} is gone (withdrawn or re-imported); refreshed")
        if s["status"] != Status.SUGGESTED:
            raise InputError(f"coding {sid} is not a suggestion: it is {s['status']} by "
                             f"{_coder_name(conn, s['coder_id'])}")
        p = _passage(conn, s["passage_id"])
        if p["role"] != Role.RESPONDENT:
            raise ConflictError(f"passage {p['seq']} is no longer respondent text; refreshed")
        done = _decision(conn, s, mode, coder_id)
        if done is not None:
            who = "you" if done["coder_id"] == coder_id else _coder_name(conn, done["coder_id"])
            raise ConflictError(f"already {done['status']} by {who}; refreshed")
        new = _insert_new(conn, passage_id=s["passage_id"], code_id=s["code_id"], coder_id=coder_id,
                          start=s["start"], end=s["end"], text=s["text"], status=str(status), origin=s["origin"],
                          keyword=s["keyword"])
        ops.append(_op(conn, "insert", row=_row(conn, new) or {}))
    return ops


def set_status(project: Project, ids: list[int], status: Status | str, coder: str) -> int:
    """Accept or reject suggestions (see :func:`decide`)."""
    return decide(project, ids, status, coder)


def _own_rows(conn: sqlite3.Connection, ids: Iterable[int], coder_id: int, verb: str) -> list[Row]:
    rows = []
    for coding_id in dict.fromkeys(ids):
        row = _row(conn, coding_id)
        if row is None:
            raise ConflictError(f"coding {coding_id} was already removed; refreshed")
        if row["status"] == Status.SUGGESTED:
            raise InputError(f"coding {coding_id} is a suggestion: reject it instead")
        if row["coder_id"] != coder_id:
            raise InputError(f"coding {coding_id} is {_coder_name(conn, row['coder_id'])}'s: only its own coder "
                             f"{verb} it")
        rows.append(row)
    return rows


def remove_codings(project: Project, ids: list[int], coder: str) -> int:
    """Delete the coder's own codings ('uncode'); undo brings them back with the same ids."""
    with project.transaction() as conn:
        return _take_back(project, _own_rows(conn, ids, project.coder_id(coder), "removes"), coder, "remove")


def _take_back(project: Project, rows: list[Row], coder: str, action: str) -> int:
    """Delete a coder's own codings, leaving tombstones (merges keep the removal), recorded for undo."""
    conn = project.conn
    ops = [_op(conn, "delete", row=r) for r in rows]
    for r in rows:
        _tombstone(conn, r, removed=True)
    conn.executemany("DELETE FROM codings WHERE id = ?", [(r["id"],) for r in rows])
    _record(project, coder, action, ops)
    return len(ops)


def reopen(project: Project, ids: list[int], coder: str) -> int:
    """Take back the coder's decisions on suggestions (accepted or rejected): the suggestions are open
    again. Undoable."""
    with project.transaction() as conn:
        rows = _own_rows(conn, ids, project.coder_id(coder), "reopens")
        for r in rows:
            if r["origin"] == Origin.MANUAL or conn.execute(
                    f"SELECT 1 FROM codings WHERE passage_id = ? AND code_id = ? AND status = 'suggested' AND {_SAME_SPAN}",  # noqa: S608
                    (r["passage_id"], r["code_id"], *_span(r["start"], r["end"]))).fetchone() is None:
                raise InputError(f"coding {r['id']} is not a decision on a suggestion: remove it instead")
        return _take_back(project, rows, coder, "reopen")


def set_memo(project: Project, coding_id: int, memo: str | None, coder: str) -> None:
    """Write the memo of one of the coder's own codings."""
    with project.transaction() as conn:
        _own_rows(conn, [coding_id], project.coder_id(coder), "writes the memo of")
        _update(project, coder, "memo", [coding_id], {"memo": memo or None})


def resize_coding(project: Project, coding_id: int, start: int | None, end: int | None, coder: str,
                  seen_text: str | None = None) -> int:
    """Grow or shrink one of the coder's own codings to [start, end) of its passage (None, None: the
    whole passage); recorded in the history, so undo puts the old span back. Refused when the passage
    text changed since the coder saw it (``seen_text``), or when the coder already has that code on
    that span. Returns the coding id."""
    with project.transaction() as conn:
        row = _own_rows(conn, [coding_id], project.coder_id(coder), "resizes")[0]
        text = _respondent_text(_passage(conn, row["passage_id"]), start, end, seen_text)
        twin = _own(conn, row["passage_id"], row["code_id"], row["coder_id"], start, end)
        if twin is not None and twin["id"] != coding_id:
            raise InputError(f"you already coded {row['code_id']} on that span (coding {twin['id']})")
        _update(project, coder, "resize", [coding_id], {"start": start, "end": end, "text": text})
        return coding_id


def record_review(project: Project, passage_id: int, coder: str, before: bool, after: bool) -> None:
    """Record a change of the coder's reviewed mark (store.reviews writes it) inside the caller's
    transaction, so ``u`` takes it back like a coding action."""
    if before == after:
        return
    conn = project.conn
    row = {"passage_id": passage_id, "coder_id": project.coder_id(coder)}
    _record(project, coder, "review", [{"op": "review", "row": row, "before": before, "after": after,
                                        "passage": _guard(conn, passage_id)}])


def _review_refusal(conn: sqlite3.Connection, op: dict[str, Any], inverse: bool) -> str | None:
    row, guard = op["row"], op.get("passage") or {}
    p = conn.execute("SELECT transcript_id, seq, text FROM passages WHERE id = ?", (row["passage_id"],)).fetchone()
    if p is None:
        return "its passage is no longer in the project (re-imported)"
    if guard and (guard["transcript_id"] != p["transcript_id"] or guard["text_sha256"] != sha256(p["text"])):
        return f"passage {p['seq']} changed since (re-imported)"
    marked = conn.execute("SELECT 1 FROM passage_reviews WHERE passage_id = ? AND coder_id = ?",
                          (row["passage_id"], row["coder_id"])).fetchone() is not None
    if marked != (op["after"] if inverse else op["before"]):
        return "the reviewed mark was changed since"
    return None


def _apply_review(conn: sqlite3.Connection, op: dict[str, Any], inverse: bool) -> None:
    row = op["row"]
    if op["before"] if inverse else op["after"]:
        conn.execute("INSERT OR REPLACE INTO passage_reviews(passage_id, coder_id, reviewed_at) VALUES (?,?,?)",
                     (row["passage_id"], row["coder_id"], now()))
    else:
        conn.execute("DELETE FROM passage_reviews WHERE passage_id = ? AND coder_id = ?",
                     (row["passage_id"], row["coder_id"]))


# --- undo and redo -----------------------------------------------------------------------------------

def replay_passages(project: Project, coder: str, undoing: bool = True) -> list[int]:
    """The passages the next undo (or redo) of this coder would touch, read before it runs, so the
    workbench redraws only those (issue 13: undo reloaded the whole transcript, 494 ms p95)."""
    row = project.conn.execute(
        f"SELECT h.payload FROM history h JOIN coders k ON k.id = h.coder_id WHERE k.name = ? AND h.undone = ? "  # noqa: S608
        f"ORDER BY h.id {'DESC' if undoing else 'ASC'} LIMIT 1", (coder, 0 if undoing else 1)).fetchone()
    if row is None:
        return []
    ops = json.loads(row[0])
    # a codebook row (op "row") has no passage; the codings a merge moves are "update" ops of their own
    return list(dict.fromkeys(int((op.get("row") or op.get("after") or op.get("before"))["passage_id"])
                              for op in ops if op["op"] != "row"))


def undo(project: Project, coder: str) -> str | None:
    """Undo this coder's last coding action; returns its name, or None when there is nothing to undo.
    An action whose passage, code or codings changed since is refused (ConflictError) and dropped."""
    return _replay(project, coder, undoing=True)


def redo(project: Project, coder: str) -> str | None:
    """Redo the action this coder undid most recently; None when there is nothing to redo."""
    return _replay(project, coder, undoing=False)


def _same(current: Row | None, expected: Row) -> bool:
    keys = ("passage_id", "code_id", "coder_id", "start", "end", "status", "memo")
    return current is not None and all(current[k] == expected[k] for k in keys)


def _refusal(conn: sqlite3.Connection, op: dict[str, Any], inverse: bool) -> str | None:
    """Why replaying ``op`` (inverted when undoing) would be wrong now, or None when it is safe."""
    kind = op["op"]
    if kind == "review":
        return _review_refusal(conn, op, inverse)
    if kind == "row":  # a codebook row (store.codebook_edit)
        return _row_refusal(conn, op, inverse)
    if kind == "update":
        expected, target = (op["after"], op["before"]) if inverse else (op["before"], op["after"])
    elif (kind == "insert") == inverse:  # the row must still be as the action left it, to delete it
        expected, target = op["row"], None
    else:
        expected, target = None, op["row"]
    row = (target or expected or {})
    guard = op.get("passage") or {}
    p = conn.execute("SELECT transcript_id, seq, role, text FROM passages WHERE id = ?", (row["passage_id"],)).fetchone()
    if p is None:
        return "its passage is no longer in the project (re-imported)"
    if guard and (guard["transcript_id"] != p["transcript_id"] or guard["text_sha256"] != sha256(p["text"])):
        return f"passage {p['seq']} changed since (re-imported)"
    if row["start"] is not None and p["text"][row["start"]:row["end"]] != row["text"]:
        return f"passage {p['seq']} changed since (re-imported)"
    if conn.execute("SELECT 1 FROM codes WHERE id = ?", (row["code_id"],)).fetchone() is None:
        return f"code {row['code_id']!r} is no longer in the codebook"
    current = _row(conn, row["id"])
    if expected is not None and not _same(current, expected):
        return "the coding was changed since" if current else "the coding was removed since"
    if target is not None:
        if expected is None and current is not None:
            return "the coding exists again"
        if p["role"] != Role.RESPONDENT:
            return f"passage {p['seq']} is no longer respondent text"
        clash = _own(conn, target["passage_id"], target["code_id"], target["coder_id"], target["start"], target["end"])
        if clash is not None and clash["id"] != target["id"]:
            return "the same coding was made again since"
    return None


def _apply_op(conn: sqlite3.Connection, op: dict[str, Any], inverse: bool) -> None:
    kind = op["op"]
    if kind == "review":
        _apply_review(conn, op, inverse)
        return
    if kind == "row":
        _apply_row(conn, op, inverse)
        return
    if kind == "update":
        row = op["before"] if inverse else op["after"]
        sets = ", ".join(f'"{c}" = ?' for c in _COLUMNS[1:])
        conn.execute(f"UPDATE codings SET {sets} WHERE id = ?",  # noqa: S608 - column names are ours
                     [*(row[c] for c in _COLUMNS[1:]), row["id"]])
    elif (kind == "insert") == inverse:
        _tombstone(conn, op["row"], removed=True)
        conn.execute("DELETE FROM codings WHERE id = ?", (op["row"]["id"],))
    else:
        conn.execute(_INSERT, [op["row"][c] for c in _COLUMNS])
        _tombstone(conn, op["row"], removed=False)


def _replay(project: Project, coder: str, undoing: bool) -> str | None:
    # Undone entries are always the newest of a coder's history (a new action deletes them), so
    # undo takes the newest entry still done and redo the oldest entry undone.
    order = "DESC" if undoing else "ASC"
    refused = None
    with project.transaction() as conn:
        coder_id = project.coder_id(coder)
        entry = conn.execute(f"SELECT id, action, payload FROM history WHERE coder_id = ? AND undone = ? "  # noqa: S608
                             f"ORDER BY id {order} LIMIT 1", (coder_id, 0 if undoing else 1)).fetchone()
        if entry is None:
            return None
        ops = json.loads(entry["payload"])
        conn.execute("SAVEPOINT replay")
        for op in list(reversed(ops)) if undoing else ops:
            refused = _refusal(conn, op, undoing)
            if refused is not None:
                break
            try:
                _apply_op(conn, op, undoing)
            except sqlite3.IntegrityError:  # e.g. a keyword or code name made again meanwhile
                refused = "the codebook changed since"
                break
        if refused is None:
            conn.execute("RELEASE replay")
            conn.execute("UPDATE history SET undone = ? WHERE id = ?", (1 if undoing else 0, entry["id"]))
            return str(entry["action"])
        # Nothing of the action is replayed: undo the ops applied so far, and drop the entry.
        conn.execute("ROLLBACK TO replay")
        conn.execute("RELEASE replay")
        conn.execute("DELETE FROM history WHERE id = ?", (entry["id"],))
    verb = "undo" if undoing else "redo"
    raise ConflictError(f"cannot {verb} {entry['action']}: {refused}; the entry is dropped from the history")


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded action: who did it, what, to how many codings, and whether it is undone."""

    id: int
    at: str
    coder: str | None
    action: str
    codings: int
    undone: bool
    summary: str


def history(project: Project, coder: str | None = None, limit: int = 50) -> list[HistoryEntry]:
    """The newest recorded actions first (``coder``: only that coder's); system actions have no coder."""
    conn = project.conn
    codes = dict(conn.execute("SELECT id, name FROM codes").fetchall())
    rows = conn.execute(
        "SELECT h.id, h.at, k.name AS coder, h.action, h.payload, h.undone FROM history h "
        "LEFT JOIN coders k ON k.id = h.coder_id WHERE (? IS NULL OR k.name = ?) ORDER BY h.id DESC LIMIT ?",
        (coder, coder, limit)).fetchall()
    out = []
    for r in rows:
        ops = json.loads(r["payload"])
        coding_ops = [op for op in ops if op["op"] != "row"]
        if len(coding_ops) < len(ops):  # a codebook edit: say which code
            out.append(HistoryEntry(r["id"], r["at"], r["coder"], r["action"], len(coding_ops), bool(r["undone"]),
                                    _codebook_summary(ops, codes)))
            continue
        first = ops[0].get("row") or ops[0].get("after") or {}
        passage = conn.execute("SELECT p.seq, t.name FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                               "WHERE p.id = ?", (first.get("passage_id"),)).fetchone()
        where = f"{passage['name']} passage {passage['seq']}" if passage else "(passage gone)"
        code = codes.get(first.get("code_id"), first.get("code_id")) or "reviewed mark"
        out.append(HistoryEntry(r["id"], r["at"], r["coder"], r["action"], len(ops), bool(r["undone"]),
                                f"{code} on {where}" + (f" and {len(ops) - 1} more" if len(ops) > 1 else "")))
    return out


# --- codebook edits in the same history --------------------------------------------------------------
# store.codebook_edit writes factors, codes, keywords (and a merged code's memos and pins) and records
# each row it changed as a "row" op: the row before and after, by its key. Undo and redo compare the
# row with what the action left (or found) and refuse when the codebook changed since.

_KEYS = {"factors": "id", "codes": "id", "keywords": "id", "memos": "id", "settings": "key"}


def table_row(conn: sqlite3.Connection, table: str, key: Any) -> Row | None:
    """One codebook row as a dict (``table`` one of factors, codes, keywords, memos, settings)."""
    row = conn.execute(f'SELECT * FROM {table} WHERE "{_KEYS[table]}" = ?', (key,)).fetchone()  # noqa: S608
    return None if row is None else dict(row)


def row_op(table: str, before: Row | None, after: Row | None) -> dict[str, Any]:
    """A history op for one codebook row the caller changed (None: the row did not / no longer exists)."""
    key = (after or before or {})[_KEYS[table]]
    return {"op": "row", "table": table, "key": key, "before": before, "after": after}


def record(project: Project, coder: str | None, action: str, ops: list[dict[str, Any]]) -> None:
    """Record a codebook edit (its coding and row ops) in the caller's transaction, for undo and redo."""
    _record(project, coder, action, ops)


def recode(project: Project, source: str, into: str) -> list[dict[str, Any]]:
    """Move every coding of code ``source`` onto ``into`` (a merge), inside the caller's transaction;
    returns the ops for the history. A coding that would duplicate one already on ``into`` (same
    passage, coder and span) collapses into it: ``into``'s row stays (accepted if either was, with
    the source's memo when it has none) and the source's row is deleted, kept in the ops for undo."""
    conn = project.conn
    ops = []
    for before in [dict(r) for r in conn.execute("SELECT * FROM codings WHERE code_id = ? ORDER BY id", (source,))]:
        twin = _own(conn, before["passage_id"], into, before["coder_id"], before["start"], before["end"])
        if twin is None:
            conn.execute("UPDATE codings SET code_id = ?, updated_at = ? WHERE id = ?", (into, now(), before["id"]))
            ops.append(_op(conn, "update", before=before, after=_row(conn, before["id"]) or {}))
            continue
        changes: Row = {}
        if before["status"] == Status.ACCEPTED and twin["status"] != Status.ACCEPTED:
            changes["status"] = str(Status.ACCEPTED)
        if before["memo"] and not twin["memo"]:
            changes["memo"] = before["memo"]
        if changes:
            sets = ", ".join(f'"{k}" = ?' for k in (*changes, "updated_at"))
            conn.execute(f"UPDATE codings SET {sets} WHERE id = ?",  # noqa: S608 - column names are ours
                         [*changes.values(), now(), twin["id"]])
            ops.append(_op(conn, "update", before=twin, after=_row(conn, twin["id"]) or {}))
        conn.execute("DELETE FROM codings WHERE id = ?", (before["id"],))
        ops.append(_op(conn, "delete", row=before))
    return ops


def _row_refusal(conn: sqlite3.Connection, op: dict[str, Any], inverse: bool) -> str | None:
    expected = op["after"] if inverse else op["before"]
    if table_row(conn, op["table"], op["key"]) != expected:
        what = {"factors": "factor", "codes": "code", "keywords": "keyword", "memos": "memo",
                "settings": "setting"}[op["table"]]
        return f"the codebook changed since ({what} {op['key']!r})"
    return None


def _apply_row(conn: sqlite3.Connection, op: dict[str, Any], inverse: bool) -> None:
    table, key = op["table"], _KEYS[op["table"]]
    target = op["before"] if inverse else op["after"]
    current = table_row(conn, table, op["key"])
    if target is None:
        conn.execute(f'DELETE FROM {table} WHERE "{key}" = ?', (op["key"],))  # noqa: S608 - names are ours
        return
    cols = [f'"{c}"' for c in target]
    if current is None:
        conn.execute(f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
                     list(target.values()))
    else:
        sets = ", ".join(f"{c} = ?" for c in cols)
        conn.execute(f'UPDATE {table} SET {sets} WHERE "{key}" = ?', [*target.values(), op["key"]])  # noqa: S608


def _codebook_summary(ops: list[dict[str, Any]], names: dict[str, str]) -> str:
    rows = [op for op in ops if op["op"] == "row"]
    # the code added or dropped (a merge's source) first, else the first code changed, else a keyword's
    code = next((op["key"] for op in rows if op["table"] == "codes" and None in (op["before"], op["after"])),
                next((op["key"] for op in rows if op["table"] == "codes"),
                     next(((op["after"] or op["before"])["code_id"] for op in rows if op["table"] == "keywords"), "?")))
    return f"code {names.get(code, code)} ({code})"


# --- the system's writes -----------------------------------------------------------------------------

def add_suggestions(project: Project, suggestions: Iterable[Suggestion], accept_as: str | None = None,
                    seen: Mapping[int, str] | None = None) -> int:
    """Store keyword hits (or learned codes) as suggestions; with ``accept_as`` that coder also accepts them.

    A suggestion already stored for the same passage, code and span (by anyone, in any status,
    including rejected) is skipped, so re-running adds only new ones and a rejection is final.
    ``seen`` maps passage id -> the text the hits were found in: if any of those passages changed
    since, nothing is stored (ConflictError). Returns how many suggestions were added. Not recorded
    for undo: auto-coding is repeatable, not a coder's action. Linear in the hits: each passage's text
    and stored spans are read once (a per-hit lookup made one 100k-word passage quadratic, issue 16).
    """
    by_passage: dict[int, list[Suggestion]] = {}
    for s in suggestions:
        by_passage.setdefault(s.passage_id, []).append(s)
    with project.transaction() as conn:
        if seen:
            changed = [pid for pid, text in seen.items()
                       if (row := conn.execute("SELECT text FROM passages WHERE id = ?", (pid,)).fetchone()) is None
                       or row[0] != text]
            if changed:
                raise ConflictError(f"{len(changed)} passages changed while auto-coding (re-imported?); nothing "
                                    "stored: run autocode again")
        codes = {r[0] for r in conn.execute("SELECT id FROM codes")}
        gone = sorted({s.code_id for ss in by_passage.values() for s in ss} - codes)
        if gone:
            raise ConflictError(f"code {', '.join(map(repr, gone))} is no longer in the codebook; nothing stored: "
                                "run autocode again")
        auto_id = project.coder_id(AUTO_CODER)
        decider = project.coder_id(accept_as) if accept_as else None
        stamp = now()
        rows: list[tuple[Any, ...]] = []
        for passage_id, wanted in by_passage.items():
            found = conn.execute("SELECT p.text FROM counted_passages s JOIN passages p ON p.id = s.passage_id "
                                 "WHERE s.passage_id = ?", (passage_id,)).fetchone()
            if found is None:  # interviewer and title text is never suggested
                continue
            text = found[0]
            taken = {(r[0], r[1], r[2]) for r in conn.execute(
                'SELECT code_id, coalesce(start, -1), coalesce("end", -1) FROM codings '
                "WHERE passage_id = ? AND origin != 'manual'", (passage_id,))}
            for s in wanted:
                key = (s.code_id, *_span(s.start, s.end))
                if key in taken:
                    continue
                taken.add(key)
                span = None if s.start is None or s.end is None else text[s.start:s.end]
                rows.append((passage_id, s.code_id, s.start, s.end, span, str(s.origin), s.keyword, s.memo))
        conn.executemany(
            'INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, '
            "memo, created_at, updated_at) VALUES (?,?,?,?,?,?,'suggested',?,?,?,?,?)",
            [(r[0], r[1], auto_id, *r[2:], stamp, stamp) for r in rows])
        if decider is not None:  # the coder's own decision rows; a span they coded by hand already stays theirs
            conn.executemany(
                'INSERT OR IGNORE INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, '
                "keyword, memo, created_at, updated_at) VALUES (?,?,?,?,?,?,'accepted',?,?,?,?,?)",
                [(r[0], r[1], decider, *r[2:], stamp, stamp) for r in rows])
        return len(rows)


def withdraw_suggestions(project: Project, keywords: Iterable[str]) -> int:
    """Delete the suggestions of these keywords (an excluded word must never count); coders' decisions
    stay as they are (and stop counting: views.sql)."""
    with project.transaction() as conn:
        before = conn.total_changes
        conn.executemany("DELETE FROM codings WHERE status = 'suggested' AND lower(keyword) = lower(?)",
                         [(k,) for k in keywords])
        return conn.total_changes - before


def discard(project: Project, ids: Iterable[int], action: str) -> int:
    """Delete codings whose text or code is gone (a re-import, a codebook change) inside the caller's
    transaction, recorded as a system action in the history (which undo never replays)."""
    conn = project.conn
    rows = [r for r in (_row(conn, i) for i in dict.fromkeys(ids)) if r is not None]
    ops = [_op(conn, "delete", row=r) for r in rows]
    conn.executemany("DELETE FROM codings WHERE id = ?", [(r["id"],) for r in rows])
    _record(project, None, action, ops)
    return len(rows)


def relocate(project: Project, moves: Iterable[tuple[int, int, int, int, str]], action: str) -> int:
    """Move codings whose text moved (a re-import edited or merged passages): (coding id, passage id,
    start, end, text) with the same text, inside the caller's transaction, recorded as a system action.
    A coding that would duplicate one its coder already has there is dropped (the same coding).
    Returns how many were dropped so."""
    conn = project.conn
    ops: list[dict[str, Any]] = []
    dropped = 0
    for coding_id, passage_id, start, end, text in moves:
        before = _row(conn, coding_id)
        if before is None:
            continue
        twin = _own(conn, passage_id, before["code_id"], before["coder_id"], start, end)
        if twin is not None and twin["id"] != coding_id:
            conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            ops.append({"op": "delete", "row": before, "passage": {}})
            dropped += 1
            continue
        conn.execute('UPDATE codings SET passage_id = ?, start = ?, "end" = ?, text = ?, updated_at = ? WHERE id = ?',
                     (passage_id, start, end, text, now(), coding_id))
        ops.append({"op": "update", "before": before, "after": _row(conn, coding_id), "passage": {}})
    _record(project, None, action, ops)
    return dropped


def copy_codings(project: Project, rows: Iterable[Row]) -> list[int]:
    """Store codings made elsewhere (merge, codings import, REFI-QDA import) as they are.

    Each row has passage_id, code_id, coder (a name), start, end, and optionally status, origin,
    keyword, memo, created_at. A coding already stored for the same passage, code, coder and span is
    kept as it is; an unreviewed suggestion is skipped when any suggestion or decision of that
    passage, code and span exists (as :func:`add_suggestions` does), and a decided one gets its
    suggestion row. Returns the id of each row's coding (new or existing). Not recorded for undo:
    callers take a backup first.
    """
    ids = []
    with project.transaction() as conn:
        auto_id = None
        for r in rows:
            start, end = r.get("start"), r.get("end")
            text = _respondent_text(_passage(conn, r["passage_id"]), start, end)
            coder_id = project.coder_id(r["coder"])
            status, origin = r.get("status") or Status.ACCEPTED, r.get("origin") or Origin.MANUAL
            span = _span(start, end)
            if origin != Origin.MANUAL:
                found = conn.execute(
                    f"SELECT id, status FROM codings WHERE passage_id = ? AND code_id = ? AND origin != 'manual' "  # noqa: S608
                    f"AND {_SAME_SPAN} ORDER BY id", (r["passage_id"], r["code_id"], *span)).fetchall()
                if status == Status.SUGGESTED and found:
                    ids.append(int(found[0][0]))
                    continue
                if status != Status.SUGGESTED and not any(f["status"] == Status.SUGGESTED for f in found):
                    auto_id = auto_id or project.coder_id(AUTO_CODER)
                    _insert_new(conn, passage_id=r["passage_id"], code_id=r["code_id"], coder_id=auto_id, start=start,
                                end=end, text=text, status=str(Status.SUGGESTED), origin=str(origin),
                                keyword=r.get("keyword"), created_at=r.get("created_at") or now())
                if status == Status.SUGGESTED:
                    coder_id = auto_id = auto_id or project.coder_id(AUTO_CODER)
            stamp = now()
            conn.execute(
                'INSERT OR IGNORE INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, '
                "keyword, memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (r["passage_id"], r["code_id"], coder_id, start, end, text, str(status), str(origin), r.get("keyword"),
                 r.get("memo"), r.get("created_at") or stamp, stamp))
            ids.append(int((_own(conn, r["passage_id"], r["code_id"], coder_id, start, end) or {})["id"]))
    return ids
