"""Issue 16: odd and hostile input gives one line naming the file, never a traceback or a hang."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coder.cli import main
from interview_coder.errors import InputError
from interview_coder.io.transcripts import ImportOptions, read_transcripts


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_a_non_utf8_file_name_imports_and_the_files_after_it_too(tmp_path):
    folder = tmp_path / "unzipped"
    folder.mkdir()
    # What unzipping a Windows (GBK) archive gives: the name's bytes are not UTF-8.
    with open(os.path.join(os.fsencode(folder), "访谈01".encode("gbk") + b".txt"), "wb") as handle:
        handle.write(b"Q: Why?\nR1: Customers.\n")
    (folder / "z_after.txt").write_text("Q: Why?\nR2: Talent.\n", encoding="utf-8")
    result = run("import", "-p", str(tmp_path / "p.db"), str(folder))
    assert result.exit_code == 0, result.output
    assert "added      访谈01  (plain, utf-8, 2 passages)" in result.stderr
    assert "added      z_after  (plain, utf-8, 2 passages)" in result.stderr
    assert run("check", "-p", str(tmp_path / "p.db")).exit_code == 0


def test_dev_zero_and_a_fifo_are_refused_without_reading(tmp_path):
    with pytest.raises(InputError, match="not a regular file"):
        read_transcripts(_fifo(tmp_path), ImportOptions())
    result = run("codebook", "load", "-p", str(tmp_path / "p.db"), "/dev/zero")
    assert result.exit_code == 1 and result.stderr.strip() == "/dev/zero: not a regular file (a device, FIFO or socket)"


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)  # opening it would block until a writer comes: it must never be opened
    return path


@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex", "zlib"])
def test_a_non_text_encoding_is_refused(tmp_path, encoding):
    src = tmp_path / "t.txt"
    src.write_text("Q: Why?\nR1: Because.\n", encoding="utf-8")
    result = run("import", "-p", str(tmp_path / "p.db"), "--encoding", encoding, str(src))
    assert result.exit_code == 1
    assert f"{src}: {encoding!r} is not a text encoding" in result.stderr


def test_a_deeply_nested_codebook_is_refused_with_its_line(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("factors:\n  - " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    result = run("codebook", "load", "-p", str(tmp_path / "p.db"), str(deep))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{deep}:2: refused: nested more than 64 levels deep (a codebook is a few levels)"


@pytest.mark.parametrize(("cell", "column"), [("inf", "passage"), ("1e30", "end"), ("nan", "start"), ("2.5", "passage")])
def test_codings_csv_numbers_that_no_passage_has(tmp_path, cell, column):
    from interview_coder.io.codings_table import read_codings_table

    table = tmp_path / "c.csv"
    values = {"passage": "1", "start": "0", "end": "3", column: cell}
    table.write_text(f"transcript,passage,code,start,end\nt,{values['passage']},c,{values['start']},{values['end']}\n",
                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_codings_table(table)
    assert str(err.value).startswith(f"{table}:2: {column} {cell!r} is not a whole number")


def test_codings_csv_whole_numbers_from_excel_are_read(tmp_path):
    from interview_coder.io.codings_table import read_codings_table

    table = tmp_path / "c.csv"
    table.write_text("transcript,passage,code,start,end\nt,3.0,c,,\n", encoding="utf-8")
    assert read_codings_table(table) == [(2, {"transcript": "t", "passage": "3", "code": "c", "start": "", "end": ""})]


def _xlsx_with_one_shared_string(path: Path, text: str, refs: int) -> None:
    """A workbook whose sheet references one shared string ``refs`` times (a few KB on disk)."""
    cells = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>' for i in range(1, refs + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_an_xlsx_shared_string_bomb_is_refused(tmp_path):
    """Issue 16: one shared string referenced thousands of times is counted as the characters it becomes."""
    book = tmp_path / "bomb.xlsx"
    _xlsx_with_one_shared_string(book, "x" * 2000, 3000)  # 6 million characters from a small file
    assert book.stat().st_size < 100_000
    with pytest.raises(InputError, match="over 5 million characters of text"):
        read_transcripts(book, ImportOptions(max_bytes=5_000_000))


def test_cells_per_workbook_are_limited(tmp_path, monkeypatch):
    from interview_coder.io.transcripts import survey

    monkeypatch.setattr(survey, "MAX_CELLS", 100)
    book = tmp_path / "many.xlsx"
    _xlsx_with_one_shared_string(book, "a?", 150)
    with pytest.raises(InputError, match=r"many.xlsx:101: refused: the sheet has over 100 cells"):
        read_transcripts(book, ImportOptions())
