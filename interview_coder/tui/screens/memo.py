"""The memo editor: a modal with this coder's memo on one target and other coders' memos above."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from interview_coder.store import memos
from interview_coder.store.project import Project
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings


class MemoScreen(ModalScreen[bool]):
    BINDINGS = bindings("memo")
    KEY_SCOPES = ("memo",)

    def __init__(self, target: str, target_id: str | int, title: str, at_top: bool = False):
        super().__init__(classes="-top" if at_top else None)
        self.target, self.target_id, self.title_text = target, target_id, title
        self.original = ""
        self.warned = False

    @property
    def project(self) -> Project:
        return workbench_app(self).project

    def compose(self) -> ComposeResult:
        coder = workbench_app(self).active_coder
        others = memos.other_memos(self.project, self.target, self.target_id, coder) if self.target != "coding" else []
        with Vertical(id="memo-box"):
            yield Label(f"Memo on {self.title_text} · {coder} · ctrl+s save · esc cancel", id="memo-title")
            if others:
                yield Static("\n".join(f"{m['coder']}: {m['text']}" for m in others), id="memo-others")
            self.original = memos.get_memo(self.project, self.target, self.target_id, coder)
            yield TextArea(self.original, id="memo-text", soft_wrap=True)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = workbench_app(self).blink
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        app = workbench_app(self)
        ok = app.attempt(memos.set_memo, self.project, self.target, self.target_id, text, app.active_coder, default=True)
        if ok is not None:
            app.record("memo.save", write=True)
            self.notify("memo saved" if text.strip() else "memo deleted", timeout=2)
            self.dismiss(True)

    def action_cancel(self) -> None:
        """Escape never loses typed words silently: with unsaved changes the first Escape asks."""
        if self.query_one(TextArea).text != self.original and not self.warned:
            self.warned = True
            self.query_one("#memo-title", Label).update(
                "Unsaved memo: Esc again discards it · ctrl+s saves")
            self.notify("unsaved memo: Esc again discards it, ctrl+s saves", severity="warning", timeout=4)
            return
        self.dismiss(False)
