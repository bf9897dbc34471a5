"""The reader's codebook keys: a new code, edit (rename, factor, description, keywords), merge and
move the highlighted code, its definition under the panel, and passages like the current one.

A mixin of the reader screen (tui/screens/reader.py) so the reader's own module stays about
reading and coding. Every edit is one call into store.codebook_edit (the functions the
``codebook`` commands use), recorded in the coder's history so ``u`` takes it back; the panel,
the codings' names and the number keys are then read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.screen import Screen

from interview_coder.core.model import Code
from interview_coder.core.picking import rank_codes
from interview_coder.store import codebook_edit as edit
from interview_coder.tui.access import workbench_app
from interview_coder.tui.messages import CodeHighlighted
from interview_coder.tui.screens.code_form import CodeForm, CodeFormScreen
from interview_coder.tui.widgets.codebook.definition import Example

if TYPE_CHECKING:
    from interview_coder.tui.screens.reader import ReaderScreen


class CodebookEditing(Screen[None]):
    """Codebook actions of the reader screen (see the module doc)."""

    @property
    def r(self) -> ReaderScreen:
        """This screen as the reader it is part of (its document, panel and cursor)."""
        return cast("ReaderScreen", self)

    definitions_shown = False
    """The panel's definitions box is open (ctrl+o)."""
    _examples: dict[str, Example | None] = {}

    # ----- which code -----
    def _highlighted(self) -> Code | None:
        """The code the panel highlights (a selected coding's code when the reader has one)."""
        rows = self.r.doc.of(self.r.cursor) if self.r.doc is not None and self.r.cursor is not None else []
        code_id = rows[self.r.chip]["code_id"] if 0 <= self.r.chip < len(rows) else self.r.panel.highlighted_code()
        return next((c for c in self.r.book.codes if c.id == code_id), None)

    def _factors(self) -> list[tuple[str, str]]:
        return [(f.id, f.name + (f" {f.name_zh}" if f.name_zh else "")) for f in self.r.book.factors]

    # ----- new and edit -----
    def action_new_code(self) -> None:
        """The new-code dialog; the code goes under the highlighted code's factor by default."""
        current = self._highlighted()
        factor = current.factor if current else (self.r.book.factors[0].id if self.r.book.factors else None)
        self.app.push_screen(CodeFormScreen("New code", CodeForm(factor=factor), self._factors(), self._save_new))

    def _save_new(self, form: CodeForm) -> bool:
        code = workbench_app(self).attempt(edit.add_code, self.r.project, form.name, form.factor, form.name_zh,
                                form.description, None, None, "en", self.r.coder)
        if code is None:
            return False
        self.codebook_changed("reader.new_code", code.id)
        self.notify(f"new code {code.name!r} ({code.id}) under {code.factor} · u undoes", timeout=3)
        return True

    def action_edit_code(self) -> None:
        code = self._highlighted()
        if code is None:
            self.notify("no code highlighted (c, then ↑↓)")
            return
        form = CodeForm(code.name, code.name_zh, code.factor, code.description,
                        ", ".join(code.keywords.get("en", ())), "，".join(code.keywords.get("zh", ())))
        self.app.push_screen(CodeFormScreen(f"Code {code.id}", form, self._factors(),
                                            lambda typed: self._save_edit(code.id, typed)))

    def _save_edit(self, code_id: str, form: CodeForm) -> bool:
        words = {"en": edit.split_keywords(form.keywords_en or ""), "zh": edit.split_keywords(form.keywords_zh or "")}
        code = workbench_app(self).attempt(edit.edit_code, self.r.project, code_id, form.name, form.name_zh,
                                form.factor or "", form.description, words, self.r.coder)
        if code is None:
            return False
        self.codebook_changed("codebook.edit", code.id)
        self.notify(f"saved code {code.name!r} · u undoes", timeout=2)
        return True

    # ----- merge and move -----
    def action_merge_code(self) -> None:
        from interview_coder.tui.screens.choose import ChooseScreen

        source = self._highlighted()
        if source is None:
            self.notify("no code highlighted (c, then ↑↓)")
            return
        others = [c for c in self.r.book.codes if c.id != source.id]
        labels = {c.id: Text(f"{c.name}" + (f" {c.name_zh}" if c.name_zh else "") + f"  ({c.id}, {c.factor})",
                             no_wrap=True, overflow="ellipsis") for c in others}

        def done(into: str | None) -> None:
            if into is None:
                return
            merged = workbench_app(self).attempt(edit.merge_codes, self.r.project, source.id, into, self.r.coder)
            if merged is None:
                return
            code, moved = merged
            self.codebook_changed("codebook.merge", code.id, codings_moved=True)
            self.notify(f"merged {source.name!r} into {code.name!r}: {moved} codings moved · u undoes", timeout=4)

        self.app.push_screen(ChooseScreen(f"Merge {source.name} into…", labels,
                                          lambda typed: [c.id for c in rank_codes(others, typed)]), done)

    def action_move_code(self) -> None:
        from interview_coder.tui.screens.choose import ChooseScreen

        code = self._highlighted()
        if code is None:
            self.notify("no code highlighted (c, then ↑↓)")
            return
        labels = {fid: Text(name + ("  (now)" if fid == code.factor else ""), no_wrap=True, overflow="ellipsis")
                  for fid, name in self._factors()}

        def rank(typed: str) -> list[str]:
            needle = typed.strip().casefold()
            return [fid for fid, name in self._factors() if needle in f"{fid} {name}".casefold()]

        def done(factor: str | None) -> None:
            if factor is None or factor == code.factor:
                return
            moved = workbench_app(self).attempt(edit.move_code, self.r.project, code.id, factor, edit.KEEP, self.r.coder)
            if moved is not None:
                self.codebook_changed("codebook.move", code.id)
                self.notify(f"moved {code.name!r} to {factor} · u undoes", timeout=3)

        self.app.push_screen(ChooseScreen(f"Move {code.name} to factor…", labels, rank), done)

    # ----- after an edit (or its undo) -----
    def codebook_changed(self, action: str, focus: str | None = None, codings_moved: bool = False) -> None:
        """Read the codebook again and redraw what shows codes: the panel, the counts, the definition
        and only the passages whose marks changed (a code renamed or recoloured, or, when
        ``codings_moved`` (a merge, an undo), codings that moved); ``focus`` is highlighted."""
        from interview_coder.store import workbench

        self._examples = {}
        before = dict(self.r.code_styles)
        self.r.load_codebook()
        if self.r.doc is not None:
            doc = self.r.doc
            doc.codes = self.r.code_styles
            restyled = {c for c in before.keys() | doc.codes.keys() if before.get(c) != doc.codes.get(c)}
            fresh = workbench.reader_codings(self.r.project, self.r.transcript_id, self.r.coder) if codings_moved \
                else doc.codings
            redraw = [i for i, p in enumerate(doc.passages)
                      if fresh.get(p["id"], []) != doc.codings.get(p["id"], [])
                      or any(c["code_id"] in restyled for c in fresh.get(p["id"], []))]
            doc.codings = fresh
            self.r.chip = -1
            self.r.reader.refresh_passages(redraw)
        self.r.refresh_counts()
        if focus is not None:
            self.r.panel.highlight(focus)
        self.show_definition()
        self.r.show_status()
        workbench_app(self).record(action, write=True)

    def after_history(self, action: str) -> None:
        """Called by the reader after undo/redo: a codebook edit taken back redraws the codebook."""
        if action in edit.ACTIONS:
            self.codebook_changed("reader.undo")  # the reader has read the codings again already

    # ----- definitions -----
    def action_toggle_definitions(self) -> None:
        self.definitions_shown = not self.definitions_shown
        self._examples = {}  # read afresh each time it opens (codings change while coding)
        self.r.panel.definition.set_class(self.definitions_shown, "-shown")
        self.show_definition()

    def on_code_highlighted(self, message: CodeHighlighted) -> None:
        if self.definitions_shown:
            self.show_definition(message.code_id)

    def show_definition(self, code_id: str | None = None) -> None:
        """The definition of ``code_id`` (default: the highlighted code) in the panel, when shown."""
        if not self.definitions_shown:
            return
        from interview_coder.store.retrieval import code_example

        code = next((c for c in self.r.book.codes if c.id == code_id), None) if code_id else self._highlighted()
        example = None
        if code is not None:
            cache = self._examples
            if code.id not in cache:
                found = code_example(self.r.project, code.id, self.r.coder)
                cache[code.id] = None if found is None else Example(
                    f"{found.transcript} #{found.seq} · {found.respondent or '-'}"
                    + (f" ({found.group})" if found.group else ""),
                    found.text if found.start is None else found.text[found.start:found.end])
            example = cache[code.id]
        factor = next((f.name for f in self.r.book.factors if code and f.id == code.factor), "")
        self.r.panel.definition.show(code, factor, example)

    # ----- similar passages -----
    def action_similar(self) -> None:
        from interview_coder.tui.screens.similar import SimilarScreen

        if self.r.doc is None or self.r.cursor is None:
            return
        p = self.r.doc.passages[self.r.cursor]
        self.app.push_screen(SimilarScreen(int(p["id"]), f"{self.r.doc.name} #{p['seq']}"))

