"""report all's summary: what it says is the hand-counted tables, and small groups are said plainly."""

from __future__ import annotations

from interview_coder.analysis.summary import build_report
from interview_coder.io.report_files import render_html, render_markdown
from interview_coder.store.scope import Filters

pytest_plugins = ["reportdata"]  # the report_project fixture


def test_summary_text_and_tables(report_project):
    report = build_report(report_project, Filters(), "group")
    assert list(report.tables) == ["frequencies", "factors", "drivers", "compare", "keywords", "keyword_totals",
                                   "cooccurrence", "cooccurrence_matrix", "matrix", "codings", "quotes",
                                   "respondents_by_attribute", "respondents", "saturation", "codebook_appendix"]
    assert report.notes == []
    md = render_markdown(report)
    # The fixture's respondents have no 'organisation' attribute: the firm-level table is left out, said so.
    assert "No organisation breakdown: no respondent has an 'organisation' attribute" in md
    assert ("In scope are 7 respondents (group: enterprise 4, government 3) with 13 respondent passages and "
            "99 respondent words") in md
    # Wilson 95% intervals: 1 of 4 is 4.6-69.9%, 2 of 3 20.8-93.9%, 3 of 4 30.1-95.4%, 1 of 3 6.1-79.2%.
    assert ("Policy (external) was raised by 1 of 4 (25.0%, 95% CI 4.6-69.9) enterprise respondents and 2 of 3 "
            "(66.7%, 95% CI 20.8-93.9) government") in md
    assert "| Market | external | 3 of 4 (75.0%, 95% CI 30.1-95.4) | 4 | 1 of 3 (33.3%, 95% CI 6.1-79.2) | 1 |" in md
    # Saturation (see reportdata: en_e1 brings 3 codes, en_e2 rnd, en_g1 tax; nothing new after).
    assert ("The 7 interviews in scope raised 5 distinct codes and 3 distinct keywords. The last new code appeared "
            "in interview 4 (en_g1); the 3 interviews after it added no new code.") in md
    quotes = {(r["factor"], r["group"]): r["respondent"] for r in report.tables["quotes"].records}
    assert quotes[("Policy", "government")] == "G2"
    assert "Of 3 factors tested, 0 differed between enterprise and government respondents at p < 0.05" in md
    assert "Subsidy and Tax incentive: 1 passages (Jaccard 0.25)" in md
    assert "Policy, government (G2, zh_g2 passage 1): \"我们提供**补贴**和**税收**优惠。\"" in md
    html = render_html(report)
    assert "我们提供<strong>补贴</strong>和<strong>税收</strong>优惠" in html


def test_too_small_groups_in_the_summary(report_project):
    report = build_report(report_project, Filters(transcripts=("en_e1", "en_e2", "en_g1")), "group")
    md = render_markdown(report)
    assert "No test was run: groups too small for a test: 2 and 1 respondents" in md


def test_no_comparison_with_three_groups(report_project):
    report = build_report(report_project, Filters(), "size")
    assert "compare" not in report.tables
    assert report.notes == ["no group comparison: --by size has 3 groups (large, small, (none)): "
                            "name the two to compare with --a and --b"]


def test_untested_codes_are_not_counted_as_tested(report_project):
    # Bob coded customers, competitors, tax and rnd, never subsidy: 4 of the 5 codes can be tested.
    md = render_markdown(build_report(report_project, Filters(coders=("bob",)), "group"))
    assert "Of 4 codes tested, 0 differed" in md and "Holm's adjustment for 4 tests" in md
    assert "nan" not in md.lower().replace("financ", "")


def test_differences_come_from_exact_shares(report_project):
    from interview_coder.analysis.compare import compare_groups

    frame = compare_groups(report_project, Filters(), "group")
    for r in frame.to_dict(orient="records"):
        exact = 100 * (r["respondents_a"] / r["respondents_total_a"] - r["respondents_b"] / r["respondents_total_b"])
        assert r["difference_pp"] == round(exact, 1)
    policy = frame[(frame["level"] == "factor") & (frame["id"] == "policy")].iloc[0]
    assert policy["difference_pp"] == -41.7  # 1 of 4 against 2 of 3: 25.0 - 66.67


def test_charts_carry_group_sizes_and_chinese_titles(report_project):
    report = build_report(report_project, Filters(), "group")
    factors = next(c for c in report.charts if c.name == "factors")
    assert factors.groups == ["enterprise", "government"] and factors.group_sizes == [4, 3]
    drivers = next(c for c in report.charts if c.name == "drivers")
    # Internal (capability): 2 of 4 enterprise, 0 of 3 government; external: 4 of 4 and 3 of 3.
    assert drivers.categories[0] == ("Internal drivers", "内部驱动因素") and drivers.values[0] == [50.0, 0.0]
    assert factors.title_zh == "各组因素：组内受访者占比（%）" and factors.xlabel_zh == "组内受访者占比（%）"
