"""Read-only questions the CLI and TUI ask of a project."""

from __future__ import annotations

from typing import Any

from interview_coder.store.project import Project


def transcript_rows(project: Project) -> list[dict[str, Any]]:
    """One row per transcript: respondent(s), group, language, passages and codings."""
    sql = """
    SELECT t.id, t.name, t.language, t.format, t.encoding, t.source,
           (SELECT group_concat(DISTINCT r.key) FROM turns tu JOIN respondents r ON r.id = tu.respondent_id
             WHERE tu.transcript_id = t.id) AS respondents,
           (SELECT group_concat(DISTINCT a.value) FROM turns tu JOIN attributes a
             ON a.respondent_id = tu.respondent_id AND a.name = 'group' WHERE tu.transcript_id = t.id) AS "group",
           (SELECT count(*) FROM turns tu WHERE tu.transcript_id = t.id) AS turns,
           (SELECT count(*) FROM turns tu WHERE tu.transcript_id = t.id AND tu.role = 'interviewer') AS interviewer_turns,
           (SELECT count(*) FROM passages p WHERE p.transcript_id = t.id AND p.role = 'respondent') AS passages,
           (SELECT coalesce(sum(p.words), 0) FROM passages p WHERE p.transcript_id = t.id) AS words,
           (SELECT count(*) FROM codings c JOIN passages p ON p.id = c.passage_id
             WHERE p.transcript_id = t.id AND c.status = 'accepted') AS codings,
           (SELECT count(*) FROM codings c JOIN passages p ON p.id = c.passage_id
             WHERE p.transcript_id = t.id AND c.status = 'suggested') AS suggestions
    FROM transcripts t ORDER BY t.name
    """
    return [dict(r) for r in project.conn.execute(sql)]


def find_transcript(project: Project, name: str) -> dict[str, Any] | None:
    row = project.conn.execute("SELECT * FROM transcripts WHERE name = ? OR CAST(id AS TEXT) = ?", (name, name)).fetchone()
    return None if row is None else dict(row)


def passage_rows(project: Project, transcript_id: int) -> list[dict[str, Any]]:
    """Every passage of a transcript in order, with its speaker, role, respondent and codes."""
    sql = """
    SELECT p.id, p.seq, tu.seq AS turn, tu.speaker, p.role, r.key AS respondent, p.start, p."end", p.text,
           tu.time_start, tu.time_end,
           (SELECT group_concat(c.code_id, ' ') FROM codings c WHERE c.passage_id = p.id AND c.status = 'accepted')
             AS codes
    FROM passages p JOIN turns tu ON tu.id = p.turn_id LEFT JOIN respondents r ON r.id = p.respondent_id
    WHERE p.transcript_id = ? ORDER BY p.seq
    """
    return [dict(r) for r in project.conn.execute(sql, (transcript_id,))]


def respondent_attributes(project: Project) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in project.conn.execute(
            "SELECT r.key, a.name, a.value, a.type FROM respondents r LEFT JOIN attributes a ON a.respondent_id = r.id "
            "ORDER BY r.key"):
        attrs = out.setdefault(r["key"], {})
        if r["name"] is not None:
            attrs[r["name"]] = int(r["value"]) if r["type"] == "integer" else float(r["value"]) if r["type"] == "real" else r["value"]
    return out


def status(project: Project) -> dict[str, Any]:
    """What the project holds: transcripts, respondents per group, passages, codings by status."""
    conn = project.conn
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    groups = {r[0] or "(none)": r[1] for r in conn.execute(
        "SELECT a.value, count(DISTINCT r.id) FROM respondents r "
        "LEFT JOIN attributes a ON a.respondent_id = r.id AND a.name = 'group' GROUP BY a.value ORDER BY a.value")}
    by_status = {r[0]: r[1] for r in conn.execute("SELECT status, count(*) FROM codings GROUP BY status")}
    return {
        "project": str(project.path),
        "transcripts": one("SELECT count(*) FROM transcripts"),
        "respondents": one("SELECT count(*) FROM respondents"),
        "respondents_by_group": groups,
        "turns": one("SELECT count(*) FROM turns"),
        "interviewer_turns": one("SELECT count(*) FROM turns WHERE role = 'interviewer'"),
        "passages": one("SELECT count(*) FROM passages WHERE role = 'respondent'"),
        "respondent_words": one("SELECT coalesce(sum(words), 0) FROM passages WHERE role = 'respondent'"),
        "factors": one("SELECT count(*) FROM factors"),
        "codes": one("SELECT count(*) FROM codes"),
        "keywords": one("SELECT count(*) FROM keywords WHERE kind = 'include'"),
        "codings": {s: by_status.get(s, 0) for s in ("accepted", "suggested", "rejected")},
        "coders": [r[0] for r in conn.execute("SELECT name FROM coders ORDER BY name")],
    }
