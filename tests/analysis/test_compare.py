"""Group comparison on the hand-built fixture, statistics checked against scipy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, fisher_exact

from interview_coder.analysis.compare import (
    COMPARE_COLUMNS,
    compare_groups,
    compare_table,
    holm,
    independence_test,
)
from interview_coder.errors import InputError
from interview_coder.store.scope import Filters

pytest_plugins = ["reportdata"]  # the report_project fixture

# enterprise (a): E1..E4, 59 respondent words; government (b): G1..G3, 40 words
HAND = {  # id: (respondents_a, respondents_b, keyword_hits_a, keyword_hits_b)
    "customers": (3, 1, 3, 0), "competitors": (1, 0, 0, 0), "subsidy": (1, 2, 1, 2), "tax": (0, 2, 0, 0),
    "rnd": (2, 0, 0, 0), "market": (3, 1, 3, 0), "policy": (1, 2, 1, 2), "capability": (2, 0, 0, 0),
}


def step_down(pvalues):
    """Holm written out the textbook way, to check the implementation against."""
    m = len(pvalues)
    ranked = sorted(pvalues)
    adjusted_sorted = []
    for k in range(m):
        adjusted_sorted.append(min(1.0, max((m - j) * ranked[j] for j in range(k + 1))))
    return [adjusted_sorted[ranked.index(p)] for p in pvalues]


def test_counts_and_rates_by_hand(report_project):
    frame = compare_groups(report_project, Filters(), by="group")
    assert list(frame.columns) == COMPARE_COLUMNS
    assert list(frame["level"]) == ["code"] * 5 + ["factor"] * 3
    for r in frame.to_dict(orient="records"):
        yes_a, yes_b, hits_a, hits_b = HAND[r["id"]]
        assert (r["group_a"], r["group_b"]) == ("enterprise", "government")
        assert (r["respondents_a"], r["respondents_total_a"], r["respondents_b"], r["respondents_total_b"]) == (
            yes_a, 4, yes_b, 3)
        assert r["respondents_pct_a"] == round(100 * yes_a / 4, 1)
        assert r["difference_pp"] == pytest.approx(round(100 * yes_a / 4, 1) - round(100 * yes_b / 3, 1))
        assert (r["keyword_hits_a"], r["words_a"], r["keyword_hits_b"], r["words_b"]) == (hits_a, 59, hits_b, 40)
        assert r["hits_per_1000_words_a"] == round(1000 * hits_a / 59, 2)
        assert r["hits_per_1000_words_b"] == round(1000 * hits_b / 40, 2)
    customers = frame.iloc[0]
    assert (customers["respondents_pct_a"], customers["respondents_pct_b"], customers["difference_pp"]) == (75.0, 33.3, 41.7)
    assert customers["hits_per_1000_words_a"] == 50.85


def test_statistics_match_scipy(report_project):
    frame = compare_groups(report_project, Filters(), by="group")
    for level in ("code", "factor"):
        part = frame[frame["level"] == level].to_dict(orient="records")
        expected_p = []
        for r in part:
            table = [[r["respondents_a"], 4 - r["respondents_a"]], [r["respondents_b"], 3 - r["respondents_b"]]]
            # every expected count is below 5 with 4 and 3 respondents: Fisher's exact test
            assert r["test"] == "Fisher exact" and r["chi2"] is None
            p = fisher_exact(table).pvalue
            assert r["p"] == pytest.approx(p, rel=1e-3)
            expected_p.append(p)
            (a, b), (c, d) = table
            phi = (a * d - b * c) / math.sqrt((a + b) * (c + d) * (a + c) * (b + d))
            assert r["phi"] == pytest.approx(phi, abs=1e-3)
        assert [r["p_holm"] for r in part] == pytest.approx(step_down(expected_p), rel=1e-3)
    assert frame.iloc[0]["phi"] == pytest.approx(5 / 12, abs=1e-3)   # customers: (3*2 - 1*1) / 12
    assert frame.iloc[3]["phi"] == pytest.approx(-8 / math.sqrt(120), abs=1e-3)  # tax, more common in b


def test_chi_square_branch_matches_scipy():
    got = independence_test(30, 60, 12, 50)
    table = [[30, 30], [12, 38]]
    reference = chi2_contingency(table, correction=False)
    assert got["test"] == "chi-square"
    assert got["chi2"] == pytest.approx(reference.statistic)
    assert got["p"] == pytest.approx(reference.pvalue)
    # phi^2 = chi2 / n for a 2x2 table
    assert got["phi"] ** 2 == pytest.approx(reference.statistic / 110)
    assert independence_test(2, 60, 4, 50)["test"] == "Fisher exact"  # expected 6 x 50 / 110 = 2.7 < 5
    assert independence_test(0, 10, 0, 12) == {"test": "none", "note": "no respondent in either group has it"}
    assert independence_test(10, 10, 12, 12)["test"] == "none"


@settings(deadline=None, max_examples=60)
@given(st.integers(1, 40), st.integers(1, 40), st.data())
def test_independence_agrees_with_scipy(total_a, total_b, data):
    yes_a = data.draw(st.integers(0, total_a))
    yes_b = data.draw(st.integers(0, total_b))
    got = independence_test(yes_a, total_a, yes_b, total_b)
    table = [[yes_a, total_a - yes_a], [yes_b, total_b - yes_b]]
    if yes_a + yes_b in (0, total_a + total_b):
        assert got["test"] == "none"
        return
    expected = chi2_contingency(table, correction=False).expected_freq
    if expected.min() < 5:
        assert got["test"] == "Fisher exact"
        assert got["p"] == pytest.approx(fisher_exact(table).pvalue)
    else:
        assert got["test"] == "chi-square"
        assert got["p"] == pytest.approx(chi2_contingency(table, correction=False).pvalue)
    assert -1 <= got["phi"] <= 1


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_holm_matches_the_textbook(pvalues):
    assert holm(pvalues) == pytest.approx(step_down(pvalues))


def test_too_small_groups_are_said_plainly(report_project):
    # E1, E2 against G1: no outcome of 2 vs 1 respondents could reach p < 0.05
    frame = compare_groups(report_project, Filters(transcripts=("en_e1", "en_e2", "en_g1")), by="group")
    assert set(frame["test"]) == {"none"}
    assert frame["p"].isna().all()
    assert frame.iloc[0]["note"].startswith("groups too small for a test: 2 and 1 respondents")


def test_choosing_groups(report_project):
    swapped = compare_groups(report_project, Filters(), by="group", a="government", b="enterprise")
    assert swapped.iloc[0]["group_a"] == "government" and swapped.iloc[0]["difference_pp"] == -41.7
    assert compare_groups(report_project, Filters(), by="group", a="government").iloc[0]["group_b"] == "enterprise"
    with pytest.raises(InputError, match="3 groups"):
        compare_groups(report_project, Filters(), by="size")  # small, large, (none)
    small = compare_groups(report_project, Filters(), by="size", a="small", b="large")
    assert small.iloc[0]["respondents_a"] == 2
    with pytest.raises(InputError, match="no respondent in scope has group = 'nobody'"):
        compare_groups(report_project, Filters(), by="group", a="nobody", b="enterprise")


def test_table_titles_the_groups(report_project):
    table = compare_table(compare_groups(report_project, Filters(), by="group"))
    assert table.title == "Comparison" and table.unit.startswith("a = enterprise, b = government; respondents")
    assert set(table.definitions) == set(COMPARE_COLUMNS)
    assert set(table.brief) <= set(table.columns)
