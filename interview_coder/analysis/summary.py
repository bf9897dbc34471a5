"""``report all``: every report table, the charts, and a results summary a researcher can paste into a paper.

The summary is built as plain blocks (headings, paragraphs, tables, charts, lists) so that
io/report_files.py can render it as Markdown or HTML; every number in it comes from the same
analysis functions the single reports use, with the same filters.
"""

from __future__ import annotations

from typing import Any

from interview_coder.analysis.charts import table_chart
from interview_coder.analysis.compare import compare_groups, compare_table
from interview_coder.analysis.cooccurrence import (
    cooccurrence_matrix,
    cooccurrence_pairs,
    cooccurrence_tables,
)
from interview_coder.analysis.factors import factor_report, factor_tables
from interview_coder.analysis.frequencies import code_frequencies, frequency_table
from interview_coder.analysis.intervals import wilson
from interview_coder.analysis.matrix import matrix_table, respondent_matrix
from interview_coder.analysis.quotes import quotes
from interview_coder.analysis.scope import respondent_totals
from interview_coder.core.model import Status
from interview_coder.core.table import Block, Chart, Report, Table
from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

QUOTE_CHARS = 320


def _n_pct(n: int, total: int, pct: float) -> str:
    low, high = wilson(n, total)
    return f"{n} of {total} ({pct:.1f}%, 95% CI {low:.1f}-{high:.1f})"


def _tested(row: dict[str, Any]) -> bool:
    """A comparison row with a test and a p-value (untested rows carry test 'none' and p None or NaN)."""
    p = row.get("p")
    return row.get("test") != "none" and p is not None and p == p


def _p(value: float | None) -> str:
    if value is None or value != value:
        return "n/a"
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def _scope_sentence(project: Project, filters: Filters, by: str, totals: dict[str, dict[str, int]]) -> str:
    conn = project.conn
    transcripts = conn.execute("SELECT count(*) FROM transcripts").fetchone()[0]
    respondents = sum(t["respondents_total"] for t in totals.values())
    passages = sum(t["passages_total"] for t in totals.values())
    words = sum(t["words"] for t in totals.values())
    groups = ", ".join(f"{g} {t['respondents_total']}" for g, t in totals.items())
    book = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE 'codebook.%'").fetchall())
    status = {Status.ACCEPTED: "accepted codings", Status.SUGGESTED: "unreviewed suggestions only",
              "all": "accepted codings and unreviewed suggestions"}[filters.status]
    coders = f"by {', '.join(filters.coders)}" if filters.coders else "by every coder"
    where = "".join(f"; only respondents with {k} = {v}" for k, v in filters.where)
    only = f"; transcripts {', '.join(filters.transcripts)}" if filters.transcripts else ""
    name = book.get("codebook.name") or "the project codebook"
    return (f"The project holds {transcripts} transcripts. In scope are {respondents} respondents ({by}: {groups}) "
            f"with {passages} respondent passages and {words} respondent words{where}{only}. Passages were coded "
            f"with {name}; the counts use {status} {coders}. Interviewer turns are never counted.")


def _wide(frame: Any, key: str, name: str, groups: list[str], extra: list[str] | None = None) -> Table:
    """A presentation table: one row per code/factor, 'n of N (x%)' per group."""
    rows: dict[str, dict[str, Any]] = {}
    for r in frame.to_dict(orient="records"):
        row = rows.setdefault(r[key], {name: r[f"{key}_name"], **{e: r[e] for e in (extra or [])}})
        row[f"{r['group']}: respondents"] = _n_pct(r["respondents"], r["respondents_total"], r["respondents_pct"])
        row[f"{r['group']}: passages"] = r["passages"]
    columns = [name, *(extra or [])] + [f"{g}: {w}" for g in groups for w in ("respondents", "passages")]
    return Table(name.capitalize(), list(rows.values()), columns)


def build_report(project: Project, filters: Filters | None = None, by: str = "group", a: str | None = None,
                 b: str | None = None) -> Report:
    """Every table of the reports (split by ``by``) plus the summary blocks; ``a`` and ``b`` name
    the two groups compared (needed when ``by`` has more than two)."""
    filters = filters or Filters()
    totals = respondent_totals(project, filters, by)
    groups = list(totals)
    codes = code_frequencies(project, filters, by)
    factors, drivers = factor_report(project, filters, by)
    tables: dict[str, Table] = {"frequencies": frequency_table(codes, by)}
    tables["factors"], tables["drivers"] = factor_tables(factors, drivers, by)
    notes: list[str] = []
    blocks = [Block("heading", "Results", level=1), Block("paragraph", _scope_sentence(project, filters, by, totals))]
    charts = [table_chart(project, factors, name="factors"), table_chart(project, codes, name="codes")]

    # --- factors
    blocks.append(Block("heading", "SIM factors"))
    sentences = []
    for r in _by_key(factors, "factor"):
        parts = [f"{_n_pct(g['respondents'], g['respondents_total'], g['respondents_pct'])} {g['group']} respondents"
                 for g in r]
        sentences.append(f"{r[0]['factor_name']} ({r[0]['driver']}) was raised by " + " and ".join(parts) + ".")
    blocks.append(Block("paragraph", " ".join(sentences)))
    blocks.append(Block("table", "Table 1. Respondents raising each SIM factor, and coded passages, by group.",
                        table=_wide(factors, "factor", "factor", groups, ["driver"])))
    blocks.append(Block("chart", "Figure 1. Share of respondents raising each factor, by group.", chart="factors"))
    driver_text = []
    for r in _by_key(drivers, "driver"):
        parts = [f"{_n_pct(g['respondents'], g['respondents_total'], g['respondents_pct'])} {g['group']} respondents "
                 f"({g['passages']} passages, {g['passages_share']:.1f}% of the group's coded passages)" for g in r]
        driver_text.append(f"{r[0]['driver'].capitalize()} drivers: " + "; ".join(parts) + ".")
    blocks.append(Block("paragraph", " ".join(driver_text)))
    charts.append(driver_chart(drivers))
    blocks.append(Block("chart", "Figure 2. SIM drivers: share of respondents raising an internal or an external "
                                 "driver, by group (n = respondents in the group).", chart="drivers"))

    # --- comparison
    try:
        compared = compare_groups(project, filters, by, a, b)
    except InputError as exc:
        compared = None
        notes.append(f"no group comparison: {exc.reason}")
    if compared is not None and len(compared):
        tables["compare"] = compare_table(compared)
        a, b = compared.iloc[0]["group_a"], compared.iloc[0]["group_b"]
        blocks.append(Block("heading", f"{a.capitalize()} and {b} respondents compared"))
        blocks.append(Block("paragraph", _comparison_text(compared, a, b)))
        brief = compared[compared["level"] == "factor"][
            ["name", "respondents_pct_a", "respondents_pct_b", "difference_pp", "test", "p", "p_holm", "phi",
             "hits_per_1000_words_a", "hits_per_1000_words_b"]]
        rename = {"name": "factor", "respondents_pct_a": f"{a} %", "respondents_pct_b": f"{b} %",
                  "difference_pp": "difference (pp)", "hits_per_1000_words_a": f"{a} hits/1,000 words",
                  "hits_per_1000_words_b": f"{b} hits/1,000 words"}
        records = [{rename.get(str(k), str(k)): v for k, v in r.items()} for r in brief.to_dict(orient="records")]
        blocks.append(Block("table", f"Table 2. Factors: {a} vs {b} (Fisher's exact test where an expected count is "
                            "below 5, else Pearson's chi-square; Holm-adjusted over the factors; phi > 0: more "
                            f"common among {a}).", table=Table("Comparison", records)))

    # --- codes
    blocks.append(Block("heading", "Codes"))
    top = codes.sort_values(["respondents_pct", "passages"], ascending=False).drop_duplicates("code").head(5)
    blocks.append(Block("paragraph", "The codes raised by the largest shares of respondents: " + "; ".join(
        f"{r['code_name']} ({r['respondents_pct']:.1f}% of {r['group']})" for r in top.to_dict(orient="records"))
        + "."))
    blocks.append(Block("table", "Table 3. Respondents raising each code, and coded passages, by group.",
                        table=_wide(codes, "code", "code", groups, ["factor"])))
    blocks.append(Block("chart", "Figure 3. Share of respondents raising each code, by group.", chart="codes"))

    # --- keywords, co-occurrence, matrix, codings
    try:
        from interview_coder.analysis.keywords import keyword_report

        tables["keywords"], tables["keyword_totals"] = keyword_report(project, filters, by)[:2]
    except ImportError:
        notes.append("no keyword tables: analysis.keywords.keyword_report is not available")
    pairs = cooccurrence_pairs(project, filters, "passage")
    tables["cooccurrence"], tables["cooccurrence_matrix"] = cooccurrence_tables(
        pairs, cooccurrence_matrix(project, filters, "passage"), "passage")
    tables["matrix"] = matrix_table(respondent_matrix(project, filters, "presence"), "presence")
    try:
        from interview_coder.analysis.codings import (
            CODING_COLUMNS,
            CODING_DEFINITIONS,
            codings_records,
        )

        tables["codings"] = Table("Codings", codings_records(project, filters), CODING_COLUMNS,
                                  unit="one row per coding", definitions=CODING_DEFINITIONS)
    except ImportError:
        notes.append("no codings table: analysis.codings.codings_records is not available")
    if len(pairs):
        code_names = dict(zip(codes["code"], codes["code_name"], strict=False))
        blocks.append(Block("heading", "Codes that occur together"))
        blocks.append(Block("paragraph", "The five pairs of codes found together on the most respondent passages:"))
        blocks.append(Block("list", items=[
            f"{code_names.get(r['code_a'], r['code_a'])} and {code_names.get(r['code_b'], r['code_b'])}: "
            f"{r['both']} passages (Jaccard {r['jaccard']:.2f})"
            for r in pairs.head(5).to_dict(orient="records")]))

    # --- quotes
    quote_items = []
    quote_rows: list[dict[str, Any]] = []
    factor_names = dict(zip(factors["factor"], factors["factor_name"], strict=False))
    for factor in dict.fromkeys(factors["factor"]):
        for group in groups:
            found = quotes(project, factor, filters, group, by)
            if len(found):
                q = _best_quote(found)
                quote_items.append(f"{factor_names[factor]}, {group} ({q['respondent']}, {q['transcript']} passage "
                                   f"{q['passage']}): \"{_excerpt(q['text'])}\"")
                quote_rows.append({"factor": factor_names[factor], by: group, "respondent": q["respondent"],
                                   "transcript": q["transcript"], "passage": q["passage"],
                                   "quote": _excerpt(q["text"]).replace("**", "")})
    tables["quotes"] = Table("Quotes", quote_rows, ["factor", by, "respondent", "transcript", "passage", "quote"],
                             unit="one quote per factor and group: the coded passage with the most keyword hits",
                             definitions=QUOTE_DEFINITIONS)
    if quote_items:
        blocks.append(Block("heading", "Illustrative quotes"))
        blocks.append(Block("paragraph", "For each factor and group, the coded passage with the most keyword "
                                         "hits (keyword hits in bold; long passages shortened around the first hit)."))
        blocks.append(Block("list", items=quote_items))

    # --- the paper's tables: respondents, organisations, saturation, codebook appendix
    _paper_tables(project, filters, by, tables, blocks, charts)

    # --- definitions
    definitions: dict[str, str] = {}
    for name in ("frequencies", "factors", "compare"):
        if name in tables:
            definitions.update(tables[name].definitions)
    blocks.append(Block("heading", "Definitions (counting units)"))
    blocks.append(Block("list", items=[f"{k}: {v}" for k, v in definitions.items()]))
    return Report("Results", blocks, tables, charts, notes)


QUOTE_DEFINITIONS = {
    "factor": "the SIM factor the passage is coded with",
    "respondent": "who said it (the respondent's key)",
    "transcript": "the transcript's name", "passage": "the passage number in its transcript",
    "quote": f"the passage, shortened to {QUOTE_CHARS} characters around its first keyword hit",
}


def driver_chart(drivers: Any) -> Chart:
    """Figure: internal vs external drivers, % of respondents per group, n per group in the legend."""
    groups = list(dict.fromkeys(drivers["group"]))
    rows = drivers.to_dict(orient="records")
    cell = {(r["driver"], r["group"]): float(r["respondents_pct"]) for r in rows}
    sizes = {r["group"]: int(r["respondents_total"]) for r in rows}
    keys = [d for d in ("internal", "external") if any(r["driver"] == d for r in rows)]
    names = {"internal": ("Internal drivers", "内部驱动因素"), "external": ("External drivers", "外部驱动因素")}
    return Chart("SIM drivers by group: % of respondents in the group", "% of respondents in the group",
                 [names[k] for k in keys], groups, [[cell.get((k, g), 0.0) for g in groups] for k in keys], "drivers",
                 title_zh="各组SIM驱动因素：组内受访者占比（%）", xlabel_zh="组内受访者占比（%）",
                 group_sizes=[sizes[g] for g in groups])


def _paper_tables(project: Project, filters: Filters, by: str, tables: dict[str, Table], blocks: list[Block],
                  charts: list[Chart]) -> None:
    """Respondent tables, the organisation breakdown, saturation and the codebook appendix."""
    from interview_coder.analysis.appendix import codebook_appendix
    from interview_coder.analysis.organisations import UNIT_ATTRIBUTE, organisation_frequencies
    from interview_coder.analysis.respondents import (
        respondent_totals_table,
        respondents_by_attribute,
    )
    from interview_coder.analysis.saturation import saturation, saturation_chart

    tables["respondents_by_attribute"] = respondents_by_attribute(project, filters)
    tables["respondents"] = respondent_totals_table(project, filters, by)
    blocks.append(Block("heading", "Respondents"))
    blocks.append(Block("table", "Table 4. Respondents by attribute (95% Wilson intervals).",
                        table=tables["respondents_by_attribute"]))
    has_unit = project.conn.execute("SELECT 1 FROM attributes WHERE name = ? LIMIT 1", (UNIT_ATTRIBUTE,)).fetchone()
    if has_unit is None:
        blocks.append(Block("paragraph", f"No organisation breakdown: no respondent has an '{UNIT_ATTRIBUTE}' "
                                         "attribute (give it on import with --attr or in front matter)."))
    else:
        tables["organisations"] = organisation_frequencies(project, filters, by)
        totals = {r[by]: r["organisations_total"] for r in tables["organisations"].records}
        blocks.append(Block("paragraph", "With the organisation as the unit (respondent attribute "
                            f"'{UNIT_ATTRIBUTE}'): " + ", ".join(f"{n} {g} organisations" for g, n in totals.items())
                            + "; see organisations.csv for each code's count, share and 95% interval."))
    curve = saturation(project, filters)
    tables["saturation"] = curve
    charts.append(saturation_chart(curve))
    blocks.append(Block("heading", "Saturation"))
    blocks.append(Block("paragraph", _saturation_text(curve)))
    blocks.append(Block("chart", "Figure 4. Distinct codes and keywords seen as interviews are added (import order).",
                        chart="saturation"))
    tables["codebook_appendix"] = codebook_appendix(project, filters, by)


def _saturation_text(curve: Table) -> str:
    rows = curve.records
    if not rows:
        return "No interview is in scope."
    last_new = max((r["interview"] for r in rows if r["new_codes"]), default=0)
    total = rows[-1]["codes_total"]
    if not last_new:
        return f"No code was found in the {len(rows)} interviews in scope."
    after = len(rows) - last_new
    return (f"The {len(rows)} interviews in scope raised {total} distinct codes and {rows[-1]['keywords_total']} "
            f"distinct keywords. The last new code appeared in interview {last_new} ({rows[last_new - 1]['transcript']}); "
            f"the {after} interview{'s' if after != 1 else ''} after it added no new code.")


def _best_quote(found: Any) -> dict[str, Any]:
    """The passage with the most marked keyword hits (ties: the shorter), so the quote shows why it was coded."""
    rows = found.to_dict(orient="records")
    return min(rows, key=lambda r: (-r["text"].count("**"), len(r["text"])))


def _excerpt(text: str) -> str:
    """At most QUOTE_CHARS characters around the first marked hit, with the bold marks kept balanced."""
    if len(text) <= QUOTE_CHARS:
        return text
    first = max(0, text.find("**"))
    start = max(0, min(first - 80, len(text) - QUOTE_CHARS))
    piece = text[start:start + QUOTE_CHARS].strip()
    if piece.count("**") % 2:
        piece += "**"
    return ("... " if start else "") + piece + (" ..." if start + QUOTE_CHARS < len(text) else "")


def _by_key(frame: Any, key: str) -> list[list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in frame.to_dict(orient="records"):
        out.setdefault(r[key], []).append(r)
    return list(out.values())


def _comparison_text(frame: Any, a: str, b: str) -> str:
    factors = frame[frame["level"] == "factor"].to_dict(orient="records")
    codes = frame[frame["level"] == "code"].to_dict(orient="records")
    if factors and all(r["test"] == "none" for r in factors) and factors[0]["note"].startswith("groups too small"):
        return (f"No test was run: {factors[0]['note']}. The percentages in Tables 1 and 3 describe the respondents; "
                "they are not evidence of a difference between the groups.")
    parts = []
    for label, rows in (("factor", factors), ("code", codes)):
        tested = [r for r in rows if _tested(r)]
        raw = [r for r in tested if r["p"] < 0.05]
        held = [r for r in tested if r["p_holm"] is not None and r["p_holm"] < 0.05]
        if not tested:
            parts.append(f"No {label} could be tested.")
            continue
        text = (f"Of {len(tested)} {label}s tested, {len(raw)} differed between {a} and {b} respondents at p < 0.05"
                f" and {len(held)} after Holm's adjustment for {len(tested)} tests.")
        strongest = sorted(tested, key=lambda r: (r["p"], -abs(r["difference_pp"])))[:3]
        details = [f"{r['name']}: {r['respondents_pct_a']:.1f}% vs {r['respondents_pct_b']:.1f}% "
                   f"({r['test']}, {_p(r['p'])}, Holm {_p(r['p_holm'])}, phi = {r['phi']:+.2f})" for r in strongest]
        parts.append(text + " Largest differences: " + "; ".join(details) + ".")
    rates = sorted(factors, key=lambda r: -abs(r["hits_per_1000_words_a"] - r["hits_per_1000_words_b"]))[:2]
    if rates:
        parts.append("Normalised for the groups' sizes, keyword hits per 1,000 respondent words differ most for "
                     + " and ".join(f"{r['name']} ({r['hits_per_1000_words_a']:.2f} among {a}, "
                                    f"{r['hits_per_1000_words_b']:.2f} among {b})" for r in rates) + ".")
    return " ".join(parts)
