"""Choose one of a list by typing: the code to merge into (ranked as the code picker ranks,
core.picking) or the factor to move a code to. Enter chooses, Escape cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings
from interview_coder.tui.widgets.lists import move_list


class ChooseScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("choose")]
    KEY_SCOPES = ("choose",)

    def __init__(self, title: str, labels: dict[str, Text], rank: Callable[[str], list[str]]) -> None:
        """``labels`` by id in their order; ``rank(typed)`` the ids matching what is typed, best first."""
        super().__init__()
        self.title_text, self.labels, self.rank = title, labels, rank
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-box"):
            yield Label(f"{self.title_text} · type to filter · ↑↓ · enter choose · esc cancel", id="choose-title")
            yield Input(placeholder="type to filter", id="choose-filter")
            yield OptionList(id="choose-rows")

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = workbench_app(self).blink
        self.fill()
        box.focus()

    def fill(self) -> None:
        typed = self.query_one(Input).value
        self.shown = self.rank(typed) if typed.strip() else list(self.labels)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self.labels[i], id=i) for i in self.shown])
        if self.shown:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.fill()

    def on_key(self, event: Any) -> None:
        if move_list(self.query_one(OptionList), event.key):
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id:
            self.dismiss(option.id)

    def action_close(self) -> None:
        self.dismiss(None)
