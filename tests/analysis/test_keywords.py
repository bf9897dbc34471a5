"""The keyword report and keyword candidates on the hand-counted fixture."""

from __future__ import annotations

from pathlib import Path

from autocodedata import EN_KEYWORDS, ZH_KEYWORDS, fixture_project

from interview_coder.analysis.autocode import autocode
from interview_coder.analysis.filters import Filters
from interview_coder.analysis.keywords import keyword_candidates, keyword_report
from interview_coder.store.keywords import assign_keyword, exclude_words, merge_keywords


def _rows(table) -> dict[tuple[str, str, str], int]:
    return {(r["keyword"], r["code"], r["group"]): r["hits"] for r in table.records}


def test_report_counts_hits_per_keyword_code_and_group(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        autocode(project, accept_as="alice")
        hits, totals = keyword_report(project, Filters())
    expected = {(k, c, "enterprise"): n for (k, c), n in EN_KEYWORDS.items()}
    expected |= {(k, c, "government"): n for (k, c), n in ZH_KEYWORDS.items()}
    assert _rows(hits) == expected
    assert totals.records == [{"group": "enterprise", "keyword_hits": 11, "distinct_keywords": 9},
                              {"group": "government", "keyword_hits": 12, "distinct_keywords": 11}]
    assert hits.columns == ["keyword", "code", "group", "hits"]
    assert totals.columns == ["group", "keyword_hits", "distinct_keywords"]


def test_status_filter_suggestions_count_only_with_all(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        autocode(project)
        assert keyword_report(project, Filters())[1].records == []
        assert [r["keyword_hits"] for r in keyword_report(project, Filters(status="all"))[1].records] == [11, 12]
        assert [r["keyword_hits"] for r in keyword_report(project, Filters.parse(
            status="all", transcripts="zh_fixture"))[1].records] == [12]


def test_merged_synonyms_report_under_the_target_and_excluded_words_never_count(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        autocode(project)
        merge_keywords(project, ["supply chain", "供应商"], into="supplier")
        exclude_words(project, ["talent"])
        hits, totals = keyword_report(project, Filters(status="all"))
    rows = _rows(hits)
    assert rows[("supplier", "suppliers", "enterprise")] == 4
    assert rows[("supplier", "suppliers", "government")] == 2
    assert ("talent", "talent", "enterprise") not in rows
    assert totals.records == [{"group": "enterprise", "keyword_hits": 10, "distinct_keywords": 7},
                              {"group": "government", "keyword_hits": 12, "distinct_keywords": 10}]


def test_report_without_a_split_has_one_group(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        autocode(project)
        totals = keyword_report(project, Filters(status="all"), by=None)[1]
    assert totals.records == [{"group": "all", "keyword_hits": 23, "distinct_keywords": 17}]  # 9 + 11, three in both


def test_candidates_are_frequent_words_that_are_not_keywords(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        table = keyword_candidates(project, by="group", min_count=1, limit=None)
        words = {r["candidate"]: r for r in table.records}
        assert words["matter"]["count"] == 1 and words["matter"]["enterprise"] == 1  # interviewer's "matter" not counted
        assert words["企业"]["government"] == 2 and words["企业"]["enterprise"] == 0  # 企业 and 企業
        assert "创新" not in words  # only the interviewer says it
        for known in ("supplier", "university", "tax", "税收优惠", "大学生", "the", "我们"):
            assert known not in words
        assign_keyword(project, "企业", "unis")
        exclude_words(project, ["matter"])
        words = {r["candidate"] for r in keyword_candidates(project, min_count=1, limit=None).records}
        assert "企业" not in words and "matter" not in words
