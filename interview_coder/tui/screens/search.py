"""Search across transcripts: plain or regex, narrowed by code, group and coder; Enter opens the passage.

The search runs in a thread on its own connection with a time limit; typing again or Escape
cancels it, so the screen never freezes (issue 13). The query is remembered while the app runs;
interviewer turns are left out unless asked for.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview_coder.core.model import Role
from interview_coder.core.picking import resolve_code
from interview_coder.errors import InterviewCoderError
from interview_coder.store.codebook import load_codebook
from interview_coder.store.project import Project
from interview_coder.store.search import Hit, search_passages
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings
from interview_coder.tui.widgets.lists import move_list

LIMIT = 500
SECONDS = 3.0
"""A search longer than this is stopped with a message."""


@dataclass(frozen=True)
class Query:
    """What the coder asked for last (kept on the app, so reopening search shows it again)."""

    text: str = ""
    regex: bool = False
    code: str = ""
    group: str = ""
    coder: str = ""
    interviewer: bool = False
    """Include interviewer (and title) turns."""


class SearchScreen(Screen[None]):
    BINDINGS = bindings("search")
    KEY_SCOPES = ("search",)

    def __init__(self) -> None:
        super().__init__()
        self.regex = False
        self.interviewer = False
        self.hits: list[Hit] = []
        self._cancel: threading.Event | None = None
        self._codes: list[Any] | None = None

    @property
    def project(self) -> Project:
        return workbench_app(self).project

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
            box.cursor_blink = workbench_app(self).blink
        last: Query = workbench_app(self).last_search or Query()
        self.regex, self.interviewer = last.regex, last.interviewer
        for name in ("code", "group", "coder"):
            self.query_one(f"#search-{name}", Input).value = getattr(last, name)
        self.query_one("#search-query", Input).value = last.text
        self.query_one("#search-query", Input).focus()
        self.show_status()

    def _value(self, name: str) -> str | None:
        return self.query_one(f"#search-{name}", Input).value.strip() or None

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search()

    def run_search(self) -> None:
        """Start a search in a thread (cancelling the one running); results arrive in :meth:`_show`."""
        text = self.query_one("#search-query", Input).value
        workbench_app(self).last_search = Query(text, self.regex, self._value("code") or "",
                                     self._value("group") or "", self._value("coder") or "", self.interviewer)
        if self._cancel is not None:
            self._cancel.set()
        results = self.query_one("#search-results", OptionList)
        if not text.strip():
            results.clear_options()
            self.hits = []
            self.show_status()
            return
        code = self._value("code")
        if code is not None:
            if self._codes is None:
                self._codes = list(load_codebook(self.project).codes)
            found = resolve_code(self._codes, code)
            if found is None:
                self.show_status(f"no code matches {code!r}")
                return
            code = found.id
        cancel = self._cancel = threading.Event()
        self.show_status("searching… (esc cancels)")
        query = Query(text, self.regex, code or "", self._value("group") or "", self._value("coder") or "",
                      self.interviewer)
        self.run_worker(lambda: self._search(query, cancel), thread=True, exclusive=True, group="search")

    def _search(self, q: Query, cancel: threading.Event) -> None:
        try:
            with Project.open(self.project.location) as project:
                hits = search_passages(project, q.text, q.regex, q.code or None, q.group or None, q.coder or None,
                                       limit=LIMIT, respondents_only=not q.interviewer, seconds=SECONDS,
                                       cancel=cancel)
        except InterviewCoderError as exc:
            if not cancel.is_set():
                self.app.call_from_thread(self._show, [], cancel, str(exc))
            return
        if not cancel.is_set():
            self.app.call_from_thread(self._show, hits, cancel)

    def _show(self, hits: list[Hit], cancel: threading.Event, error: str | None = None) -> None:
        if cancel.is_set():
            return
        self.hits = hits
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(_line(h), id=str(k)) for k, h in enumerate(self.hits)])
        if self.hits:
            results.highlighted = 0
        self.show_status(error)

    def show_status(self, error: str | None = None) -> None:
        mode = "regex" if self.regex else "plain"
        who = "all turns" if self.interviewer else "respondents"
        text = error or (f"{len(self.hits)}{'+' if len(self.hits) >= LIMIT else ''} matches · {mode} · {who} · "
                         "↑↓ choose · enter open · tab next field")
        self.query_one("#search-status", Static).update(text)

    def on_key(self, event: Any) -> None:
        if move_list(self.query_one("#search-results", OptionList), event.key):
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open_result()

    def action_open_result(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None or not self.hits:
            return
        hit = self.hits[results.highlighted]
        self.app.pop_screen()
        workbench_app(self).open_transcript(hit.transcript_id, hit.passage_id,
                                 (hit.start, hit.end) if hit.role == Role.RESPONDENT else None)

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self.run_search()

    def action_toggle_interviewer(self) -> None:
        self.interviewer = not self.interviewer
        self.run_search()

    def action_close(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self._cancel is not None:
            self._cancel.set()


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
