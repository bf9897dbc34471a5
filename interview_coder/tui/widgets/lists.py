"""Arrow and page keys typed in a filter box move the list under it (pick lists, search, choosers)."""

from __future__ import annotations

from textual.widgets import OptionList

_MOVES = {"up": "action_cursor_up", "down": "action_cursor_down",
          "pageup": "action_page_up", "pagedown": "action_page_down"}


def move_list(options: OptionList, key: str) -> bool:
    """Move ``options`` for an arrow or page ``key`` pressed while another widget has focus; True when it did."""
    action = _MOVES.get(key)
    if action is None:
        return False
    getattr(options, action)()
    return True
