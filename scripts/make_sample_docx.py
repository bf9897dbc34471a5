#!/usr/bin/env python3
"""Build the sample .docx transcript(s) from plain-text sources.

Sources live in scripts/sample_sources/ (deliberately outside transcripts/ so the
importer does not pick the same interview up twice). Each non-empty line of a
source file becomes one paragraph in the .docx, so the front matter lines
("---", "respondent: E04", ...) and every transcript paragraph are separate
paragraphs. Output goes to transcripts/en/<name>.docx.

Usage:  python scripts/make_sample_docx.py
Requires python-docx (``pip install python-docx``).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "scripts" / "sample_sources"
OUTPUT_DIR = ROOT / "transcripts" / "en"

# Fixed metadata so rebuilt files do not differ only in their timestamps.
_FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)


def convert(source: Path, target: Path) -> int:
    """Write ``source`` to ``target`` as .docx; return the paragraph count."""
    text = source.read_text(encoding="utf-8")
    document = docx.Document()
    props = document.core_properties
    props.author = "interview-coder sample data"
    props.title = source.stem
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME
    props.last_modified_by = "interview-coder sample data"
    props.revision = 1
    count = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        document.add_paragraph(line)
        count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return count


def main() -> None:
    sources = sorted(SOURCE_DIR.glob("*.txt"))
    if not sources:
        raise SystemExit(f"no sources found in {SOURCE_DIR}")
    for source in sources:
        target = OUTPUT_DIR / f"{source.stem}.docx"
        n = convert(source, target)
        print(f"{source.relative_to(ROOT)} -> {target.relative_to(ROOT)} ({n} paragraphs)")


if __name__ == "__main__":
    main()
