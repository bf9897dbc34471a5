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
VALUES_ZH = {"respondents_pct": "组内受访者占比（%）", "passages": "已编码的受访者段落数", "keyword_hits": "关键词命中数",
             "respondents": "受访者人数"}
LEVELS_ZH = {"code": "编码", "factor": "因素"}


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
    sizes = ({r["group"]: int(r["respondents_total"]) for r in frame.to_dict(orient="records")}
             if "respondents_total" in frame.columns else {})
    split = groups != ["all"]
    title_zh = f"{'各组' if split else '全部受访者'}{LEVELS_ZH[level]}：{VALUES_ZH.get(value, value)}"
    return Chart(f"{what} by {'group' if split else 'project'}: {VALUES.get(value, value)}",
                 VALUES.get(value, value), [(names[k], zh.get(k) or "") for k in keys],
                 groups, [[cell.get((k, g), 0.0) for g in groups] for k in keys], name,
                 title_zh=title_zh, xlabel_zh=VALUES_ZH.get(value, ""),
                 group_sizes=[sizes[g] for g in groups] if sizes and all(g in sizes for g in groups) else None)
