"""Live work on a team project: a worker thread listens for colleagues' coding changes and posts
them to the app as messages (CodingsChanged, TeamStatus); the keys never wait for it."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App

from interview_coder.errors import StoreError
from interview_coder.tui.messages import CodingsChanged, TeamStatus

RETRY_S = 2.0
"""How long the worker waits before it connects again after losing the server."""
WAIT_S = 1.0
"""How long one wait for notifications lasts: changes within it arrive as one message."""


def listen(app: App[None], url: str, me: int | None, stopped: Callable[[], bool]) -> None:
    """Until ``stopped()``: hear coding changes by other coders than ``me`` and post them; on a lost
    connection post TeamStatus(False), retry every RETRY_S, and post TeamStatus(True) once back."""
    from interview_coder.store.pg.live import Listener

    listener: Listener | None = None
    lost = False
    while not stopped():
        try:
            if listener is None:
                listener = Listener(url)
                if lost:
                    lost = False
                    app.post_message(TeamStatus(True))
            others = [c for c in listener.changes(timeout=WAIT_S) if c.coder_id != me]
            if others:
                app.post_message(CodingsChanged(len(others)))
        except StoreError as exc:
            if listener is not None:
                listener.close()
                listener = None
            if not lost:
                lost = True
                app.post_message(TeamStatus(False, str(exc)))
            deadline = time.monotonic() + RETRY_S
            while time.monotonic() < deadline and not stopped():
                time.sleep(0.1)
    if listener is not None:
        listener.close()
