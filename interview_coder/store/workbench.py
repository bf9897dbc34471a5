"""Read-only questions the coding workbench (TUI) asks: overview rows, a transcript's passages and
codings, code counts and the coder's quick codes.

Every count reads the counting scope (store/scope.py, views.sql), the same as reports and
``status``. Counting units: ``passages`` are counted (respondent) passages; a passage is *reviewed*
for a coder when the coder marked it reviewed, or it has a decision in scope (an accepted coding or a
rejection) and no suggestion open for the coder; ``suggestions`` are suggestions open for the coder
(one per keyword hit); code counts are counted passages with an accepted, countable coding of the code
(anyone's in a shared project, the coder's own when coders code independently).
"""

from __future__ import annotations

import json
from typing import TypedDict, cast

from interview_coder.core.model import Mode
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters, coding_mode, deciders_sql, open_sql, visible_sql

PINNED_SETTING = "tui.pinned"


def _coder_id(project: Project, coder: str | None) -> int | None:
    row = project.conn.execute("SELECT id FROM coders WHERE name = ?", (coder,)).fetchone() if coder else None
    return None if row is None else int(row[0])


def counting_filters(project: Project, coder: str | None) -> Filters:
    """Whose accepted codings the workbench counts: everyone's, or the coder's own when coders code
    independently (blind)."""
    if coder is None or coding_mode(project) != Mode.INDEPENDENT or _coder_id(project, coder) is None:
        return Filters()
    return Filters(coders=(coder,))


def reviewed_sql(project: Project, coder: str | None, few: bool = False) -> str:
    """SQL condition on counted passage ``s`` (views.sql): reviewed for the coder (see the module doc).

    One rule, two plans: by default non-correlated ``IN (...)`` sets, which SQLite builds once per
    statement (a whole project in well under a second, where the correlated form took minutes on
    the 1,000-transcript benchmark project); ``few`` the correlated ``EXISTS`` form, for a handful
    of passages (milliseconds each, where building the sets costs a quarter of a second)."""
    mode, cid = coding_mode(project), _coder_id(project, coder)
    among = deciders_sql(mode, [] if cid is None else [cid])
    by = f" AND {{t}}.coder_id IN ({among})" if among else ""

    def having(table: str, alias: str, cond: str) -> str:
        if few:
            return f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.passage_id = s.passage_id AND {cond})"  # noqa: S608
        return f"s.passage_id IN (SELECT {alias}.passage_id FROM {table} {alias} WHERE {cond})"  # noqa: S608

    marked = having("passage_reviews", "r", f"1{by.format(t='r')}")
    decided = (f"{having('countable_codings', 'd', f'd.status = {chr(39)}accepted{chr(39)}' + by.format(t='d'))} OR "
               f"{having('codings', 'd', f'd.status = {chr(39)}rejected{chr(39)}' + by.format(t='d'))}")
    still_open = having("countable_codings", "c", open_sql("c", mode, [] if cid is None else [cid]))
    return f"({marked} OR (({decided}) AND NOT {still_open}))"


class OverviewRow(TypedDict):
    """One transcript on the workbench's overview."""

    id: int
    name: str
    language: str
    respondents: str
    """Respondent ids, comma-separated."""
    group: str
    """Their groups, comma-separated."""
    passages: int
    """Counted (respondent) passages."""
    reviewed: int
    """Of those, reviewed for the coder (see the module doc)."""
    suggestions: int
    """Suggestions still open for the coder."""


class TranscriptInfo(TypedDict):
    id: int
    name: str
    language: str
    source: str | None


def overview_rows(project: Project, coder: str | None = None) -> list[OverviewRow]:
    """One row per transcript: respondents, group, language, passages, reviewed, open suggestions."""
    conn = project.conn
    rows = {r["id"]: OverviewRow(id=r["id"], name=r["name"], language=r["language"], respondents="", group="",
                                 passages=0, reviewed=0, suggestions=0)
            for r in conn.execute("SELECT id, name, language FROM transcripts ORDER BY name")}
    people: dict[int, dict[str, str]] = {}
    for r in conn.execute(
            "SELECT DISTINCT s.transcript_id, r.key, a.value FROM counted_passages s "
            "JOIN respondents r ON r.id = s.respondent_id "
            "LEFT JOIN attributes a ON a.respondent_id = r.id AND a.name = 'group'"):
        people.setdefault(r[0], {})[r[1]] = r[2] or ""
    for tid, keys in people.items():
        if tid in rows:
            rows[tid]["respondents"] = ",".join(sorted(keys))
            rows[tid]["group"] = ",".join(sorted({g for g in keys.values() if g}))
    for r in conn.execute(f"SELECT s.transcript_id, count(*), sum({reviewed_sql(project, coder)}) "  # noqa: S608
                          "FROM counted_passages s GROUP BY s.transcript_id"):
        if r[0] in rows:
            rows[r[0]]["passages"], rows[r[0]]["reviewed"] = r[1], r[2]
    cid = _coder_id(project, coder)
    for r in conn.execute(f"SELECT c.transcript_id, count(*) FROM countable_codings c WHERE "  # noqa: S608
                          f"{open_sql('c', coding_mode(project), [] if cid is None else [cid])} GROUP BY 1"):
        if r[0] in rows:
            rows[r[0]]["suggestions"] = r[1]
    return list(rows.values())


def transcript_info(project: Project, transcript_id: int) -> TranscriptInfo | None:
    row = project.conn.execute("SELECT id, name, language, source FROM transcripts WHERE id = ?",
                               (transcript_id,)).fetchone()
    return None if row is None else TranscriptInfo(id=row["id"], name=row["name"], language=row["language"],
                                                   source=row["source"])


class ReaderPassage(TypedDict):
    """A passage as the reader shows it."""

    id: int
    seq: int
    turn: int
    speaker: str | None
    role: str
    respondent: str | None
    text: str
    time_start: float | None
    time_end: float | None


class ReaderCoding(TypedDict):
    """A coding as the reader shows it (``start``/``end`` inside its passage; None: the whole passage)."""

    id: int
    passage_id: int
    code_id: str
    coder: str
    start: int | None
    end: int | None
    text: str | None
    status: str
    origin: str
    keyword: str | None
    memo: str | None


def reader_passages(project: Project, transcript_id: int) -> list[ReaderPassage]:
    """Every passage of a transcript in order with its turn, speaker, role, respondent and the turn's
    timestamps (seconds, from transcription-tool exports; None otherwise)."""
    sql = ("SELECT p.id, p.seq, tu.seq AS turn, tu.speaker, p.role, r.key AS respondent, p.text, "
           "tu.time_start, tu.time_end "
           "FROM passages p JOIN turns tu ON tu.id = p.turn_id LEFT JOIN respondents r ON r.id = p.respondent_id "
           "WHERE p.transcript_id = ? ORDER BY p.seq")
    return [cast(ReaderPassage, dict(r)) for r in project.conn.execute(sql, (transcript_id,))]


_CODING_COLUMNS = ('c.id, c.passage_id, c.code_id, k.name AS coder, c.start, c."end", c.text, c.status, c.origin, '
                   "c.keyword, c.memo")


def _visible(project: Project, coder: str | None) -> str:
    return visible_sql("c", coding_mode(project), _coder_id(project, coder))


def reader_codings(project: Project, transcript_id: int, coder: str | None = None) -> dict[int, list[ReaderCoding]]:
    """The codings the coder's workbench shows on a transcript, by passage id (store.scope.visible_sql:
    accepted codings, anyone's or the coder's own when coding independently, and suggestions still
    open for the coder; never rejections)."""
    out: dict[int, list[ReaderCoding]] = {}
    sql = (f"SELECT {_CODING_COLUMNS} FROM codings c JOIN passages p ON p.id = c.passage_id "  # noqa: S608 - constant
           f"JOIN coders k ON k.id = c.coder_id WHERE p.transcript_id = ? AND {_visible(project, coder)} "
           "ORDER BY c.passage_id, coalesce(c.start, -1), c.id")
    for r in project.conn.execute(sql, (transcript_id,)):
        out.setdefault(r["passage_id"], []).append(cast(ReaderCoding, dict(r)))
    return out


def passage_codings(project: Project, passage_id: int, coder: str | None = None) -> list[ReaderCoding]:
    """The codings the coder's workbench shows on one passage, passage-level ones first, then by span start."""
    sql = (f"SELECT {_CODING_COLUMNS} FROM codings c JOIN coders k ON k.id = c.coder_id "  # noqa: S608 - constant
           f"WHERE c.passage_id = ? AND {_visible(project, coder)} ORDER BY coalesce(c.start, -1), c.id")
    return [cast(ReaderCoding, dict(r)) for r in project.conn.execute(sql, (passage_id,))]


def code_counts(project: Project, transcript_id: int | None = None, code_ids: list[str] | None = None,
                coder: str | None = None) -> dict[str, tuple[int, int]]:
    """Per code: (counted passages in this transcript, counted passages in the project) with an
    accepted coding in scope (:func:`counting_filters`): the figures ``report frequencies`` prints."""
    inner, params = counting_filters(project, coder).codings_sql()
    where, extra = "", []
    if code_ids is not None:
        where = f" WHERE x.code_id IN ({','.join('?' * len(code_ids))})"
        extra = list(code_ids)
    out = {}
    for r in project.conn.execute(
            f"SELECT x.code_id, count(DISTINCT CASE WHEN x.transcript_id = ? THEN x.passage_id END), "  # noqa: S608
            f"count(DISTINCT x.passage_id) FROM ({inner}) x{where} GROUP BY x.code_id",
            [transcript_id, *params, *extra]):
        out[r[0]] = (r[1], r[2])
    return out


def pinned_codes(project: Project, coder: str) -> list[str]:
    value = project.setting(f"{PINNED_SETTING}.{coder}")
    return list(json.loads(value)) if value else []


def set_pinned_codes(project: Project, coder: str, codes: list[str]) -> None:
    project.set_setting(f"{PINNED_SETTING}.{coder}", json.dumps(codes, ensure_ascii=False))


def quick_codes(project: Project, coder: str, n: int = 9) -> list[str]:
    """The coder's number-key codes: pinned codes first, then the codes they applied most."""
    out = [c for c in pinned_codes(project, coder)]
    inner, params = Filters(coders=(coder,)).codings_sql()
    for r in project.conn.execute(
            f"SELECT x.code_id, count(*) AS n FROM ({inner}) x GROUP BY x.code_id ORDER BY n DESC, x.code_id",  # noqa: S608
            params):
        if r[0] not in out:
            out.append(r[0])
    if len(out) < n:
        out += [r[0] for r in project.conn.execute("SELECT id FROM codes ORDER BY seq") if r[0] not in out]
    return out[:n]


def coder_names(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT name FROM coders ORDER BY name")]


def group_names(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT value FROM attributes WHERE name = 'group' ORDER BY value")]
