"""The codebook panel: factor -> code tree with counts, type-to-filter, number keys shown, the
highlighted code's definition below (ctrl+o), and a hint when the project has no codebook yet.

One OptionList (not a widget per code). Counts read 'here/project': respondent passages with an
accepted coding of the code in this transcript / in the project.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from interview_coder.core.model import Codebook
from interview_coder.core.picking import rank_codes
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import BY_ID, bindings, keys_of
from interview_coder.tui.messages import CodebookLeft, CodeHighlighted, CodePicked
from interview_coder.tui.widgets.codebook.definition import CodeDefinition


def empty_hint(keymap: dict[str, str] | None = None) -> list[str]:
    """What the panel says in a project without a codebook: how to get codes (keys as bound now)."""
    return ["No codebook yet.", "Load one:", "  interview-coder codebook", "  load FILE.yaml",
            f"or press {keys_of(BY_ID['reader.new_code'], keymap)}: new code,",
            f"or select words ({keys_of(BY_ID['reader.select'], keymap)}, then w)",
            f"and press {keys_of(BY_ID['reader.in_vivo'], keymap)}: in-vivo code."]


class CodebookPanel(Vertical):
    BINDINGS = bindings("codebook")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.book: Codebook | None = None
        self.counts: dict[str, tuple[int, int]] = {}
        self.quick: list[str] = []
        self.pinned: set[str] = set()
        self.colours: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to filter codes", id="code-filter")
        yield OptionList(id="codes")
        yield CodeDefinition(id="code-definition")

    def set_codebook(self, book: Codebook, colours: dict[str, str]) -> None:
        self.book = book
        self.colours = colours
        self.rebuild()

    def set_counts(self, counts: dict[str, tuple[int, int]], quick: list[str], pinned: set[str]) -> None:
        self.counts, self.quick, self.pinned = counts, quick, pinned
        self.rebuild()

    @property
    def filter_text(self) -> str:
        return self.query_one("#code-filter", Input).value.strip().casefold()

    def rebuild(self) -> None:
        if self.book is None:
            return
        options = self.query_one("#codes", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option is not None else None
        needle = self.filter_text
        items: list[Option] = []
        if needle:  # typing: the best match first (core.picking), Enter applies it
            for code in rank_codes(self.book.codes, needle):
                items.append(self._line(code))
        for factor in self.book.factors if not needle else ():
            codes = [c for c in self.book.codes if c.factor == factor.id]
            if not codes:
                continue
            head = Text(f"{factor.name}", style="bold")
            if factor.name_zh:
                head.append(f" {factor.name_zh}", style="dim")
            head.append(f" ({factor.driver})", style="dim")
            head.no_wrap, head.overflow = True, "ellipsis"
            items.append(Option(head, disabled=True))
            for code in codes:
                items.append(self._line(code))
        if not self.book.codes:
            keymap = workbench_app(self).keymap
            items = [Option(Text(line, style="dim" if k else "bold"), disabled=True)
                     for k, line in enumerate(empty_hint(keymap))]
        options.clear_options()
        options.add_options(items)
        ids = [o.id for o in items if o.id]
        if ids:
            target = ids[0] if needle else (keep if keep in ids else ids[0])
            options.highlighted = next(k for k, o in enumerate(items) if o.id == target)

    def _line(self, code: Any) -> Option:
        line = Text()
        number = self.quick.index(code.id) + 1 if code.id in self.quick else None
        line.append(f"{number}" if number else " ", style="bold #e5c07b")
        line.append("*" if code.id in self.pinned else " ", style="#e5c07b")
        line.append("■ ", style=self.colours.get(code.id, ""))
        line.append(code.name)
        here, total = self.counts.get(code.id, (0, 0))
        line.append(f" {here}/{total}", style="dim")
        line.no_wrap, line.overflow = True, "ellipsis"
        return Option(line, id=code.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(CodeHighlighted(event.option.id))

    @property
    def definition(self) -> CodeDefinition:
        return self.query_one(CodeDefinition)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.rebuild()

    def highlight(self, code_id: str) -> None:
        """Move the highlight to ``code_id`` (after a code is added or edited)."""
        options = self.query_one("#codes", OptionList)
        for k in range(options.option_count):
            if options.get_option_at_index(k).id == code_id:
                options.highlighted = k
                return

    def highlighted_code(self) -> str | None:
        option = self.query_one("#codes", OptionList).highlighted_option
        return option.id if option is not None else None

    def action_code_cursor(self, delta: int) -> None:
        options = self.query_one("#codes", OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_apply_highlighted(self) -> None:
        code = self.highlighted_code()
        if code is not None:
            self.post_message(CodePicked(code))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(CodePicked(event.option.id))

    def action_leave_codebook(self) -> None:
        self.query_one("#code-filter", Input).value = ""
        self.post_message(CodebookLeft())

    def focus_filter(self) -> None:
        self.query_one("#code-filter", Input).focus()
