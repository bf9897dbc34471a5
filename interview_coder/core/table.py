"""A report table as plain values: records, their columns, the counting unit and column definitions.

It lives in ``core`` so that ``analysis`` can build tables and ``io.export`` can write them without
either layer importing the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    title: str
    """Sheet name in XLSX, heading in Markdown, caption in the terminal."""
    records: Sequence[Mapping[str, Any]]
    """One dict per row; keys are column names."""
    columns: list[str] = field(default_factory=list)
    """Column order; defaults to the keys of the records in first-seen order."""
    unit: str = ""
    """What one count in the table is (the counting unit), printed under the table."""
    definitions: dict[str, str] = field(default_factory=dict)
    """Column name -> its definition (XLSX definitions sheet, Markdown list)."""
    brief: list[str] = field(default_factory=list)
    """Columns shown in the terminal (``--format table``) when the full table is too wide; empty: all."""

    def __post_init__(self) -> None:
        if not self.columns:
            seen: dict[str, None] = {}
            for record in self.records:
                seen.update(dict.fromkeys(record))
            self.columns = list(seen)


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart as values: ``values[i][j]`` is category i in group j."""

    title: str
    xlabel: str
    categories: list[tuple[str, str]]
    """(English name, Chinese name or '') of each bar cluster."""
    groups: list[str]
    values: list[list[float]]
    name: str = "chart"
    """File stem when written by ``report all``."""
    title_zh: str = ""
    """The title in Chinese, used when labels are zh or both ('' keeps the English)."""
    xlabel_zh: str = ""
    group_sizes: list[int] | None = None
    """respondents in each group (the n shown in the legend), None when not known"""
    kind: str = "bar"
    """bar (grouped horizontal bars) or line (one line per group over the categories in order)"""


@dataclass
class Block:
    """One piece of a report summary: kind is heading, paragraph, table, chart or list."""

    kind: str
    text: str = ""
    level: int = 2
    table: Table | None = None
    chart: str = ""
    """The chart's file stem (``Chart.name``)."""
    items: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What ``report all`` writes: the summary blocks, every table, the charts, and notes for the user."""

    title: str
    blocks: list[Block]
    tables: dict[str, Table]
    """File stem -> table (one file per table; one sheet each in report.xlsx)."""
    charts: list[Chart]
    notes: list[str] = field(default_factory=list)
    """What was left out and why (said to the user as warnings)."""
