"""The project overview: transcripts with respondent, group, language, passages and progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from interview_coder.store import workbench
from interview_coder.store.project import Project
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings

COLUMNS = ("transcript", "resp.", "group", "lang", "pass.", "reviewed", "open")
"""resp. = respondent; pass. = respondent passages; open = open suggestions (see the status line)."""
WIDTHS = (20, 6, 10, 4, 5, 8, 5)  # fixed: measuring 1,000 rows of cells costs more than the rest of start-up


class OverviewScreen(Screen[None]):
    BINDINGS = bindings("overview")
    KEY_SCOPES = ("overview",)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[workbench.OverviewRow] = []
        self.groups: list[str] = []
        self.group: str | None = None

    @property
    def project(self) -> Project:
        return workbench_app(self).project

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="filter transcripts by name or respondent (f)", id="overview-filter")
        yield DataTable(id="transcripts", cursor_type="row", zebra_stripes=True)
        yield Static(id="overview-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in zip(COLUMNS, WIDTHS, strict=True):
            table.add_column(name, width=width)
        self.query_one(Input).cursor_blink = workbench_app(self).blink
        self.load()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.rows:  # back from a transcript: progress may have moved (the first resume is the mount)
            self.load()

    def load(self) -> None:
        self.rows = workbench.overview_rows(self.project, workbench_app(self).coder)
        self.groups = workbench.group_names(self.project)
        self.fill()

    def refresh_data(self, quiet: bool = False) -> None:
        self.load()
        self.notify("refreshed from the project")

    def fill(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        needle = self.query_one("#overview-filter", Input).value.strip().casefold()
        shown = [r for r in self.rows
                 if (not needle or needle in f"{r['name']} {r['respondents']}".casefold())
                 and (self.group is None or self.group in r["group"].split(","))]
        for r in shown:
            table.add_row(r["name"], r["respondents"], r["group"], r["language"], r["passages"],
                          f"{r['reviewed']}/{r['passages']}", r["suggestions"], key=str(r["id"]))
        if shown:
            table.move_cursor(row=min(keep, len(shown) - 1))
        total = sum(r["passages"] for r in shown)
        reviewed = sum(r["reviewed"] for r in shown)
        open_ = sum(r["suggestions"] for r in shown)
        self.query_one("#overview-status", Static).update(
            f"{len(shown)} of {len(self.rows)} transcripts · group: {self.group or 'all'} · "
            f"{reviewed}/{total} respondent passages reviewed · {open_} open suggestions")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_transcript()

    def action_open_transcript(self) -> None:
        tid = self.selected_id()
        if tid is not None:
            workbench_app(self).open_transcript(tid)

    def action_focus_filter(self) -> None:
        self.query_one("#overview-filter", Input).focus()

    def action_cycle_group(self) -> None:
        options: list[str | None] = [None, *self.groups]
        self.group = options[(options.index(self.group) + 1) % len(options)] if self.group in options else None
        self.fill()

    def action_memo_transcript(self) -> None:
        tid = self.selected_id()
        if tid is not None:
            name = next(r["name"] for r in self.rows if r["id"] == tid)
            workbench_app(self).edit_memo("transcript", tid, f"transcript {name}")

    def action_memo_project(self) -> None:
        workbench_app(self).edit_memo("project", "", "the project")
