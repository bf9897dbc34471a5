"""No key crashes the workbench: every printable key (and the named keys people press) on every
screen, the app still running afterwards. Issue 13: `@` crashed the app (`_key_at` collided with
Textual's `_key_<name>` handler lookup) and exited 0."""

from __future__ import annotations

import asyncio
import string
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import make_app

from interview_coder.tui.app import WorkbenchApp
from interview_coder.tui.screens.choose import ChooseScreen
from interview_coder.tui.screens.code_form import CodeFormScreen
from interview_coder.tui.screens.help import HelpScreen
from interview_coder.tui.screens.memo import MemoScreen
from interview_coder.tui.screens.memo_browser import MemoBrowserScreen
from interview_coder.tui.screens.overview import OverviewScreen
from interview_coder.tui.screens.reader import ReaderScreen
from interview_coder.tui.screens.reports import ReportsScreen
from interview_coder.tui.screens.retrieval import RetrievalScreen
from interview_coder.tui.screens.search import SearchScreen
from interview_coder.tui.screens.similar import SimilarScreen

NAMED = ("space", "enter", "tab", "shift+tab", "backspace", "delete", "pageup", "pagedown", "home", "end", "up",
         "down", "left", "right", "ctrl+d", "ctrl+u", "ctrl+l", "ctrl+r", "ctrl+s", "ctrl+e", "ctrl+x", "f1",
         "ctrl+n", "ctrl+g", "ctrl+f", "ctrl+o", "f2")
KEYS = [ch for ch in string.printable if not ch.isspace()] + list(NAMED)
QUITS = {"q"}  # quitting is what q means, not a crash: checked on its own below


async def _open(app: WorkbenchApp, pilot: Any, target: str) -> None:
    """Put ``target`` on top, from whatever screen a key left open."""
    while len(app.screen_stack) > 2:
        app.pop_screen()
        await pilot.pause()
    await pilot.pause()
    if target == "overview":
        return
    if target in ("reader", "memo", "codebook", "retrieval", "code_form", "choose", "similar", "definitions"):
        table = app.screen
        assert isinstance(table, OverviewScreen)
        app.open_transcript(int(table.rows[0]["id"]))
        await pilot.pause()
        if target == "memo":
            app.screen.action_memo_passage()  # type: ignore[attr-defined]
        if target == "codebook":
            app.screen.action_focus_codebook()  # type: ignore[attr-defined]
        if target == "retrieval":
            app.screen.action_retrieve()  # type: ignore[attr-defined]
        if target == "code_form":
            app.screen.action_edit_code()  # type: ignore[attr-defined]
        if target == "choose":
            app.screen.action_merge_code()  # type: ignore[attr-defined]
        if target == "similar":
            app.screen.action_similar()  # type: ignore[attr-defined]
        if target == "definitions":
            app.screen.action_toggle_definitions()  # type: ignore[attr-defined]
    else:
        app.push_screen({"search": SearchScreen, "reports": ReportsScreen, "help": HelpScreen,
                         "memos": MemoBrowserScreen}[target]())
    await pilot.pause()


EXPECTED = {"overview": OverviewScreen, "reader": ReaderScreen, "codebook": ReaderScreen, "memo": MemoScreen,
            "search": SearchScreen, "reports": ReportsScreen, "help": HelpScreen, "retrieval": RetrievalScreen,
            "memos": MemoBrowserScreen, "code_form": CodeFormScreen, "choose": ChooseScreen, "similar": SimilarScreen,
            "definitions": ReaderScreen}


@pytest.mark.parametrize("target", list(EXPECTED))
def test_every_key_on_every_screen(project_path: Path, target: str) -> None:
    app = make_app(project_path, transcript=None)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key in KEYS:
                if key in QUITS and target not in ("memo", "codebook", "search", "retrieval", "memos", "code_form", "choose",
                                                           "similar"):
                    continue
                if not isinstance(app.screen, EXPECTED[target]) or (
                        target == "codebook" and app.focused is not None and app.focused.id != "code-filter"):
                    await _open(app, pilot, target)
                await pilot.press(key)
                await pilot.pause()
                assert app.is_running and app._exception is None, f"{key!r} on {target}: {app._exception!r}"

    asyncio.run(main())
    assert app.return_code in (None, 0) and app._exception is None


def test_at_key_in_the_reader_does_not_crash(project_path: Path) -> None:
    app = make_app(project_path)

    async def main() -> str:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("at", "j", "at")
            assert app.is_running
            return type(app.screen).__name__

    assert asyncio.run(main()) == "ReaderScreen"
    assert app._exception is None


def test_q_quits_cleanly(project_path: Path) -> None:
    app = make_app(project_path)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()

    asyncio.run(main())
    assert app._exception is None and app.return_code == 0
