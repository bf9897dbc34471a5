"""Code frequencies with the organisation as the unit (``--unit organisation``): the paper's "7 of
10 enterprises" instead of "9 of 17 respondents", when several people of one firm were interviewed.

Counting unit: an organisation is a value of the respondent attribute named by ``unit`` (default
``organisation``); a respondent without it is an organisation of their own. An organisation has a
code when a coding of it in scope sits on a passage of any of its respondents; it belongs to the
group(s) of its respondents. Totals: organisations with a respondent in scope, per group.
"""

from __future__ import annotations

from typing import Any

from interview_coder.analysis.frequencies import codebook_codes
from interview_coder.analysis.intervals import wilson
from interview_coder.analysis.scope import group_join, group_order
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

UNIT_ATTRIBUTE = "organisation"


def _unit_expr(alias: str) -> str:
    # ``alias`` is one of our own table aliases; the attribute name is a parameter.
    return (f"coalesce((SELECT u.value FROM attributes u WHERE u.respondent_id = {alias}.respondent_id "  # noqa: S608
            f"AND u.name = ?), 'respondent:' || {alias}.respondent_id)")


def organisation_frequencies(project: Project, filters: Filters | None = None, by: str | None = "group",
                             unit: str = UNIT_ATTRIBUTE) -> Table:
    """One row per code (and group): organisations with the code, organisations in scope, %, 95% CI."""
    filters = filters or Filters()
    conn = project.conn
    if conn.execute("SELECT 1 FROM attributes WHERE name = ? LIMIT 1", (unit,)).fetchone() is None:
        raise InputError(f"--unit {unit}: no respondent has an attribute {unit!r} "
                         f"(give it with --attr {unit}=NAME on import or in front matter)")
    inner, params = filters.passages_sql()
    join, group, extra = group_join("s", by)
    totals = {r[0]: r[1] for r in conn.execute(
        f"SELECT {group} AS grp, count(DISTINCT {_unit_expr('s')}) FROM ({inner}) s {join} GROUP BY grp",  # noqa: S608
        [unit, *params, *extra])}
    codings, cparams = filters.codings_sql()
    join_x, group_x, extra_x = group_join("x", by)
    having = {(r[0], r[1]): r[2] for r in conn.execute(
        f"SELECT x.code_id, {group_x} AS grp, count(DISTINCT {_unit_expr('x')}) FROM ({codings}) x {join_x} "  # noqa: S608
        "GROUP BY x.code_id, grp", [unit, *cparams, *extra_x])}
    column = by or "group"
    records: list[dict[str, Any]] = []
    for code in codebook_codes(project):
        for g in group_order(list(totals)):
            n, total = having.get((code["id"], g), 0), totals[g]
            low, high = wilson(n, total)
            records.append({"code": code["id"], "code_name": code["name"], "factor": code["factor"], column: g,
                            "organisations": n, "organisations_total": total,
                            "organisations_pct": round(100 * n / total, 1) if total else 0.0,
                            "ci_low": low, "ci_high": high})
    definitions = {
        "code": "the code's id in the codebook", "code_name": "the code's name", "factor": "the code's factor",
        column: f"the respondents' {column} attribute ('(none)' without it; 'all' without --by)",
        "organisations": f"organisations (values of the {unit!r} attribute; a respondent without it is one of "
                         "their own) with a coding of the code in scope on a passage of any of their respondents",
        "organisations_total": "organisations with at least one respondent passage in scope, in the group",
        "organisations_pct": "100 x organisations / organisations_total, one decimal",
        "ci_low": "lower end of the 95% Wilson score interval of organisations_pct",
        "ci_high": "upper end of the 95% Wilson score interval of organisations_pct",
    }
    return Table("Code frequencies by organisation", records, list(definitions), unit=f"organisation ({unit!r})",
                 definitions=definitions)
