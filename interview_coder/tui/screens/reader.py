"""The transcript reader with the codebook panel: move, select spans, code, review suggestions.

The screen owns the selection (passage, coding, span) as reactives bound down to the reader;
every write is one call into ``store.codings`` (one transaction), then only the touched passage
is reloaded and redrawn.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from interview_coder.core.model import Role, Status
from interview_coder.store import codings as writer
from interview_coder.store import memos, reviews, workbench
from interview_coder.store.codebook import load_codebook
from interview_coder.store.codebook_edit import ACTIONS as CODEBOOK_ACTIONS
from interview_coder.store.project import Project
from interview_coder.store.scope import accept_unit
from interview_coder.text.segments import widen
from interview_coder.tui.access import workbench_app
from interview_coder.tui.keys import bindings
from interview_coder.tui.messages import CodebookLeft, CodePicked, PassageClicked, PassageDragged
from interview_coder.tui.screens import selection
from interview_coder.tui.screens.codebook_edits import CodebookEditing
from interview_coder.tui.widgets.codebook.panel import CodebookPanel
from interview_coder.tui.widgets.status import StatusLine
from interview_coder.tui.widgets.transcript.document import CodeStyle, Document
from interview_coder.tui.widgets.transcript.reader import PALETTE, ReaderView

SYNC_REVIEWED = 300
"""Up to this many respondent passages the reviewed count is taken at once (tens of ms); above,
in a thread (a 5,000-passage transcript takes about 0.3 s on the benchmark project)."""


class ReaderScreen(CodebookEditing, Screen[None]):
    BINDINGS = bindings("reader")
    KEY_SCOPES = ("reader", "codebook")

    cursor: reactive[int | None] = reactive(None)
    """The current passage (index into the document)."""
    chip: reactive[int] = reactive(-1)
    """The selected coding of the current passage (-1: none)."""
    sel_anchor: reactive[int | None] = reactive(None)
    """Start of the span selection in the current passage (code point), or None."""
    sel_pos: reactive[int | None] = reactive(None)
    """Moving end of the span selection (code point)."""

    def __init__(self, transcript_id: int, passage_id: int | None = None, at: tuple[int, int] | None = None):
        super().__init__()
        self.transcript_id = transcript_id
        self.start_passage = passage_id
        self.start_span = at
        self.doc: Document | None = None
        self.quick: list[str] = []
        self.reviewed: set[int] = set()
        """Ids of this transcript's passages reviewed for the coder (store.reviews)."""
        self.reviewed_known = False
        """False until the thread counting the transcript's reviewed passages is done."""
        self._touched: set[int] = set()
        self._counting: Any = None
        self.count = 0
        """A count typed with a selection open (``3w``): 0 when none is pending."""
        self.count_timer: Any = None
        self.resizing: int | None = None
        """The coding whose span the selection is resizing (z), or None."""
        self.said = ""
        """What the last undo or redo did, on the status line until the next move."""

    @property
    def project(self) -> Project:
        return workbench_app(self).project

    @property
    def coder(self) -> str:
        return workbench_app(self).active_coder

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="reader-body"):
            yield ReaderView(id="reader").data_bind(ReaderScreen.cursor, ReaderScreen.chip, ReaderScreen.sel_anchor,
                                                    ReaderScreen.sel_pos)
            yield CodebookPanel(id="codebook")
        yield StatusLine(id="reader-status")
        yield Footer()

    @property
    def reader(self) -> ReaderView:
        return self.query_one(ReaderView)

    @property
    def panel(self) -> CodebookPanel:
        return self.query_one(CodebookPanel)

    def load_codebook(self) -> None:
        """Read the codebook (names, colours, the panel's tree): on open, ctrl+l and codebook edits."""
        book = load_codebook(self.project)
        self.book = book
        self.colours = {c.id: c.colour or PALETTE[k % len(PALETTE)] for k, c in enumerate(book.codes)}
        self.code_styles = {c.id: CodeStyle(c.id, c.name, self.colours[c.id]) for c in book.codes}
        self.panel.set_codebook(book, self.colours)

    def on_mount(self) -> None:
        self.load_codebook()
        self.panel.query_one("#code-filter", Input).cursor_blink = workbench_app(self).blink
        self.load()
        if self.doc is not None:
            start = self.doc.index.get(self.start_passage or -1)
            self.cursor = start if start is not None else self.doc.step(None, 0)
            if start is not None and self.start_span is not None and self.doc.passages[start]["role"] == Role.RESPONDENT:
                self.sel_anchor, self.sel_pos = self.start_span[0], max(self.start_span[1] - 1, self.start_span[0])
        self.reader.focus()
        self.call_after_refresh(self.reader.scroll_to_cursor)
        self.show_status()

    def on_unmount(self) -> None:
        gc.unfreeze()
        if self._counting is not None:  # stop counting reviewed passages: nobody will read it
            self._counting.interrupt()

    def load(self) -> None:
        """Read the transcript, its codings, memos and counts from the store and redraw everything."""
        info = workbench.transcript_info(self.project, self.transcript_id)
        if info is None:
            self.notify("this transcript is no longer in the project", severity="error")
            return
        self.sub_title = f"{info['name']} · coder {self.coder}"
        self.doc = Document(self.transcript_id, info["name"], workbench.reader_passages(self.project, self.transcript_id),
                            workbench.reader_codings(self.project, self.transcript_id, self.coder), self.code_styles,
                            memos.passages_with_memos(self.project, self.transcript_id), self.coder)
        self.reader.set_document(self.doc)
        self.reviewed_known = False
        if len(self.doc.codable) <= SYNC_REVIEWED:
            self._reviewed_counted(reviews.reviewed_passages(self.project, self.transcript_id, self.coder))
        else:
            self.run_worker(self._count_reviewed, thread=True, exclusive=True, group="reviewed")
        self.refresh_counts()
        # A long transcript is hundreds of thousands of objects that live as long as the screen: keep
        # them out of the cyclic collector's full passes, which otherwise stall a key press every so often.
        gc.collect()
        gc.freeze()

    def _count_reviewed(self) -> None:
        """The transcript's reviewed passages, in a thread on its own connection (seconds on a
        5,000-passage transcript); after that each write re-checks only the passages it touched."""
        import sqlite3

        from interview_coder.store.project import Project

        with Project.open(self.project.location) as project:
            self._counting = project.conn
            try:
                found = reviews.reviewed_passages(project, self.transcript_id, self.coder)
            except sqlite3.OperationalError:  # interrupted: the screen closed
                return
            finally:
                self._counting = None
        self.app.call_from_thread(self._reviewed_counted, found)

    def _reviewed_counted(self, found: set[int]) -> None:
        # passages written meanwhile were re-checked one by one: their state is the newer one
        self.reviewed = (found - self._touched) | (self.reviewed & self._touched)
        self.reviewed_known = True
        self.show_status()

    def _recheck_reviewed(self, passage_ids: list[int]) -> None:
        """Re-check the reviewed state of passages a write touched (5 ms a passage)."""
        found = reviews.reviewed_passages(self.project, self.transcript_id, self.coder, passage_ids)
        self._touched.update(passage_ids)
        self.reviewed = (self.reviewed - set(passage_ids)) | found

    def refresh_counts(self) -> None:
        self.quick = workbench_app(self).number_codes()
        self.panel.set_counts(workbench.code_counts(self.project, self.transcript_id, coder=self.coder), self.quick,
                              set(workbench.pinned_codes(self.project, self.coder)))

    def refresh_data(self, quiet: bool = False) -> None:
        """Reload from the project (shows other coders' and the CLI's work), keeping the cursor."""
        keep = self.doc.passages[self.cursor]["id"] if self.doc and self.cursor is not None else None
        self.load_codebook()  # ctrl+l shows codebook changes made elsewhere too (issue 13)
        self.load()
        if self.doc is not None:
            self.cursor = self.doc.index.get(keep or -1, self.doc.step(None, 0))
        self.chip = -1
        self.show_status()
        if not quiet:
            self.notify("refreshed from the project")

    # ----- status line -----
    def show_status(self) -> None:
        status = self.query_one("#reader-status", StatusLine)
        if self.doc is None or self.cursor is None:
            status.update("no respondent passages in this transcript")
            return
        p = self.doc.passages[self.cursor]
        rows = self.doc.of(self.cursor)
        coded = sum(1 for c in rows if c["status"] == Status.ACCEPTED)
        open_ = len(rows) - coded
        # One passage numbering everywhere: the passage's own number (seq), as export, search and
        # memos show it; progress is counted passages reviewed for this coder (store.reviews).
        if p["id"] not in self._touched and not self.reviewed_known:
            self._recheck_reviewed([p["id"]])
        mark = "✓ reviewed" if p["id"] in self.reviewed else "not reviewed"
        done = str(len(self.reviewed)) if self.reviewed_known else "…"
        parts = [f"{p['speaker'] or p['role']}", f"passage #{p['seq']}", f"{coded} coded, {open_} suggested", mark,
                 f"{done}/{len(self.doc.codable)} reviewed"]
        span = self.reader.selection()
        if self.count:
            parts.append(f"count {self.count}: a motion repeats, else quick code {self.count}")
        if span is not None:
            parts.append(("resizing: z saves · " if self.resizing is not None else "")
                         + f"span {span[0]}-{span[1]} “{p['text'][span[0]:span[1]][:24]}”")
        elif 0 <= self.chip < len(rows):
            c = rows[self.chip]
            parts.append(f"coding: {c['code_id']} ({c['status']}, {c['coder']})")
        if self.said:
            parts.append(self.said)
        status.update(" · ".join(parts))

    # ----- moving -----
    def _go(self, i: int | None, record: bool = True) -> None:
        if i is None:
            return
        self.sel_anchor = self.sel_pos = None
        self.resizing = None
        self.said = ""
        self.chip = -1
        self.cursor = i
        self.reader.scroll_to_cursor()
        self.show_status()
        if record:
            workbench_app(self).record("move")

    def action_move(self, delta: int) -> None:
        if self.doc is not None:
            self._go(self.doc.step(self.cursor, delta))

    def action_page(self, delta: int, half: bool = False) -> None:
        """Page (or half-page) down or up. Inside a passage taller than the window this scrolls
        its text and keeps the cursor on it (issue 13: a long answer's second half could not be
        read by keyboard); past its end it moves to the passage a page away."""
        if self.doc is None or self.cursor is None:
            return
        view = max(self.reader.scrollable_content_region.height, 1)
        step = max(view // 2 if half else view - 2, 1)
        top, height = self.reader.passage_region(self.cursor)
        y = int(self.reader.scroll_offset.y)
        if delta > 0 and top + height > y + view:
            self.reader.scroll_to(y=min(y + step, top + height - view), animate=False, immediate=True)
            workbench_app(self).record("page")
            return
        if delta < 0 and top < y:
            self.reader.scroll_to(y=max(y - step, top), animate=False, immediate=True)
            workbench_app(self).record("page")
            return
        target = top + delta * step
        import bisect

        i = max(0, bisect.bisect_right(self.reader._starts, max(target, 0)) - 1)
        if i == self.cursor:
            i += delta
        i = max(0, min(i, len(self.doc.passages) - 1))
        self._go(self.doc.step(i, 0) if i in self.doc.codable else self.doc.step(i, 1 if delta > 0 else -1))

    def action_first(self) -> None:
        if self.doc is not None and self.doc.codable:
            self._go(self.doc.codable[0])

    def action_last(self) -> None:
        if self.doc is not None and self.doc.codable:
            self._go(self.doc.codable[-1])

    def action_next_suggestion(self, direction: int) -> None:
        self._jump(direction, "suggestion")

    def action_next_uncoded(self, direction: int) -> None:
        self._jump(direction, "uncoded")

    def action_next_disagreement(self, direction: int) -> None:
        """Step through the passages where this transcript's coders disagree, to reconcile them."""
        self._jump(direction, "disagreement")

    def _jump(self, direction: int, what: str) -> None:
        if self.doc is None:
            return
        found = self.doc.find(self.cursor, direction, what)
        if found is None:
            name = {"suggestion": "open suggestion", "uncoded": "uncoded passage",
                    "disagreement": "passage where coders disagree"}[what]
            self.notify(f"no {name} {'after' if direction > 0 else 'before'} this passage")
            return
        self._go(found)
        if what == "disagreement":
            codes = self.doc.codes_by_coder(found)
            self.notify(" · ".join(f"{coder}: {', '.join(sorted(c)) or '(none)'}" for coder, c in codes.items()),
                        title="coders disagree")
        if what == "suggestion":
            rows = self.doc.of(found)
            self.chip = next(k for k, c in enumerate(rows) if c["status"] == Status.SUGGESTED)
            self.reader.scroll_to_cursor()
            self.show_status()

    def on_passage_clicked(self, message: PassageClicked) -> None:
        """The mouse works too: a click moves to a passage; with a selection open it moves its end."""
        if self.doc is None or message.index not in self.doc.codable:
            return
        if message.index != self.cursor:
            self._go(message.index)
        elif self.sel_anchor is not None and message.offset is not None:
            self._extend(message.offset)
        self.reader.focus()

    # ----- span selection (tui/screens/selection.py) -----
    def _text(self) -> str:
        return selection.passage_text(self)

    def _extend(self, pos: int) -> None:
        selection.extend(self, pos)

    def _take_count(self) -> int:
        return selection.take_count(self)

    def _flush_count(self) -> None:
        selection.flush_count(self)

    def on_key(self, event: Any) -> None:
        selection.key(self, event)

    def on_passage_dragged(self, message: PassageDragged) -> None:
        selection.dragged(self, message)

    def action_toggle_select(self) -> None:
        selection.toggle_select(self)

    def action_left(self) -> None:
        selection.left(self)

    def action_right(self) -> None:
        selection.right(self)

    def action_word(self, direction: int) -> None:
        selection.word(self, direction)

    def action_segment(self, unit: str, direction: int) -> None:
        selection.segment(self, unit, direction)

    def action_to_end(self) -> None:
        selection.to_end(self)

    def action_resize(self) -> None:
        selection.resize(self)

    def action_swap_ends(self) -> None:
        selection.swap_ends(self)

    def action_back(self) -> None:
        self._take_count()
        if self.sel_anchor is not None:
            self.sel_anchor = self.sel_pos = None
            self.resizing = None
            self.show_status()
        elif self.chip >= 0:
            self.chip = -1
            self.show_status()
        else:
            self.app.pop_screen()

    # ----- coding -----
    def action_focus_codebook(self) -> None:
        self.panel.focus_filter()

    def on_codebook_left(self, _: CodebookLeft) -> None:
        self.reader.focus()

    def on_code_picked(self, message: CodePicked) -> None:
        self.apply(message.code_id, "codebook.apply")
        self.panel.query_one("#code-filter", Input).value = ""
        self.reader.focus()

    def action_quick_code(self, n: int, counting: bool = True) -> None:
        if counting and self.sel_pos is not None and self.resizing is None:
            # with a selection open a number may be a count (3w): wait for the next key a moment
            self.count = min(self.count * 10 + n, 999)
            if self.count_timer is not None:
                self.count_timer.stop()
            self.count_timer = self.set_timer(selection.COUNT_WAIT, self._flush_count)
            self.show_status()
            return
        if n - 1 < len(self.quick):
            self.apply(self.quick[n - 1], f"reader.quick_code_{n}")

    def apply(self, code_id: str, action: str) -> None:
        """Code the selected span, or the whole passage when nothing is selected."""
        if self.doc is None or self.cursor is None:
            return
        span = self.reader.selection()
        passage = self.doc.passages[self.cursor]
        ok = workbench_app(self).attempt(writer.apply_code, self.project, passage["id"], code_id, self.coder,
                              span[0] if span else None, span[1] if span else None, None, passage["text"])
        if ok is None:
            return
        self.sel_anchor = self.sel_pos = None
        self._reload_passage(self.cursor, [code_id], action)  # the new mark is the feedback: no toast

    def action_review(self) -> None:
        """Toggle this coder's reviewed mark on the passage (a passage with nothing to code counts too)."""
        if self.doc is None or self.cursor is None:
            return
        pid = self.doc.passages[self.cursor]["id"]
        marked = reviews.is_marked(self.project, pid, self.coder)
        if workbench_app(self).attempt(reviews.set_reviewed, self.project, pid, self.coder, not marked, default=True) is None:
            return
        self._reload_passage(self.cursor, [], "reader.review")

    def action_retrieve(self) -> None:
        """Every coding of a code across transcripts: the selected coding's code, else the panel's."""
        from interview_coder.tui.screens.retrieval import RetrievalScreen

        rows = self.doc.of(self.cursor) if self.doc is not None and self.cursor is not None else []
        code = rows[self.chip]["code_id"] if 0 <= self.chip < len(rows) else self.panel.highlighted_code()
        if code is None:
            self.notify("no code to retrieve: select a coding (h/l) or highlight a code (c)")
            return
        name = next((c.name for c in self.book.codes if c.id == code), code)
        self.app.push_screen(RetrievalScreen(code, name))

    def action_in_vivo(self) -> None:
        """The selected words name a new code (under the highlighted code's factor) and are its
        first coding: one store call for the code (store.codebook_edit, as ``codebook add-code``),
        one for the coding (the writer, so undo removes the coding)."""
        from interview_coder.store.codebook_edit import add_code, in_vivo_name

        span = self.reader.selection()
        if self.doc is None or self.cursor is None or span is None:
            self.notify("select the words first (v, then w/l), then i")
            return
        passage = self.doc.passages[self.cursor]
        words = in_vivo_name(passage["text"][span[0]:span[1]])
        if not words:
            self.notify("the selection holds no words to name a code (only punctuation)")
            return
        highlighted = self.panel.highlighted_code()
        factor = next((c.factor for c in self.book.codes if c.id == highlighted), None)
        zh = any(ord(ch) > 0x2E80 for ch in words)
        code = workbench_app(self).attempt(add_code, self.project, words, factor, words if zh else "", "", None, None,
                                           "en", self.coder)
        if code is None:
            return
        self.codebook_changed("reader.in_vivo_code", code.id)  # the new code's name on its marks too
        self.apply(code.id, "reader.in_vivo")
        self.notify(f"new code {code.name!r} under {code.factor}", timeout=3)

    def _reload_passage(self, i: int, codes: list[str], action: str) -> None:
        assert self.doc is not None
        pid = self.doc.passages[i]["id"]
        self.doc.codings[pid] = workbench.passage_codings(self.project, pid, self.coder)
        self._recheck_reviewed([pid])
        workbench_app(self).record(action, write=True)
        n = len(self.doc.of(i))
        if self.chip >= n:
            self.chip = n - 1
        self.reader.refresh_passages([i])
        if codes:
            counts = workbench.code_counts(self.project, self.transcript_id, codes, self.coder)
            self.panel.counts.update({c: counts.get(c, (0, 0)) for c in codes})
            self.panel.rebuild()
        self.show_status()

    def _target(self, statuses: tuple[str, ...]) -> workbench.ReaderCoding | None:
        """The selected coding if it has one of ``statuses``, else the passage's first such coding."""
        if self.doc is None or self.cursor is None:
            return None
        rows = self.doc.of(self.cursor)
        if 0 <= self.chip < len(rows) and rows[self.chip]["status"] in statuses:
            return rows[self.chip]
        return next((c for c in rows if c["status"] in statuses), None)

    def _accept(self, targets: list[Any]) -> Any:
        """Accept suggestions as one action: each codes the project's ``coding.accept`` unit (the
        keyword itself, its clause or sentence, or the whole passage) through the one writer."""
        unit = accept_unit(self.project)
        spans = [(t["id"], t["start"], t["end"]) for t in targets if t["start"] is not None and t["end"] is not None]
        if unit == "keyword" or not spans:
            return workbench_app(self).attempt(writer.set_status, self.project, [t["id"] for t in targets],
                                               Status.ACCEPTED, self.coder)
        text = self._text()
        widened = [(sid, *((None, None) if unit == "passage" else
                           widen(text, start, end, "clause" if unit == "clause" else "sentence")))
                   for sid, start, end in spans]
        whole = [(t["id"], None, None) for t in targets if t["start"] is None or t["end"] is None]
        return workbench_app(self).attempt(writer.accept_widened, self.project, widened + whole, self.coder, text)

    def _decide(self, status: str, action: str) -> None:
        target = self._target((Status.SUGGESTED,))
        if target is None:
            self.notify("no open suggestion on this passage (n jumps to the next one)")
            return
        if status == Status.ACCEPTED:
            done = self._accept([target])
        else:
            done = workbench_app(self).attempt(writer.set_status, self.project, [target["id"]], status, self.coder)
        if done is None:
            return
        assert self.cursor is not None
        self._reload_passage(self.cursor, [target["code_id"]], action)

    def action_accept(self) -> None:
        self._decide(Status.ACCEPTED, "reader.accept")

    def action_reject(self) -> None:
        self._decide(Status.REJECTED, "reader.reject")

    def action_accept_all(self) -> None:
        if self.doc is None or self.cursor is None:
            return
        rows = [c for c in self.doc.of(self.cursor) if c["status"] == Status.SUGGESTED]
        if not rows:
            self.notify("no open suggestion on this passage")
            return
        if self._accept(rows) is None:
            return
        self._reload_passage(self.cursor, sorted({c["code_id"] for c in rows}), "reader.accept_all")

    def action_remove(self) -> None:
        if self.doc is None or self.cursor is None:
            return
        rows = self.doc.of(self.cursor)
        if 0 <= self.chip < len(rows):
            target = rows[self.chip]
        else:
            mine = [c for c in rows if c["status"] == Status.ACCEPTED and c["coder"] == self.coder]
            if len(mine) != 1:
                self.notify("select the coding to remove with h/l first" if mine else "no coding of yours here")
                return
            target = mine[0]
        # Who may remove what is the writer's rule (store/codings.py): its refusal is the message.
        if workbench_app(self).attempt(writer.remove_codings, self.project, [target["id"]], self.coder) is None:
            return
        self._reload_passage(self.cursor, [target["code_id"]], "reader.remove")

    def _history(self, fn: Any, verb: str, action: str) -> None:
        # Only the passages the entry touches are re-read (issue 13: reading every coding of the
        # transcript made undo 494 ms p95 on the 5,000-passage benchmark transcript).
        touched = writer.replay_passages(self.project, self.coder, undoing=fn is writer.undo)
        done = workbench_app(self).attempt(fn, self.project, self.coder, default="")
        if done is None:  # refused: the writer said why, and the screen was refreshed
            return
        if done == "":
            self.notify(f"nothing to {verb}")
            return
        assert self.doc is not None
        here = [self.doc.index[pid] for pid in touched if pid in self.doc.index]
        codes: set[str] = set()
        changed = []
        for i in here:
            pid = self.doc.passages[i]["id"]
            fresh = workbench.passage_codings(self.project, pid, self.coder)
            before = self.doc.codings.get(pid, [])
            codes |= {c["code_id"] for c in (*fresh, *before)}
            if fresh != before:
                self.doc.codings[pid] = fresh
            changed.append(i)  # a reviewed mark changes no coding but the passage's mark
        self._recheck_reviewed([self.doc.passages[i]["id"] for i in changed])
        workbench_app(self).record(action, write=True)
        self.chip = -1
        self.reader.refresh_passages(changed)
        if codes:
            counts = workbench.code_counts(self.project, self.transcript_id, sorted(codes), self.coder)
            self.panel.counts.update({c: counts.get(c, (0, 0)) for c in codes})
            self.panel.rebuild()
        if changed and self.cursor not in changed:
            self._go(changed[0], record=False)  # part of the undo, not a move of its own
        # said on the status line, not in a toast: mounting a toast re-lays the whole screen out
        # (issue 13: most of undo's 300-400 ms paint on the 5,000-passage transcript)
        elsewhere = not changed and done not in CODEBOOK_ACTIONS
        self.said = f"{verb}: {done}" + (" (in another transcript)" if elsewhere else "")
        self.show_status()
        self.after_history(done)  # a codebook edit taken back: redraw the codebook (codebook_edits)

    def action_undo(self) -> None:
        self._history(writer.undo, "undo", "reader.undo")

    def action_redo(self) -> None:
        self._history(writer.redo, "redo", "reader.redo")

    # ----- memos and pins -----
    def action_memo_passage(self) -> None:
        if self.doc is None or self.cursor is None:
            return
        p = self.doc.passages[self.cursor]
        at_top = self._passage_on_top()
        workbench_app(self).edit_memo("passage", p["id"], f"passage {p['seq']} of {self.doc.name}",
                           self._memo_saved, at_top)

    def action_memo_coding(self) -> None:
        target = self._target((Status.ACCEPTED,))
        if target is None or target["coder"] != self.coder:
            self.notify("no coding of yours selected here (a memo on the passage: m)")
            return
        at_top = self._passage_on_top()
        workbench_app(self).edit_memo("coding", target["id"], f"coding {target['code_id']} ({target['coder']})",
                           self._memo_saved, at_top)

    def action_memo_code(self) -> None:
        code = self.panel.highlighted_code()
        if code is not None:
            workbench_app(self).edit_memo("code", code, f"code {code}", self._memo_saved)

    def _passage_on_top(self) -> bool:
        """Bring the passage to the top of the reader for the memo editor below it; True when it
        stays in the lower half (the end of a transcript), so the editor goes above it instead."""
        if self.cursor is None:
            return False
        top, _ = self.reader.passage_region(self.cursor)
        self.reader.scroll_to(y=top, animate=False, immediate=True)
        view = self.reader.scrollable_content_region.height
        return top - int(self.reader.scroll_offset.y) > view // 3

    def _memo_saved(self, saved: bool | None) -> None:
        if saved and self.doc is not None and self.cursor is not None:
            self.doc.memos = memos.passages_with_memos(self.project, self.transcript_id)
            self._reload_passage(self.cursor, [], "memo")

    def action_pin_code(self) -> None:
        code = self.panel.highlighted_code()
        if code is None:
            return
        pinned = workbench.pinned_codes(self.project, self.coder)
        pinned = [c for c in pinned if c != code] if code in pinned else [*pinned, code][-9:]
        workbench_app(self).attempt(workbench.set_pinned_codes, self.project, self.coder, pinned)
        workbench_app(self).number_codes(refresh=True)
        self.refresh_counts()
        self.notify(f"{'pinned' if code in pinned else 'unpinned'} {code}", timeout=2)
