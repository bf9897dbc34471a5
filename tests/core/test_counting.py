"""The counting rules on hand-counted values."""

from __future__ import annotations

from interview_coder.core.counting import (
    Candidate,
    ExcludeSpan,
    keyword_hit_counts,
    keyword_totals,
    resolve_hits,
)


def test_longest_stretch_wins_and_ties_go_to_the_earlier_one() -> None:
    cands = [Candidate(0, 3, "tax", "tax"), Candidate(0, 14, "tax", "tax incentive"),
             Candidate(4, 14, "x", "incentive"), Candidate(20, 25, "a", "ab cd"), Candidate(23, 28, "b", "cd ef")]
    assert resolve_hits(cands) == [Candidate(0, 14, "tax", "tax incentive"), Candidate(20, 25, "a", "ab cd")]


def test_a_stretch_counts_once_per_code() -> None:
    cands = [Candidate(0, 5, "a", "bank"), Candidate(0, 5, "a", "banks"), Candidate(0, 5, "b", "bank")]
    assert resolve_hits(cands) == [Candidate(0, 5, "a", "bank"), Candidate(0, 5, "b", "bank")]


def test_excludes_suppress_hits_inside_them_before_overlaps_are_resolved() -> None:
    cands = [Candidate(0, 4, "risk", "risk"), Candidate(0, 15, "other", "risk management"),
             Candidate(20, 24, "risk", "risk")]
    excludes = [ExcludeSpan(0, 15, "risk"), ExcludeSpan(0, 15, "unrelated")]
    assert resolve_hits(cands, excludes) == [Candidate(0, 15, "other", "risk management"),
                                              Candidate(20, 24, "risk", "risk")]
    # a project-wide excluded word (code None) suppresses every code; partial overlap does not
    assert resolve_hits(cands, [ExcludeSpan(0, 15, None), ExcludeSpan(22, 30, None)]) == [
        Candidate(20, 24, "risk", "risk")]


def test_keyword_hits_merge_synonyms_and_drop_excluded_words() -> None:
    rows = [("grant", "subsidy", "enterprise", 2), ("Subsidy", "subsidy", "enterprise", 3),
            ("subsidy", "subsidy", "government", 1), ("risk", "risk", "enterprise", 4)]
    counts = keyword_hit_counts(rows, merges={"grant": "subsidy", "subsidy": "subsidy"}, excluded=["RISK"])
    assert counts == {("subsidy", "subsidy", "enterprise"): 5, ("subsidy", "subsidy", "government"): 1}
    assert keyword_totals(counts) == {"enterprise": {"keyword_hits": 5, "distinct_keywords": 1},
                                      "government": {"keyword_hits": 1, "distinct_keywords": 1}}


def test_distinct_keywords_count_a_keyword_under_two_codes_once() -> None:
    counts = keyword_hit_counts([("bank", "a", "g", 1), ("bank", "b", "g", 2), ("fund", "a", "g", 1)])
    assert keyword_totals(counts) == {"g": {"keyword_hits": 4, "distinct_keywords": 2}}
