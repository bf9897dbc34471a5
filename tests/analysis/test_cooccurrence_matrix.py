"""Co-occurrence and the respondent x code matrix on the hand-built fixture (tests/reportdata.py)."""

from __future__ import annotations

import pytest

from interview_coder.analysis.cooccurrence import (
    cooccurrence_matrix,
    cooccurrence_pairs,
    cooccurrence_tables,
)
from interview_coder.analysis.matrix import matrix_table, respondent_matrix
from interview_coder.errors import InputError
from interview_coder.store.scope import Filters

pytest_plugins = ["reportdata"]  # the report_project fixture


def test_cooccurrence_by_passage(report_project):
    pairs = cooccurrence_pairs(report_project)
    # only G2p1 carries two different codes (subsidy and tax); subsidy on 3 passages, tax on 2
    assert pairs.to_dict(orient="records") == [
        {"code_a": "subsidy", "code_b": "tax", "both": 1, "with_a": 3, "with_b": 2, "jaccard": 0.25}]
    matrix = cooccurrence_matrix(report_project).set_index("code")
    assert [matrix.loc[c, c] for c in ["customers", "competitors", "subsidy", "tax", "rnd"]] == [4, 1, 3, 2, 2]
    assert matrix.loc["subsidy", "tax"] == matrix.loc["tax", "subsidy"] == 1
    assert matrix.loc["customers", "rnd"] == 0


def test_cooccurrence_by_respondent(report_project):
    got = {(r["code_a"], r["code_b"]): (r["both"], r["jaccard"])
           for r in cooccurrence_pairs(report_project, unit="respondent").to_dict(orient="records")}
    assert got == {
        ("subsidy", "tax"): (2, 0.667),          # G1 G2; subsidy E1 G1 G2, tax G1 G2
        ("customers", "rnd"): (2, 0.5),           # E2 E3; customers E1 E2 E3 G2
        ("customers", "subsidy"): (2, 0.4),       # E1 G2
        ("competitors", "subsidy"): (1, 0.333),   # E1
        ("customers", "competitors"): (1, 0.25),  # E1
        ("customers", "tax"): (1, 0.2),           # G2
    }
    assert list(cooccurrence_pairs(report_project, unit="respondent")["both"]) == [2, 2, 2, 1, 1, 1]
    with pytest.raises(InputError):
        cooccurrence_pairs(report_project, unit="sentence")
    tables = cooccurrence_tables(cooccurrence_pairs(report_project), cooccurrence_matrix(report_project))
    assert [t.title for t in tables] == ["Co-occurring codes", "Co-occurrence matrix"]


def test_matrix_presence(report_project):
    frame = respondent_matrix(report_project)
    assert list(frame.columns) == ["respondent", "group", "size", "words", "customers", "competitors", "subsidy",
                                   "tax", "rnd"]
    got = {r["respondent"]: [r["customers"], r["competitors"], r["subsidy"], r["tax"], r["rnd"]]
           for r in frame.to_dict(orient="records")}
    assert got == {"E1": [1, 1, 1, 0, 0], "E2": [1, 0, 0, 0, 1], "E3": [1, 0, 0, 0, 1], "E4": [0, 0, 0, 0, 0],
                   "G1": [0, 0, 1, 1, 0], "G2": [1, 0, 1, 1, 0], "G3": [0, 0, 0, 0, 0]}
    assert list(frame["words"]) == [23, 15, 18, 3, 15, 20, 5]
    assert list(frame["group"]) == ["enterprise"] * 4 + ["government"] * 3


def test_matrix_passages_hits_and_factors(report_project):
    hits = respondent_matrix(report_project, Filters(status="all"), value="hits").set_index("respondent")
    assert hits.loc["E2", "customers"] == 2 and hits.loc["E3", "customers"] == 1 and hits.loc["E1", "tax"] == 0
    assert hits.loc["G3", "subsidy"] == 1
    factors = respondent_matrix(report_project, value="passages", level="factor").set_index("respondent")
    assert list(factors.columns[-3:]) == ["market", "policy", "capability"]
    assert factors.loc["E1", "market"] == 2 and factors.loc["G1", "policy"] == 2 and factors.loc["G2", "policy"] == 1
    table = matrix_table(respondent_matrix(report_project), "presence")
    assert table.definitions["size"] == "the respondent's size attribute"
    assert table.definitions["rnd"].startswith("code rnd: 1 if")
    with pytest.raises(InputError):
        respondent_matrix(report_project, value="words")
