"""How screens and widgets reach the running workbench, typed (so no screen silences the type checker)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.message_pump import MessagePump

if TYPE_CHECKING:  # the app imports the screens; at run time the cast needs only the name
    from interview_coder.tui.app import WorkbenchApp


def workbench_app(node: MessagePump) -> WorkbenchApp:
    """The workbench ``node`` runs in: its project, coder, keymap and the helpers screens call."""
    return cast("WorkbenchApp", node.app)
