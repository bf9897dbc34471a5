"""The SIM roll-up: codes summed into their factors, and factors into internal and external drivers.

Counting units: a factor (or driver) counts a passage once even when several of its codes apply,
and a respondent once; its keyword hits are the sum of its codes' keyword hits. ``passages_share``
is the factor's passages as a percentage of all coded passages in the group (a passage can carry
several factors, so shares can add up to more than 100).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_coder.analysis.filters import Filters
from interview_coder.analysis.frequencies import (
    DEFINITIONS as CODE_DEFINITIONS,
)
from interview_coder.analysis.frequencies import (
    codebook_codes,
    coded_counts,
    coded_passages,
    keyword_hits_per_code,
    pct,
    records,
    report_groups,
)
from interview_coder.analysis.scope import respondent_totals
from interview_coder.core.table import Table
from interview_coder.store.project import Project

if TYPE_CHECKING:
    import pandas as pd

FACTOR_COLUMNS = ["factor", "factor_name", "driver", "group", "passages", "respondents", "respondents_total",
                  "respondents_pct", "keyword_hits", "passages_share"]
"""The JSON/CSV contract of ``report factors``."""

DRIVER_COLUMNS = ["driver", "group", "passages", "respondents", "respondents_total", "respondents_pct",
                  "keyword_hits", "passages_share"]

DEFINITIONS = {
    "factor": "the factor's id in the codebook (a SIM factor)",
    "factor_name": "the factor's name",
    "driver": "internal or external driver of innovation (the factor's driver in the codebook)",
    "group": CODE_DEFINITIONS["group"],
    "passages": "respondent passages with at least one coding of any of the factor's codes in scope "
                "(a passage counts once per factor even when several of its codes apply)",
    "respondents": "distinct respondents with at least one such passage",
    "respondents_total": CODE_DEFINITIONS["respondents_total"],
    "respondents_pct": CODE_DEFINITIONS["respondents_pct"],
    "keyword_hits": "keyword hits of the factor's codes, summed",
    "passages_share": "100 x passages / coded passages in the group (passages with any coding in scope), "
                      "one decimal; a passage can carry several factors, so shares may add up to more than 100",
}
DRIVER_DEFINITIONS = {
    **DEFINITIONS,
    "passages": "respondent passages with at least one coding of a code of this driver's factors "
                "(a passage counts once per driver)",
    "keyword_hits": "keyword hits of the driver's codes, summed",
}


def _factors(project: Project) -> list[dict[str, Any]]:
    return [dict(r) for r in project.conn.execute(
        "SELECT id, name, name_zh, driver FROM factors ORDER BY seq, id")]


def factor_frequencies(project: Project, filters: Filters | None = None, by: str | None = None) -> pd.DataFrame:
    """One row per factor of the codebook (per group of ``by``), zero rows included; FACTOR_COLUMNS."""
    import pandas as pd

    filters = filters or Filters()
    counts = coded_counts(project, filters, by, level="factor")
    totals = respondent_totals(project, filters, by)
    coded = coded_passages(project, filters, by)
    factor_of = {c["id"]: c["factor"] for c in codebook_codes(project)}
    hits: dict[tuple[str, str], int] = {}
    for (code, group), n in keyword_hits_per_code(project, filters, by).items():
        key = (factor_of.get(code, ""), group)
        hits[key] = hits.get(key, 0) + n
    rows = []
    groups = report_groups(totals, counts, by=by)
    for factor in _factors(project):
        for group in groups:
            total = totals.get(group, {}).get("respondents_total", 0)
            passages, respondents = counts.get((factor["id"], group), (0, 0))
            rows.append({"factor": factor["id"], "factor_name": factor["name"], "driver": factor["driver"],
                         "group": group, "passages": passages, "respondents": respondents,
                         "respondents_total": total, "respondents_pct": pct(respondents, total),
                         "keyword_hits": hits.get((factor["id"], group), 0),
                         "passages_share": pct(passages, coded.get(group, 0))})
    return pd.DataFrame.from_records(rows, columns=FACTOR_COLUMNS)


def driver_totals(project: Project, filters: Filters | None = None, by: str | None = None) -> pd.DataFrame:
    """One row per driver (internal, external) per group; DRIVER_COLUMNS, the factor units one level up."""
    import pandas as pd

    filters = filters or Filters()
    counts = coded_counts(project, filters, by, level="driver")
    totals = respondent_totals(project, filters, by)
    coded = coded_passages(project, filters, by)
    driver_of = {c["id"]: c["driver"] for c in codebook_codes(project)}
    hits: dict[tuple[str, str], int] = {}
    for (code, group), n in keyword_hits_per_code(project, filters, by).items():
        key = (driver_of.get(code, ""), group)
        hits[key] = hits.get(key, 0) + n
    rows = []
    for driver in ("internal", "external"):
        for group in report_groups(totals, counts, by=by):
            total = totals.get(group, {}).get("respondents_total", 0)
            passages, respondents = counts.get((driver, group), (0, 0))
            rows.append({"driver": driver, "group": group, "passages": passages, "respondents": respondents,
                         "respondents_total": total, "respondents_pct": pct(respondents, total),
                         "keyword_hits": hits.get((driver, group), 0),
                         "passages_share": pct(passages, coded.get(group, 0))})
    return pd.DataFrame.from_records(rows, columns=DRIVER_COLUMNS)


def factor_tables(factors: pd.DataFrame, drivers: pd.DataFrame, by: str | None = None) -> list[Table]:
    """The ``report factors`` tables: the roll-up per factor, then the driver totals."""
    definitions = dict(DEFINITIONS)
    if by and by != "group":
        definitions["group"] = f"the respondents' value of the {by!r} attribute ('(none)' when they have none)"
    unit = ("passages: coded respondent passages, once per factor; respondents: distinct respondents; "
            "keyword_hits: summed over the factor's codes")
    return [Table("Factor frequencies", records(factors), list(FACTOR_COLUMNS), unit=unit, definitions=definitions),
            Table("Driver totals", records(drivers), list(DRIVER_COLUMNS),
                  unit=unit.replace("factor", "driver"), definitions={**DRIVER_DEFINITIONS, "group": definitions["group"]})]
