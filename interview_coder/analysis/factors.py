"""The SIM roll-up: codes summed into their factors, and factors into internal and external drivers.

Counting units: a factor (or driver) counts a passage once even when several of its codes apply,
and a respondent once; its keyword hits are the sum of its codes' keyword hits. ``passages_share``
is the factor's passages as a percentage of all coded passages in the group (a passage can carry
several factors, so shares can add up to more than 100).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_coder.analysis.frequencies import (
    DEFINITIONS as CODE_DEFINITIONS,
)
from interview_coder.analysis.frequencies import pct, records, report_groups
from interview_coder.analysis.scope import coded_counts_by_level, respondent_totals
from interview_coder.core.table import Table
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

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


def factor_report(project: Project, filters: Filters | None = None, by: str | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(factor_frequencies, driver_totals) from one pass over the codings in scope."""
    import pandas as pd

    filters = filters or Filters()
    counted = coded_counts_by_level(project, filters, by, ("factor", "driver"))
    totals = respondent_totals(project, filters, by)
    coded = counted["coded"]
    groups = report_groups(totals, counted["factor"], by=by)

    def row(key: tuple[str, str], group: str) -> dict[str, Any]:
        total = totals.get(group, {}).get("respondents_total", 0)
        passages, respondents, hits = counted[key[0]].get((key[1], group), (0, 0, 0))
        return {"group": group, "passages": passages, "respondents": respondents, "respondents_total": total,
                "respondents_pct": pct(respondents, total), "keyword_hits": hits or 0,
                "passages_share": pct(passages, coded.get(group, 0))}

    factors = [{"factor": f["id"], "factor_name": f["name"], "driver": f["driver"], **row(("factor", f["id"]), g)}
               for f in _factors(project) for g in groups]
    drivers = [{"driver": d, **row(("driver", d), g)} for d in ("internal", "external") for g in groups]
    return (pd.DataFrame.from_records(factors, columns=FACTOR_COLUMNS),
            pd.DataFrame.from_records(drivers, columns=DRIVER_COLUMNS))


def factor_frequencies(project: Project, filters: Filters | None = None, by: str | None = None) -> pd.DataFrame:
    """One row per factor of the codebook (per group of ``by``), zero rows included; FACTOR_COLUMNS."""
    return factor_report(project, filters, by)[0]


def driver_totals(project: Project, filters: Filters | None = None, by: str | None = None) -> pd.DataFrame:
    """One row per driver (internal, external) per group; DRIVER_COLUMNS, the factor units one level up."""
    return factor_report(project, filters, by)[1]


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
