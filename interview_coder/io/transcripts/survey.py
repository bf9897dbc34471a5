"""Survey tables (.csv, .xlsx): one row per respondent, open answers as respondent turns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from interview_coder.core.model import Respondent, Role, Transcript
from interview_coder.errors import InputError
from interview_coder.io.transcripts.builder import TranscriptBuilder
from interview_coder.io.transcripts.frontmatter import AttributeValue, typed_value
from interview_coder.io.transcripts.options import ImportOptions
from interview_coder.io.transcripts.reading import decode
from interview_coder.text.normalize import normalize

RESPONDENT_COLUMNS = ("respondent", "respondent_id", "id", "受访者", "编号")


def read_csv_rows(data: bytes, path: Path, encoding: str | None) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    text, used = decode(data, path, encoding)
    # The header line decides the delimiter (csv.Sniffer misreads quoted cells).
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            if header is None:
                header = [normalize(c).strip() for c in cells]
                continue
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise InputError(f"broken CSV: {exc}", path, reader.line_num) from None
    if not header:
        raise InputError("the table has no header row", path, 1)
    return header, rows, used


MAX_CELLS = 2_000_000
"""Cells read from one workbook (filled or not): a few kilobytes of XML can declare millions."""


def read_xlsx_rows(path: Path, max_chars: int = 50 * 1024 * 1024, shown: Path | None = None
                   ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first sheet's rows, refusing more than MAX_CELLS cells or ``max_chars`` characters of text
    (one shared string referenced thousands of times inflates a small file into gigabytes)."""
    import zipfile

    from interview_coder.io.safezip import open_zip, refuse_xml_dtds
    from interview_coder.io.transcripts.reading import limit_chars

    where = shown or path

    # Traversal, symlinks, zip bombs, DTDs and entities are refused before openpyxl inflates anything.
    with open_zip(path, what=".xlsx file") as zf:
        refuse_xml_dtds(zf, path)
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a readable .xlsx file ({exc.__class__.__name__})", where) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        cells_read = chars = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v) for v in values]
            cells_read += len(cells)
            chars += sum(len(c) for c in cells)
            if cells_read > MAX_CELLS:
                raise InputError(f"refused: the sheet has over {MAX_CELLS:,} cells", where, number)
            limit_chars(chars, max_chars, where)
            if header is None:
                header = [normalize(c).strip() for c in cells]
            elif any(c.strip() for c in cells):
                rows.append((number, cells))
    finally:
        book.close()
    if not header:
        raise InputError("the sheet has no header row", where, 1)
    return header, rows


def _text_columns(header: list[str], path: Path, options: ImportOptions) -> list[str]:
    """The open-answer columns: --text-columns, else every header ending in a question mark."""
    if options.text_columns:
        missing = [c for c in options.text_columns if c not in header]
        if missing:
            raise InputError(f"--text-columns not in the header: {', '.join(missing)}", path, 1)
        return list(options.text_columns)
    found = [h for h in header if h.endswith(("?", "？"))]
    if not found:
        raise InputError("no open-answer columns: name them with --text-columns "
                         "(or end their headers with a question mark)", path, 1)
    return found


def _attributes(header: list[str], cells: list[str], skip: set[str], options: ImportOptions) -> dict[str, AttributeValue]:
    """A row's respondent attributes: every column but the answers and the id, then --group and --attr
    where the row leaves them empty."""
    attributes: dict[str, AttributeValue] = {}
    for column, value in zip(header, cells, strict=False):
        if column and column not in skip:
            attributes[column] = typed_value(normalize(value).strip())
    if options.group and not attributes.get("group"):
        attributes["group"] = options.group
    for k, v in options.attrs.items():
        if not attributes.get(k):
            attributes[k] = v
    return attributes


def parse_survey(header: list[str], rows: list[tuple[int, list[str]]], path: Path,
                 options: ImportOptions) -> list[Transcript]:
    """One transcript per row; each text column is a question (interviewer) and answer (respondent)."""
    text_columns = _text_columns(header, path, options)
    folded = [h.casefold() for h in header]
    id_col = next((folded.index(c) for c in RESPONDENT_COLUMNS if c in folded), None)
    skip = set(text_columns) | ({header[id_col]} if id_col is not None else set())
    seen: dict[str, int] = {}
    out = []
    for line, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise InputError(f"row has {len(cells)} cells but the header has {len(header)}", path, line)
        key = normalize(cells[id_col]).strip() if id_col is not None else ""
        key = key or f"{path.stem}-{line}"
        if key in seen:
            raise InputError(f"duplicate respondent id {key!r} (first on line {seen[key]})", path, line)
        seen[key] = line
        attributes = _attributes(header, cells, skip, options)
        language = str(attributes.pop("language", "") or "") or None
        builder = TranscriptBuilder(f"{path.stem}#{key}", str(path))
        for column in text_columns:
            answer = normalize(cells[header.index(column)])
            if not answer.strip():
                continue
            builder.add_turn(Role.INTERVIEWER, "Q", [column])
            builder.add_turn(Role.RESPONDENT, key, answer.split("\n\n"), respondent=key)
        if builder.passages:
            out.append(builder.build([Respondent(key, attributes)], language if language in ("en", "zh", "mixed") else None))
    if not out:
        raise InputError("no answers in the table", path)
    return out
