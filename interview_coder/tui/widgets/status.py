"""A one-line status bar that repaints without asking the screen for a new layout."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    text: reactive[str] = reactive("", layout=False)
    """What the line shows; cropped to the width."""

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")

    def update(self, text: str) -> None:
        self.text = text
