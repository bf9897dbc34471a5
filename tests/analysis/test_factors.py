"""The SIM roll-up on the hand-built fixture (tests/reportdata.py)."""

from __future__ import annotations

import pytest

from interview_coder.analysis.factors import (
    DRIVER_COLUMNS,
    FACTOR_COLUMNS,
    driver_totals,
    factor_frequencies,
    factor_tables,
)
from interview_coder.store.scope import Filters

pytest_plugins = ["reportdata"]  # the report_project fixture


def rows(frame, key="factor"):
    return {(r[key], r["group"]): (r["passages"], r["respondents"], r["respondents_total"], r["keyword_hits"],
                                   r["passages_share"])
            for r in frame.to_dict(orient="records")}


def test_factor_columns(report_project):
    frame = factor_frequencies(report_project, Filters(), by="group")
    assert list(frame.columns) == FACTOR_COLUMNS
    assert list(frame["factor"]) == ["market", "market", "policy", "policy", "capability", "capability"]
    assert list(frame["driver"]) == ["external"] * 4 + ["internal"] * 2


def test_factors_by_group(report_project):
    got = rows(factor_frequencies(report_project, Filters(), by="group"))
    # coded passages: enterprise 7 (E1p1-3, E2p1-2, E3p1-2), government 4 (G1p1-2, G2p1-2)
    assert got == {
        ("market", "enterprise"): (4, 3, 4, 3, 57.1),      # E1p1 E1p2 E2p1 E3p1; 4/7
        ("market", "government"): (1, 1, 3, 0, 25.0),      # G2p2
        ("policy", "enterprise"): (1, 1, 4, 1, 14.3),      # E1p3
        ("policy", "government"): (3, 2, 3, 2, 75.0),      # G1p1 G1p2 G2p1 (subsidy and tax: once)
        ("capability", "enterprise"): (2, 2, 4, 0, 28.6),  # E2p2 E3p2
        ("capability", "government"): (0, 0, 3, 0, 0.0),
    }
    frame = factor_frequencies(report_project, Filters(), by="group")
    assert frame.iloc[3]["respondents_pct"] == pytest.approx(66.7)
    assert frame.iloc[3]["factor_name"] == "Policy"


def test_driver_totals(report_project):
    frame = driver_totals(report_project, Filters(), by="group")
    assert list(frame.columns) == DRIVER_COLUMNS
    assert rows(frame, "driver") == {
        ("internal", "enterprise"): (2, 2, 4, 0, 28.6),
        ("internal", "government"): (0, 0, 3, 0, 0.0),
        ("external", "enterprise"): (5, 3, 4, 4, 71.4),   # E1p1 E1p2 E1p3 E2p1 E3p1
        ("external", "government"): (4, 2, 3, 2, 100.0),  # every coded government passage
    }


def test_factors_with_suggestions(report_project):
    got = rows(factor_frequencies(report_project, Filters(status="all"), by="group"))
    # + G3p1 (subsidy suggestion): government coded passages 5, policy 4 passages of G1 G2 G3
    assert got[("policy", "government")] == (4, 3, 3, 5, 80.0)
    assert got[("market", "enterprise")] == (4, 3, 4, 4, 57.1)


def test_factor_tables(report_project):
    tables = factor_tables(factor_frequencies(report_project), driver_totals(report_project))
    assert [t.title for t in tables] == ["Factor frequencies", "Driver totals"]
    assert tables[0].records[0] == {"factor": "market", "factor_name": "Market", "driver": "external", "group": "all",
                                    "passages": 5, "respondents": 4, "respondents_total": 7,
                                    "respondents_pct": 57.1, "keyword_hits": 3, "passages_share": 45.5}
    assert set(tables[0].definitions) >= set(FACTOR_COLUMNS)
