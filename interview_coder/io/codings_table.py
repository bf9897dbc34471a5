"""Reading a codings table (.csv or .xlsx, the columns ``codings export`` writes) for ``codings import``."""

from __future__ import annotations

from pathlib import Path

from interview_coder.errors import InputError
from interview_coder.io.transcripts.reading import read_bytes
from interview_coder.io.transcripts.survey import read_csv_rows, read_xlsx_rows

REQUIRED = ("transcript", "passage", "code")


def read_table(path: Path, encoding: str | None = None) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(lower-cased header names, rows as {column: cell} with their line (CSV) or row number (XLSX))."""
    suffix = ".csv" if str(path) == "-" else path.suffix.lower()  # stdin: a CSV
    if str(path) != "-" and not path.exists():
        raise InputError("no such file", path)
    if suffix == ".csv":
        header, rows, _ = read_csv_rows(read_bytes(path), path, encoding)
    elif suffix == ".xlsx":
        header, rows = read_xlsx_rows(path)
    else:
        raise InputError(f"codings import reads .csv or .xlsx, not {suffix or '(none)'!r}", path)
    names = [h.strip().lstrip("\ufeff").casefold() for h in header]
    return names, [(line, {n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names)})
                   for line, cells in rows]


def read_codings_table(path: Path, encoding: str | None = None,
                       table: tuple[list[str], list[tuple[int, dict[str, str]]]] | None = None
                       ) -> list[tuple[int, dict[str, str]]]:
    """Rows of a ``codings export`` table as {column: cell} with their line (CSV) or row number (XLSX)."""
    names, rows = table or read_table(path, encoding)
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; the header needs transcript, passage, code "
                         "(and optionally start, end, coder, status)", path, 1)
    out = []
    for line, row in rows:
        for column in ("passage", "start", "end"):
            if column in row:
                row[column] = _whole_number(row[column], column, path, line)
        out.append((line, row))
    return out


MAX_OFFSET = 2**53
"""Largest passage number or offset read: larger ones (1e30, inf) can be no passage of any project."""


def _whole_number(cell: str, column: str, path: Path, line: int) -> str:
    """The cell as a plain whole number ('12', also Excel's '12.0'), '' when empty; else a one-line error."""
    text = cell.strip()
    if not text:
        return ""
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"{column} {text!r} is not a whole number", path, line) from None
    if not (number == number and abs(number) < MAX_OFFSET) or number != int(number):  # NaN, inf, 1e30, 2.5
        raise InputError(f"{column} {text!r} is not a whole number a passage could have", path, line)
    return str(int(number))
