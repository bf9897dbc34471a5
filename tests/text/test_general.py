"""General-language frequencies, keyness and log-likelihood (keyword candidates, issue 15)."""

from __future__ import annotations

import math

import pytest

from interview_coder.core.model import Keyword
from interview_coder.text.general import general_frequency, keyness, log_likelihood
from interview_coder.text.match import candidate_terms, compile_codebook, find_hits


def test_keyness_is_the_smoothed_ratio_of_per_million_rates() -> None:
    # 5 in 1,000 words = 5,000 per million; 0.0001 = 100 per million; k = 10.
    assert keyness(5, 1000, 0.0001) == pytest.approx((5000 + 10) / (100 + 10))
    assert keyness(0, 1000, 0.0) == 1.0


def test_log_likelihood_by_hand() -> None:
    # 10 of 100 words against 0 of 100: expected 5 and 5, G2 = 2 * 10 * ln(10 / 5).
    assert log_likelihood(10, 0, 100, 100) == pytest.approx(20 * math.log(2))
    assert log_likelihood(0, 10, 100, 100) == pytest.approx(-20 * math.log(2))
    assert log_likelihood(5, 5, 100, 100) == 0.0


def test_general_frequencies_rank_common_words_above_rare_ones() -> None:
    assert general_frequency(("think",), "en") > general_frequency(("supplier",), "en") > 0
    assert general_frequency(("我们",), "zh") > general_frequency(("供应商",), "zh") > 0
    assert general_frequency(("qzxv",), "en") == 0.0
    # A phrase wordfreq has not listed: 1 / (1/f1 + 1/f2), below either word.
    both = general_frequency(("small", "company"), "en")
    assert 0 < both < general_frequency(("company",), "en")


def test_numerals_and_words_inside_keyword_hits_are_not_candidates() -> None:
    compiled = compile_codebook([Keyword("s", "en", "supply chain"), Keyword("s", "zh", "供应商")])
    text = "Twenty engineers run the supply chain project. 三个供应商和十名工程师，百分之十五。"
    spans = [(h.start, h.end) for h in find_hits(text, compiled)]
    terms = [t.form for t in candidate_terms(text, compiled, spans)]
    assert terms == ["engineer", "run", "engineer run", "project", "工程师"]
