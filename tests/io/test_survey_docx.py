"""Survey tables and Word documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.core.model import Role
from interview_coder.errors import InputError
from interview_coder.io.transcripts import ImportOptions, read_transcripts

DATA = Path(__file__).parent.parent / "data" / "import"


def test_survey_csv_rows_become_transcripts():
    parsed = read_transcripts(DATA / "survey.csv", ImportOptions())
    assert parsed.format == "survey"
    names = [t.name for t in parsed.transcripts]
    assert names == ["survey#S1", "survey#S2", "survey#S3"]
    s1, s2, s3 = parsed.transcripts
    assert [(p.role, p.text) for p in s1.passages] == [
        (Role.INTERVIEWER, "What kind of innovation do you do?"),
        (Role.RESPONDENT, 'New products, and "smart" services.'),
        (Role.INTERVIEWER, "Which three factors matter most?"),
        (Role.RESPONDENT, "Customers; talent; subsidies."),
    ]
    assert s1.respondents[0].attributes == {"group": "enterprise", "organisation": "Alpha Ltd", "staff": 50}
    # A blank line inside a cell splits the answer into two passages of one turn.
    assert [p.text for p in s2.passages if p.role == Role.RESPONDENT] == ["We fund R&D.", "Tax incentives.", "IP protection."]
    # An empty answer leaves out its question too.
    assert [p.text for p in s3.passages] == ["Which three factors matter most?", "Competitors."]
    for t in parsed.transcripts:
        for p in t.passages:
            assert t.text[p.start:p.end] == p.text


def test_text_columns_option():
    parsed = read_transcripts(DATA / "survey.csv", ImportOptions(text_columns=("Which three factors matter most?",)))
    s1 = parsed.transcripts[0]
    assert [p.text for p in s1.passages if p.role == Role.RESPONDENT] == ["Customers; talent; subsidies."]
    assert s1.respondents[0].attributes["What kind of innovation do you do?"] == 'New products, and "smart" services.'
    with pytest.raises(InputError, match="not in the header"):
        read_transcripts(DATA / "survey.csv", ImportOptions(text_columns=("Nope?",)))


def test_survey_duplicate_respondent_names_the_line():
    with pytest.raises(InputError) as err:
        read_transcripts(DATA / "survey_duplicate.csv", ImportOptions())
    assert str(err.value).endswith("survey_duplicate.csv:3: duplicate respondent id 'D1' (first on line 2)")


def test_survey_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "group", "您认为影响创新的三个因素是什么？"])
    sheet.append(["X1", "government", "税收优惠和人才。"])
    sheet.append(["X2", "enterprise", 42])
    book.save(tmp_path / "s.xlsx")
    parsed = read_transcripts(tmp_path / "s.xlsx", ImportOptions())
    assert [t.respondents[0].key for t in parsed.transcripts] == ["X1", "X2"]
    assert parsed.transcripts[0].passages[1].text == "税收优惠和人才。"
    assert parsed.transcripts[0].language == "zh"
    assert parsed.transcripts[1].passages[1].text == "42"


def test_docx_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    for line in ["---", "respondent: W1", "group: enterprise", "---", "Interviewer: What drives you?",
                 "W1: Customers.", "", "A second paragraph about talent.", "Interviewer: Thanks."]:
        document.add_paragraph(line)
    document.save(tmp_path / "w.docx")
    t = read_transcripts(tmp_path / "w.docx", ImportOptions()).transcripts[0]
    assert t.respondents[0].key == "W1" and t.respondents[0].attributes == {"group": "enterprise"}
    assert [(p.role, p.text) for p in t.passages] == [
        (Role.INTERVIEWER, "What drives you?"), (Role.RESPONDENT, "Customers."),
        (Role.RESPONDENT, "A second paragraph about talent."), (Role.INTERVIEWER, "Thanks.")]


def test_broken_docx(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="not a readable .docx"):
        read_transcripts(tmp_path / "bad.docx", ImportOptions())
