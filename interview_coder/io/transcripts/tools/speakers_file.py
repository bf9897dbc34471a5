"""The ``--speakers FILE.csv`` table: which respondent (and group, attributes) each speaker label is.

Columns: ``label`` (required), ``transcript`` (optional: only that file, by name without extension),
``role`` (optional: interviewer | respondent), ``respondent``, ``group``; every other column is a
respondent attribute. Empty cells are left out.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from interview_coder.core.model import Role
from interview_coder.errors import InputError
from interview_coder.io.transcripts.frontmatter import typed_value
from interview_coder.io.transcripts.options import SpeakerMapping
from interview_coder.io.transcripts.reading import decode, read_bytes

ROLES = (Role.INTERVIEWER, Role.RESPONDENT)
RESERVED = {"label", "transcript", "role", "respondent"}


def read_speakers_file(path: Path) -> tuple[SpeakerMapping, ...]:
    """Parse the table; errors name the file and line."""
    text, _ = decode(read_bytes(path), path)
    first = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().casefold() for h in next(reader, [])]
    if "label" not in header:
        raise InputError("a speakers file needs a 'label' column (and respondent, group, ... columns)", path, 1)
    if len(set(header)) != len(header):
        raise InputError("a column name appears twice", path, 1)
    rows: list[SpeakerMapping] = []
    seen: dict[tuple[str | None, str], int] = {}
    for cells in reader:
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(f"{len(cells)} cells but {len(header)} columns", path, number)
        row = {h: c.strip() for h, c in zip(header, cells, strict=False) if c.strip()}
        label = row.get("label")
        if not label:
            raise InputError("the label cell is empty", path, number)
        given = row.get("role", "").casefold() or None
        if given is not None and given not in ROLES:
            raise InputError(f"role must be interviewer or respondent, not {row['role']!r}", path, number)
        role = None if given is None else Role(given)
        if role == Role.INTERVIEWER and row.get("respondent"):
            raise InputError("an interviewer has no respondent id", path, number)
        key = (row.get("transcript", "").casefold() or None, label.casefold())
        if key in seen:
            raise InputError(f"label {label!r} is mapped twice (first on line {seen[key]})", path, number)
        seen[key] = number
        attributes = {h: typed_value(v) if h != "group" else v for h, v in row.items() if h not in RESERVED}
        rows.append(SpeakerMapping(label, row.get("transcript"), role, row.get("respondent"), attributes, number))
    return tuple(rows)
