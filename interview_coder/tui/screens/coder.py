"""Asking who is coding, once per project (remembered in the project setting 'coder')."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from interview_coder.core.model import AUTO_CODER
from interview_coder.tui.access import workbench_app


class CoderScreen(ModalScreen[str]):
    def __init__(self, known: list[str]):
        super().__init__()
        self.known = [k for k in known if k != AUTO_CODER]

    def compose(self) -> ComposeResult:
        with Vertical(id="coder-box"):
            yield Label("Who is coding? Your name is recorded on every coding you make.")
            if self.known:
                yield Label(f"Coders in this project: {', '.join(self.known)}", id="coder-known")
            yield Input(placeholder="your name, then Enter", id="coder-name")

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = workbench_app(self).blink
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name or name == AUTO_CODER:
            self.notify("give a name ('auto' is the auto-coder's)", severity="warning")
            return
        self.dismiss(name)
