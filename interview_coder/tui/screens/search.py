"""Search across transcripts: plain or regex, narrowed by code, group and coder; Enter opens the passage."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview_coder.errors import InterviewCoderError
from interview_coder.store.search import Hit, search_passages
from interview_coder.tui.keys import bindings

LIMIT = 500


class SearchScreen(Screen[None]):
    BINDINGS = bindings("search")
    KEY_SCOPES = ("search",)

    def __init__(self) -> None:
        super().__init__()
        self.regex = False
        self.hits: list[Hit] = []

    @property
    def project(self) -> Any:
        return self.app.project  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search passages (plain text; ctrl+x for regex)", id="search-query")
        with Horizontal(id="search-filters"):
            yield Input(placeholder="code", id="search-code")
            yield Input(placeholder="group", id="search-group")
            yield Input(placeholder="coder", id="search-coder")
        yield OptionList(id="search-results")
        yield Static(id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        for box in self.query(Input):
            box.cursor_blink = self.app.blink  # type: ignore[attr-defined]
        self.query_one("#search-query", Input).focus()
        self.show_status()

    def _value(self, name: str) -> str | None:
        return self.query_one(f"#search-{name}", Input).value.strip() or None

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search()

    def run_search(self) -> None:
        query = self.query_one("#search-query", Input).value
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        self.hits = []
        if not query.strip():
            self.show_status()
            return
        try:
            self.hits = search_passages(self.project, query, self.regex, self._value("code"), self._value("group"),
                                        self._value("coder"), limit=LIMIT)
        except InterviewCoderError as exc:
            self.show_status(str(exc))
            return
        results.add_options([Option(_line(h), id=str(k)) for k, h in enumerate(self.hits)])
        if self.hits:
            results.highlighted = 0
        self.show_status()

    def show_status(self, error: str | None = None) -> None:
        mode = "regex" if self.regex else "plain"
        text = error or (f"{len(self.hits)}{'+' if len(self.hits) >= LIMIT else ''} matches · {mode} · "
                         "↑↓ choose · enter open · tab next field")
        self.query_one("#search-status", Static).update(text)

    def on_key(self, event: Any) -> None:
        if event.key in ("up", "down", "pageup", "pagedown"):
            results = self.query_one("#search-results", OptionList)
            getattr(results, {"up": "action_cursor_up", "down": "action_cursor_down",
                              "pageup": "action_page_up", "pagedown": "action_page_down"}[event.key])()
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open_result()

    def action_open_result(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None or not self.hits:
            return
        hit = self.hits[results.highlighted]
        self.app.pop_screen()
        self.app.open_transcript(hit.transcript_id, hit.passage_id,  # type: ignore[attr-defined]
                                 (hit.start, hit.end) if hit.role == "respondent" else None)

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self.run_search()

    def action_close(self) -> None:
        self.app.pop_screen()


def _line(hit: Hit) -> Text:
    text = hit.text.replace("\n", " ")
    left = max(0, hit.start - 30)
    line = Text(f"{hit.transcript} #{hit.seq} ", style="bold")
    line.append(f"{hit.speaker or hit.role}: ", style="dim")
    line.append(("…" if left else "") + text[left:hit.start])
    line.append(text[hit.start:hit.end], style="reverse bold")
    line.append(text[hit.end:hit.end + 60])
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line
