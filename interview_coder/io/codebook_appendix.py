"""The codebook appendix (analysis.appendix.codebook_appendix) written as Markdown or Word: one
section per factor, one entry per code; XLSX goes through io.export like every table."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from interview_coder.core.table import Table
from interview_coder.errors import InputError

FIELDS = [("Definition", "definition"), ("Keywords (English)", "keywords_en"), ("Keywords (Chinese)", "keywords_zh"),
          ("Not inside (English)", "exclude_en"), ("Not inside (Chinese)", "exclude_zh"),
          ("Merged synonyms", "merged"), ("Example", "example"), ("Example from", "example_source")]


def _sections(table: Table) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    out: dict[str, tuple[str, str, list[Mapping[str, Any]]]] = {}
    for r in table.records:
        out.setdefault(r["factor"], (r["factor_name"], r["driver"], []))[2].append(r)
    return list(out.values())


def appendix_markdown(table: Table, title: str = "Codebook") -> str:
    """The appendix as Markdown: ## factor (driver), ### code, then its fields as a list."""
    lines = [f"# {title}", ""]
    for name, driver, codes in _sections(table):
        lines += [f"## {name} ({driver} driver)", ""]
        for r in codes:
            zh = f" / {r['code_name_zh']}" if r["code_name_zh"] else ""
            lines += [f"### {r['code_name']}{zh} (`{r['code']}`)", ""]
            for label, key in FIELDS:
                if r[key]:
                    value = f"\"{r[key]}\"" if key == "example" else r[key]
                    lines.append(f"- **{label}:** {value}")
            lines.append("")
    return "\n".join(lines)


def write_appendix(table: Table, fmt: str, out: str, title: str = "Codebook") -> None:
    """Write the appendix as md (``-`` is stdout), docx or xlsx to ``out``; nothing half-written."""
    import sys

    if fmt == "md":
        text = appendix_markdown(table, title)
        if out == "-":
            sys.stdout.write(text)
            return
        _atomic(Path(out), text.encode("utf-8"))
        return
    if out == "-":
        raise InputError(f"{fmt} is binary: give -o FILE.{fmt}")
    if fmt == "xlsx":
        from interview_coder.io.export import render

        data = render([table], "xlsx")
        assert isinstance(data, bytes)
        _atomic(Path(out), data)
        return
    if fmt == "docx":
        _atomic(Path(out), _docx(table, title))
        return
    raise InputError(f"unknown appendix format {fmt!r}: use md, docx or xlsx")


def _docx(table: Table, title: str) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_heading(title, level=0)
    for name, driver, codes in _sections(table):
        document.add_heading(f"{name} ({driver} driver)", level=1)
        for r in codes:
            zh = f" / {r['code_name_zh']}" if r["code_name_zh"] else ""
            document.add_heading(f"{r['code_name']}{zh} ({r['code']})", level=2)
            for label, key in FIELDS:
                if r[key]:
                    paragraph = document.add_paragraph(style="List Bullet")
                    paragraph.add_run(f"{label}: ").bold = True
                    paragraph.add_run(f"\"{r[key]}\"" if key == "example" else r[key])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from exc
