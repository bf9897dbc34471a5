"""Memos: a coder's notes on the project, a transcript, a passage, a code or a coding.

Each coder has at most one memo per target; saving empty text deletes it. A coding's memo is the
coding's own ``memo`` column, written through ``store.codings.set_memo`` (the one coding writer,
so it can be undone). Each save is one transaction.
"""

from __future__ import annotations

from typing import TypedDict, cast

from interview_coder.errors import InputError
from interview_coder.store import codings
from interview_coder.store.project import Project, now

TARGETS = ("project", "transcript", "passage", "code", "coding")


class MemoRow(TypedDict):
    """One memo: what it is about (``target`` and its id as text), who wrote it, the text."""

    target: str
    target_id: str
    coder: str | None
    text: str
    updated_at: str


class OtherMemo(TypedDict):
    """Another coder's memo on the same target."""

    coder: str
    text: str
    updated_at: str


def _check(target: str) -> None:
    if target not in TARGETS:
        raise InputError(f"memo target must be one of {', '.join(TARGETS)}, not {target!r}")


def get_memo(project: Project, target: str, target_id: str | int, coder: str) -> str:
    """This coder's memo on the target ('' when none); a coding's memo whoever wrote it."""
    _check(target)
    conn = project.conn
    if target == "coding":
        row = conn.execute("SELECT memo FROM codings WHERE id = ?", (int(target_id),)).fetchone()
        if row is None:
            raise InputError(f"no coding with id {target_id}")
        return row[0] or ""
    row = conn.execute(
        "SELECT m.text FROM memos m JOIN coders k ON k.id = m.coder_id WHERE m.target = ? AND m.target_id = ? "
        "AND k.name = ?", (target, str(target_id), coder)).fetchone()
    return "" if row is None else str(row[0])


def other_memos(project: Project, target: str, target_id: str | int, coder: str) -> list[OtherMemo]:
    """Other coders' memos on the target: coder, text, updated_at."""
    _check(target)
    return [cast(OtherMemo, dict(r)) for r in project.conn.execute(
        "SELECT k.name AS coder, m.text, m.updated_at FROM memos m JOIN coders k ON k.id = m.coder_id "
        "WHERE m.target = ? AND m.target_id = ? AND k.name != ? ORDER BY k.name", (target, str(target_id), coder))]


def set_memo(project: Project, target: str, target_id: str | int, text: str, coder: str) -> None:
    """Save (or, with empty text, delete) this coder's memo on the target, in one transaction."""
    _check(target)
    text = text.rstrip()
    if target == "coding":
        codings.set_memo(project, int(target_id), text or None, coder)
        return
    with project.transaction() as conn:
        if target == "passage" and conn.execute("SELECT 1 FROM passages WHERE id = ?", (int(target_id),)).fetchone() is None:
            raise InputError(f"no passage with id {target_id}")
        if target == "transcript" and conn.execute(
                "SELECT 1 FROM transcripts WHERE id = ?", (int(target_id),)).fetchone() is None:
            raise InputError(f"no transcript with id {target_id}")
        if target == "code" and conn.execute("SELECT 1 FROM codes WHERE id = ?", (str(target_id),)).fetchone() is None:
            raise InputError(f"no code {target_id!r} in the codebook")
        coder_id = project.coder_id(coder)
        row = conn.execute("SELECT id FROM memos WHERE target = ? AND target_id = ? AND coder_id = ?",
                           (target, str(target_id), coder_id)).fetchone()
        stamp = now()
        if row is not None and not text:
            conn.execute("DELETE FROM memos WHERE id = ?", (row[0],))
        elif row is not None:
            conn.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?", (text, stamp, row[0]))
        elif text:
            conn.execute("INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) "
                         "VALUES (?,?,?,?,?,?)", (target, str(target_id), coder_id, text, stamp, stamp))


def passages_with_memos(project: Project, transcript_id: int) -> set[int]:
    """Ids of this transcript's passages that have a memo by anyone."""
    return {int(r[0]) for r in project.conn.execute(
        "SELECT DISTINCT target_id FROM memos WHERE target = 'passage' AND target_id IN "
        "(SELECT CAST(id AS TEXT) FROM passages WHERE transcript_id = ?)", (transcript_id,))}


def memo_rows(project: Project) -> list[MemoRow]:
    """Every memo: target, target_id, coder, text, updated_at (coding memos included)."""
    rows = [cast(MemoRow, dict(r)) for r in project.conn.execute(
        "SELECT m.target, m.target_id, k.name AS coder, m.text, m.updated_at FROM memos m "
        "LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.target, m.target_id, k.name")]
    rows += [cast(MemoRow, dict(r)) for r in project.conn.execute(
        "SELECT 'coding' AS target, CAST(c.id AS TEXT) AS target_id, k.name AS coder, c.memo AS text, c.updated_at "
        "FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.memo IS NOT NULL ORDER BY c.id")]
    return rows
