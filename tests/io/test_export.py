"""The one writer behind --format: every format, formula injection, XLSX structure, rich safety."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from interview_coder.errors import InputError
from interview_coder.io.export import (
    Table,
    html_table,
    markdown_table,
    neutralise,
    neutralise_csv,
    render,
    write,
)

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=y"]


def table() -> Table:
    return Table("Things", [{"name": "=HYPERLINK(\"x\")", "n": -3, "pct": 12.5, "note": None},
                            {"name": "客户 | demand", "n": 2, "pct": float("nan"), "note": "[laughs]"}],
                 unit="things", definitions={"n": "how many", "pct": "a share"}, brief=["name", "n"])


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise_text_not_numbers(value):
    assert neutralise(value) == "'" + value
    assert neutralise(-3) == -3 and neutralise(1.5) == 1.5 and neutralise("plain") == "plain"


def test_csv_for_programs_keeps_text_exactly_and_csv_for_people_is_guarded():
    rows = list(csv.reader(io.StringIO(render([table()], "csv"))))
    assert rows[0] == ["name", "n", "pct", "note"]
    assert rows[1] == ["=HYPERLINK(\"x\")", "-3", "12.5", ""]  # stdout for R/pandas: as stored
    assert rows[2] == ["客户 | demand", "2", "", "[laughs]"]
    guarded = render([table()], "csv", bom=True)
    assert guarded.startswith("\ufeffname,")
    assert list(csv.reader(io.StringIO(guarded[1:])))[1] == ["'=HYPERLINK(\"x\")", "-3", "12.5", ""]


def test_semicolon_pieces_are_guarded_for_excel_in_semicolon_locales():
    text = render([Table("t", [{"v": "ok;=1+1;-2+3;plain; -5"}])], "csv", bom=True)
    assert list(csv.reader(io.StringIO(text[1:])))[1] == ["ok;'=1+1;'-2+3;plain; -5"]
    assert neutralise_csv("-5% growth") == "'-5% growth" and neutralise_csv(-5) == -5


def test_csv_files_get_the_mark_and_stdout_does_not(tmp_path, capsys):
    write([Table("t", [{"v": "-5% growth", "w": "é"}])], "csv", str(tmp_path / "t.csv"))
    data = (tmp_path / "t.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "'-5% growth" in data.decode("utf-8-sig")
    write([Table("t", [{"v": "-5% growth", "w": "é"}])], "csv", "-")
    assert capsys.readouterr().out == "v,w\n-5% growth,é\n"


def test_a_csv_holds_one_table():
    with pytest.raises(InputError, match="one table"):
        render([table(), Table("Other", [{"a": 1}])], "csv")


def test_markdown_shows_project_text_literally():
    md = markdown_table(Table("t", [{"q": "<script>alert(1)</script> ![x](http://e/i.png) [a](javascript:x)"}]))
    assert "<script>" not in md and "![x](" not in md and "[a](" not in md
    assert "&lt;script>" in md and "!\\[x\\](http://e/i.png)" in md


def test_json_records():
    assert json.loads(render([table()], "json")) == [
        {"name": "=HYPERLINK(\"x\")", "n": -3, "pct": 12.5, "note": None},
        {"name": "客户 | demand", "n": 2, "pct": None, "note": "[laughs]"}]
    two = json.loads(render([table(), Table("Other", [{"a": 1}])], "json"))
    assert list(two) == ["Things", "Other"]


def test_markdown_and_html_escape():
    md = markdown_table(table())
    assert "| 客户 \\| demand | 2 |  | \\[laughs\\] |" in md and "|---|---:|---:|---|" in md
    assert "- `n`: how many" in md and "Counting unit: things" in md
    html = html_table(Table("t", [{"x": "<b>&", "n": 1}]), caption="Cap <1>")
    assert "&lt;b&gt;&amp;" in html and "<caption>Cap &lt;1&gt;</caption>" in html and 'class="num">1<' in html


def test_rich_table_shows_brief_columns_and_no_markup():
    text = render([table()], "table")
    assert "[laughs]" not in text  # 'note' is not a brief column
    assert "2 more columns with --format csv, json, xlsx or md" in " ".join(text.split())
    full = render([Table("t", [{"note": "[bold]x[/bold] [laughs]"}])], "table")
    assert "[bold]x[/bold] [laughs]" in full  # printed as written, not as rich markup


def test_xlsx_structure(tmp_path):
    path = tmp_path / "t.xlsx"
    write([table(), Table("Things", [{"a": "@x"}])], "xlsx", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["Things", "Things-2", "definitions"]
    sheet = book["Things"]
    assert [c.value for c in sheet[1]] == ["name", "n", "pct", "note"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]] == ["'=HYPERLINK(\"x\")", -3, 12.5, None]
    assert sheet["C3"].value is None and sheet.auto_filter.ref == "A1:D3"
    assert book["Things-2"]["A2"].value == "'@x"
    rows = list(book["definitions"].iter_rows(values_only=True))
    assert rows == [("sheet", "column", "definition"), ("Things", "n", "how many"), ("Things", "pct", "a share"),
                    ("Things", "(counting unit)", "things")]


@settings(deadline=None, max_examples=40)
@given(st.text(max_size=30))
def test_no_cell_can_start_a_formula(value):
    text = render([Table("t", [{"v": value}])], "csv", bom=True)[1:]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cell = rows[1][0] if len(rows) > 1 and rows[1] else ""
    for piece in cell.split(";"):
        assert not piece.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_unknown_format_and_unwritable_file(tmp_path):
    with pytest.raises(InputError):
        render([table()], "pdf")
    with pytest.raises(InputError, match="cannot write"):
        write([table()], "csv", str(tmp_path / "missing" / "t.csv"))


def test_summary_markdown_shows_quotes_literally_but_keeps_its_own_marks_and_charts():
    from interview_coder.core.table import Block, Report
    from interview_coder.io.report_files import render_markdown

    quote = 'He said <script>alert(1)</script> and ![x](http://evil/i.png), the **keyword** p < 0.05'
    report = Report("r", [Block("heading", "Codes <b>", 1), Block("paragraph", quote), Block("list", items=[quote]),
                          Block("chart", "Factors", chart="factors")], {}, [])
    md = render_markdown(report)
    assert "<script>" not in md and "<b>" not in md and "![x](" not in md
    assert "**keyword**" in md and "p < 0.05" in md
    assert "![Factors](factors.png)" in md  # our own chart is the one image


def test_a_coder_name_becomes_one_safe_file_name_part() -> None:
    """Issue 16: a coder named with '/' crashed the workbench's report export (Path.with_name)."""
    from pathlib import Path

    from interview_coder.io.report_files import file_part

    assert file_part("alice/bob") == "alice_bob" and file_part("王 老师") == "王_老师"
    assert file_part("../..") == "_" and file_part("") == "_" and file_part("a\x00b") == "a_b"
    assert Path("p.db").with_name(f"p-codes-accepted-{file_part('x/y')}.csv").name == "p-codes-accepted-x_y.csv"


def test_parquet_without_an_engine_is_one_line_saying_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("pyarrow", "fastparquet") else real(name, *a))
    with pytest.raises(InputError, match=r"needs a Parquet engine: pip install 'interview-coder\[parquet\]'"):
        render([Table("t", [{"v": 1}])], "parquet")


def test_parquet_holds_one_table_typed_per_column(tmp_path: Path) -> None:
    import pandas as pd

    rows = [{"n": 1, "share": 0.5, "flag": True, "text": "'-5% growth", "list": ["a", "b"]},
            {"n": None, "share": 2, "flag": False, "text": None, "list": []}]
    (tmp_path / "t.parquet").write_bytes(render([Table("t", rows)], "parquet"))  # type: ignore[arg-type]
    frame = pd.read_parquet(tmp_path / "t.parquet")
    from fastparquet import ParquetFile

    schema = ParquetFile(tmp_path / "t.parquet").schema.text  # the file's own column types
    for column, kind in (("n", "INT64"), ("share", "DOUBLE"), ("flag", "BOOLEAN"), ("text", "BYTE_ARRAY, UTF8"),
                         ("list", "BYTE_ARRAY, UTF8")):
        assert f"{column}: {kind}, OPTIONAL" in schema, schema
    assert str(frame["n"].dtype) == "Int64" and str(frame["flag"].dtype) == "boolean"
    assert frame["share"].tolist() == [0.5, 2.0]
    assert frame["n"].isna().tolist() == [False, True] and frame["text"].tolist()[0] == "'-5% growth"
    assert frame["list"].tolist() == ["a, b", ""]
    with pytest.raises(InputError, match="a Parquet file holds one table, not 2"):
        render([Table("a", rows), Table("b", rows)], "parquet")
