"""The code dialog: a new code (name, Chinese name, factor, description) or an existing one edited
(the same fields, plus its keywords in both languages). One screen, keyboard-first: Tab or Enter to
the next field, ctrl+s saves, Escape asks before throwing typed text away (as the memo editor does).

The dialog only collects values; the screen that opened it saves them through store.codebook_edit
(``save`` returns False when the store refused, and the dialog stays open with the text kept).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings


@dataclass(frozen=True)
class CodeForm:
    """What the dialog holds: the code's fields as typed."""

    name: str = ""
    name_zh: str = ""
    factor: str | None = None
    """A factor id; None: the codebook's 'New codes' factor (a project without factors)."""
    description: str = ""
    keywords_en: str | None = None
    """Keywords typed on one line, comma-separated; None: the dialog does not edit keywords."""
    keywords_zh: str | None = None


class CodeFormScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("code_form")]
    KEY_SCOPES = ("code_form",)

    def __init__(self, title: str, form: CodeForm, factors: list[tuple[str, str]],
                 save: Callable[[CodeForm], bool], focus: str = "code-form-name") -> None:
        super().__init__()
        self.title_text, self.original, self.factors, self.save_with = title, form, factors, save
        self.start_focus = focus
        self.warned = False

    def compose(self) -> ComposeResult:
        form = self.original
        with Vertical(id="code-form-box"):
            yield Label(f"{self.title_text} · tab next field · ctrl+s save · esc cancel", id="code-form-title")
            yield from self._row("Name", Input(form.name, placeholder="English name", id="code-form-name"))
            yield from self._row("Chinese name", Input(form.name_zh, placeholder="中文名", id="code-form-zh"))
            options = OptionList(id="code-form-factor")
            with Horizontal(classes="code-form-row"):
                yield Label("Factor")
                yield options
            with Horizontal(classes="code-form-row"):
                yield Label("Description")
                yield TextArea(form.description, id="code-form-description", soft_wrap=True)
            if form.keywords_en is not None:
                yield from self._row("Keywords", Input(form.keywords_en, placeholder="English, comma-separated",
                                                       id="code-form-en"))
                yield from self._row("关键词", Input(form.keywords_zh or "", placeholder="中文，逗号分隔",
                                                   id="code-form-zh-keywords"))
            yield Label("", id="code-form-hint")

    def _row(self, label: str, field: Input) -> ComposeResult:
        with Horizontal(classes="code-form-row"):
            yield Label(label)
            yield field

    def on_mount(self) -> None:
        options = self.query_one("#code-form-factor", OptionList)
        for fid, name in self.factors or [("", "New codes (made on save)")]:
            options.add_option(Option(Text(name, no_wrap=True, overflow="ellipsis"), id=fid or "-"))
        ids = [fid for fid, _ in self.factors]
        options.highlighted = ids.index(self.original.factor) if self.original.factor in ids else 0
        blink = workbench_app(self).blink
        for field in self.query(Input):
            field.cursor_blink = blink
        self.query_one(TextArea).cursor_blink = blink
        self.query_one(f"#{self.start_focus}").focus()

    def value(self) -> CodeForm:
        """The fields as typed now."""
        options = self.query_one("#code-form-factor", OptionList)
        chosen = options.highlighted_option.id if options.highlighted_option is not None else None
        form = replace(self.original, name=self.query_one("#code-form-name", Input).value,
                       name_zh=self.query_one("#code-form-zh", Input).value,
                       factor=None if chosen in (None, "-") else chosen,
                       description=self.query_one(TextArea).text)
        if form.keywords_en is not None:
            form = replace(form, keywords_en=self.query_one("#code-form-en", Input).value,
                           keywords_zh=self.query_one("#code-form-zh-keywords", Input).value)
        return form

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        if not self.value().name.strip():
            self.query_one("#code-form-hint", Label).update("A code needs a name.")
            self.query_one("#code-form-name").focus()
            return
        if self.save_with(self.value()):
            self.dismiss(True)

    def action_cancel(self) -> None:
        """Escape never loses typed words silently: with changes the first Escape asks."""
        if self.value() != self.original and not self.warned:
            self.warned = True
            self.query_one("#code-form-hint", Label).update("Unsaved: Esc again discards it · ctrl+s saves")
            return
        self.dismiss(False)
