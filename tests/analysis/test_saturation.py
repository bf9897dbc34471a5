"""Saturation, respondent tables and organisation as the unit on the hand-counted five-interview
project in tests/data/saturation (counts made by reading the files; see each comment)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fivedata import five_project

from interview_coder.analysis.intervals import wilson
from interview_coder.analysis.organisations import organisation_frequencies
from interview_coder.analysis.respondents import respondent_totals_table, respondents_by_attribute
from interview_coder.analysis.saturation import saturation
from interview_coder.errors import InputError
from interview_coder.store.scope import Filters


@pytest.fixture
def five(tmp_path: Path):
    project = five_project(tmp_path / "five.db")
    yield project
    project.close()


def _curve(table) -> list[tuple[str, int, int, int, int]]:
    return [(r["transcript"], r["new_codes"], r["codes_total"], r["new_keywords"], r["keywords_total"])
            for r in table.records]


def test_saturation_in_import_order(five) -> None:
    # s1: suppliers, unis (supplier, university); s2: + risk (professor, take risk);
    # s3: + subsidy, tax (补贴, 税收优惠); s4: nothing new (supply chain, tax incentive); s5: no hit.
    assert _curve(saturation(five)) == [("s1", 2, 2, 2, 2), ("s2", 1, 3, 2, 4), ("s3", 2, 5, 2, 6),
                                        ("s4", 0, 5, 2, 8), ("s5", 0, 5, 0, 8)]


def test_saturation_by_date_puts_undated_interviews_last(five) -> None:
    # s2 (2021-01-10): suppliers, unis, risk / supplier, professor, take risk; s3 (02-01): + subsidy,
    # tax / 补贴, 税收优惠; s1 (03-05): university; s4 (04-01): supply chain, tax incentive; s5 undated.
    table = saturation(five, order="attribute", attribute="date")
    assert _curve(table) == [("s2", 3, 3, 3, 3), ("s3", 2, 5, 2, 5), ("s1", 0, 5, 1, 6),
                             ("s4", 0, 5, 2, 8), ("s5", 0, 5, 0, 8)]
    assert [r["order_value"] for r in table.records][:2] == ["2021-01-10", "2021-02-01"]
    with pytest.raises(InputError, match="--attribute"):
        saturation(five, order="attribute")


def test_saturation_follows_the_coder_filter(five) -> None:
    assert _curve(saturation(five, Filters(coders=("nobody",))))[-1] == ("s5", 0, 0, 0, 0)


def test_respondents_by_attribute(five) -> None:
    rows = {(r["attribute"], r["value"]): r["respondents"] for r in respondents_by_attribute(five).records}
    assert rows[("group", "enterprise")] == 3 and rows[("group", "government")] == 2
    assert rows[("organisation", "Alpha")] == 2 and rows[("organisation", "Gamma")] == 1
    assert rows[("date", "(none)")] == 1
    first = respondents_by_attribute(five, attributes=["group"]).records[0]
    assert (first["respondents_pct"], first["ci_low"], first["ci_high"]) == (60.0, *wilson(3, 5))


def test_per_respondent_totals(five) -> None:
    rows = {r["respondent"]: r for r in respondent_totals_table(five).records}
    # S2: "A supplier and a professor; we take risks." + "No." = 2 passages, 8 + 1 words, 3 codes, 3 hits.
    assert (rows["S2"]["passages"], rows["S2"]["words"], rows["S2"]["codes"], rows["S2"]["keyword_hits"]) == (2, 9, 3, 3)
    assert (rows["S5"]["coded_passages"], rows["S5"]["keyword_hits"]) == (0, 0)
    assert rows["S3"]["group"] == "government" and rows["S3"]["transcripts"] == "s3"


def test_organisation_as_the_unit(five) -> None:
    # Enterprises: Alpha (S1, S2) and Gamma (S5); government: Beta (S3, S4).
    rows = {(r["code"], r["group"]): (r["organisations"], r["organisations_total"])
            for r in organisation_frequencies(five).records}
    assert rows[("suppliers", "enterprise")] == (1, 2)  # Alpha, counted once for S1 and S2
    assert rows[("suppliers", "government")] == (1, 1)  # Beta (S4)
    assert rows[("risk", "enterprise")] == (1, 2) and rows[("talent", "enterprise")] == (0, 2)
    with pytest.raises(InputError, match="no respondent has an attribute 'firm'"):
        organisation_frequencies(five, unit="firm")


def test_wilson_interval_by_hand() -> None:
    # 4 of 7: centre (4/7 + z^2/14) / (1 + z^2/7), half-width per Wilson (1927): 25.0% to 84.2%.
    assert wilson(4, 7) == (25.0, 84.2)
    assert wilson(0, 5) == (0.0, 43.4) and wilson(5, 5) == (56.6, 100.0) and wilson(0, 0) == (0.0, 0.0)
