"""Plain transcripts: labels, paragraphs, front matter, preamble, interviewer turns (hand-checked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.core.model import Role
from interview_coder.io.transcripts import ImportOptions, read_transcripts

DATA = Path(__file__).parent.parent / "data" / "import"


def parse(name: str, **options):
    return read_transcripts(DATA / name, ImportOptions(**options)).transcripts[0]


def test_labels_paragraphs_and_roles():
    t = parse("en_labels.txt")
    roles = [(p.role, p.speaker, p.text) for p in t.passages]
    assert roles == [
        (Role.PREAMBLE, None, "Interview with R01, 4 March 2024"),
        (Role.INTERVIEWER, "Interviewer", "What kind of innovation does your company do? Do tax incentives matter?"),
        (Role.RESPONDENT, "R01", "We design new sensors.\nWe also rework our processes."),
        (Role.RESPONDENT, "R01", "Customers push us every quarter."),
        (Role.INTERVIEWER, "Interviewer", "Why is it important?"),
        (Role.RESPONDENT, "R01", "Because competitors copy fast. Note: this colon is text, not a label."),
        (Role.INTERVIEWER, "Interviewer", "And the culture?"),
        (Role.RESPONDENT, "R01", "Open, and a little chaotic."),
    ]
    assert [tu.role for tu in t.turns].count(Role.INTERVIEWER) == 3
    assert t.preamble == "Interview with R01, 4 March 2024"
    assert t.language == "en"


def test_every_offset_slices_its_text():
    t = parse("en_labels.txt")
    for p in t.passages:
        assert t.text[p.start:p.end] == p.text
    for turn in t.turns:
        inside = [p for p in t.passages if p.turn_seq == turn.seq]
        assert turn.start == inside[0].start and turn.end == inside[-1].end


def test_front_matter_becomes_typed_attributes():
    t = parse("en_labels.txt")
    (r,) = t.respondents
    assert r.key == "R01"
    assert r.attributes == {"group": "enterprise", "organisation": "Test Sensors Ltd", "role": "CEO",
                            "staff": 120, "share": 0.25}
    assert "respondent:" not in t.text  # the stored text is the body after the front matter


def test_full_width_colons_and_chinese_interviewer_labels():
    t = parse("zh_fullwidth.txt")
    assert [(p.role, p.text) for p in t.passages] == [
        (Role.INTERVIEWER, "贵单位如何支持企业创新？"),
        (Role.RESPONDENT, "我们提供税收优惠和研发补贴。"),
        (Role.RESPONDENT, "企业反映申报材料太多。"),
        (Role.INTERVIEWER, "还有呢？"),
        (Role.RESPONDENT, "知识产权保护也很重要。"),
    ]
    assert t.language == "zh"
    assert t.respondents[0].attributes == {"group": "government"}


def test_file_without_labels_is_one_respondent_passage_per_paragraph():
    t = parse("no_labels.txt", group="enterprise")
    assert [p.text for p in t.passages] == [
        "Our main work is new product design.", "We work with two universities.",
        "The third paragraph mentions subsidies."]
    assert all(p.role == Role.RESPONDENT for p in t.passages)
    # Without a respondent id the file name is the respondent; --group fills in the group.
    assert t.respondents[0].key == "no_labels"
    assert t.respondents[0].attributes == {"group": "enterprise"}


def test_group_and_attr_fill_in_only_what_the_file_lacks():
    t = parse("en_labels.txt", group="government", attrs={"role": "ignored", "city": "Suzhou"})
    attrs = t.respondents[0].attributes
    assert attrs["group"] == "enterprise" and attrs["role"] == "CEO" and attrs["city"] == "Suzhou"


def test_extra_interviewer_label():
    text = "Moderator Li: Why?\n\nAnna: Because.\n\nModerator Li: And?\n\nAnna: Customers.\n"
    path = DATA.parent / "tmp_unused.txt"
    from interview_coder.io.transcripts.plain import parse_plain

    t = parse_plain(text, path, "x", ImportOptions(interviewer=("Moderator Li",)))
    assert [p.role for p in t.passages] == [Role.INTERVIEWER, Role.RESPONDENT, Role.INTERVIEWER, Role.RESPONDENT]


def test_a_colon_phrase_used_once_is_not_a_speaker():
    from interview_coder.io.transcripts.plain import parse_plain

    text = "R1: We grew.\n\nKey point: customers.\n\nR1: And talent.\n"
    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [p.text for p in t.passages] == ["We grew.", "Key point: customers.", "And talent."]
    assert {p.speaker for p in t.passages} == {"R1"}


@pytest.mark.parametrize("label", ["**Interviewer:**", "**Interviewer**:", "[Interviewer]", "Interviewer：", "【采访者】"])
def test_label_styles(label):
    from interview_coder.io.transcripts.plain import parse_plain

    text = f"{label} Question?\n\nR1: Answer one.\n\n{label} Next?\n\nR1: Answer two.\n"
    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [(p.role, p.text) for p in t.passages] == [
        (Role.INTERVIEWER, "Question?"), (Role.RESPONDENT, "Answer one."),
        (Role.INTERVIEWER, "Next?"), (Role.RESPONDENT, "Answer two.")]


@pytest.mark.parametrize(("text", "label"), [
    ("Q: What did you build first?\nFounder: A sensor for tractors.\n", "Founder"),
    ("Interviewer: What did you build first?\n\nFounder: A sensor for tractors.\n", "Founder"),
    ("问：你们最先做了什么？\n张总：拖拉机用的传感器。\n", "张总"),
    ("【问】你们最先做了什么？\n【张总】拖拉机用的传感器。\n", "张总"),
])
def test_a_once_used_label_after_an_interviewer_turn_is_the_answer(text, label):
    """Issue 16: one question, one answer whose label is used once: the answer is respondent text."""
    from interview_coder.io.transcripts.plain import parse_plain

    t = parse_plain(text, DATA / "one_question.txt", "one_question", ImportOptions())
    assert [p.role for p in t.passages] == [Role.INTERVIEWER, Role.RESPONDENT]
    assert t.passages[1].speaker == label
    assert t.passages[1].text in ("A sensor for tractors.", "拖拉机用的传感器。")
    assert t.passages[1].respondent == "one_question"
    assert t.notes == ()


def test_a_once_used_label_after_an_answer_is_still_text():
    from interview_coder.io.transcripts.plain import parse_plain

    text = "Q: Why?\n\nR1: Because.\n\nR1: Also talent.\nExample: the lab.\n"
    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [p.text for p in t.passages] == ["Why?", "Because.", "Also talent.\nExample: the lab."]


def test_with_no_respondent_text_the_labels_found_are_proposed_and_said():
    from interview_coder.io.transcripts.plain import parse_plain

    # The answer comes first, so no interviewer turn is open: without the proposal it is preamble.
    text = "Founder: We began in 2019.\n\nQ: Why then?\n"
    t = parse_plain(text, DATA / "f.txt", "f", ImportOptions())
    assert [(p.role, p.speaker, p.text) for p in t.passages] == [
        (Role.RESPONDENT, "Founder", "We began in 2019."), (Role.INTERVIEWER, "Q", "Why then?")]
    assert t.notes == ("speaker Founder -> respondent f  (proposed: without it the file has no respondent text)",)


def test_only_interviewer_text_names_the_cause_and_the_fix():
    from interview_coder.errors import InputError
    from interview_coder.io.transcripts.plain import parse_plain

    with pytest.raises(InputError) as err:
        parse_plain("Title\n\nQ: Why?\nBecause.\n", DATA / "x.txt", "x", ImportOptions())
    assert str(err.value) == (f"{DATA / 'x.txt'}:1: no respondent text found: every speaker label (Q) is the "
                              "interviewer's; label the answers 'Name: ...' on their own line, or name other "
                              "interviewer labels with --interviewer")


@pytest.mark.parametrize(("text", "label", "answer"), [
    ("Q: What did you build first?\n\nDr. Lin: A sensor for tractors.\n", "Dr. Lin", "A sensor for tractors."),
    ("Interviewer: Why?\nMr. Wang: Cost.\n", "Mr. Wang", "Cost."),
    ("问：为什么？\n\nProf. Chen：成本。\n", "Prof. Chen", "成本。"),
    ("Q.: Why?\n\nA.: Cost.\n", "A.", "Cost."),
    ("Q: Why?\n\nJ. Smith: Cost.\n", "J. Smith", "Cost."),
    ("Q: Why?\n\n**Ms. Zhao:** Cost.\n", "Ms. Zhao", "Cost."),
])
def test_a_label_with_a_title_or_initial_full_stop_is_a_speaker(text: str, label: str, answer: str) -> None:
    """Issue 16: 'Dr. Lin:' once after a question is the answer, not text of the question."""
    from interview_coder.io.transcripts.plain import parse_plain

    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [(p.role, p.speaker, p.text) for p in t.passages][1:] == [(Role.RESPONDENT, label, answer)]
    assert t.passages[0].role == Role.INTERVIEWER


def test_full_stop_labels_used_twice_split_turns() -> None:
    from interview_coder.io.transcripts.plain import parse_plain

    text = "Dr. Lin: We grew.\n\nMr. Wang: We did not.\n\nDr. Lin: Talent.\n\nMr. Wang: Cost.\n"
    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [p.speaker for p in t.passages] == ["Dr. Lin", "Mr. Wang", "Dr. Lin", "Mr. Wang"]


@pytest.mark.parametrize("line", ["Yes. Cost: it was money.", "e.g.: the lab.", "It ended. Then: nothing."])
def test_a_full_stop_of_a_sentence_keeps_a_line_from_being_a_label(line: str) -> None:
    from interview_coder.io.transcripts.plain import parse_plain

    t = parse_plain(f"Q: Why?\n\nR1: Because.\n{line}\n\nQ: More?\n\nR1: No.\n", DATA / "x.txt", "x", ImportOptions())
    assert [p.text for p in t.passages] == ["Why?", f"Because.\n{line}", "More?", "No."]


@pytest.mark.parametrize("paragraph", ["The reason is simple: cost.", "Note: the recorder stopped here.",
                                       "For example: the lab.", "原因很简单：成本。", "注：录音在此中断。", "Example: a lab."])
def test_a_sentence_or_note_after_a_question_is_not_taken_as_a_label(paragraph: str) -> None:
    """A colon in a sentence (or a note) after a question does not make a speaker: it stays with its turn."""
    from interview_coder.io.transcripts.plain import parse_plain

    text = f"Q: Why?\n\n{paragraph}\n\nR1: Because.\n\nQ: More?\n\nR1: No.\n"
    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [(p.role, p.speaker, p.text) for p in t.passages] == [
        (Role.INTERVIEWER, "Q", "Why?"), (Role.INTERVIEWER, "Q", paragraph), (Role.RESPONDENT, "R1", "Because."),
        (Role.INTERVIEWER, "Q", "More?"), (Role.RESPONDENT, "R1", "No.")]


def test_a_note_word_used_twice_is_still_text() -> None:
    from interview_coder.io.transcripts.plain import parse_plain

    text = "R1: We grew.\nNote: a.\n\nR1: Talent.\nNote: b.\n"
    t = parse_plain(text, DATA / "x.txt", "x", ImportOptions())
    assert [(p.speaker, p.text) for p in t.passages] == [("R1", "We grew.\nNote: a."), ("R1", "Talent.\nNote: b.")]


def test_a_sentence_is_never_proposed_as_the_respondent() -> None:
    """With no respondent text, only labels written as names are proposed; else the error says the fix."""
    from interview_coder.errors import InputError
    from interview_coder.io.transcripts.plain import parse_plain

    with pytest.raises(InputError, match="no respondent text found"):
        parse_plain("Q: Why?\n\nThe reason is simple: cost.\n", DATA / "x.txt", "x", ImportOptions())


def test_once_used_label_file_imports_its_answer_through_the_cli(tmp_path: Path) -> None:
    """The whole path: a one-question file with a once-used 'Dr. Lin:' label counts the answer."""
    from click.testing import CliRunner

    from interview_coder.cli import main
    from interview_coder.store.project import Project

    f = tmp_path / "q07.txt"
    f.write_text("Q: What changed?\n\nDr. Lin: We hired twelve engineers.\n", "utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["import", "-p", str(db), str(f)])
    assert result.exit_code == 0, result.output
    with Project.open(db) as p:
        rows = p.conn.execute("SELECT p.role, u.speaker, p.text, r.key FROM passages p JOIN turns u ON u.id = p.turn_id "
                              "LEFT JOIN respondents r ON r.id = p.respondent_id ORDER BY p.seq").fetchall()
    assert [tuple(r) for r in rows] == [("interviewer", "Q", "What changed?", None),
                                       ("respondent", "Dr. Lin", "We hired twelve engineers.", "q07")]


@pytest.mark.parametrize("label", ["founder", "R1", "CEO", "Speaker 2", "Head of Sales", "企业B负责人"])
def test_one_word_or_capitalised_labels_after_a_question_are_answers(label: str) -> None:
    from interview_coder.io.transcripts.plain import parse_plain

    t = parse_plain(f"Q: Why?\n\n{label}: Cost.\n\nQ: More?\n\nR9: No.\n", DATA / "x.txt", "x", ImportOptions())
    assert [(p.role, p.speaker) for p in t.passages][:2] == [(Role.INTERVIEWER, "Q"), (Role.RESPONDENT, label)]
