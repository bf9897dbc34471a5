"""The keyword report and keyword candidates on the hand-counted fixture."""

from __future__ import annotations

from pathlib import Path

from autocodedata import EN_KEYWORDS, ZH_KEYWORDS, fixture_project

from interview_coder.analysis.autocode import autocode
from interview_coder.analysis.keywords import keyword_candidates, keyword_report
from interview_coder.store.keywords import assign_keyword, exclude_words, merge_keywords
from interview_coder.store.scope import Filters


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


def _one_answer_project(tmp_path: Path, answers: list[tuple[str, str]]):
    from interview_coder.io.codebook_yaml import load_codebook_yaml
    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.project import Project

    paths = []
    for n, (group, answer) in enumerate(answers):
        path = tmp_path / f"t{n}.txt"
        path.write_text(f"---\nrespondent: R{n}\ngroup: {group}\n---\nQ: Tell me?\n\nA: {answer}\n\nQ: More?\n\nA: No.\n",
                        encoding="utf-8")
        paths.append(path)
    project = Project.open(tmp_path / "c.db", create=True)
    book, _ = load_codebook_yaml(Path(__file__).parents[1] / "data" / "autocode" / "codebook.yaml")
    with project.transaction():
        save_codebook(project, book)
    assert all(r.error is None for r in import_paths(project, paths, ImportOptions()))
    return project


def test_candidates_rank_distinctive_words_above_frequent_general_ones(tmp_path: Path) -> None:
    # Content words (hand-counted): think x3, widget x2 (widgets), matter, help; 7 in all.
    with _one_answer_project(tmp_path, [("a", "We think the widget matters. We think widgets help. I think so.")]) as p:
        general = keyword_candidates(p, min_count=2, limit=None)
        count = keyword_candidates(p, min_count=2, limit=None, rank="count")
    from interview_coder.text.general import general_frequency
    assert [r["candidate"] for r in count.records] == ["think", "widget"]
    assert [r["candidate"] for r in general.records] == ["widget", "think"]
    think = general_frequency(("think",), "en") * 1e6
    assert general.records[1]["score"] == round((3 / 7 * 1e6 + 10) / (think + 10), 2)
    assert general.columns == ["candidate", "lang", "count", "score", "general_per_million"]


def test_candidates_by_groups_log_likelihood(tmp_path: Path) -> None:
    import math

    # Group a: widget widget gadget (3 content words); group b: gadget gadget gadget (3).
    with _one_answer_project(tmp_path, [("a", "Widget, widget, gadget."), ("b", "Gadget, gadget, gadget.")]) as p:
        table = keyword_candidates(p, by="group", min_count=2, limit=None, rank="groups")
    rows = {r["candidate"]: r for r in table.records}
    # widget: 2 of 3 against 0 of 3; expected 1 and 1: G2 = 2 * 2 * ln 2.
    assert rows["widget"]["score"] == round(4 * math.log(2), 2) and rows["widget"]["more_in"] == "a"
    # gadget: 1 of 3 against 3 of 3; expected 2 and 2: G2 = 2 * (1 ln(1/2) + 3 ln(3/2)), more in b.
    assert rows["gadget"]["score"] == round(2 * (math.log(0.5) + 3 * math.log(1.5)), 2)
    assert rows["gadget"]["more_in"] == "b" and (rows["gadget"]["a"], rows["gadget"]["b"]) == (1, 3)


def test_ranking_by_groups_needs_a_split(tmp_path: Path) -> None:
    import pytest

    from interview_coder.errors import InputError

    with fixture_project(tmp_path) as project, pytest.raises(InputError, match="--by"):
        keyword_candidates(project, rank="groups")
