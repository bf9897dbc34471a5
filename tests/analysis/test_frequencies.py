"""Code frequencies on the hand-built fixture (tests/reportdata.py lists every passage and coding)."""

from __future__ import annotations

import pytest

from interview_coder.analysis.frequencies import (
    FREQUENCY_COLUMNS,
    code_frequencies,
    frequency_table,
)
from interview_coder.analysis.keywords import keyword_report
from interview_coder.store.scope import Filters

pytest_plugins = ["reportdata"]  # the report_project fixture


def rows(frame):
    return {(r["code"], r["group"]): (r["passages"], r["respondents"], r["respondents_total"], r["keyword_hits"])
            for r in frame.to_dict(orient="records")}


def test_columns_are_the_contract(report_project):
    frame = code_frequencies(report_project, Filters(), by="group")
    assert list(frame.columns) == FREQUENCY_COLUMNS == [
        "code", "code_name", "factor", "group", "passages", "respondents", "respondents_total",
        "respondents_pct", "keyword_hits"]


def test_by_group_accepted_only(report_project):
    frame = code_frequencies(report_project, Filters(), by="group")
    # (passages, respondents, respondents_total, keyword_hits), counted by hand from reportdata.py
    assert rows(frame) == {
        ("customers", "enterprise"): (3, 3, 4, 3),    # E1p1 E2p1 E3p1; hits E1 1 + E2 2 (E3's 客户 is a suggestion)
        ("customers", "government"): (1, 1, 3, 0),    # G2p2
        ("competitors", "enterprise"): (1, 1, 4, 0),  # E1p2 coded by bob and alice: once
        ("competitors", "government"): (0, 0, 3, 0),
        ("subsidy", "enterprise"): (1, 1, 4, 1),      # E1p3
        ("subsidy", "government"): (2, 2, 3, 2),      # G1p1 G2p1; G3's suggestion does not count
        ("tax", "enterprise"): (0, 0, 4, 0),          # E1p3's tax hit was rejected
        ("tax", "government"): (2, 2, 3, 0),          # G1p2 G2p1; both tax hits are suggestions
        ("rnd", "enterprise"): (2, 2, 4, 0),          # E2p2 E3p2 (two coders on E3p2)
        ("rnd", "government"): (0, 0, 3, 0),
    }
    # codebook order, a code's groups together
    assert list(frame["code"]) == ["customers"] * 2 + ["competitors"] * 2 + ["subsidy"] * 2 + ["tax"] * 2 + ["rnd"] * 2
    customers = frame.iloc[0]
    assert (customers["code_name"], customers["factor"], customers["respondents_pct"]) == ("Customer demand", "market", 75.0)
    assert frame.iloc[3]["respondents_pct"] == 0.0
    assert frame.iloc[5]["respondents_pct"] == pytest.approx(66.7)  # subsidy, government: 2 of 3


def test_status_all_adds_suggestions_never_rejections(report_project):
    got = rows(code_frequencies(report_project, Filters(status="all"), by="group"))
    assert got[("customers", "enterprise")] == (3, 3, 4, 4)  # + E3p1 客户 (passage already counted)
    assert got[("subsidy", "government")] == (3, 3, 3, 3)   # + G3p1
    assert got[("tax", "government")] == (2, 2, 3, 2)       # + the two tax suggestions as hits
    assert got[("tax", "enterprise")] == (0, 0, 4, 0)       # rejected never counts


def test_status_suggested_only(report_project):
    got = rows(code_frequencies(report_project, Filters(status="suggested"), by="group"))
    assert got[("customers", "enterprise")] == (1, 1, 4, 1)
    assert got[("subsidy", "government")] == (1, 1, 3, 1)
    assert got[("tax", "government")] == (2, 2, 3, 2)
    assert got[("rnd", "enterprise")] == (0, 0, 4, 0)


def test_one_coder(report_project):
    got = rows(code_frequencies(report_project, Filters(coders=("alice",)), by="group"))
    # an accepted suggestion belongs to the coder who accepted it: E2's hits are bob's
    assert got[("customers", "enterprise")] == (2, 2, 4, 1)
    assert got[("competitors", "enterprise")] == (1, 1, 4, 0)  # alice's span on E1p2
    assert got[("rnd", "enterprise")] == (1, 1, 4, 0)          # E3p2 only
    assert got[("tax", "government")] == (1, 1, 3, 0)          # G2p1 only
    assert got[("customers", "government")] == (0, 0, 3, 0)   # G2p2 is bob's


def test_no_split_and_where_and_transcripts(report_project):
    frame = code_frequencies(report_project, Filters())
    assert set(frame["group"]) == {"all"}
    got = rows(frame)
    assert got[("customers", "all")] == (4, 4, 7, 3)
    assert got[("subsidy", "all")] == (3, 3, 7, 3)
    where = rows(code_frequencies(report_project, Filters(where=(("size", "small"),)), by="group"))
    assert where[("customers", "enterprise")] == (2, 2, 2, 1)  # E1p1 E3p1 of E1 and E3
    assert ("customers", "government") not in where
    by_size = rows(code_frequencies(report_project, Filters(), by="size"))
    assert by_size[("customers", "small")] == (2, 2, 2, 1)
    assert by_size[("customers", "large")] == (1, 1, 2, 2)
    assert by_size[("customers", "(none)")] == (1, 1, 3, 0)  # government respondents have no size
    only = rows(code_frequencies(report_project, Filters(transcripts=("en_e1",)), by="group"))
    assert only[("customers", "enterprise")] == (1, 1, 1, 1)
    assert ("customers", "government") not in only  # no government respondent in scope


def test_keyword_hits_agree_with_the_keyword_report(report_project):
    for status in ("accepted", "all"):
        filters = Filters(status=status)
        frame = code_frequencies(report_project, filters, by="group")
        hits_table = keyword_report(report_project, filters, by="group")[0]
        summed: dict[tuple[str, str], int] = {}
        for r in hits_table.records:
            summed[(r["code"], r["group"])] = summed.get((r["code"], r["group"]), 0) + r["hits"]
        assert {k: v[3] for k, v in rows(frame).items() if v[3]} == summed


def test_table_has_definitions_for_every_column(report_project):
    table = frequency_table(code_frequencies(report_project, Filters(), by="group"), by="group")
    assert table.columns == FREQUENCY_COLUMNS
    assert set(table.definitions) == set(FREQUENCY_COLUMNS)
    assert table.records[0]["passages"] == 3 and type(table.records[0]["passages"]) is int
