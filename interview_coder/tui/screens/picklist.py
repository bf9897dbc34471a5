"""A list to read and jump from: a filter box over one OptionList; Enter opens the passage.

The code retrieval screen and the memo browser are both this (one way to list and jump).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings
from interview_coder.tui.widgets.lists import move_list


@dataclass(frozen=True)
class Row:
    label: Text
    """The line shown."""
    haystack: str
    """What the filter matches (casefolded): respondent, group, coder, transcript, text..."""
    transcript_id: int | None
    passage_id: int | None
    span: tuple[int, int] | None = None


class PickListScreen(Screen[None]):
    BINDINGS = bindings("lists")
    KEY_SCOPES = ("lists",)
    TITLE_TEXT = ""
    PLACEHOLDER = "type to filter"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.shown: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.TITLE_TEXT, id="list-title")
        yield Input(placeholder=self.PLACEHOLDER, id="list-filter")
        yield OptionList(id="list-rows")
        yield Static(id="list-status")
        yield Footer()

    def load_rows(self) -> list[Row]:
        """The rows to pick from; each screen built on this one says which (retrieval, memos)."""
        return []

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = workbench_app(self).blink
        self.rows = self.load_rows()
        self.fill()
        box.focus()

    def refresh_data(self, quiet: bool = False) -> None:
        self.rows = self.load_rows()
        self.fill()

    def fill(self) -> None:
        words = self.query_one(Input).value.casefold().split()
        self.shown = [r for r in self.rows if all(w in r.haystack for w in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(r.label, id=str(k)) for k, r in enumerate(self.shown)])
        if self.shown:
            options.highlighted = 0
        self.query_one("#list-status", Static).update(
            f"{len(self.shown)} of {len(self.rows)} · type words to filter (all must match) · ↑↓ choose · "
            "enter open · esc back")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill()

    def on_key(self, event: Any) -> None:
        if move_list(self.query_one(OptionList), event.key):
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open_row()

    def action_open_row(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            return
        row = self.shown[options.highlighted]
        if row.transcript_id is None:
            self.notify("this memo is not about a passage")
            return
        self.app.pop_screen()
        workbench_app(self).open_transcript(row.transcript_id, row.passage_id, row.span)

    def action_close(self) -> None:
        self.app.pop_screen()


def clip(text: str, start: int | None, end: int | None, width: int = 70) -> Text:
    """The coded words highlighted in their context, on one line."""
    flat = text.replace("\n", " ")
    if start is None or end is None:
        out = Text(flat[:width] + ("…" if len(flat) > width else ""))
    else:
        left = max(0, start - 25)
        out = Text(("…" if left else "") + flat[left:start])
        out.append(flat[start:end], style="reverse bold")
        out.append(flat[end:end + 40])
    out.no_wrap, out.overflow = True, "ellipsis"
    return out
