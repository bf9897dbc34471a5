"""Auto-coding the hand-counted fixture: suggestions, re-runs, rejections, manual codings, filters."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from autocodedata import EN_HITS, ZH_HITS, fixture_project

from interview_coder.analysis.autocode import autocode, read_user_dict
from interview_coder.errors import InputError
from interview_coder.store.codings import apply_code, set_status


def _codings(project, where: str = "1") -> list[dict]:
    sql = ("SELECT c.*, t.name AS transcript, p.role, p.text AS passage_text FROM codings c "  # noqa: S608
           f"JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id WHERE {where}")
    return [dict(r) for r in project.conn.execute(sql)]


def _by_code(rows: list[dict], transcript: str) -> dict[str, int]:
    return dict(Counter(r["code_id"] for r in rows if r["transcript"] == transcript))


@pytest.mark.parametrize("which", ["jieba", "rjieba"])
def test_hits_become_suggestions_with_keyword_and_span(tmp_path: Path, which: str, monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEW_CODER_SEGMENTER", which)  # both implementations of jieba agree
    with fixture_project(tmp_path) as project:
        result = autocode(project)
        rows = _codings(project)
    assert result.passages == 6 and result.hits == result.added == 23
    assert _by_code(rows, "en_fixture") == EN_HITS
    assert _by_code(rows, "zh_fixture") == ZH_HITS
    assert {r["status"] for r in rows} == {"suggested"} and {r["origin"] for r in rows} == {"auto"}
    assert {r["role"] for r in rows} == {"respondent"}  # interviewer turns carry keywords too
    for r in rows:
        assert r["passage_text"][r["start"]:r["end"]] == r["text"]
    traditional = [r for r in rows if r["text"] == "稅收優惠"]
    assert len(traditional) == 1 and traditional[0]["keyword"] == "税收优惠"


def test_rerun_adds_nothing_and_a_rejection_is_final(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        autocode(project)
        risk = [r["id"] for r in _codings(project, "c.code_id = 'risk'")]
        set_status(project, risk, "rejected", "alice")
        again = autocode(project)
        assert (again.hits, again.added) == (23, 0)
        # Each suggestion stays (schema 4) and has alice's rejection; nothing new was suggested.
        decisions = _codings(project, "c.code_id = 'risk' AND c.status != 'suggested'")
        assert {r["status"] for r in decisions} == {"rejected"} and len(decisions) == len(risk)
        assert len(_codings(project, "c.code_id = 'risk' AND c.status = 'suggested'")) == len(risk)


def test_manual_codings_are_never_touched(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        passage = project.conn.execute("SELECT p.id FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                                       "WHERE t.name = 'en_fixture' AND p.role = 'respondent' ORDER BY p.seq").fetchone()[0]
        manual = apply_code(project, passage, "suppliers", "alice", 0, 9)
        before = _codings(project, f"c.id = {manual}")
        autocode(project, accept_as="alice")
        assert _codings(project, f"c.id = {manual}") == before
        accepted = _codings(project, "c.origin = 'auto' AND c.status != 'suggested'")
        assert len(accepted) == 22 and {r["status"] for r in accepted} == {"accepted"}  # 0-9 was coded by hand


def test_codes_transcripts_and_group_limit_the_run(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        assert autocode(project, codes=["tax"]).added == 5
        assert autocode(project, transcripts=["zh_fixture"]).added == sum(ZH_HITS.values()) - 3
        assert autocode(project, group="enterprise").added == sum(EN_HITS.values()) - 2
        with pytest.raises(InputError, match="no code 'nope'"):
            autocode(project, codes=["nope"])
        with pytest.raises(InputError, match="no transcript"):
            autocode(project, transcripts=["missing"])


def test_a_run_for_one_code_finds_what_a_full_run_finds_for_it(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        autocode(project, codes=["talent"])
        assert [r["text"] for r in _codings(project)] == ["talent", "大学生"]  # not the "talent" of "talent subsidy"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    with fixture_project(tmp_path) as project:
        result = autocode(project, dry_run=True)
        assert result.added == 23 and _codings(project) == []


def test_excluded_words_and_merged_synonyms_apply_at_the_next_run(tmp_path: Path) -> None:
    from interview_coder.store.keywords import exclude_words, merge_keywords

    with fixture_project(tmp_path) as project:
        exclude_words(project, ["tax office"])
        merge_keywords(project, ["partner"], into="supplier")
        autocode(project)
        rows = _codings(project, "t.name = 'en_fixture'")
        assert _by_code(rows, "en_fixture") == {**EN_HITS, "tax": 1, "suppliers": 5}
        assert [r["text"] for r in rows if r["keyword"] == "partner"] == ["partner"]


def test_user_dictionary_lines_are_checked(tmp_path: Path) -> None:
    good = tmp_path / "words.txt"
    good.write_text("# words\n协同创新 5 n\n专精特新\n", encoding="utf-8")
    assert read_user_dict(good) == [("协同创新", 5), ("专精特新", None)]
    bad = tmp_path / "bad.txt"
    bad.write_text("专精特新\n协同创新 5.5\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_user_dict(bad)
    assert err.value.line == 2


def test_excluding_a_word_withdraws_its_open_suggestions_but_keeps_decided_ones(tmp_path: Path) -> None:
    from interview_coder.store.keywords import exclude_words

    with fixture_project(tmp_path) as project:
        autocode(project)
        rows = [r for r in _codings(project) if r["keyword"] == "supplier"]
        assert len(rows) == 3  # hand-counted: EN_KEYWORDS
        set_status(project, [rows[0]["id"]], "accepted", "ana")
        kept = project.conn.execute("SELECT max(id) FROM codings").fetchone()[0]  # ana's decision row
        exclude_words(project, ["supplier"])
        left = [r for r in _codings(project) if r["keyword"] == "supplier"]
        assert [(r["id"], r["status"]) for r in left] == [(kept, "accepted")]
        autocode(project)  # the excluded word is not suggested again
        assert [r["id"] for r in _codings(project) if r["keyword"] == "supplier"] == [kept]
        # ... and ana's accepted hit of it counts nowhere (views.sql): no passage, respondent or hit
        from interview_coder.analysis.frequencies import code_frequencies
        frame = code_frequencies(project)
        row = frame[frame["code"] == rows[0]["code_id"]].iloc[0]
        assert (row["passages"], row["respondents"], row["keyword_hits"]) == (0, 0, 0)
