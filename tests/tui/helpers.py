"""Driving the workbench with Pilot from plain (sync) tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from interview_coder.tui.app import WorkbenchApp


def make_app(path: Path, transcript: str | None = "en_small", coder: str | None = "alice") -> WorkbenchApp:
    return WorkbenchApp(path, coder=coder, transcript=transcript, keymap={}, blink=False)


def drive(app: WorkbenchApp, *keys: str, size: tuple[int, int] = (100, 30),
          then: Callable[[WorkbenchApp, Pilot[Any]], Awaitable[Any]] | None = None) -> Any:
    """Start the app, press ``keys`` (a key, or text typed character by character with 'type:'), return."""

    async def main() -> Any:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in keys:
                if key.startswith("type:"):
                    await pilot.press(*list(key[5:]))
                else:
                    await pilot.press(key)
            return await then(app, pilot) if then else None

    return asyncio.run(main())
