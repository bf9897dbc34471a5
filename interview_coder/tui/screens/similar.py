"""Passages like this one: the respondent passages across transcripts whose words are closest to
the current passage's (analysis.similar, as ``report similar``), most similar first; Enter jumps.

The comparison reads every passage in scope (seconds on a big project), so it runs in a thread on
its own connection; the list says so meanwhile and keys stay alive (issue 13: never freeze)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Input, Static

from interview_coder.tui.access import workbench_app
from interview_coder.tui.screens.picklist import PickListScreen, Row

LIMIT = 30
"""How many similar passages to list."""


class SimilarScreen(PickListScreen):
    PLACEHOLDER = "filter by transcript, respondent, code or words"

    def __init__(self, passage_id: int, title: str) -> None:
        super().__init__()
        self.passage_id = passage_id
        self.TITLE_TEXT = f"Passages like {title}"
        self.done = False

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = workbench_app(self).blink
        box.focus()
        self.fill()
        self.run_worker(self._find, thread=True, exclusive=True, group="similar")

    def refresh_data(self, quiet: bool = False) -> None:
        self.run_worker(self._find, thread=True, exclusive=True, group="similar")

    def _find(self) -> None:
        from interview_coder.analysis.similar import similar_rows
        from interview_coder.errors import InterviewCoderError
        from interview_coder.store.project import Project
        from interview_coder.store.workbench import counting_filters

        app = workbench_app(self)
        coder = app.active_coder
        with Project.open(app.project.path) as project:
            try:
                found = similar_rows(project, self.passage_id, counting_filters(project, coder), LIMIT)
            except InterviewCoderError as exc:
                self.app.call_from_thread(self._failed, str(exc))
                return
        self.app.call_from_thread(self._found, found)

    def fill(self) -> None:
        super().fill()
        if not self.done:
            self.query_one("#list-status", Static).update("finding passages like this one… (seconds on a big "
                                                         "project; esc goes back)")

    def _failed(self, message: str) -> None:
        if not self.is_attached:  # closed while the thread ran
            return
        self.done = True
        self.query_one("#list-status", Static).update(message)

    def _found(self, found: list[dict[str, Any]]) -> None:
        if not self.is_attached:
            return
        self.done = True
        self.rows = []
        for r in found:
            label = Text(f"{r['similarity']:.2f} ", style="bold")
            label.append(f"{r['transcript']} #{r['passage']} ", style="bold")
            label.append(f"{r['respondent'] or '-'}" + (f" [{r['codes']}]" if r["codes"] else "") + ": ", style="dim")
            label.append(str(r["text"]))
            label.no_wrap, label.overflow = True, "ellipsis"
            hay = f"{r['transcript']} {r['respondent']} {r['codes']} {r['text']}".casefold()
            self.rows.append(Row(label, hay, r["transcript_id"], r["passage_id"]))
        self.fill()
