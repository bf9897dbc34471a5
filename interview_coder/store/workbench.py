"""Read-only questions the coding workbench (TUI) asks: overview rows, a transcript's passages and
codings, code counts and the coder's quick codes.

Counting units: ``passages`` are respondent passages; a passage is *reviewed* when it has at least
one accepted or rejected coding and no open suggestion; ``suggestions`` are codings with status
'suggested' (one per keyword hit); code counts are respondent passages with an accepted coding of
the code (any coder).
"""

from __future__ import annotations

import json
from typing import Any

from interview_coder.store.project import Project

PINNED_SETTING = "tui.pinned"


def overview_rows(project: Project) -> list[dict[str, Any]]:
    """One row per transcript: respondents, group, language, passages, reviewed, open suggestions."""
    conn = project.conn
    rows = {r["id"]: {"id": r["id"], "name": r["name"], "language": r["language"], "respondents": "",
                      "group": "", "passages": 0, "reviewed": 0, "suggestions": 0}
            for r in conn.execute("SELECT id, name, language FROM transcripts ORDER BY name")}
    people: dict[int, dict[str, str]] = {}
    for r in conn.execute(
            "SELECT DISTINCT p.transcript_id, r.key, a.value FROM passages p JOIN respondents r ON r.id = p.respondent_id "
            "LEFT JOIN attributes a ON a.respondent_id = r.id AND a.name = 'group' WHERE p.role = 'respondent'"):
        people.setdefault(r[0], {})[r[1]] = r[2] or ""
    for tid, keys in people.items():
        if tid in rows:
            rows[tid]["respondents"] = ",".join(sorted(keys))
            rows[tid]["group"] = ",".join(sorted({g for g in keys.values() if g}))
    for r in conn.execute("SELECT transcript_id, count(*) FROM passages WHERE role = 'respondent' GROUP BY transcript_id"):
        if r[0] in rows:
            rows[r[0]]["passages"] = r[1]
    for r in conn.execute(
            "SELECT p.transcript_id, sum(c.status = 'suggested') AS open, sum(c.status != 'suggested') AS decided "
            "FROM codings c JOIN passages p ON p.id = c.passage_id GROUP BY c.passage_id"):
        row = rows.get(r[0])
        if row is None:
            continue
        row["suggestions"] += r["open"]
        if r["open"] == 0 and r["decided"] > 0:
            row["reviewed"] += 1
    return list(rows.values())


def transcript_info(project: Project, transcript_id: int) -> dict[str, Any] | None:
    row = project.conn.execute("SELECT id, name, language, source FROM transcripts WHERE id = ?",
                               (transcript_id,)).fetchone()
    return None if row is None else dict(row)


def reader_passages(project: Project, transcript_id: int) -> list[dict[str, Any]]:
    """Every passage of a transcript in order with its turn, speaker, role, respondent and the turn's
    timestamps (seconds, from transcription-tool exports; None otherwise)."""
    sql = ("SELECT p.id, p.seq, tu.seq AS turn, tu.speaker, p.role, r.key AS respondent, p.text, "
           "tu.time_start, tu.time_end "
           "FROM passages p JOIN turns tu ON tu.id = p.turn_id LEFT JOIN respondents r ON r.id = p.respondent_id "
           "WHERE p.transcript_id = ? ORDER BY p.seq")
    return [dict(r) for r in project.conn.execute(sql, (transcript_id,))]


_CODING_COLUMNS = ('c.id, c.passage_id, c.code_id, k.name AS coder, c.start, c."end", c.text, c.status, c.origin, '
                   "c.keyword, c.memo")


def reader_codings(project: Project, transcript_id: int) -> dict[int, list[dict[str, Any]]]:
    """Accepted and suggested codings of a transcript by passage id (rejected ones are not shown)."""
    out: dict[int, list[dict[str, Any]]] = {}
    sql = (f"SELECT {_CODING_COLUMNS} FROM codings c JOIN passages p ON p.id = c.passage_id "  # noqa: S608 - constant
           "JOIN coders k ON k.id = c.coder_id WHERE p.transcript_id = ? AND c.status != 'rejected' "
           "ORDER BY c.passage_id, coalesce(c.start, -1), c.id")
    for r in project.conn.execute(sql, (transcript_id,)):
        out.setdefault(r["passage_id"], []).append(dict(r))
    return out


def passage_codings(project: Project, passage_id: int) -> list[dict[str, Any]]:
    """Accepted and suggested codings of one passage, passage-level ones first, then by span start."""
    sql = (f"SELECT {_CODING_COLUMNS} FROM codings c JOIN coders k ON k.id = c.coder_id "  # noqa: S608 - constant
           "WHERE c.passage_id = ? AND c.status != 'rejected' ORDER BY coalesce(c.start, -1), c.id")
    return [dict(r) for r in project.conn.execute(sql, (passage_id,))]


def code_counts(project: Project, transcript_id: int | None = None,
                code_ids: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Per code: (passages in this transcript, passages in the project) with an accepted coding."""
    conn = project.conn
    where, params = "", []
    if code_ids is not None:
        where = f" AND c.code_id IN ({','.join('?' * len(code_ids))})"
        params = list(code_ids)
    total = {r[0]: r[1] for r in conn.execute(
        f"SELECT c.code_id, count(DISTINCT c.passage_id) FROM codings c WHERE c.status = 'accepted'{where} "  # noqa: S608
        "GROUP BY c.code_id", params)}
    here: dict[str, int] = {}
    if transcript_id is not None:
        head = ("SELECT c.code_id, count(DISTINCT c.passage_id) FROM codings c JOIN passages p ON p.id = c.passage_id "
                "WHERE p.transcript_id = ? AND c.status = 'accepted'")
        sql = f"{head}{where} GROUP BY c.code_id"  # placeholders only
        here = {r[0]: r[1] for r in conn.execute(sql, [transcript_id, *params])}
    return {code: (here.get(code, 0), n) for code, n in total.items()}


def pinned_codes(project: Project, coder: str) -> list[str]:
    value = project.setting(f"{PINNED_SETTING}.{coder}")
    return list(json.loads(value)) if value else []


def set_pinned_codes(project: Project, coder: str, codes: list[str]) -> None:
    project.set_setting(f"{PINNED_SETTING}.{coder}", json.dumps(codes, ensure_ascii=False))


def quick_codes(project: Project, coder: str, n: int = 9) -> list[str]:
    """The coder's number-key codes: pinned codes first, then the codes they applied most."""
    out = [c for c in pinned_codes(project, coder)]
    for r in project.conn.execute(
            "SELECT c.code_id, count(*) AS n FROM codings c JOIN coders k ON k.id = c.coder_id "
            "WHERE k.name = ? AND c.status = 'accepted' GROUP BY c.code_id ORDER BY n DESC, c.code_id", (coder,)):
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
