"""Agreement statistics against published worked examples and independent implementations."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from teamdata import make_project, passage_id

from interview_coder.analysis.agreement import (
    OVERALL,
    agreement_records,
    brennan_prediger,
    categorical_units,
    character_units,
    cohen_kappa,
    krippendorff_alpha,
    pairable_units,
    passage_units,
    percent_agreement,
)
from interview_coder.errors import InputError
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code
from interview_coder.store.scope import Filters

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1-5, missing data. Rows are observers; None = missing. Published alpha
# (nominal) = 0.743.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def units_of(by_coder: list[list[object]]) -> list[tuple[object, ...]]:
    return list(zip(*by_coder, strict=True))


def two_by_two(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> list[tuple[str, str]]:
    return ([("y", "y")] * yes_yes + [("y", "n")] * yes_no + [("n", "y")] * no_yes + [("n", "n")] * no_no)


def test_krippendorff_2011_worked_example() -> None:
    units = units_of(K2011)
    # Unit 12 has one value only: not pairable, so 11 units count.
    assert pairable_units(units) == 11
    assert round(krippendorff_alpha(units), 3) == 0.743
    # The paper's figures: n = 40 pairable values, n_1..n_5 = 9, 13, 10, 5, 3, so
    # sum n_c(n_c - 1) = 72 + 156 + 90 + 20 + 6 = 344; the off-diagonal coincidences sum to 8:
    # alpha = 1 - (n - 1) * 8 / (n(n - 1) - 344) = 1 - 312/1216.
    assert krippendorff_alpha(units) == pytest.approx(1 - 312 / 1216, abs=1e-12)
    expected = krippendorff.alpha(reliability_data=np.array(K2011, dtype=float), level_of_measurement="nominal")
    assert krippendorff_alpha(units) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("cells", "kappa", "p_o"), [
    # Wikipedia "Cohen's kappa", worked example: 50 grant proposals, two readers.
    ((20, 5, 10, 15), 0.4, 0.7),
    # Same article, "same agreement, different kappa": p_o = 0.60 both times.
    ((45, 15, 25, 15), 0.1304, 0.6),
    ((25, 35, 5, 35), 0.2593, 0.6),
])
def test_cohen_kappa_textbook_examples(cells: tuple[int, int, int, int], kappa: float, p_o: float) -> None:
    units = two_by_two(*cells)
    assert round(cohen_kappa(units), 4) == kappa
    assert percent_agreement(units) == pytest.approx(p_o)
    # Brennan & Prediger with two categories: (p_o - 1/2) / (1 - 1/2).
    assert brennan_prediger(units, 2) == pytest.approx((p_o - 0.5) / 0.5)


def test_brennan_prediger_uses_the_number_of_categories() -> None:
    units = [("a", "a"), ("b", "b"), ("c", "a"), ("a", "a")]  # p_o = 3/4
    assert brennan_prediger(units, 3) == pytest.approx((0.75 - 1 / 3) / (1 - 1 / 3))
    assert brennan_prediger(units, 4) == pytest.approx((0.75 - 0.25) / 0.75)


def test_percent_agreement_with_three_coders_averages_pairs_per_unit() -> None:
    # unit 1: all agree (1); unit 2: one pair of three agrees (1/3); unit 3: two values that differ (0)
    units = [(1, 1, 1), (1, 1, 0), (0, None, 1), (1, None, None)]
    assert percent_agreement(units) == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert pairable_units(units) == 3


def test_undefined_statistics_are_nan() -> None:
    units = [(0, 0)] * 5
    assert percent_agreement(units) == 1.0
    assert math.isnan(cohen_kappa(units))
    assert math.isnan(krippendorff_alpha(units))
    assert math.isnan(percent_agreement([(1, None)]))
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa([(1, 1, 1)])


def test_weights_equal_repeated_units() -> None:
    repeated = [(1, 1)] * 7 + [(1, 0)] * 2 + [(0, 0)] * 5 + [(None, 1)] * 3
    weighted = [(1, 1), (1, 0), (0, 0), (None, 1)]
    weights = [7, 2, 5, 3]
    for stat in (percent_agreement, cohen_kappa, krippendorff_alpha):
        assert stat(weighted, weights) == pytest.approx(stat(repeated), abs=1e-12)


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_cohen_kappa_matches_scikit_learn(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 60))
    labels = st.sampled_from(["a", "b", "c", "d"][: data.draw(st.integers(2, 4))])
    first = data.draw(st.lists(labels, min_size=n, max_size=n))
    second = data.draw(st.lists(labels, min_size=n, max_size=n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = cohen_kappa_score(first, second)
    ours = cohen_kappa(list(zip(first, second, strict=True)))
    if math.isnan(expected):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_krippendorff_alpha_matches_the_krippendorff_package(data: st.DataObject) -> None:
    coders = data.draw(st.integers(2, 5))
    n = data.draw(st.integers(2, 40))
    cell = st.one_of(st.none(), st.integers(1, data.draw(st.integers(2, 5))))
    matrix = [data.draw(st.lists(cell, min_size=n, max_size=n)) for _ in range(coders)]
    units = units_of(matrix)
    values = {v for row in matrix for v in row if v is not None}
    pairable = pairable_units(units)
    ours = krippendorff_alpha(units)
    if len(values) < 2 or pairable == 0:
        return  # the package refuses a one-value domain; ours returns nan or 1-like edge values
    reference = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = krippendorff.alpha(reliability_data=reference, level_of_measurement="nominal")
    if math.isnan(expected):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


# ---- units built from a project (hand-counted) ----------------------------------------------


@pytest.fixture
def coded(tmp_path: Path):  # type: ignore[no-untyped-def]
    """alice and bob code en1; only alice codes zh1 (so bob is missing there)."""
    project = make_project(tmp_path / "p.db")
    p1, p2, p4 = (passage_id(project, "en1", s) for s in (1, 2, 4))
    z1 = passage_id(project, "zh1", 1)
    apply_code(project, p1, "customers", "alice")                 # whole passage (45 chars)
    apply_code(project, p1, "customers", "bob", 4, 13)            # "customers" only (9 chars)
    apply_code(project, p2, "competitors", "alice")
    apply_code(project, p2, "competitors", "bob")
    apply_code(project, p4, "university", "bob")
    apply_code(project, z1, "customers", "alice")
    add_suggestions(project, [Suggestion(p2, "copying", 0, 5, "x")])  # 'auto' is not compared
    yield project
    project.close()


def test_passage_units_hand_counted(coded) -> None:  # type: ignore[no-untyped-def]
    rels = {r.code: r for r in passage_units(coded, ["alice", "bob"])}
    # en1 has 3 respondent passages, both coders; zh1 has 3, bob missing there.
    assert rels["customers"].patterns == {(1, 1): 1, (0, 0): 2, (1, None): 1, (0, None): 2}
    assert rels["university"].patterns == {(0, 1): 1, (0, 0): 2, (0, None): 3}
    assert [(d["transcript"], d["passage"], d["alice"], d["bob"]) for d in rels["university"].disagreements] == [
        ("en1", 4, "no", "yes")]
    assert rels["customers"].disagreements == []


def test_character_units_hand_counted(coded) -> None:  # type: ignore[no-untyped-def]
    rels = {r.code: r for r in character_units(coded, ["alice", "bob"])}
    en1 = [45, 63, 38]  # lengths of the three respondent passages of en1
    assert rels["customers"].patterns[(1, 1)] == 9
    assert rels["customers"].patterns[(1, 0)] == 45 - 9
    assert rels["customers"].patterns[(0, 0)] == en1[1] + en1[2]
    assert rels["competitors"].patterns[(1, 1)] == 63
    assert [d["passage"] for d in rels["customers"].disagreements] == [1]
    assert rels["customers"].disagreements[0]["bob"] == "4-13"


def test_agreement_records_fields_and_pooled_row(coded) -> None:  # type: ignore[no-untyped-def]
    rows, disagreements = agreement_records(coded, ["alice", "bob"], "passage")
    by_code = {r["code"]: r for r in rows}
    assert set(by_code["customers"]) == {"code", "unit", "coders", "n_units", "percent_agreement", "cohen_kappa",
                                         "brennan_prediger", "krippendorff_alpha"}
    uni = by_code["university"]
    assert uni["n_units"] == 3 and uni["percent_agreement"] == pytest.approx(2 / 3)
    assert uni["brennan_prediger"] == pytest.approx((2 / 3 - 0.5) / 0.5)
    # alice (0, 0, 0), bob (1, 0, 0): p_o = 2/3, p_e = 1 * 2/3 -> kappa = 0.
    assert uni["cohen_kappa"] == pytest.approx(0.0)
    pooled = by_code[OVERALL]
    assert pooled["n_units"] == 3 * 6  # 6 codes x 3 passages both coded
    assert len(disagreements) == 1


def test_categorical_factor_missing_and_combined(coded) -> None:  # type: ignore[no-untyped-def]
    rel = categorical_units(coded, ["alice", "bob"], "market")
    # en1 p1: customers/customers; p2: competitors/competitors; zh1 p1: customers/None; rest missing.
    assert rel.patterns[("customers", "customers")] == 1
    assert rel.patterns[("competitors", "competitors")] == 1
    assert rel.patterns[("customers", None)] == 1
    assert rel.categories == 3
    with pytest.raises(InputError, match="no factor"):
        categorical_units(coded, ["alice", "bob"], "nope")


def test_scope_errors_and_filters(coded) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="no coder named 'carol'"):
        passage_units(coded, ["alice", "carol"])
    with pytest.raises(InputError, match="two coders"):
        passage_units(coded, ["alice"])
    only_zh = {r.code: r for r in passage_units(coded, ["alice", "bob"], Filters(transcripts=("zh1",)))}
    assert pairable_units(only_zh["customers"].patterns) == 0
