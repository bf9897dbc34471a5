"""Read-only questions the CLI and TUI ask of a project. Every count reads the counting scope
(store/scope.py, views.sql): the same figures reports print."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from interview_coder.core.model import Status
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters


class TranscriptRow(TypedDict):
    """One transcript as ``transcripts list`` shows it (the JSON/CSV field names)."""

    id: int
    name: str
    language: str
    format: str
    encoding: str | None
    source: str | None
    """The original file's path: private to this machine, never exported."""
    respondents: str | None
    """Respondent ids, comma-separated."""
    group: str | None
    """Their groups, comma-separated."""
    turns: int
    interviewer_turns: int
    passages: int
    """Counted (respondent) passages."""
    words: int
    """Respondent words."""
    codings: int
    """Accepted codings that count."""
    suggestions: int
    """Suggestions still open."""


class PassageRow(TypedDict):
    """One passage as ``transcripts show`` shows it."""

    id: int
    seq: int
    turn: int
    speaker: str | None
    role: str
    respondent: str | None
    start: int
    end: int
    text: str
    time_start: float | None
    time_end: float | None
    codes: str | None
    """Codes of its accepted codings that count, space-separated."""


class CodingCounts(TypedDict):
    """Codings on counted passages, by status."""

    accepted: int
    """That count (countable_codings)."""
    suggested: int
    """Still open."""
    rejected: int


class ProjectStatus(TypedDict):
    """What ``status`` prints (the JSON field names)."""

    project: str
    transcripts: int
    respondents: int
    respondents_by_group: dict[str, int]
    turns: int
    interviewer_turns: int
    passages: int
    respondent_words: int
    factors: int
    codes: int
    keywords: int
    codings: CodingCounts
    codings_not_counted: int
    """Accepted codings stored that no report counts (interviewer passages, excluded words)."""
    coders: list[str]


def _per_transcript(project: Project, filters: Filters) -> dict[int, int]:
    inner, params = filters.codings_sql()
    return dict(project.conn.execute(f"SELECT x.transcript_id, count(*) FROM ({inner}) x GROUP BY 1",  # noqa: S608
                                     params).fetchall())


def transcript_rows(project: Project) -> list[TranscriptRow]:
    """One row per transcript: respondent(s), group, language, turns, counted passages and their
    words, accepted codings that count and suggestions still open."""
    sql = """
    SELECT t.id, t.name, t.language, t.format, t.encoding, t.source,
           (SELECT group_concat(DISTINCT r.key) FROM turns tu JOIN respondents r ON r.id = tu.respondent_id
             WHERE tu.transcript_id = t.id) AS respondents,
           (SELECT group_concat(DISTINCT a.value) FROM turns tu JOIN attributes a
             ON a.respondent_id = tu.respondent_id AND a.name = 'group' WHERE tu.transcript_id = t.id) AS "group",
           (SELECT count(*) FROM turns tu WHERE tu.transcript_id = t.id) AS turns,
           (SELECT count(*) FROM turns tu WHERE tu.transcript_id = t.id AND tu.role = 'interviewer') AS interviewer_turns,
           (SELECT count(*) FROM counted_passages s WHERE s.transcript_id = t.id) AS passages,
           (SELECT coalesce(sum(s.words), 0) FROM counted_passages s WHERE s.transcript_id = t.id) AS words
    FROM transcripts t ORDER BY t.name
    """
    accepted, still_open = _per_transcript(project, Filters()), _per_transcript(project, Filters(status=Status.SUGGESTED))
    # the SELECT's columns are TranscriptRow's fields (a cast: sqlite3 rows carry no types)
    return [cast(TranscriptRow, {**dict(r), "codings": accepted.get(r["id"], 0), "suggestions": still_open.get(r["id"], 0)})
            for r in project.conn.execute(sql)]


class TranscriptRecord(TypedDict):
    """A stored transcript (the transcripts table, schema.sql)."""

    id: int
    name: str
    source: str
    format: str
    encoding: str
    text: str
    text_sha256: str
    source_sha256: str
    language: str
    preamble: str
    imported_at: str


def find_transcript(project: Project, name: str) -> TranscriptRecord | None:
    """The transcript named ``name`` (or with that id), None if there is none."""
    row = project.conn.execute("SELECT * FROM transcripts WHERE name = ? OR CAST(id AS TEXT) = ?", (name, name)).fetchone()
    return None if row is None else cast(TranscriptRecord, dict(row))


def passage_rows(project: Project, transcript_id: int) -> list[PassageRow]:
    """Every passage of a transcript in order, with its speaker, role, respondent and codes."""
    sql = """
    SELECT p.id, p.seq, tu.seq AS turn, tu.speaker, p.role, r.key AS respondent, p.start, p."end", p.text,
           tu.time_start, tu.time_end,
           (SELECT group_concat(c.code_id, ' ') FROM countable_codings c WHERE c.passage_id = p.id
             AND c.status = 'accepted') AS codes
    FROM passages p JOIN turns tu ON tu.id = p.turn_id LEFT JOIN respondents r ON r.id = p.respondent_id
    WHERE p.transcript_id = ? ORDER BY p.seq
    """
    return [cast(PassageRow, dict(r)) for r in project.conn.execute(sql, (transcript_id,))]


def respondent_attributes(project: Project) -> dict[str, dict[str, str | int | float]]:
    """Every respondent (by key) with its attributes, as stored: integers, reals or text."""
    out: dict[str, dict[str, str | int | float]] = {}
    for r in project.conn.execute(
            "SELECT r.key, a.name, a.value, a.type FROM respondents r LEFT JOIN attributes a ON a.respondent_id = r.id "
            "ORDER BY r.key"):
        attrs = out.setdefault(r["key"], {})
        if r["name"] is not None:
            attrs[r["name"]] = int(r["value"]) if r["type"] == "integer" else float(r["value"]) if r["type"] == "real" else r["value"]
    return out


def status(project: Project) -> ProjectStatus:
    """What the project holds: transcripts, respondents per group, counted passages, codings that
    count (accepted), suggestions still open, rejections, and stored codings that do not count."""
    conn = project.conn

    def one(sql: str, *params: Any) -> Any:
        return conn.execute(sql, params).fetchone()[0]

    groups = {r[0] or "(none)": r[1] for r in conn.execute(
        "SELECT a.value, count(DISTINCT s.respondent_id) FROM counted_passages s "
        "LEFT JOIN attributes a ON a.respondent_id = s.respondent_id AND a.name = 'group' GROUP BY a.value "
        "ORDER BY a.value")}

    def count(filters: Filters) -> int:
        inner, params = filters.codings_sql()
        return int(one(f"SELECT count(*) FROM ({inner})", *params))  # noqa: S608

    return {
        "project": str(project.path),
        "transcripts": one("SELECT count(*) FROM transcripts"),
        "respondents": one("SELECT count(DISTINCT respondent_id) FROM counted_passages"),
        "respondents_by_group": groups,
        "turns": one("SELECT count(*) FROM turns"),
        "interviewer_turns": one("SELECT count(*) FROM turns WHERE role = 'interviewer'"),
        "passages": one("SELECT count(*) FROM counted_passages"),
        "respondent_words": one("SELECT coalesce(sum(words), 0) FROM counted_passages"),
        "factors": one("SELECT count(*) FROM factors"),
        "codes": one("SELECT count(*) FROM codes"),
        "keywords": one("SELECT count(*) FROM keywords WHERE kind = 'include'"),
        "codings": CodingCounts(
            accepted=count(Filters()), suggested=count(Filters(status=Status.SUGGESTED)),
            rejected=one("SELECT count(*) FROM codings c JOIN counted_passages s ON s.passage_id = c.passage_id "
                         "WHERE c.status = 'rejected'")),
        "codings_not_counted": one("SELECT count(*) FROM codings WHERE status = 'accepted' AND id NOT IN "
                                   "(SELECT id FROM countable_codings)"),
        "coders": [r[0] for r in conn.execute("SELECT name FROM coders ORDER BY name")],
    }
