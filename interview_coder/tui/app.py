"""The coding workbench application: opens the project, knows the coder, switches screens."""

from __future__ import annotations

import sqlite3
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App

from interview_coder.errors import ConflictError, InterviewCoderError, StoreError
from interview_coder.store.project import Project
from interview_coder.tui.commands import WorkbenchCommands
from interview_coder.tui.keys import bindings, load_keymap
from interview_coder.tui.messages import CodingsChanged, TeamStatus

LOCK_WAIT_MS = 150
"""How long one write may wait for another writer's lock inside a key press."""
LOCK_GIVE_UP_S = 30.0
"""How long the workbench keeps retrying a write while another writer holds the lock."""


class WorkbenchApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "interview-coder"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    def __init__(self, project_path: str | Path, coder: str | None = None, transcript: str | None = None,
                 keymap: dict[str, str] | None = None, blink: bool = True):
        super().__init__()
        self.project = Project.open(project_path)
        # Waiting for another writer's lock happens here, between frames, not inside a key press.
        self.project.lock_retries = 1
        self.project.conn.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        self._lock_deadline: float | None = None
        self.coder: str | None = coder or self.project.setting("coder")
        self.start_transcript = transcript
        self.keymap = load_keymap() if keymap is None else keymap
        self.blink = blink
        self.latencies: deque[tuple[str, str, float]] = deque(maxlen=10_000)
        """(action, phase 'write' or 'paint', milliseconds from the key event); read by the benchmark."""
        self._pressed_at = time.perf_counter()
        self._number_codes: list[str] | None = None
        self.live_changes = 0
        """Colleagues' coding changes heard on a team project (the live worker's messages)."""
        self.team_online = True
        """False while the live worker cannot reach the team server."""
        self.last_search: Any = None
        """The search screen's last query (screens.search.Query), shown again when search reopens."""

    # ----- start -----
    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self.title = f"interview-coder · {self.project.path.name}"
        if self.coder:
            self._start()
        else:
            from interview_coder.store.workbench import coder_names
            from interview_coder.tui.screens.coder import CoderScreen

            self.push_screen(CoderScreen(coder_names(self.project)), self._coder_chosen)

    def _coder_chosen(self, name: str | None) -> None:
        if not name:
            self.exit()
            return
        self.coder = name
        self.project.set_setting("coder", name)
        self._start()

    def _start(self) -> None:
        from interview_coder.tui.screens.overview import OverviewScreen

        self.sub_title = f"coder {self.coder}"
        if self.project.team:
            self._start_live()
        self.push_screen(OverviewScreen())
        if self.start_transcript:
            from interview_coder.store.queries import find_transcript

            row = find_transcript(self.project, self.start_transcript)
            if row is None:
                self.notify(f"no transcript {self.start_transcript!r}", severity="error")
            else:
                self.open_transcript(int(row["id"]))

    def on_unmount(self) -> None:
        self.project.close()

    # ----- live work on a team project -----
    def _start_live(self) -> None:
        from textual.worker import get_current_worker

        from interview_coder.tui.live import listen

        row = self.project.conn.execute("SELECT id FROM coders WHERE name = ?", (self.coder,)).fetchone()
        me, url = (int(row[0]) if row else None), str(self.project.url)

        def work() -> None:
            worker = get_current_worker()
            listen(self, url, me, lambda: worker.is_cancelled)

        self.run_worker(work, thread=True, exclusive=True, group="live", exit_on_error=False)

    def on_codings_changed(self, message: CodingsChanged) -> None:
        """A colleague's codings arrived: the screen shows what is there now, keeping its place."""
        self.live_changes += message.count
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh(quiet=True)

    def on_team_status(self, message: TeamStatus) -> None:
        self.team_online = message.ok
        self.sub_title = f"coder {self.coder}" + ("" if message.ok else " · team server unreachable, retrying…")
        if message.ok:
            self.notify("connected to the team server again", timeout=3)
            self.on_codings_changed(CodingsChanged(0))
        else:
            self.notify(f"{message.reason}; retrying (your writes wait for it)", title="team server",
                        severity="warning", timeout=6)

    # ----- helpers screens call -----
    @property
    def active_coder(self) -> str:
        """The coder the screens work as: chosen before any screen but the coder prompt opens."""
        if self.coder is None:
            raise RuntimeError("no coder chosen yet")
        return self.coder

    def attempt(self, fn: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """Run one store call; a refusal (bad input, a lock held too long, a store error) becomes a
        notification, never a crash. A write onto something that changed since the screen showed it
        (another coder's decision, a re-import) refreshes the screen, so it shows what is there now."""
        try:
            result = fn(*args)
        except ConflictError as exc:
            self.notify(str(exc), severity="warning", timeout=6)
            refresh = getattr(self.screen, "refresh_data", None)
            if refresh is not None:
                refresh(quiet=True)
            return None
        except StoreError as exc:
            if "locked" not in str(exc):
                self.notify(str(exc), severity="error", timeout=6)
                return None
            self._wait_for_lock(fn, args)
            return None
        except InterviewCoderError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return None
        except sqlite3.Error as exc:
            self.notify(f"project store: {exc}", severity="error", timeout=8)
            return None
        return default if result is None and default is not None else result

    def _wait_for_lock(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        """Another coder (or the CLI) is writing: say so, keep the keys alive and retry the write
        every few hundred milliseconds; once it goes through, the screen shows what is there."""
        first = self._lock_deadline is None
        if first:
            self._lock_deadline = time.monotonic() + LOCK_GIVE_UP_S
            self.notify("waiting for another coder's write…", title="project locked", timeout=4)

        def retry() -> None:
            try:
                fn(*args)
            except StoreError as exc:
                if "locked" in str(exc) and time.monotonic() < (self._lock_deadline or 0):
                    self.set_timer(0.3, retry)
                    return
                self._lock_deadline = None
                self.notify(f"{exc} (nothing written)", severity="error", timeout=8)
                return
            except (InterviewCoderError, sqlite3.Error) as exc:
                self._lock_deadline = None
                self.notify(str(exc), severity="warning", timeout=6)
            else:
                self._lock_deadline = None
                self.notify("written after waiting for the other writer", timeout=3)
            refresh = getattr(self.screen, "refresh_data", None)
            if refresh is not None:
                refresh(quiet=True)

        self.set_timer(0.3, retry)

    def number_codes(self, refresh: bool = False) -> list[str]:
        """The codes on the number keys 1-9, fixed while the workbench is open (issue 13: after an
        undo they moved). Taken once (pinned codes first, then the most used); ``refresh`` after the
        coder pins a code. Codes gone from the codebook leave their key; new ones fill free keys."""
        from interview_coder.store import workbench

        fresh = workbench.quick_codes(self.project, self.active_coder)
        if self._number_codes is None or refresh:
            self._number_codes = fresh
        else:
            known = {r[0] for r in self.project.conn.execute("SELECT id FROM codes")}
            kept = [c for c in self._number_codes if c in known]
            self._number_codes = (kept + [c for c in fresh if c not in kept])[:9]
        return list(self._number_codes)

    def record(self, action: str, write: bool = False) -> None:
        """Note the time since the key event (committed write), and again once painted."""
        at = self._pressed_at
        self.latencies.append((action, "write" if write else "state", (time.perf_counter() - at) * 1000))
        self.call_after_refresh(lambda: self.latencies.append((action, "paint", (time.perf_counter() - at) * 1000)))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._pressed_at = time.perf_counter()
        await super().on_event(event)

    def open_transcript(self, transcript_id: int, passage_id: int | None = None,
                        at: tuple[int, int] | None = None) -> None:
        from interview_coder.tui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(transcript_id, passage_id, at))

    def edit_memo(self, target: str, target_id: str | int, title: str,
                  done: Callable[[bool | None], None] | None = None, at_top: bool = False) -> None:
        """The memo editor, at the bottom of the screen (``at_top``: at the top, when the text
        written about is in the lower half), never over that text."""
        from interview_coder.tui.screens.memo import MemoScreen

        self.push_screen(MemoScreen(target, target_id, title, at_top), done)

    # ----- app actions -----
    def action_help(self) -> None:
        from interview_coder.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from interview_coder.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_memos(self) -> None:
        from interview_coder.tui.screens.memo_browser import MemoBrowserScreen

        if not isinstance(self.screen, MemoBrowserScreen):
            self.push_screen(MemoBrowserScreen())

    def action_reports(self) -> None:
        from interview_coder.tui.screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen())

    def action_overview(self) -> None:
        from interview_coder.tui.screens.overview import OverviewScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, OverviewScreen):
            self.pop_screen()

    def action_refresh_data(self) -> None:
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh()
