"""Writing ``report all`` into a folder: one file per table, report.xlsx, charts, and the summary.

Files: <table>.csv|json|md|parquet (one per table; none with --format xlsx), report.xlsx (every table one
sheet, plus definitions), factors.png/.svg and codes.png/.svg, summary.md or summary.html.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from interview_coder.core.table import Block, Report
from interview_coder.errors import InputError
from interview_coder.io.charts import draw_chart
from interview_coder.io.export import html_table, markdown_table, md_text, write

_EXT = {"csv": "csv", "json": "json", "md": "md", "parquet": "parquet"}
_CSS = """body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:60rem;margin:2rem auto;
line-height:1.5;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}td.num{text-align:right}
caption{caption-side:top;text-align:left;font-style:italic;padding-bottom:.25rem}img{max-width:100%}
figure{margin:1rem 0}figcaption{font-style:italic}"""


def write_report(report: Report, out_dir: Path, fmt: str = "csv", summary: str = "md", labels: str = "both",
                 bom: bool = False, progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Write everything into ``out_dir`` (created if missing); returns warnings for the user.

    ``progress(done, total)`` is called after each file written, counted in files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("is a file; give a folder for report all", out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", out_dir) from exc
    warnings = list(report.notes)
    total = (len(report.tables) if fmt in _EXT else 0) + 1 + 2 * len(report.charts) + 1
    done = 0

    def wrote() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if fmt in _EXT:
        for stem, table in report.tables.items():
            write([table], fmt, str(out_dir / f"{stem}.{_EXT[fmt]}"), bom)
            wrote()
    write(list(report.tables.values()), "xlsx", str(out_dir / "report.xlsx"))
    wrote()
    for chart in report.charts:
        for suffix in (".png", ".svg"):
            for warning in draw_chart(chart, out_dir / f"{chart.name}{suffix}", labels):
                if warning not in warnings:
                    warnings.append(warning)
            wrote()
    text = render_html(report) if summary == "html" else render_markdown(report)
    target = out_dir / f"summary.{summary}"
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    wrote()
    return warnings


def render_markdown(report: Report) -> str:
    out: list[str] = []
    for block in report.blocks:
        out.append(_markdown_block(block))
    return "\n".join(out).rstrip() + "\n"


def _markdown_block(block: Block) -> str:
    if block.kind == "heading":
        return "#" * block.level + " " + md_text(block.text) + "\n"
    if block.kind == "paragraph":
        return _md_bold(block.text) + "\n"
    if block.kind == "list":
        return "\n".join(f"- {_md_bold(item)}" for item in block.items) + "\n"
    if block.kind == "table" and block.table is not None:
        return f"*{md_text(block.text)}*\n\n" + markdown_table(block.table, heading=False)
    if block.kind == "chart":  # our own chart: the one image a summary links
        return f"![{md_text(block.text)}]({block.chart}.png)\n\n*{md_text(block.text)}*\n"
    return ""


def render_html(report: Report) -> str:
    body: list[str] = []
    for block in report.blocks:
        if block.kind == "heading":
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif block.kind == "paragraph":
            body.append(f"<p>{_bold(block.text)}</p>")
        elif block.kind == "list":
            body.append("<ul>" + "".join(f"<li>{_bold(item)}</li>" for item in block.items) + "</ul>")
        elif block.kind == "table" and block.table is not None:
            body.append(html_table(block.table, caption=block.text))
        elif block.kind == "chart":
            body.append(f'<figure><img src="{escape(block.chart)}.svg" alt="{escape(block.text)}">'
                        f"<figcaption>{escape(block.text)}</figcaption></figure>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(report.title)}</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _md_bold(text: str) -> str:
    """Project text shown literally, keeping the quotes' **keyword** marks."""
    return "**".join(md_text(part) for part in text.split("**"))


def _bold(text: str) -> str:
    """Escape, then turn the quotes' **keyword** marks into <strong>."""
    parts = escape(text).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))


def file_part(text: str) -> str:
    """``text`` as part of a file name: letters (any script), digits, '.', '-' and '_' kept, every
    other run (a "/", a space, a control character) one "_", no dot at either end, never empty."""
    import re

    return re.sub(r"[^\w.-]+", "_", text).strip(".") or "_"
