"""Chart values (core.table.Chart) from report tables: codes or factors by group, as % of respondents.

Drawing happens in io/charts.py; this module only decides what is plotted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_coder.analysis.frequencies import codebook_codes
from interview_coder.core.table import Chart
from interview_coder.store.project import Project

if TYPE_CHECKING:
    import pandas as pd

VALUES = {"respondents_pct": "% of respondents in the group", "passages": "coded respondent passages",
          "keyword_hits": "keyword hits", "respondents": "respondents"}


def table_chart(project: Project, frame: pd.DataFrame, value: str = "respondents_pct", name: str = "chart") -> Chart:
    """A chart of a code_frequencies or factor_frequencies frame: one cluster per code (or factor), one bar per group."""
    level = "code" if "code" in frame.columns else "factor"
    codes = codebook_codes(project)
    zh = ({c["id"]: c["name_zh"] for c in codes} if level == "code"
          else {c["factor"]: c["factor_name_zh"] for c in codes})
    names = frame.drop_duplicates(level).set_index(level)[f"{level}_name"].to_dict()
    keys = list(dict.fromkeys(frame[level]))
    groups = list(dict.fromkeys(frame["group"]))
    cell = {(r[level], r["group"]): float(r[value]) for r in frame.to_dict(orient="records")}
    what = "Codes" if level == "code" else "Factors"
    return Chart(f"{what} by {'group' if groups != ['all'] else 'project'}: {VALUES.get(value, value)}",
                 VALUES.get(value, value), [(names[k], zh.get(k) or "") for k in keys],
                 groups, [[cell.get((k, g), 0.0) for g in groups] for k in keys], name)
