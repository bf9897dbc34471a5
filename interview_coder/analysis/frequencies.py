"""Code frequencies: per code (and group), coded passages, respondents and keyword hits.

Counting units (README "Reports", docs/DEVELOPING.md "Counting"):
- passages: respondent passages in scope with at least one coding of the code in scope;
- respondents: distinct respondents with at least one such passage;
- respondents_total: respondents in scope (in the group) with at least one respondent passage;
- keyword_hits: auto codings in scope with a keyword (one per keyword hit), excluded words left out,
  the same figure ``report keywords`` sums to.

Aggregation happens in SQL over narrow rows; pandas only receives the small result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_coder.analysis.scope import (
    ALL,
    coded_counts_by_level,
    group_order,
    respondent_totals,
)
from interview_coder.core.table import Table
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

if TYPE_CHECKING:
    import pandas as pd

FREQUENCY_COLUMNS = ["code", "code_name", "factor", "group", "passages", "respondents", "respondents_total",
                     "respondents_pct", "keyword_hits"]
"""The JSON/CSV contract of ``report frequencies``: keep these names stable."""

DEFINITIONS = {
    "code": "the code's id in the codebook",
    "code_name": "the code's name",
    "factor": "the id of the factor the code belongs to",
    "group": "the respondents' value of the --by attribute ('(none)' when they have none; 'all' without --by)",
    "passages": "respondent passages with at least one coding of this code in scope (a passage counts once)",
    "respondents": "distinct respondents with at least one such passage",
    "respondents_total": "respondents in scope (in the group) with at least one respondent passage",
    "respondents_pct": "100 x respondents / respondents_total, one decimal",
    "keyword_hits": "keyword hits: auto codings in scope with a keyword (one per occurrence), excluded words left out",
}


def pct(part: float, whole: float) -> float:
    """Percentage with one decimal; 0.0 when the whole is 0."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def codebook_codes(project: Project) -> list[dict[str, Any]]:
    """Codes in codebook order with their factor: id, name, name_zh, factor, factor_name, factor_name_zh, driver."""
    sql = ("SELECT c.id, c.name, c.name_zh, c.factor_id AS factor, f.name AS factor_name, "
           "f.name_zh AS factor_name_zh, f.driver FROM codes c JOIN factors f ON f.id = c.factor_id "
           "ORDER BY c.seq, c.id")
    return [dict(r) for r in project.conn.execute(sql)]


def coded_counts(project: Project, filters: Filters, by: str | None, level: str = "code"
                 ) -> dict[tuple[str, str], tuple[int, int]]:
    """(code or factor or driver, group) -> (passages, respondents) over codings in scope.

    A passage (or respondent) counts once per key even when several of its codes apply.
    """
    counts = coded_counts_by_level(project, filters, by, (level,))[level]
    return {k: (v[0], v[1]) for k, v in counts.items()}


def coded_passages(project: Project, filters: Filters, by: str | None) -> dict[str, int]:
    """Per group: respondent passages with at least one coding (of any code) in scope."""
    return dict(coded_counts_by_level(project, filters, by, ())["coded"])


def keyword_hits_per_code(project: Project, filters: Filters, by: str | None) -> dict[tuple[str, str], int]:
    """(code, group) -> keyword hits, by the rule of ``report keywords`` (excluded words never count)."""
    counts = coded_counts_by_level(project, filters, by, ("code",))["code"]
    return {k: v[2] for k, v in counts.items() if v[2]}


def report_groups(totals: dict[str, Any], *counted: dict[tuple[str, str], Any], by: str | None) -> list[str]:
    """Every group with a respondent in scope (or a count), in display order; ['all'] without ``by``."""
    if not by:
        return [ALL]
    groups = set(totals)
    for counts in counted:
        groups |= {g for _, g in counts}
    return group_order(groups)


def code_frequencies(project: Project, filters: Filters | None = None, by: str | None = None) -> pd.DataFrame:
    """One row per code of the codebook (per group of ``by`` when given), zero rows included.

    Columns: FREQUENCY_COLUMNS; rows in codebook order, then group.
    """
    import pandas as pd

    filters = filters or Filters()
    counted = coded_counts_by_level(project, filters, by, ("code",))["code"]
    counts = {k: (v[0], v[1]) for k, v in counted.items()}
    hits = {k: v[2] for k, v in counted.items()}
    totals = respondent_totals(project, filters, by)
    codes = codebook_codes(project)
    known = {c["id"] for c in codes}
    codes += [{"id": c, "name": c, "factor": ""} for c in sorted({k for k, _ in counts} - known)]
    groups = report_groups(totals, counts, by=by)
    rows = []
    for code in codes:  # codebook order, a code's groups together
        for group in groups:
            total = totals.get(group, {}).get("respondents_total", 0)
            passages, respondents = counts.get((code["id"], group), (0, 0))
            rows.append({"code": code["id"], "code_name": code["name"], "factor": code["factor"],
                         "group": group, "passages": passages, "respondents": respondents,
                         "respondents_total": total, "respondents_pct": pct(respondents, total),
                         "keyword_hits": hits.get((code["id"], group), 0)})
    return pd.DataFrame.from_records(rows, columns=FREQUENCY_COLUMNS)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as plain Python values (no numpy scalars), for io.export."""
    return [{str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


def frequency_table(frame: pd.DataFrame, by: str | None = None) -> Table:
    """The ``report frequencies`` table with its counting unit and definitions."""
    definitions = dict(DEFINITIONS)
    if by and by != "group":
        definitions["group"] = f"the respondents' value of the {by!r} attribute ('(none)' when they have none)"
    return Table("Code frequencies", records(frame), list(FREQUENCY_COLUMNS),
                 unit="passages: coded respondent passages; respondents: distinct respondents; "
                      "keyword_hits: auto codings with a keyword", definitions=definitions)
