"""The paper's respondent tables: who was interviewed (counts by group and by any attribute) and,
per respondent, how much they said and how much of it was coded.

Counting units: a respondent in scope is one with at least one respondent passage in scope (the
filters' transcripts and ``--where``); words and passages are respondent words and passages;
codes and keyword hits count codings in scope (``--coder``, ``--status``) as every report does.
"""

from __future__ import annotations

from typing import Any

from interview_coder.analysis.intervals import wilson
from interview_coder.core.counting import NO_GROUP
from interview_coder.core.table import Table
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters, keyword_hits

ATTRIBUTE_DEFINITIONS = {
    "attribute": "a respondent attribute (from front matter, --group/--attr or a speakers file)",
    "value": "the attribute's value ('(none)' for respondents without it)",
    "respondents": "respondents in scope with this value",
    "respondents_pct": "100 x respondents / all respondents in scope, one decimal",
    "ci_low": "lower end of the 95% Wilson score interval of respondents_pct",
    "ci_high": "upper end of the 95% Wilson score interval of respondents_pct",
}
RESPONDENT_DEFINITIONS = {
    "respondent": "the respondent's key",
    "transcripts": "transcripts the respondent speaks in (names, comma-separated)",
    "passages": "respondent passages in scope",
    "words": "respondent words in those passages (each Han character counts as a word)",
    "coded_passages": "passages with at least one coding in scope",
    "codes": "distinct codes with at least one coding in scope on the respondent's passages",
    "keyword_hits": "auto codings in scope with a keyword (one per occurrence), excluded words left out",
}


def _in_scope(project: Project, filters: Filters) -> list[tuple[int, str]]:
    inner, params = filters.passages_sql()
    sql = (f"SELECT DISTINCT r.id, r.key FROM ({inner}) s JOIN respondents r ON r.id = s.respondent_id "  # noqa: S608
           "ORDER BY r.key")
    return [(r[0], r[1]) for r in project.conn.execute(sql, params)]


def respondents_by_attribute(project: Project, filters: Filters | None = None,
                             attributes: list[str] | None = None) -> Table:
    """Respondents in scope per value of each attribute (every attribute when none are named)."""
    filters = filters or Filters()
    people = _in_scope(project, filters)
    ids = [p[0] for p in people]
    values: dict[str, dict[int, str]] = {}
    for rid, name, value in project.conn.execute("SELECT respondent_id, name, value FROM attributes ORDER BY name"):
        values.setdefault(name, {})[rid] = value
    names = attributes if attributes else sorted(values)
    records: list[dict[str, Any]] = []
    total = len(ids)
    for name in names:
        counts: dict[str, int] = {}
        for rid in ids:
            value = values.get(name, {}).get(rid, NO_GROUP)
            counts[value] = counts.get(value, 0) + 1
        for value in sorted(counts, key=lambda v: (v == NO_GROUP, v)):
            low, high = wilson(counts[value], total)
            records.append({"attribute": name, "value": value, "respondents": counts[value],
                            "respondents_pct": round(100 * counts[value] / total, 1) if total else 0.0,
                            "ci_low": low, "ci_high": high})
    return Table("Respondents by attribute", records, list(ATTRIBUTE_DEFINITIONS),
                 unit=f"respondents in scope ({total} in all)", definitions=ATTRIBUTE_DEFINITIONS)


def respondent_totals_table(project: Project, filters: Filters | None = None, by: str | None = "group") -> Table:
    """One row per respondent in scope: transcripts, passages, words, coded passages, codes, keyword hits."""
    filters = filters or Filters()
    conn = project.conn
    inner, params = filters.passages_sql()
    said = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        f"SELECT s.respondent_id, count(*), coalesce(sum(s.words), 0), "  # noqa: S608 - placeholders only
        f"group_concat(DISTINCT t.name) FROM ({inner}) s JOIN transcripts t ON t.id = s.transcript_id "
        "GROUP BY s.respondent_id", params)}
    codings, cparams = filters.codings_sql()
    coded = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        f"SELECT x.respondent_id, count(DISTINCT x.passage_id), count(DISTINCT x.code_id), "  # noqa: S608
        f"{keyword_hits('x')} FROM ({codings}) x GROUP BY x.respondent_id", cparams)}
    groups = ({r[0]: r[1] for r in conn.execute("SELECT respondent_id, value FROM attributes WHERE name = ?", (by,))}
              if by else {})
    column = by or "group"
    records = []
    for rid, key in _in_scope(project, filters):
        passages, words, names = said.get(rid, (0, 0, ""))
        coded_passages, codes, hits = coded.get(rid, (0, 0, 0))
        records.append({"respondent": key, column: groups.get(rid, NO_GROUP) if by else "all",
                        "transcripts": ", ".join(sorted((names or "").split(","))), "passages": passages,
                        "words": words, "coded_passages": coded_passages, "codes": codes, "keyword_hits": hits})
    definitions = {**RESPONDENT_DEFINITIONS, column: f"the respondent's {column} attribute ('{NO_GROUP}' without it)"}
    columns = ["respondent", column, "transcripts", "passages", "words", "coded_passages", "codes", "keyword_hits"]
    return Table("Respondents", records, columns, unit="one row per respondent in scope", definitions=definitions)
