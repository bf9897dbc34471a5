"""Two groups compared, per code and per factor: who mentions it, a test of independence and an effect size.

Counting unit: respondents (a respondent "has" a code when at least one of their respondent passages
in scope carries a coding of it in scope). For each code the 2x2 table is group (a, b) x has it
(yes, no). The test is Pearson's chi-square without continuity correction, or Fisher's exact test
(two-sided) when any expected count is below 5. Holm's step-down adjustment runs over the codes'
p-values, and separately over the factors'. phi is signed: positive when the code is more common in
group a; Cramér's V is |phi| for a 2x2 table. Keyword hits are normalised per 1,000 respondent
words of each group, since groups differ in size.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from interview_coder.analysis.frequencies import codebook_codes, pct, records
from interview_coder.analysis.scope import coded_counts_by_level, group_order, respondent_totals
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

if TYPE_CHECKING:
    import pandas as pd

ALPHA = 0.05
MIN_EXPECTED = 5

COMPARE_COLUMNS = [
    "level", "id", "name", "group_a", "group_b",
    "respondents_a", "respondents_total_a", "respondents_pct_a",
    "respondents_b", "respondents_total_b", "respondents_pct_b", "difference_pp",
    "test", "chi2", "p", "p_holm", "phi",
    "keyword_hits_a", "words_a", "hits_per_1000_words_a", "keyword_hits_b", "words_b", "hits_per_1000_words_b",
    "note",
]
BRIEF_COLUMNS = ["level", "id", "respondents_a", "respondents_pct_a", "respondents_b", "respondents_pct_b",
                 "difference_pp", "test", "p", "p_holm", "phi", "hits_per_1000_words_a", "hits_per_1000_words_b"]

DEFINITIONS = {
    "level": "code or factor (a factor has a respondent when any of its codes does)",
    "id": "the code's or factor's id",
    "name": "its name",
    "group_a": "the first group compared (value of the --by attribute)",
    "group_b": "the second group compared",
    "respondents_a": "respondents of group a with at least one passage coded with it (in scope)",
    "respondents_total_a": "respondents of group a in scope (with at least one respondent passage)",
    "respondents_pct_a": "100 x respondents_a / respondents_total_a, one decimal",
    "respondents_b": "respondents of group b with at least one passage coded with it",
    "respondents_total_b": "respondents of group b in scope",
    "respondents_pct_b": "100 x respondents_b / respondents_total_b, one decimal",
    "difference_pp": "100 x (respondents_a / respondents_total_a - respondents_b / respondents_total_b), in "
                     "percentage points, one decimal (from the exact shares, not the rounded percentages)",
    "test": "chi-square (Pearson, no continuity correction), Fisher exact (two-sided; used when an expected "
            "count is below 5), or none (see note)",
    "chi2": "the chi-square statistic (1 degree of freedom); empty for Fisher's exact test",
    "p": "the test's p-value (4 significant digits)",
    "p_holm": "p adjusted for multiple tests by Holm's step-down method, over all codes (or all factors) tested",
    "phi": "phi coefficient of the 2x2 table, signed: + when more common in group a; Cramér's V = |phi|",
    "keyword_hits_a": "keyword hits (auto codings with a keyword, in scope) in group a's passages",
    "words_a": "respondent words in scope in group a (each CJK character or Latin/digit run is one word)",
    "hits_per_1000_words_a": "1000 x keyword_hits_a / words_a, two decimals",
    "keyword_hits_b": "keyword hits in group b's passages",
    "words_b": "respondent words in scope in group b",
    "hits_per_1000_words_b": "1000 x keyword_hits_b / words_b, two decimals",
    "note": "why no test was run, or which test and why",
}


def choose_groups(groups: list[str], by: str, a: str | None, b: str | None) -> tuple[str, str]:
    """The two groups to compare: those given, or the only two there are."""
    if a is None and b is None:
        if len(groups) != 2:
            raise InputError(f"--by {by} has {len(groups)} groups ({', '.join(groups) or 'none'}): "
                             "name the two to compare with --a and --b")
        return groups[0], groups[1]
    if a is None or b is None:
        rest = [g for g in groups if g not in (a, b)]
        if len(rest) != 1:
            raise InputError("give both --a and --b")
        a, b = (a, rest[0]) if a is not None else (rest[0], b)
    assert a is not None and b is not None
    for g in (a, b):
        if g not in groups:
            raise InputError(f"no respondent in scope has {by} = {g!r} (groups: {', '.join(groups) or 'none'})")
    if a == b:
        raise InputError("--a and --b name the same group")
    return a, b


def smallest_p(total_a: int, total_b: int) -> float:
    """The smallest two-sided Fisher p any outcome could give with these group sizes (everyone in a, no one in b)."""
    from scipy.stats import fisher_exact

    if not total_a or not total_b:
        return 1.0
    return float(fisher_exact([[total_a, 0], [0, total_b]]).pvalue)


def independence_test(yes_a: int, total_a: int, yes_b: int, total_b: int) -> dict[str, Any]:
    """Test, statistic, p and phi for group (a, b) x has it (yes, no); 'none' with a note when undefined."""
    from scipy.stats import chi2_contingency, fisher_exact

    table = [[yes_a, total_a - yes_a], [yes_b, total_b - yes_b]]
    yes, no, n = yes_a + yes_b, total_a + total_b - yes_a - yes_b, total_a + total_b
    if yes == 0:
        return {"test": "none", "note": "no respondent in either group has it"}
    if no == 0:
        return {"test": "none", "note": "every respondent in both groups has it"}
    phi = (table[0][0] * table[1][1] - table[0][1] * table[1][0]) / math.sqrt(total_a * total_b * yes * no)
    expected = min(r * c / n for r in (total_a, total_b) for c in (yes, no))
    if expected < MIN_EXPECTED:
        p = float(fisher_exact(table).pvalue)
        return {"test": "Fisher exact", "chi2": None, "p": p, "phi": phi,
                "note": f"Fisher's exact test: smallest expected count {expected:.2f} < {MIN_EXPECTED}"}
    result = chi2_contingency(table, correction=False)
    return {"test": "chi-square", "chi2": float(result.statistic), "p": float(result.pvalue), "phi": phi, "note": ""}


def holm(pvalues: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the input order."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def _sig(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else float(f"{value:.{digits}g}")


def compare_groups(project: Project, filters: Filters | None = None, by: str = "group", a: str | None = None,
                   b: str | None = None) -> pd.DataFrame:
    """One row per code, then per factor, comparing groups ``a`` and ``b`` of ``by``; COMPARE_COLUMNS."""
    import pandas as pd

    filters = filters or Filters()
    totals = respondent_totals(project, filters, by)
    a, b = choose_groups(group_order(list(totals)), by, a, b)
    codes = codebook_codes(project)
    counted = coded_counts_by_level(project, filters, by, ("code", "factor"))
    hits = {k: v[2] for k, v in counted["code"].items()}
    too_small = smallest_p(totals[a]["respondents_total"], totals[b]["respondents_total"]) >= ALPHA
    rows: list[dict[str, Any]] = []
    for level, items in (("code", [(c["id"], c["name"], [c["id"]]) for c in codes]),
                         ("factor", _factor_items(project, codes))):
        counts = counted[level]
        family: list[dict[str, Any]] = []
        for key, name, member_codes in items:
            row: dict[str, Any] = {"level": level, "id": key, "name": name, "group_a": a, "group_b": b}
            for side, group in (("a", a), ("b", b)):
                total = totals[group]["respondents_total"]
                yes = counts.get((key, group), (0, 0))[1]
                n_hits = sum(hits.get((c, group), 0) for c in member_codes)
                words = totals[group]["words"]
                row.update({f"respondents_{side}": yes, f"respondents_total_{side}": total,
                            f"respondents_pct_{side}": pct(yes, total), f"keyword_hits_{side}": n_hits,
                            f"words_{side}": words,
                            f"hits_per_1000_words_{side}": round(1000.0 * n_hits / words, 2) if words else 0.0})
            # From the exact shares, not the rounded percentages (issue 15: -28.5 where -28.6 is right).
            row["difference_pp"] = round(_share(row, "a") - _share(row, "b"), 1)
            if too_small:
                row.update(test="none", note=(
                    f"groups too small for a test: {row['respondents_total_a']} and {row['respondents_total_b']} "
                    f"respondents cannot give p < {ALPHA} even if everyone in one group and no one in the other had it"))
            else:
                row.update(independence_test(row["respondents_a"], row["respondents_total_a"], row["respondents_b"],
                                    row["respondents_total_b"]))
            family.append(row)
        tested = [r for r in family if r.get("p") is not None]
        for r, adjusted in zip(tested, holm([r["p"] for r in tested]), strict=True):
            r["p_holm"] = adjusted
        for r in family:
            for k in ("p", "p_holm", "chi2"):
                r[k] = _sig(r.get(k))
            r["phi"] = None if r.get("phi") is None else round(r["phi"], 3)
        rows += family
    return pd.DataFrame.from_records(rows, columns=COMPARE_COLUMNS)


def _share(row: dict[str, Any], side: str) -> float:
    total = row[f"respondents_total_{side}"]
    return 100.0 * row[f"respondents_{side}"] / total if total else 0.0


def _factor_items(project: Project, codes: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    factors = project.conn.execute("SELECT id, name FROM factors ORDER BY seq, id").fetchall()
    return [(f[0], f[1], [c["id"] for c in codes if c["factor"] == f[0]]) for f in factors]


def compare_table(frame: pd.DataFrame) -> Table:
    """The ``report compare`` table; its counting unit line names the groups a and b."""
    a = frame["group_a"].iloc[0] if len(frame) else "a"
    b = frame["group_b"].iloc[0] if len(frame) else "b"
    return Table("Comparison", records(frame), list(COMPARE_COLUMNS),
                 unit=f"a = {a}, b = {b}; respondents (a respondent has a code when one of their passages "
                      "carries it); keyword hits per 1,000 respondent words",
                 definitions=dict(DEFINITIONS), brief=list(BRIEF_COLUMNS))
