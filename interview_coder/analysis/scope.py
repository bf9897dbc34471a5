"""What every report shares: the groups (a respondent attribute) and the respondents in scope.

Counting unit of the totals: respondents in scope (the filters' transcripts and ``--where``) with at
least one respondent passage; ``--coder`` and ``--status`` do not change who is in scope.
"""

from __future__ import annotations

import itertools
from typing import Any

from interview_coder.core.counting import NO_GROUP
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters, keyword_hit

ALL = "all"
"""The group of every row when a report is not split (no ``by``)."""


def group_join(alias: str, by: str | None) -> tuple[str, str, list[Any]]:
    """(join clause, group expression, params) that label rows of ``alias`` with their ``by`` value."""
    if not by:
        return "", f"'{ALL}'", []
    return (f"LEFT JOIN attributes g ON g.respondent_id = {alias}.respondent_id AND g.name = ?",
            f"coalesce(g.value, '{NO_GROUP}')", [by])


def respondent_totals(project: Project, filters: Filters, by: str | None) -> dict[str, dict[str, int]]:
    """Per group: ``respondents_total`` (respondents in scope), ``passages_total`` (respondent
    passages in scope) and ``words`` (respondent words in those passages)."""
    inner, params = filters.passages_sql()
    join, group, extra = group_join("s", by)
    sql = (f"SELECT {group} AS grp, count(DISTINCT s.respondent_id), count(*), coalesce(sum(s.words), 0) "  # noqa: S608
           f"FROM ({inner}) s {join} GROUP BY grp ORDER BY grp")  # placeholders only
    return {r[0]: {"respondents_total": r[1], "passages_total": r[2], "words": r[3]}
            for r in project.conn.execute(sql, [*params, *extra])}


def group_order(groups: list[str] | set[str]) -> list[str]:
    """Groups sorted by name, '(none)' last."""
    return sorted(groups, key=lambda g: (g == NO_GROUP, g))


def check_filters(project: Project, filters: Filters, by: str | None = None) -> None:
    """Refuse names that match nothing (see :meth:`Filters.check`)."""
    filters.check(project, by)


_PAIRS = itertools.count()
LEVELS = {"code": "q.code", "factor": "k.factor_id", "driver": "f.driver"}


def coded_counts_by_level(project: Project, filters: Filters, by: str | None, levels: tuple[str, ...] = ("code",)
                          ) -> dict[str, Any]:
    """For each level (code, factor, driver): (key, group) -> (passages, respondents, keyword_hits); and
    'coded': group -> respondent passages with any coding in scope.

    One pass over the codings in scope reduces them to distinct (code, passage) pairs with their
    keyword hits (a temporary table); every level is then counted from those pairs. A passage counts
    once per key; a keyword hit is a keyword occurrence (an auto coding with a keyword, counted once
    however many coders accepted it: hits of one code never overlap, so its start identifies it).
    Excluded words never reach here (views.sql).
    """
    inner, params = filters.codings_sql()
    join, group, extra = group_join("x", by)
    table = f"report_pairs_{next(_PAIRS)}"
    conn = project.conn
    hit = keyword_hit("x")  # grouped by code and passage below, so the start identifies an occurrence
    conn.execute(f"CREATE TEMP TABLE {table} AS SELECT x.code_id AS code, x.passage_id AS passage, "  # noqa: S608
                 f"x.respondent_id AS respondent, {group} AS grp, count(DISTINCT CASE WHEN {hit} THEN x.start END) AS hits "
                 f"FROM ({inner}) x {join} GROUP BY 1, 2, 3, 4",  # respondent and group follow the passage
                 [*params, *extra])
    try:
        out: dict[str, Any] = {}
        for level in levels:
            joins = "" if level == "code" else "JOIN codes k ON k.id = q.code "
            if level == "driver":
                joins += "JOIN factors f ON f.id = k.factor_id "
            passages = "count(*)" if level == "code" else "count(DISTINCT q.passage)"
            out[level] = {(r[0], r[1]): (r[2], r[3], r[4]) for r in conn.execute(
                f"SELECT {LEVELS[level]}, q.grp, {passages}, count(DISTINCT q.respondent), sum(q.hits) "  # noqa: S608
                f"FROM temp.{table} q {joins}GROUP BY 1, 2")}  # our own names
        out["coded"] = {r[0]: r[1] for r in conn.execute(
            f"SELECT grp, count(DISTINCT passage) FROM temp.{table} GROUP BY grp")}  # noqa: S608
        return out
    finally:
        conn.execute(f"DROP TABLE temp.{table}")
