"""Reports: code or SIM factor frequencies by group, as terminal bars and a table, exportable.

The figures come from ``analysis.frequencies.code_frequencies`` and
``analysis.factors.factor_frequencies`` (the same functions as ``interview-coder report``), so a
number can never differ between the TUI and the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from interview_coder.core.model import Status
from interview_coder.store.project import Project
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings
from interview_coder.tui.widgets.report.bars import BarChart

STATUSES = (Status.ACCEPTED, "all", Status.SUGGESTED)
SHOWN = ("group", "passages", "respondents", "respondents_total", "respondents_pct", "keyword_hits")


class ReportsScreen(Screen[None]):
    BINDINGS = bindings("reports")
    KEY_SCOPES = ("reports",)

    def __init__(self) -> None:
        super().__init__()
        self.kind = "codes"
        self.status: str = Status.ACCEPTED
        self.mine = False
        self.chart = True
        self.records: list[dict[str, Any]] = []
        self.table_value: Any = None

    @property
    def project(self) -> Project:
        return workbench_app(self).project

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reports-chart-box"):
            yield BarChart(id="reports-chart")
        yield DataTable(id="reports-table", zebra_stripes=True, cursor_type="row")
        yield Static(id="reports-status")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def refresh_data(self, quiet: bool = False) -> None:
        self.load()
        self.notify("refreshed from the project")

    def filters(self) -> Any:
        from interview_coder.store.scope import Filters

        coder = workbench_app(self).active_coder
        return Filters(coders=(coder,) if self.mine else (), status=self.status)

    def load(self) -> None:
        from interview_coder.analysis.factors import factor_frequencies, factor_tables
        from interview_coder.analysis.frequencies import code_frequencies, frequency_table, records

        if self.kind == "codes":
            frame = code_frequencies(self.project, self.filters(), by="group")
            self.table_value = frequency_table(frame, by="group")
        else:
            frame = factor_frequencies(self.project, self.filters(), by="group")
            self.table_value = factor_tables(frame, frame.iloc[0:0], by="group")[0]
        self.records = records(frame)
        self.draw()

    @property
    def label(self) -> str:
        return "code_name" if self.kind == "codes" else "factor_name"

    def draw(self) -> None:
        if not self.records and self.table_value is None:
            return
        self.query_one(BarChart).show(self.records, self.label)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(self.label.replace("_name", ""), *SHOWN)
        last = None
        for r in self.records:
            name = r[self.label] if r[self.label] != last else ""
            last = r[self.label]
            table.add_row(name, *[f"{r[c]:.1f}" if c == "respondents_pct" else r[c] for c in SHOWN])
        self.query_one("#reports-chart-box").display = self.chart
        table.display = not self.chart
        who = f"coder {workbench_app(self).coder}" if self.mine else "all coders"
        self.query_one("#reports-status", Static).update(
            f"{'code' if self.kind == 'codes' else 'SIM factor'} frequencies by group · {self.status} · {who} · "
            "bar: % of the group's respondents")

    def action_toggle_kind(self) -> None:
        self.kind = "factors" if self.kind == "codes" else "codes"
        self.load()

    def action_cycle_status(self) -> None:
        self.status = STATUSES[(STATUSES.index(self.status) + 1) % len(STATUSES)]
        self.load()

    def action_toggle_coder(self) -> None:
        self.mine = not self.mine
        self.load()

    def action_toggle_view(self) -> None:
        self.chart = not self.chart
        self.draw()

    def export_path(self) -> Path:
        from interview_coder.io.report_files import file_part

        base = self.project.path
        mine = "-" + file_part(workbench_app(self).active_coder) if self.mine else ""  # a/b is one name
        return base.with_name(f"{base.stem}-{self.kind}-{self.status}{mine}.csv")

    def action_export(self) -> None:
        from interview_coder.io.export import write

        path = self.export_path()
        if workbench_app(self).attempt(write, [self.table_value], "csv", str(path), False, default=True) is not None:
            self.notify(f"wrote {path}", timeout=6)

    def action_close(self) -> None:
        self.app.pop_screen()
