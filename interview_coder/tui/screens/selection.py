"""Span selection in the reader: characters, words, sentences and clauses (text.segments), counts
typed before a motion (``3w``), select to the passage's end, mouse drag, and resizing a coding's
span (``z``). A mixin of :class:`ReaderScreen`, which owns the selection's reactives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_coder.store import codings as writer
from interview_coder.text.segments import segments
from interview_coder.tui.access import workbench_app
from interview_coder.tui.messages import PassageDragged
from interview_coder.tui.widgets.transcript.layout import next_word, word_end

if TYPE_CHECKING:
    from interview_coder.tui.screens.reader import ReaderScreen

COUNT_WAIT = 0.6
"""Seconds a number key waits, with a selection open, for a motion to make it a count (``3w``)
before it applies its quick code to the selection."""
MOTION_KEYS = {"h", "l", "left", "right", "w", "b", "right_parenthesis", "left_parenthesis", "right_curly_bracket",
               "left_curly_bracket", "dollar_sign"} | {str(n) for n in range(10)}


def passage_text(screen: ReaderScreen) -> str:
    assert screen.doc is not None and screen.cursor is not None
    return str(screen.doc.passages[screen.cursor]["text"])


def toggle_select(screen: ReaderScreen) -> None:
    if screen.cursor is None:
        return
    if screen.sel_anchor is not None and screen.sel_pos is not None:
        # issue 13: a second v used to drop the selection; it now starts a new one where the
        # moving end is (Escape cancels), and says so
        screen.sel_anchor = screen.sel_pos
        screen.notify("selection restarted at its moving end (Escape cancels it)", timeout=2)
    elif passage_text(screen):
        screen.chip = -1
        screen.sel_anchor = screen.sel_pos = 0
    screen.show_status()


def extend(screen: ReaderScreen, pos: int) -> None:
    screen.sel_pos = max(0, min(len(passage_text(screen)) - 1, pos))
    screen.reader.scroll_to_cursor()
    screen.show_status()


def take_count(screen: ReaderScreen) -> int:
    """The pending count for a motion (1 when none), cleared."""
    n = max(screen.count, 1)
    screen.count = 0
    if screen.count_timer is not None:
        screen.count_timer.stop()
        screen.count_timer = None
    return n


def flush_count(screen: ReaderScreen) -> None:
    """A number key not followed by a motion: it was a quick code for the selection after all."""
    n = screen.count
    take_count(screen)
    if 1 <= n <= 9:
        screen.action_quick_code(n, counting=False)


def key(screen: ReaderScreen, event: Any) -> None:
    # a pending count meets a key that is not a motion: apply its quick code first, then the key
    if screen.count and event.key == "0":  # 0 is no quick code: it only continues a count (10w)
        screen.count = min(screen.count * 10, 999)
        event.stop()
        screen.show_status()
    elif screen.count and event.key == "escape":  # Escape drops the count (and then the selection)
        take_count(screen)
    elif screen.count and event.key not in MOTION_KEYS:
        flush_count(screen)


def left(screen: ReaderScreen) -> None:
    if screen.sel_pos is not None:
        extend(screen, screen.sel_pos - take_count(screen))
    elif screen.doc is not None and screen.cursor is not None:
        n = len(screen.doc.of(screen.cursor))
        screen.chip = -1 if n == 0 else (screen.chip - 1 if screen.chip > -1 else n - 1)
        screen.reader.scroll_to_cursor()
        screen.show_status()


def right(screen: ReaderScreen) -> None:
    if screen.sel_pos is not None:
        extend(screen, screen.sel_pos + take_count(screen))
    elif screen.doc is not None and screen.cursor is not None:
        n = len(screen.doc.of(screen.cursor))
        screen.chip = -1 if n == 0 or screen.chip >= n - 1 else screen.chip + 1
        screen.reader.scroll_to_cursor()
        screen.show_status()


def word(screen: ReaderScreen, direction: int) -> None:
    """Move the selection's moving end by a word: the end stops on a word's last character,
    the start (after swapping ends) on a word's first."""
    if screen.sel_pos is None or screen.sel_anchor is None:
        return
    text = passage_text(screen)
    for _ in range(take_count(screen)):
        if screen.sel_pos >= screen.sel_anchor:
            screen.sel_pos = word_end(text, screen.sel_pos, direction)
        else:
            screen.sel_pos = next_word(text, screen.sel_pos, direction)
    extend(screen, screen.sel_pos)


def ensure_selection(screen: ReaderScreen) -> bool:
    """Start a selection at the passage's first character when none is open (as v does)."""
    if screen.sel_pos is None or screen.sel_anchor is None:
        if screen.cursor is None or not passage_text(screen).strip():
            return False
        screen.chip = -1
        screen.sel_anchor = screen.sel_pos = 0
    return True


def segment(screen: ReaderScreen, unit: str, direction: int) -> None:
    """Move the selection's moving end by sentences or clauses (text.segments, both languages):
    the end lands on a segment's last character, the start (after s) on a segment's first.
    Without a selection, one starts at the passage's beginning: ) selects the first sentence."""
    fresh = screen.sel_pos is None
    if not ensure_selection(screen):
        return
    assert screen.sel_pos is not None and screen.sel_anchor is not None
    text = passage_text(screen)
    found = segments(text, "clause" if unit == "clause" else "sentence")
    if not found:
        return
    n = take_count(screen)
    if fresh and direction > 0:  # ) on no selection: the first sentence is the first step
        screen.sel_pos = found[0][1] - 1
        n -= 1
    end_moving = screen.sel_pos >= screen.sel_anchor
    for _ in range(n):
        pos = screen.sel_pos
        if end_moving:
            lasts = [e - 1 for _, e in found]
            ahead = [x for x in lasts if x > pos] if direction > 0 else [x for x in lasts if x < pos]
            target = (ahead[0] if direction > 0 else ahead[-1]) if ahead else None
            if target is not None and target < screen.sel_anchor:  # back past the anchor: swap to starts
                target = max([s for s, _ in found if s <= screen.sel_anchor] or [screen.sel_anchor])
        else:
            firsts = [s for s, _ in found]
            ahead = [x for x in firsts if x > pos] if direction > 0 else [x for x in firsts if x < pos]
            target = (ahead[0] if direction > 0 else ahead[-1]) if ahead else None
            if target is not None and target > screen.sel_anchor:
                target = screen.sel_anchor
        if target is None and direction < 0 and pos != screen.sel_anchor:
            target = screen.sel_anchor  # nothing further back: the selection shrinks to its anchor
        if target is None:
            break
        screen.sel_pos = target
    extend(screen, screen.sel_pos)


def to_end(screen: ReaderScreen) -> None:
    """Select to the end of the passage (from the selection's start; v first is not needed)."""
    if ensure_selection(screen):
        assert screen.sel_anchor is not None and screen.sel_pos is not None
        take_count(screen)
        screen.sel_anchor = min(screen.sel_anchor, screen.sel_pos)
        extend(screen, len(passage_text(screen)) - 1)


def dragged(screen: ReaderScreen, message: PassageDragged) -> None:
    """Mouse drag over a passage selects the characters from where it started to where it is."""
    if screen.doc is None or message.index not in screen.doc.codable:
        return
    if message.index != screen.cursor:
        screen._go(message.index)
    screen.chip = -1
    screen.sel_anchor = message.start
    extend(screen, message.end)
    screen.reader.focus()


def resize(screen: ReaderScreen) -> None:
    """z on a selected coding of yours opens its span as the selection; move its ends (motions,
    s to swap), then z again saves the new span (store.codings.resize_coding, undoable)."""
    if screen.doc is None or screen.cursor is None:
        return
    rows = screen.doc.of(screen.cursor)
    if screen.resizing is not None and screen.sel_pos is not None:
        span = screen.reader.selection()
        assert span is not None
        pid = screen.doc.passages[screen.cursor]["id"]
        target = next((c for c in rows if c["id"] == screen.resizing), None)
        screen.resizing = None
        if target is None:
            return
        done = workbench_app(screen).attempt(writer.resize_coding, screen.project, target["id"], span[0], span[1],
                                             screen.coder, passage_text(screen))
        screen.sel_anchor = screen.sel_pos = None
        if done is not None and screen.doc.index.get(pid) == screen.cursor:
            screen._reload_passage(screen.cursor, [target["code_id"]], "reader.resize")
        return
    if not 0 <= screen.chip < len(rows):
        screen.notify("select one of your codings with h/l first, then z")
        return
    c = rows[screen.chip]
    if c["coder"] != screen.coder or c["status"] == "suggested":
        screen.notify("only your own codings can be resized (a suggestion: accept it first)")
        return
    start, end = (c["start"], c["end"]) if c["start"] is not None and c["end"] is not None \
        else (0, len(passage_text(screen)))
    screen.resizing = c["id"]
    screen.chip = -1
    screen.sel_anchor, screen.sel_pos = start, end - 1
    screen.notify("resizing: move the ends (w b ( ) { } h l, s swaps ends), z saves, Escape cancels", timeout=3)
    screen.show_status()


def swap_ends(screen: ReaderScreen) -> None:
    if screen.sel_pos is not None and screen.sel_anchor is not None:
        screen.sel_anchor, screen.sel_pos = screen.sel_pos, screen.sel_anchor
        screen.reader.scroll_to_cursor()
        screen.show_status()
