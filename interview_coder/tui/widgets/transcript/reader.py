"""The transcript reader: every passage drawn with the line API (one widget for the whole transcript).

Each passage is a block of lines (speaker head, wrapped text, coding marks, a gap); only the lines
on screen are drawn, so a 5,000-passage transcript scrolls like a short one. Changing one
passage's codings rebuilds that block only.
"""

from __future__ import annotations

import bisect
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from interview_coder.core.model import AUTO_CODER, Role, Status
from interview_coder.tui.messages import PassageClicked
from interview_coder.tui.widgets.transcript.document import Document
from interview_coder.tui.widgets.transcript.layout import cells, char_width, display_char, wrap

GUTTER = 3
MAX_TEXT_WIDTH = 110
"""Cells per text line at most: very long lines are hard to read on a wide terminal."""
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
CURRENT_BG = "#1c2b3c"
SELECTION = Style(color="black", bgcolor="#e5c07b")
Line = tuple[Any, ...]


class ReaderView(ScrollView, can_focus=True, inherit_bindings=False):
    """Draws a :class:`Document`; the reader screen owns the cursor and selection and binds them here.

    Its inherited scrolling keys are off: arrows, Home, End and the page keys move the passage cursor.
    """

    cursor: reactive[int | None] = reactive(None)
    """Index of the current passage."""
    chip: reactive[int] = reactive(-1)
    """Index of the selected coding within the current passage (-1: none)."""
    sel_anchor: reactive[int | None] = reactive(None)
    """Where the span selection started (code point in the passage), or None."""
    sel_pos: reactive[int | None] = reactive(None)
    """The selection's moving end (code point in the passage)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.document: Document | None = None
        self._blocks: list[list[Line]] = []
        self._starts: list[int] = []
        self._text_width = 0
        self._style_cache: dict[int, list[Style]] = {}

    # ----- layout -----
    def refresh(self, *args: Any, **kwargs: Any) -> Any:
        self._style_cache = {}
        return super().refresh(*args, **kwargs)

    def set_document(self, document: Document) -> None:
        self.document = document
        self._relayout()

    def _width(self) -> int:
        return max(min(self.scrollable_content_region.width - GUTTER, MAX_TEXT_WIDTH), 10)

    def _relayout(self) -> None:
        if self.document is None:
            return
        self._text_width = self._width()
        self._blocks = [self._block(i) for i in range(len(self.document.passages))]
        self._restart()

    def _restart(self) -> None:
        starts, total = [], 0
        for block in self._blocks:
            starts.append(total)
            total += len(block)
        self._starts = starts
        self.virtual_size = Size(self._text_width + GUTTER, total)
        self.refresh()

    def refresh_passages(self, indexes: list[int]) -> None:
        """Rebuild the blocks of passages whose codings or memos changed."""
        if self.document is None:
            return
        grew = False
        for i in indexes:
            new = self._block(i)
            grew |= len(new) != len(self._blocks[i])
            self._blocks[i] = new
        if grew:
            self._restart()
        else:
            self.refresh()

    def on_resize(self) -> None:
        if self.document is not None and self._width() != self._text_width:
            self._relayout()
            self.scroll_to_cursor()

    def _block(self, i: int) -> list[Line]:
        doc = self.document
        assert doc is not None
        p = doc.passages[i]
        lines: list[Line] = []
        if i == 0 or doc.passages[i - 1]["turn"] != p["turn"]:
            lines.append(("head", i))
        lines += [("text", i, a, b) for a, b in wrap(p["text"], self._text_width)]
        chips = self._chips(i)
        row: list[int] = []
        used = 0
        for k, (label, _style) in enumerate(chips):
            w = cells(label) + 1
            if row and used + w > self._text_width:
                lines.append(("marks", i, row[0], row[-1] + 1))
                row, used = [], 0
            row.append(k)
            used += w
        if row:
            lines.append(("marks", i, row[0], row[-1] + 1))
        lines.append(("gap", i))
        return lines

    def code_colour(self, code_id: str) -> str:
        doc = self.document
        style = doc.codes.get(code_id) if doc else None
        if style and style.colour:
            return style.colour
        return PALETTE[hash(code_id) % len(PALETTE)]

    def _chips(self, i: int) -> list[tuple[str, Style]]:
        doc = self.document
        assert doc is not None
        out = []
        if doc.passages[i]["id"] in doc.memos:
            out.append(("✎memo", Style(color="#c678dd")))
        for c in doc.of(i):
            code = doc.codes.get(c["code_id"])
            name = code.name if code else c["code_id"]
            colour = self.code_colour(c["code_id"])
            span = "" if c["start"] is None else f" “{_clip(c['text'] or '', 12)}”"
            who = "" if c["coder"] in (doc.coder, AUTO_CODER) else f" ·{c['coder']}"
            note = "✎" if c["memo"] else ""
            if c["status"] == Status.SUGGESTED:
                out.append((f"? {name} «{c['keyword'] or ''}»{note}", Style(color=colour, underline=True, dim=True)))
            else:
                out.append((f"■ {name}{span}{who}{note}", Style(color=colour, bold=True)))
        return out

    # ----- drawing -----
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        doc_y = y + int(self.scroll_offset.y)
        if self.document is None or not self._starts or doc_y >= self.virtual_size.height:
            return Strip.blank(width)
        i = bisect.bisect_right(self._starts, doc_y) - 1
        line = self._blocks[i][doc_y - self._starts[i]]
        current = i == self.cursor
        bg = Style(bgcolor=CURRENT_BG) if current and line[0] != "gap" else Style()
        segments = [Segment(" ", bg), self._bar(i, line, bg), Segment(" ", bg)]
        if current and line[0] in ("text", "marks"):
            segments[0] = Segment("▌", bg + Style(color="#e5c07b", bold=True))
        kind = line[0]
        if kind == "head":
            segments += self._head(i, bg)
        elif kind == "text":
            segments += self._text(i, line[2], line[3], bg)
        elif kind == "marks":
            segments += self._marks(i, line[2], line[3], bg)
        strip = Strip(segments)
        return strip.extend_cell_length(width, bg).crop(0, width)

    def _bar(self, i: int, line: Line, bg: Style) -> Segment:
        if line[0] != "text" or self.document is None:
            return Segment(" ", bg)
        accepted = [c for c in self.document.of(i) if c["status"] == Status.ACCEPTED and c["start"] is None]
        if not accepted:
            return Segment(" ", bg)
        return Segment("┃", bg + Style(color=self.code_colour(accepted[0]["code_id"]), bold=True))

    def _head(self, i: int, bg: Style) -> list[Segment]:
        assert self.document is not None
        p = self.document.passages[i]
        label = p["speaker"] or p["role"]
        if p["role"] == Role.RESPONDENT:
            style = Style(bold=True, color="#61afef")
        else:
            style = Style(dim=True, italic=True)
        head = [Segment(label, bg + style), Segment(f"  turn {p['turn']}", bg + Style(dim=True))]
        started = p.get("time_start")
        if started is not None:
            head.append(Segment(f"  {clock(started)}", bg + Style(dim=True)))
        return head

    def char_styles(self, i: int) -> list[Style]:
        """The style of every character of passage ``i`` (codings, suggestions, selection)."""
        doc = self.document
        assert doc is not None
        p = doc.passages[i]
        n = len(p["text"])
        base = Style() if p["role"] == Role.RESPONDENT else Style(dim=True)
        styles = [base] * n
        codings = doc.of(i)
        for c in codings:
            if c["start"] is None or c["end"] is None:
                continue
            colour = self.code_colour(c["code_id"])
            extra = (Style(color=colour, underline=True) if c["status"] == Status.SUGGESTED
                     else Style(color=colour, bold=True))
            for k in range(c["start"], min(c["end"], n)):
                styles[k] = styles[k] + extra
        chip = codings[self.chip] if i == self.cursor and 0 <= self.chip < len(codings) else None
        if chip is not None and chip["start"] is not None and chip["end"] is not None:
            for k in range(chip["start"], min(chip["end"], n)):
                styles[k] = styles[k] + Style(reverse=True)
        span = self.selection()
        if i == self.cursor and span is not None:
            for k in range(span[0], min(span[1], n)):
                styles[k] = styles[k] + SELECTION
            if self.sel_pos is not None and self.sel_pos < n:
                styles[self.sel_pos] = styles[self.sel_pos] + Style(underline=True, bold=True)
        return styles

    def _text(self, i: int, a: int, b: int, bg: Style) -> list[Segment]:
        assert self.document is not None
        text = self.document.passages[i]["text"]
        styles = None
        if self.document.of(i) or i == self.cursor:
            if i not in self._style_cache:
                self._style_cache[i] = self.char_styles(i)
            styles = self._style_cache[i][a:b]
        base = Style() if self.document.passages[i]["role"] == Role.RESPONDENT else Style(dim=True)
        if styles is None:
            return [Segment("".join(display_char(ch) for ch in text[a:b]), bg + base)]
        out: list[Segment] = []
        run, run_style = "", None
        for ch, st in zip(text[a:b], styles, strict=True):
            if st != run_style and run:
                out.append(Segment(run, bg + run_style if run_style else bg))
                run = ""
            run_style = st
            run += display_char(ch) if char_width(ch) or ch != "\n" else ""
        if run:
            out.append(Segment(run, bg + run_style if run_style else bg))
        return out

    def _marks(self, i: int, first: int, last: int, bg: Style) -> list[Segment]:
        chips = self._chips(i)
        has_memo = self.document is not None and self.document.passages[i]["id"] in self.document.memos
        out: list[Segment] = []
        for k in range(first, last):
            label, style = chips[k]
            coding_index = k - 1 if has_memo else k
            if i == self.cursor and coding_index == self.chip and coding_index >= 0:
                style = style + Style(reverse=True)
            out += [Segment(label, bg + style), Segment(" ", bg)]
        return out

    # ----- mouse -----
    def hit(self, x: int, y: int) -> tuple[int, int | None] | None:
        """The passage and character under a cell of the widget (cells, not characters: a Chinese
        character spans two cells, so both of its cells give that character)."""
        if self.document is None or not self._starts:
            return None
        doc_y = y + int(self.scroll_offset.y)
        if doc_y >= self.virtual_size.height:
            return None
        i = bisect.bisect_right(self._starts, doc_y) - 1
        line = self._blocks[i][doc_y - self._starts[i]]
        if line[0] != "text":
            return i, None
        text, cell = self.document.passages[i]["text"], x - GUTTER
        if cell < 0:
            return i, None
        used = 0
        for k in range(line[2], line[3]):
            used += char_width(text[k])
            if cell < used:
                return i, k
        return i, None

    def on_click(self, event: events.Click) -> None:
        found = self.hit(event.x, event.y)
        if found is not None:
            self.post_message(PassageClicked(*found))

    # ----- cursor -----
    def selection(self) -> tuple[int, int] | None:
        """The selected span [start, end) in the current passage, or None."""
        if self.sel_anchor is None or self.sel_pos is None:
            return None
        return min(self.sel_anchor, self.sel_pos), max(self.sel_anchor, self.sel_pos) + 1

    def passage_region(self, i: int) -> tuple[int, int]:
        """First document line and number of lines of passage ``i``."""
        return self._starts[i], len(self._blocks[i])

    def scroll_to_cursor(self) -> None:
        if self.cursor is None or not self._starts:
            return
        top, height = self.passage_region(self.cursor)
        line_at = self._focus_line()
        if line_at is not None:
            top, height = top + line_at, 1
        view = self.scrollable_content_region.height
        self.scroll_to_region(Region(0, top, 1, min(height, max(view, 1))), animate=False, immediate=True)

    def _focus_line(self) -> int | None:
        """The line of the current passage's block that must be on screen: the selection's moving
        end, else the selected coding's span (or its mark), so a suggestion in a passage taller
        than the window is reachable; None shows the passage from its top."""
        assert self.cursor is not None and self.document is not None
        block = self._blocks[self.cursor]
        at = self.sel_pos
        rows = self.document.of(self.cursor)
        if at is None and 0 <= self.chip < len(rows):
            at = rows[self.chip]["start"]
            if at is None:
                k = self.chip + (1 if self.document.passages[self.cursor]["id"] in self.document.memos else 0)
                return next((n for n, line in enumerate(block) if line[0] == "marks" and line[2] <= k < line[3]),
                            None)
        if at is None:
            return None
        return next((n for n, line in enumerate(block)
                     if line[0] == "text" and line[2] <= at < max(line[3], line[2] + 1)), None)

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_chip(self) -> None:
        self.refresh()

    def watch_sel_anchor(self) -> None:
        self.refresh()

    def watch_sel_pos(self) -> None:
        self.refresh()


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def clock(seconds: float) -> str:
    """A turn's timestamp as the transcription tool shows it: H:MM:SS, or MM:SS under an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
