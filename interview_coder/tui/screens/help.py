"""The help screen: every action of the key registry with the keys it is on now."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import ACTIONS, SCOPES, bindings, keys_of


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")
    KEY_SCOPES = ("help",)

    def compose(self) -> ComposeResult:
        keymap = workbench_app(self).keymap
        table = Table(title="interview-coder keys (also in the command palette, ctrl+p)", expand=True,
                      show_edge=False, pad_edge=False)
        table.add_column("keys", style="bold #e5c07b", no_wrap=True)
        table.add_column("action")
        for scope, where in SCOPES.items():
            table.add_row("", f"[b u]{where}[/]")
            for action in ACTIONS:
                if action.scope == scope:
                    table.add_row(keys_of(action, keymap), action.description)
        with VerticalScroll(id="help-box"):
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
