"""Reading a whole project as plain rows, and small writes, for the REFI-QDA exchange (io/refi.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_coder.core.model import Status
from interview_coder.store.project import Project, now


@dataclass
class Snapshot:
    """Everything a project exchange file carries, as rows (dicts) in a stable order."""

    transcripts: list[dict[str, Any]]
    turns: dict[int, list[dict[str, Any]]]
    passages: dict[int, list[dict[str, Any]]]
    respondents: list[dict[str, Any]]
    attributes: dict[int, list[dict[str, Any]]]
    codings: list[dict[str, Any]]
    coders: list[str]
    memos: list[dict[str, Any]]


def snapshot(project: Project, statuses: tuple[str, ...] = (Status.ACCEPTED,)) -> Snapshot:
    """The project's transcripts, turns, passages, respondents, codings (of ``statuses``) and memos."""
    conn = project.conn

    def rows(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in conn.execute(sql, params)]

    turns: dict[int, list[dict[str, Any]]] = {}
    for r in rows("SELECT tu.*, r.key AS respondent FROM turns tu LEFT JOIN respondents r ON r.id = tu.respondent_id "
                  "ORDER BY tu.transcript_id, tu.seq"):
        turns.setdefault(r["transcript_id"], []).append(r)
    passages: dict[int, list[dict[str, Any]]] = {}
    for r in rows('SELECT id, transcript_id, turn_id, seq, role, start, "end", text FROM passages '
                  "ORDER BY transcript_id, seq"):
        passages.setdefault(r["transcript_id"], []).append(r)
    attributes: dict[int, list[dict[str, Any]]] = {}
    for r in rows("SELECT * FROM attributes ORDER BY respondent_id, name"):
        attributes.setdefault(r["respondent_id"], []).append(r)
    codings = rows(
        f"SELECT c.*, k.name AS coder, p.transcript_id, p.seq AS passage_seq, p.start AS passage_start, "  # noqa: S608
        f'p."end" AS passage_end FROM codings c JOIN coders k ON k.id = c.coder_id '
        f"JOIN passages p ON p.id = c.passage_id WHERE {_exported(statuses)} ORDER BY p.transcript_id, p.seq, c.id")
    memos = rows("SELECT m.*, k.name AS coder FROM memos m LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.id")
    coders = sorted({c["coder"] for c in codings} | {m["coder"] for m in memos if m["coder"]})
    return Snapshot(
        transcripts=rows("SELECT * FROM transcripts ORDER BY name"),
        turns=turns, passages=passages,
        respondents=rows("SELECT r.id, r.key, (SELECT group_concat(DISTINCT tu.transcript_id) FROM turns tu "
                         "WHERE tu.respondent_id = r.id) AS transcript_ids FROM respondents r ORDER BY r.key"),
        attributes=attributes, codings=codings, coders=coders, memos=memos)


def _exported(statuses: tuple[str, ...]) -> str:
    """Which stored codings a full export writes: every accepted coding (counted or not), and with
    'suggested' the suggestions still open (a decided suggestion is its coder's own row)."""
    from interview_coder.store.scope import Filters

    parts = ["c.status = 'accepted'"] if Status.ACCEPTED in statuses else []
    if Status.SUGGESTED in statuses:
        parts.append(Filters().open_sql("c")[0])
    return "(" + " OR ".join(parts or ["0"]) + ")"


def uncounted(project: Project, statuses: tuple[str, ...] = (Status.ACCEPTED,)) -> int:
    """How many codings a full export writes that no report counts (on interviewer passages, or the
    hits of excluded words): the export says so."""
    return int(project.conn.execute(
        f"SELECT count(*) FROM codings c WHERE {_exported(statuses)} "  # noqa: S608 - our SQL
        "AND c.id NOT IN (SELECT id FROM countable_codings)").fetchone()[0])


def add_memo(project: Project, target: str, target_id: str, text: str, coder: str | None) -> bool:
    """Add a memo unless the same one is there; inside the caller's transaction. True if added."""
    conn = project.conn
    coder_id = project.coder_id(coder) if coder else None
    if conn.execute("SELECT 1 FROM memos WHERE target = ? AND target_id = ? AND text = ? AND coder_id IS ?",
                    (target, target_id, text, coder_id)).fetchone():
        return False
    stamp = now()
    conn.execute("INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                 (target, target_id, coder_id, text, stamp, stamp))
    return True


def join_respondents(project: Project, keys: list[str], into: str) -> None:
    """Make the passages and turns of respondents ``keys`` belong to respondent ``into`` (one person, many files)."""
    conn = project.conn
    target = conn.execute("SELECT id FROM respondents WHERE key = ?", (into,)).fetchone()
    for key in keys:
        row = conn.execute("SELECT id FROM respondents WHERE key = ?", (key,)).fetchone()
        if row is None or key == into:
            continue
        if target is None:
            conn.execute("UPDATE respondents SET key = ? WHERE id = ?", (into, row[0]))
            target = (row[0],)
            continue
        conn.execute("UPDATE turns SET respondent_id = ? WHERE respondent_id = ?", (target[0], row[0]))
        conn.execute("UPDATE passages SET respondent_id = ? WHERE respondent_id = ?", (target[0], row[0]))
        conn.execute("DELETE FROM attributes WHERE respondent_id = ?", (row[0],))
        conn.execute("DELETE FROM respondents WHERE id = ?", (row[0],))


def overlapping_passages(project: Project, transcript_id: int, start: int, end: int) -> list[dict[str, Any]]:
    """Respondent passages of a transcript that share at least one character with [start, end)."""
    return [dict(r) for r in project.conn.execute(
        'SELECT id, seq, start, "end" FROM passages WHERE transcript_id = ? AND role = \'respondent\' '
        'AND start < ? AND "end" > ? ORDER BY seq', (transcript_id, end, start))]


def set_source_sha256(project: Project, transcript_id: int, digest: str) -> None:
    """Keep the change-detection hash an exported transcript had, so re-importing its file finds it unchanged."""
    project.conn.execute("UPDATE transcripts SET source_sha256 = ? WHERE id = ?", (digest, transcript_id))
