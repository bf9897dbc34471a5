"""Quotes and keyword in context on the hand-built fixture (tests/reportdata.py)."""

from __future__ import annotations

import pytest

from interview_coder.analysis.quotes import kwic, mark_spans, quotes
from interview_coder.errors import InputError
from interview_coder.store.scope import Filters

pytest_plugins = ["reportdata"]  # the report_project fixture


def test_quotes_of_a_code(report_project):
    frame = quotes(report_project, "customers")
    assert frame[["respondent", "group", "coders"]].values.tolist() == [
        ["E1", "enterprise", "alice"], ["E2", "enterprise", "bob"], ["E3", "enterprise", "alice"],
        ["G2", "government", "bob"]]
    assert frame.iloc[0]["text"] == "Our **customers** want new sensors every year."
    assert frame.iloc[1]["text"] == "**Customers** push us. **Customer** needs change fast."
    assert frame.iloc[2]["text"] == "**客户**的需求是第一位的。"  # a suggestion is marked, not counted
    assert frame.iloc[3]["text"] == "企业的客户也很关键。"  # coded by hand, no stored hit
    assert quotes(report_project, "customers", group="government", limit=5)["respondent"].tolist() == ["G2"]
    assert len(quotes(report_project, "customers", limit=2)) == 2


def test_quotes_of_a_factor_and_coders(report_project):
    frame = quotes(report_project, "policy", group="government")
    assert frame[["respondent", "code"]].values.tolist() == [["G1", "subsidy"], ["G1", "tax"], ["G2", "subsidy, tax"]]
    assert frame.iloc[2]["text"] == "我们提供**补贴**和**税收**优惠。"
    both = quotes(report_project, "competitors")
    assert both.iloc[0]["coders"] == "alice, bob"  # two coders, one passage, one quote
    assert quotes(report_project, "subsidy", Filters(status="all"))["respondent"].tolist() == ["E1", "G1", "G2", "G3"]
    with pytest.raises(InputError, match="no code or factor"):
        quotes(report_project, "nothing")


def test_mark_spans_merges_overlaps():
    assert mark_spans("abcdef", [(1, 3), (2, 4)]) == "a**bcd**ef"
    assert mark_spans("abcdef", [(0, 1), (5, 6)], mark="") == "abcdef"


def test_kwic(report_project):
    frame = kwic(report_project, "customer")
    assert frame[["respondent", "keyword"]].values.tolist() == [["E2", "Customer"]]  # not 'customers'
    prefixed = kwic(report_project, "customer*")
    assert prefixed["keyword"].tolist() == ["customers", "Customers", "Customer"]
    assert prefixed.iloc[2]["left"] == "Customers push us." and prefixed.iloc[2]["right"] == "needs change fast."
    zh = kwic(report_project, "客户", width=3)
    assert zh[["respondent", "left", "keyword", "right"]].values.tolist() == [
        ["E3", "", "客户", "的需求"], ["G2", "企业的", "客户", "也很关"]]
    assert kwic(report_project, "tax", Filters(where=(("group", "government"),)))["respondent"].tolist() == ["G1"]
    # interviewer text is never searched ("Does the government help?")
    assert kwic(report_project, "government").empty
