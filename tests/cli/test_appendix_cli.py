"""`codebook export --format md|docx|xlsx`: the codebook appendix on the five-interview project."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from fivedata import five_project

from interview_coder.cli import main
from interview_coder.store.keywords import merge_keywords


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _db(tmp_path: Path) -> str:
    with five_project(tmp_path / "five.db") as project:
        merge_keywords(project, ["vendor"], "supplier")
    return str(tmp_path / "five.db")


def test_markdown_appendix(tmp_path: Path) -> None:
    result = run("codebook", "export", "-p", _db(tmp_path), "--format", "md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# autocode fixture\n\n## Innovation cooperation (external driver)\n\n### Universities (`unis`)")
    suppliers = text[text.index("### Suppliers (`suppliers`)"):text.index("### Risk-taking")]
    # s1, s2 and s4 each have one suppliers keyword; the shortest passage is the example.
    assert suppliers.splitlines()[2:8] == [
        "- **Keywords (English):** supplier; supply chain", "- **Keywords (Chinese):** 供应商；供应链",
        "- **Merged synonyms:** vendor -> supplier", '- **Example:** "Our suppliers and one university help us."',
        "- **Example from:** S1 (enterprise), s1 passage 1", ""]  # passages count from 0 (the question)
    assert "- **Not inside (Chinese):** 大学生" in text


def test_docx_and_xlsx_appendix(tmp_path: Path) -> None:
    import openpyxl
    from docx import Document

    db = _db(tmp_path)
    assert run("codebook", "export", "-p", db, "--format", "docx", "-o", str(tmp_path / "a.docx")).exit_code == 0
    headings = [p.text for p in Document(str(tmp_path / "a.docx")).paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Innovation cooperation (external driver)", "Universities (unis)", "Suppliers (suppliers)"]
    assert run("codebook", "export", "-p", db, "--format", "xlsx", "-o", str(tmp_path / "a.xlsx")).exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:5] == ["factor", "factor_name", "driver", "code", "code_name"]
    refused = run("codebook", "export", "-p", db, "--format", "docx")
    assert refused.exit_code == 1 and "give -o FILE.docx" in refused.stderr
