"""The one writer behind every ``--format``: table, csv, json, xlsx, md, parquet.

A table is a list of records (dicts) with a title, an optional unit line (what is counted) and
optional column definitions (written as a sheet in XLSX and a list in Markdown).

CSV has two readers. A CSV file (``-o x.csv``, ``report all``) is for people: it starts with a
UTF-8 byte-order mark so Excel and LibreOffice read UTF-8, and text that a spreadsheet would run as
a formula gets a leading quote. CSV on standard output is for programs (R, pandas): no mark, text
exactly as stored. ``--bom`` gives the spreadsheet form on standard output too. A CSV holds one table.

Parquet (for pandas, R's arrow, DuckDB) also holds one table, with a type per column: whole numbers
as nullable 64-bit integers, other numbers as doubles, flags as booleans, the rest as text; values
exactly as stored (no guard). It needs a Parquet engine (``pip install interview-coder[parquet]``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import Any

from interview_coder.core.table import Table
from interview_coder.errors import InputError

__all__ = ["FORMATS", "Table", "md_text", "neutralise", "neutralise_csv", "render", "write"]

FORMATS = ("table", "csv", "json", "xlsx", "md", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel in German or French locales splits CSV at ';': each piece may start a formula (issue 16).
_PIECE_FORMULA = re.compile(r"(^|;)(?=[=+\-@\t\r])")
# Enough that no text becomes HTML (a '<' that opens a tag), a link or an image; "p < 0.05" stays.
_MD_SPECIAL = re.compile(r"([\\\[\]|]|<(?=[A-Za-z/!?]))")


def neutralise(value: Any) -> Any:
    """Spreadsheet formula injection: text starting with = + - @ tab or CR gets a leading quote.

    Numbers are left alone, so a negative difference stays a number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_csv(value: Any) -> Any:
    """For a CSV a spreadsheet opens: the quote before every ';'-separated piece that could start a formula."""
    if isinstance(value, str):
        return _PIECE_FORMULA.sub(lambda m: m.group(1) + "'", value)
    return value


def md_text(text: str) -> str:
    """Text from the project (quotes, names) as Markdown that shows it literally: no HTML, links or images."""
    return _MD_SPECIAL.sub(lambda m: "&lt;" if m.group(1) == "<" else "\\" + m.group(1), text)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        return value.item()  # numpy scalars
    return value


def render(tables: list[Table], fmt: str, bom: bool = False) -> str | bytes:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        if len(tables) == 1:
            payload: Any = [{k: _json_value(r.get(k)) for k in tables[0].columns} for r in tables[0].records]
        else:
            payload = {t.title: [{k: _json_value(r.get(k)) for k in t.columns} for r in t.records] for t in tables}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        if len(tables) != 1:
            raise InputError(f"a CSV holds one table, not {len(tables)}: choose one (--table) or use xlsx or json")
        guard = neutralise_csv if bom else (lambda v: v)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        table = tables[0]
        writer.writerow([guard(c) for c in table.columns])
        for record in table.records:
            writer.writerow([guard(_cell(record.get(c))) for c in table.columns])
        return ("\ufeff" if bom else "") + buf.getvalue()
    if fmt == "parquet":
        if len(tables) != 1:
            raise InputError(f"a Parquet file holds one table, not {len(tables)}: choose one (--table) or use xlsx")
        return _parquet(tables[0])
    if fmt == "md":
        return "\n".join(_markdown(t) for t in tables)
    if fmt == "xlsx":
        return _xlsx(tables)
    return _rich(tables)


def _dtype(values: list[Any]) -> str:
    """The pandas dtype of one column from its values (None and NaN are missing, in any column)."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Int64"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "Float64"
    return "string"


def _parquet(table: Table) -> bytes:
    """One table as Parquet bytes, typed per column (see the module note)."""
    import importlib.util
    import tempfile
    import warnings

    import pandas as pd

    if not any(importlib.util.find_spec(m) for m in ("pyarrow", "fastparquet")):
        raise InputError("--format parquet needs a Parquet engine: pip install 'interview-coder[parquet]' "
                         "(fastparquet) or pyarrow")
    columns: dict[str, Any] = {}
    for c in table.columns:
        raw = [r.get(c) for r in table.records]
        kind = _dtype(raw)
        values = [_json_value(v) for v in raw]
        if kind == "string":
            values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else str(_cell(v))
                      for v in values]
        dtype: Any = kind  # a dtype name pandas accepts; the stubs list only numpy's
        columns[str(c)] = pd.array([None if isinstance(v, float) and math.isnan(v) else v for v in values],
                                   dtype=dtype)
    frame = pd.DataFrame(columns, columns=[str(c) for c in table.columns])
    # through a file: fastparquet writes to paths, not to an in-memory buffer
    with tempfile.TemporaryDirectory(prefix="interview-coder-parquet-") as tmp:
        target = Path(tmp) / "table.parquet"
        with warnings.catch_warnings():  # fastparquet 2026.9 reads a pandas option pandas 3 deprecates
            warnings.simplefilter("ignore", DeprecationWarning)
            frame.to_parquet(target, index=False)
        return target.read_bytes()


def _fmt_number(value: Any) -> str:
    value = _cell(value)
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e-3 and value != 0 else f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _md_cell(value: Any) -> str:
    return md_text(_fmt_number(value)).replace("\r", " ").replace("\n", " ")


def markdown_table(table: Table, heading: bool = True) -> str:
    """A Markdown (GitHub) table; with ``heading``, the title, counting unit and definitions around it."""
    lines = [f"### {table.title}", ""] if heading else []
    if heading and table.unit:
        lines += [f"Counting unit: {table.unit}", ""]
    lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if _numeric(table, c) else "---" for c in table.columns) + "|")
    for record in table.records:
        lines.append("| " + " | ".join(_md_cell(record.get(c)) for c in table.columns) + " |")
    if heading and table.definitions:
        lines += [""] + [f"- `{k}`: {v}" for k, v in table.definitions.items() if k in table.columns]
    return "\n".join(lines) + "\n"


def _markdown(table: Table) -> str:
    return markdown_table(table)


def html_table(table: Table, caption: str = "") -> str:
    """An HTML table (escaped; numbers right-aligned), for the HTML summary of ``report all``."""
    from html import escape

    numeric = {c: _numeric(table, c) for c in table.columns}
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{escape(str(c))}</th>" for c in table.columns) + "</tr></thead><tbody>")
    for record in table.records:
        cells = "".join(f'<td class="num">{escape(_fmt_number(record.get(c)))}</td>' if numeric[c]
                        else f"<td>{escape(_fmt_number(record.get(c)))}</td>" for c in table.columns)
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out) + "\n"


def _numeric(table: Table, column: str) -> bool:
    values = [r.get(column) for r in table.records if _cell(r.get(column)) != ""]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _rich(tables: list[Table]) -> str:
    """Rich tables that fit the terminal: long text folds inside its column; a table with ``brief``
    columns shows only those and says how to get the rest."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    buf = io.StringIO()
    interactive = sys.stdout.isatty()
    # No colour off a terminal, nor when NO_COLOR is set (https://no-color.org): passing no_color
    # explicitly would override rich's own NO_COLOR check.
    no_color = not interactive or bool(os.environ.get("NO_COLOR"))
    console = Console(file=buf, force_terminal=interactive, no_color=no_color,
                      width=None if interactive else 200)
    for table in tables:
        columns = table.brief or table.columns
        caption = [f"Counting unit: {table.unit}"] if table.unit else []
        hidden = len(table.columns) - len(columns)
        if hidden:
            caption.append(f"{hidden} more columns with --format csv, json, xlsx or md")
        if not table.records:
            caption.append("(no rows)")
        out = RichTable(title=table.title, caption="\n".join(caption) or None, show_lines=False,
                        box=None if not interactive else None)
        for column in columns:
            out.add_column(column, justify="right" if _numeric(table, column) else "left", overflow="fold")
        for record in table.records:
            # Text, not str: a '[laughs]' in a passage is not rich markup
            out.add_row(*(Text(_fmt_number(record.get(c))) for c in columns))
        console.print(out)
    return buf.getvalue()


def _xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    used: set[str] = set()
    definitions: list[tuple[str, str, str]] = []
    for table in tables:
        name = _sheet_name(table.title, used)
        sheet = book.create_sheet(name)
        sheet.append([neutralise(c) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for record in table.records:
            sheet.append([_xlsx_cell(record.get(c)) for c in table.columns])
        sheet.freeze_panes = "A2"
        if table.records and table.columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.records) + 1}"
        for i, column in enumerate(table.columns, start=1):
            width = max([_display_width(str(column))] +
                        [_display_width(str(_cell(r.get(column)))) for r in table.records[:200]])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
        definitions += [(name, k, v) for k, v in table.definitions.items() if k in table.columns]
        if table.unit:
            definitions.append((name, "(counting unit)", table.unit))
    sheet = book.create_sheet("definitions")
    sheet.append(["sheet", "column", "definition"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 100
    for row in definitions:
        sheet.append([neutralise(v) for v in row])
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _xlsx_cell(value: Any) -> Any:
    """A value for a worksheet cell: empty stays empty (not ''), text is neutralised, numbers stay numbers."""
    value = _cell(value)
    if value == "":
        return None
    if isinstance(value, str):
        # control characters other than tab/newline are not allowed in XLSX XML
        value = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
    return neutralise(value)


def _display_width(text: str) -> int:
    """Terminal-style width: East Asian wide characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "table"
    name, n = base, 2
    while name.casefold() in used:
        name = f"{base[:28]}-{n}"
        n += 1
    used.add(name.casefold())
    return name


def write(tables: list[Table], fmt: str, out: str | None, bom: bool = False) -> None:
    """Write tables to ``out`` (a path; ``-`` or None is stdout). XLSX and Parquet need a file or a pipe.

    A CSV file always gets the byte-order mark and the formula guard; stdout only with ``bom``.
    """
    data = render(tables, fmt, bom or (fmt == "csv" and out not in (None, "-")))
    if out in (None, "-"):
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                raise InputError(f"{fmt} is binary: give -o FILE.{fmt}")
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from exc
