"""From a project to a publication figure: the share of respondents who raised each SIM factor,
per group, with the factor names in English and Chinese.

Run: python docs/examples/figure.py study.db factors.png   (.pdf and .svg work too)
"""

import sys

import matplotlib

matplotlib.use("Agg")  # a script writing a file; leave this line out in a notebook
import matplotlib.pyplot as plt

import interview_coder
from interview_coder.api import use_cjk_font

project_path, figure_path = sys.argv[1], sys.argv[2]

with interview_coder.open(project_path) as project:
    factors = project.factors(by="group")  # one row per factor and group; accepted codings
    names = project.codebook().drop_duplicates("factor").set_index("factor")

# Chinese labels: register a font that has every character we are about to draw.
use_cjk_font("".join(names["factor_name_zh"]))

shares = factors.pivot_table(index="factor", columns="group", values="respondents_pct", observed=True)
totals = factors.groupby("group", observed=True)["respondents_total"].first()
labels = [f"{names.loc[f, 'factor_name']}\n{names.loc[f, 'factor_name_zh']}" for f in shares.index]

fig, ax = plt.subplots(figsize=(6.5, 0.6 * len(shares) + 1.2), layout="constrained")
height = 0.8 / len(shares.columns)
for i, group in enumerate(shares.columns):
    ys = [row - 0.4 + height * (i + 0.5) for row in range(len(shares))]
    ax.barh(ys, shares[group], height=height, label=f"{group} (n = {totals[group]})")
ax.set_yticks(range(len(shares)), labels)
ax.invert_yaxis()  # the codebook's first factor on top
ax.set_xlabel("Respondents who raised the factor (%)")
ax.set_xlim(0, 100)
ax.legend(frameon=False, loc="lower right")
fig.savefig(figure_path, dpi=300)
print(f"wrote {figure_path}", file=sys.stderr)
