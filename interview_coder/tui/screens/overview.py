"""The project overview: transcripts with respondent, group, language, passages and progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from interview_coder.store import workbench
from interview_coder.store.project import Project
from interview_coder.store.workbench import OverviewRow
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings

COLUMNS = ("transcript", "resp.", "group", "lang", "pass.", "reviewed", "open")
"""resp. = respondent; pass. = respondent passages; open = open suggestions (see the status line)."""
WIDTHS = (20, 6, 10, 4, 5, 8, 5)  # fixed: measuring 1,000 rows of cells costs more than the rest of start-up
FIRST_ROWS = 80
"""Rows drawn before the first paint (more than a tall terminal shows); the rest follow at once after."""
SYNC_PROGRESS = 20_000
"""Up to this many respondent passages in the project the progress columns are counted at once
(deterministic, tens of ms); above, in a thread while the rows are already on screen."""


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
            table.add_column(name, width=width, key=name)
        self.query_one(Input).cursor_blink = workbench_app(self).blink
        self.load()
        table.focus()

    def on_screen_resume(self) -> None:
        if self._mounted_once:  # back from a transcript: progress may have moved
            self.load()
        self._mounted_once = True  # the first resume is the mount, which just loaded

    _mounted_once = False

    def load(self) -> None:
        """The rows at once; reviewed and open-suggestion counts with them for a small project, else
        from a thread (0.7 s on the 1,000-transcript benchmark project: first paint waited for it)."""
        coder = workbench_app(self).coder
        self.rows = workbench.overview_rows(self.project, coder, progress=False)
        self.groups = workbench.group_names(self.project)
        if sum(r["passages"] for r in self.rows) <= SYNC_PROGRESS:
            found = workbench.overview_progress(self.project, coder)
            for r in self.rows:
                r["reviewed"], r["suggestions"] = found.get(r["id"], (0, 0))
            self.fill()
        else:
            self.fill()
            self.run_worker(self._count_progress, thread=True, exclusive=True, group="overview-progress")

    def _count_progress(self) -> None:
        from interview_coder.store.project import Project

        with Project.open_read_only(self.project.path) as project:
            found = workbench.overview_progress(project, workbench_app(self).coder)
        self.app.call_from_thread(self._progress, found)

    def _progress(self, found: dict[int, tuple[int, int]]) -> None:
        table = self.query_one(DataTable)
        for r in self.rows:
            r["reviewed"], r["suggestions"] = found.get(r["id"], (0, 0))
        # rows already drawn change two cells each (a refill measures every cell again); rows still
        # to come read the new figures when they are added
        drawn = {k.value for k in table.rows}
        for r in self._shown():
            key = str(r["id"])
            if key in drawn:
                table.update_cell(key, "reviewed", f"{r['reviewed']}/{r['passages']}")
                table.update_cell(key, "open", r["suggestions"])
        self._status()

    def refresh_data(self, quiet: bool = False) -> None:
        self.load()
        self.notify("refreshed from the project")

    def fill(self) -> None:
        """The shown rows: a screenful at once, the rest after the first paint (DataTable measures
        every cell it is given: 1,000 rows held the first paint back)."""
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self._generation += 1
        shown = self._shown()
        self._add_rows(shown[:FIRST_ROWS])
        if shown:
            table.move_cursor(row=min(keep, len(shown[:FIRST_ROWS]) - 1))
        if len(shown) > FIRST_ROWS:
            self.call_after_refresh(self._add_rest, shown[FIRST_ROWS:], keep, self._generation)
        self._status()

    _generation = 0

    def _add_rest(self, rows: list[OverviewRow], keep: int, generation: int) -> None:
        if generation != self._generation:  # refilled meanwhile (a filter was typed)
            return
        self._add_rows(rows)
        if keep >= FIRST_ROWS:
            self.query_one(DataTable).move_cursor(row=min(keep, FIRST_ROWS + len(rows) - 1))

    def _add_rows(self, rows: list[OverviewRow]) -> None:
        table = self.query_one(DataTable)
        for r in rows:
            table.add_row(r["name"], r["respondents"], r["group"], r["language"], r["passages"],
                          f"{'…' if r['reviewed'] is None else r['reviewed']}/{r['passages']}",
                          "…" if r["suggestions"] is None else r["suggestions"], key=str(r["id"]))

    def _shown(self) -> list[OverviewRow]:
        needle = self.query_one("#overview-filter", Input).value.strip().casefold()
        return [r for r in self.rows
                if (not needle or needle in f"{r['name']} {r['respondents']}".casefold())
                and (self.group is None or self.group in r["group"].split(","))]

    def _status(self) -> None:
        shown = self._shown()
        counted = all(r["reviewed"] is not None for r in self.rows)
        total = sum(r["passages"] for r in shown)
        reviewed = str(sum(r["reviewed"] or 0 for r in shown)) if counted else "…"
        open_ = str(sum(r["suggestions"] or 0 for r in shown)) if counted else "…"
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
