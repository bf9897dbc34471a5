"""Speaker roles, respondents, merging and backchannel folding for transcription-tool exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.core.model import Role
from interview_coder.errors import InputError
from interview_coder.io.transcripts import ImportOptions, read_transcripts
from interview_coder.io.transcripts.options import SpeakerMapping
from interview_coder.io.transcripts.speakers import (
    Cue,
    arrange,
    assign_speakers,
    count_questions,
    is_short,
    join_spoken,
)
from interview_coder.io.transcripts.tools.speakers_file import read_speakers_file

DATA = Path(__file__).parent.parent / "data" / "tools"
I, R = Role.INTERVIEWER, Role.RESPONDENT  # noqa: E741 - short for the tables


def cue(label: str | None, text: str, t: float | None = None) -> Cue:
    return Cue(label, (text,), t)


@pytest.mark.parametrize("text,n", [
    ("贵公司享受税收优惠吗？", 1),  # 吗？ is one question
    ("好吗", 1), ("是这样吗。然后呢", 2),
    ("我们呢，更看重市场需求。", 0),  # 呢 before a comma marks the topic
    ("Why?? And how?", 2), ("Right.", 0), ("为什么呢？因为客户要。", 1),
])
def test_count_questions(text, n):
    assert count_questions(text) == n


@pytest.mark.parametrize("text,short", [
    ("嗯。", True), ("好的", True), ("对对对对", True), ("对对对对对", False),
    ("mm-hmm", True), ("Right.", True), ("Yes, I see.", True), ("Yes, I see that.", False),
    ("OK 好的", True), ("。", False),
])
def test_backchannel_length_defaults(text, short):
    assert is_short(text, 4, 3) is short


def test_join_spoken_uses_the_spacing_of_the_language():
    assert join_spoken("享受。", "我们是") == "享受。我们是"
    assert join_spoken("covers", "part") == "covers part"
    assert join_spoken("申请过，", "今年") == "申请过，今年"
    assert join_spoken("我们用 AI", "做检测") == "我们用 AI 做检测"
    assert join_spoken("", "x") == "x"


def test_most_questions_is_proposed_ties_go_to_who_says_less():
    cues = [cue("A", "你们做什么？"), cue("B", "我们做减速器。为什么呢？因为客户要。"), cue("A", "然后呢？"),
            cue("B", "然后是测试。")]
    speakers = assign_speakers(cues, "f", ImportOptions())
    assert (speakers["A"].role, speakers["A"].reason, speakers["A"].questions) == (I, "proposed", 2)
    assert (speakers["B"].role, speakers["B"].respondent, speakers["B"].questions) == (R, "f", 1)
    tie = [cue("A", "Why?"), cue("B", "Because of tax relief, and you know what? It works.")]
    assert assign_speakers(tie, "f", ImportOptions())["A"].role == I


def test_no_questions_no_proposal_everyone_is_a_respondent():
    cues = [cue("A", "We make sensors."), cue("B", "And we sell them.")]
    speakers = assign_speakers(cues, "f", ImportOptions())
    assert [(s.role, s.respondent, s.reason) for s in speakers.values()] == [(R, "f-A", "default"), (R, "f-B", "default")]


def test_interviewer_option_wins_over_the_proposal():
    cues = [cue("A", "What? Why? How?"), cue("B", "Is that a question?")]
    speakers = assign_speakers(cues, "f", ImportOptions(interviewer=("B",)))
    assert (speakers["B"].role, speakers["B"].reason) == (I, "label")
    assert (speakers["A"].role, speakers["A"].respondent) == (R, "f")


def test_speakers_mapping_names_respondents_groups_and_the_interviewer():
    mapping = (SpeakerMapping("说话人1", role="interviewer"),
               SpeakerMapping("说话人2", transcript="iflytek_zh", respondent="T90", attributes={"group": "enterprise", "staff": 120}),
               SpeakerMapping("说话人2", respondent="X99"))  # for other transcripts only
    parsed = read_transcripts(DATA / "iflytek_zh.txt", ImportOptions(speakers=mapping, attrs={"city": "Suzhou"}))
    t = parsed.transcripts[0]
    assert [(r.key, r.attributes) for r in t.respondents] == [
        ("T90", {"group": "enterprise", "staff": 120, "city": "Suzhou"})]
    assert {p.respondent for p in t.passages if p.role == R} == {"T90"}


def test_two_labels_one_respondent_when_the_tool_split_a_speaker():
    cues = [cue("S1", "问题？"), cue("S2", "回答一。"), cue("S3", "回答二。")]
    options = ImportOptions(speakers=(SpeakerMapping("S2", respondent="T50"), SpeakerMapping("S3", respondent="T50")))
    speakers = assign_speakers(cues, "f", options)
    assert speakers["S2"].respondent == speakers["S3"].respondent == "T50"


def test_group_option_fills_in_for_every_respondent_of_a_focus_group():
    t = read_transcripts(DATA / "teams_en.vtt", ImportOptions(group="enterprise")).transcripts[0]
    assert [(r.key, r.attributes) for r in t.respondents] == [
        ("teams_en-Kim Wu", {"group": "enterprise"}), ("teams_en-Raj Patel", {"group": "enterprise"})]


def test_a_file_with_only_interviewer_speakers_is_refused(tmp_path):
    path = tmp_path / "only_q.txt"
    path.write_text("主持人(00:01): 你好吗？\n主持人(00:05): 在吗？\n", encoding="utf-8")
    with pytest.raises(InputError, match="no respondent text"):
        read_transcripts(path, ImportOptions())


def test_fold_needs_the_same_respondent_on_both_sides_and_skips_questions():
    options = ImportOptions(fold_backchannels=True, interviewer=("I",))
    cues = [cue("I", "Q?"), cue("A", "one"), cue("I", "right"), cue("B", "two"), cue("I", "Why?"), cue("B", "three"),
            cue("I", "ok"), cue("I", "mm"), cue("B", "four")]
    speakers = assign_speakers(cues, "f", options)
    units = arrange(cues, speakers, options)
    assert [(u.label, u.paragraphs) for u in units] == [
        ("I", ["Q?"]), ("A", ["one"]), ("I", ["right"]),  # A then B: not the same respondent
        ("B", ["two"]), ("I", ["Why?"]),  # a question is never a backchannel
        ("B", ["three four"]), ("I", ["ok"]), ("I", ["mm"]),  # a run of backchannels folds as a whole
    ]


def test_backchannel_limits_are_configurable():
    cues = [cue("I", "问题？"), cue("A", "一。"), cue("I", "是的是的"), cue("A", "二。")]
    tight = ImportOptions(fold_backchannels=True, interviewer=("I",), backchannel_chars=3)
    loose = ImportOptions(fold_backchannels=True, interviewer=("I",), backchannel_chars=4)
    assert len(arrange(cues, assign_speakers(cues, "f", tight), tight)) == 4
    assert [u.paragraphs for u in arrange(cues, assign_speakers(cues, "f", loose), loose)] == [
        ["问题？"], ["一。二。"], ["是的是的"]]


def test_speakers_file(tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text("label,transcript,role,respondent,group,staff\n"
                    "说话人1,,interviewer,,,\n"
                    "说话人2,T02,,T02,enterprise,120\n"
                    "Tom Baker,T03,respondent,T03,enterprise,3.5\n", encoding="utf-8")
    rows = read_speakers_file(path)
    assert rows == (
        SpeakerMapping("说话人1", None, "interviewer", None, {}, 2),
        SpeakerMapping("说话人2", "T02", None, "T02", {"group": "enterprise", "staff": 120}, 3),
        SpeakerMapping("Tom Baker", "T03", "respondent", "T03", {"group": "enterprise", "staff": 3.5}, 4),
    )


@pytest.mark.parametrize("content,line,reason", [
    ("who,respondent\nA,B\n", 1, "needs a 'label' column"),
    ("label,role\nA,boss\n", 2, "role must be interviewer or respondent"),
    ("label,respondent\nA,R1\nB,R2\na,R3\n", 4, "mapped twice"),
    ("label,role,respondent\nA,interviewer,R1\n", 2, "an interviewer has no respondent id"),
    ("label,respondent\n,R1\n", 2, "the label cell is empty"),
])
def test_speakers_file_errors_name_the_line(tmp_path, content, line, reason):
    path = tmp_path / "s.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_speakers_file(path)
    assert err.value.line == line and reason in err.value.reason
