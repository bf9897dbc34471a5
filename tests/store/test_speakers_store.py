"""``store.speakers``: listing labels and changing a label's role afterwards (recounting, codings kept)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coder.cli import main
from interview_coder.errors import InputError
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project
from interview_coder.store.speakers import set_speaker, speaker_rows

DATA = Path(__file__).parent.parent / "data" / "tools"
SIM = Path(__file__).parent.parent.parent / "codebooks" / "sim.yaml"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.db"
    runner = CliRunner()
    assert runner.invoke(main, ["codebook", "load", "-p", str(path), str(SIM)]).exit_code == 0
    result = runner.invoke(main, ["import", "-p", str(path), str(DATA / "iflytek_zh.txt"), str(DATA / "teams_en.vtt")])
    assert result.exit_code == 0, result.output
    return path


def passages(project, transcript):
    return [tuple(r) for r in project.conn.execute(
        "SELECT p.seq, p.role, r.key, p.words FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
        "LEFT JOIN respondents r ON r.id = p.respondent_id WHERE t.name = ? ORDER BY p.seq", (transcript,))]


def test_speaker_rows_count_turns_passages_and_respondent_words(db):
    with Project.open(db) as project:
        assert speaker_rows(project, "iflytek_zh") == [
            {"transcript": "iflytek_zh", "label": "说话人1", "role": "interviewer", "respondent": None, "group": None,
             "turns": 2, "passages": 2, "words": 0},
            # 有帮助加计扣除省了不少钱 12 + 我们把省下来的钱投到了新产品上 15 + 不过人才还是最难的 9
            {"transcript": "iflytek_zh", "label": "说话人2", "role": "respondent", "respondent": "iflytek_zh",
             "group": None, "turns": 2, "passages": 3, "words": 36},
        ]
        assert [(r["label"], r["respondent"], r["turns"]) for r in speaker_rows(project, "teams_en")] == [
            ("Moderator", None, 2), ("Kim Wu", "teams_en-Kim Wu", 2), ("Raj Patel", "teams_en-Raj Patel", 1)]


def test_respondent_to_interviewer_refuses_over_codings_then_keeps_them_with_force(db):
    with Project.open(db) as project:
        first = project.conn.execute("SELECT p.id FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                                     "WHERE t.name = 'iflytek_zh' AND p.seq = 1").fetchone()[0]
        apply_code(project, first, "tax_incentives", "ann")
        before = passages(project, "iflytek_zh")
        with pytest.raises(InputError, match="1 codings are on passages of '说话人2'"):
            set_speaker(project, "说话人2", "interviewer", transcript="iflytek_zh")
        assert passages(project, "iflytek_zh") == before  # nothing changed

        change = set_speaker(project, "说话人2", "interviewer", transcript="iflytek_zh", force=True)
        assert (change.turns, change.passages, change.words_before, change.words_after) == (2, 3, 36, 0)
        # the respondent is kept with its attributes (not counted) so that switching back finds it
        assert change.codings_on_interviewer == 1 and change.removed_respondents == []
        assert passages(project, "iflytek_zh") == [(0, "interviewer", None, 0), (1, "interviewer", None, 0),
                                                   (2, "interviewer", None, 0), (3, "interviewer", None, 0),
                                                   (4, "interviewer", None, 0)]
        assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 1  # kept, out of every count

        back = set_speaker(project, "说话人2", "respondent", transcript="iflytek_zh", group="enterprise")
        assert back.codings_restored == 1 and back.respondents == {"iflytek_zh": "iflytek_zh"}
        assert passages(project, "iflytek_zh") == before[:1] + [
            (1, "respondent", "iflytek_zh", 12), (2, "respondent", "iflytek_zh", 15), (3, "interviewer", None, 0),
            (4, "respondent", "iflytek_zh", 9)]
        assert speaker_rows(project, "iflytek_zh")[1]["group"] == "enterprise"


def test_interviewer_to_respondent_gets_a_label_key_when_the_transcript_has_a_respondent(db):
    with Project.open(db) as project:
        change = set_speaker(project, "说话人1", "respondent")
        assert change.respondents == {"iflytek_zh": "iflytek_zh-说话人1"}
        # 您觉得税收优惠对创新有帮助吗 14 + 嗯 1
        assert [(r["label"], r["role"], r["respondent"], r["words"]) for r in speaker_rows(project, "iflytek_zh")] == [
            ("说话人1", "respondent", "iflytek_zh-说话人1", 14 + 1), ("说话人2", "respondent", "iflytek_zh", 36)]


def test_two_labels_become_one_respondent(db):
    with Project.open(db) as project:
        set_speaker(project, "Raj Patel", "respondent", respondent="teams_en-Kim Wu", transcript="teams_en")
        rows = speaker_rows(project, "teams_en")
        assert {r["respondent"] for r in rows if r["role"] == "respondent"} == {"teams_en-Kim Wu"}
        assert project.conn.execute("SELECT count(*) FROM respondents WHERE key = 'teams_en-Raj Patel'").fetchone()[0] == 0


@pytest.mark.parametrize("kwargs,reason", [
    ({"label": "Nobody", "role": "respondent"}, "no speaker label 'Nobody' in any transcript"),
    ({"label": "说话人1", "role": "respondent", "transcript": "missing"}, "no transcript named 'missing'"),
    ({"label": "Kim Wu", "role": "respondent", "respondent": "iflytek_zh", "transcript": "teams_en"},
     "respondent 'iflytek_zh' already speaks in transcript 'iflytek_zh'"),
    ({"label": "Kim Wu", "role": "interviewer", "respondent": "X"}, "an interviewer has no respondent id"),
])
def test_errors_change_nothing(db, kwargs, reason):
    with Project.open(db) as project:
        before = list(project.conn.iterdump())
        with pytest.raises(InputError, match=reason):
            set_speaker(project, **kwargs)
        assert list(project.conn.iterdump()) == before


def test_respondent_id_for_a_label_in_several_transcripts_needs_the_transcript(tmp_path):
    path = tmp_path / "p.db"
    a, b = tmp_path / "a.vtt", tmp_path / "b.vtt"
    for f in (a, b):
        f.write_text((DATA / "zoom_en.vtt").read_text(encoding="utf-8"), encoding="utf-8")
    CliRunner().invoke(main, ["import", "-p", str(path), str(a), str(b)])
    with Project.open(path) as project:
        with pytest.raises(InputError, match="is in 2 transcripts"):
            set_speaker(project, "Ben Cole", "respondent", respondent="R9")
        change = set_speaker(project, "Anna Lee", "respondent")  # every transcript with the label
        assert change.respondents == {"a": "a-Anna Lee", "b": "b-Anna Lee"}


def test_a_respondent_switched_to_interviewer_keeps_its_group_through_another_files_replace(tmp_path: Path) -> None:
    """Issue 16, found by stress_kill: import --replace of file B removed respondents without turns,
    among them A's respondent kept for switching back, so A's respondent came back without its group."""
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("---\nrespondent: RA\ngroup: enterprise\n---\n\nQ: Why?\n\nRA: Cost.\n\nQ: More?\n\nRA: Talent.\n",
                 "utf-8")
    b.write_text("---\nrespondent: RB\ngroup: government\n---\n\nQ: Why?\n\nRB: Rules.\n", "utf-8")
    db = tmp_path / "p.db"
    runner = CliRunner()
    assert runner.invoke(main, ["import", "-p", str(db), str(a), str(b)]).exit_code == 0
    assert runner.invoke(main, ["speakers", "set", "RA", "--role", "interviewer", "-p", str(db)]).exit_code == 0
    b.write_text(b.read_text("utf-8") + "\nQ: And?\n\nRB: Nothing else.\n", "utf-8")
    result = runner.invoke(main, ["import", "--replace", "-p", str(db), str(b)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["speakers", "set", "RA", "--role", "respondent", "-p", str(db)]).exit_code == 0
    with Project.open(db) as project:
        assert [(r["label"], r["respondent"], r["group"]) for r in speaker_rows(project, "a")] == [
            ("Q", None, None), ("RA", "RA", "enterprise")]
