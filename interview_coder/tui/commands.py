"""The command palette: every action of the key registry that applies on the current screen,
titled 'topic: verb' (for example 'code: apply highlighted code')."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget

from interview_coder.tui.keys import ACTIONS, Action, keys_of


class WorkbenchCommands(Provider):
    def _actions(self) -> list[tuple[Action, App[Any] | Widget]]:
        scopes = getattr(self.screen, "KEY_SCOPES", ())
        out: list[tuple[Action, App[Any] | Widget]] = []
        for action in ACTIONS:
            if action.scope == "app":
                out.append((action, self.app))
            elif action.scope in scopes:
                target = self.screen.query_one("#codebook") if action.scope == "codebook" else self.screen
                out.append((action, target))
        return out

    def _help(self, action: Action) -> str:
        return f"keys: {keys_of(action, getattr(self.app, 'keymap', {}))}"

    async def discover(self) -> Hits:
        for action, target in self._actions():
            yield DiscoveryHit(action.title, partial(self._run, target, action), help=self._help(action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, target in self._actions():
            score = matcher.match(action.title)
            if score > 0:
                yield Hit(score, matcher.highlight(action.title), partial(self._run, target, action),
                          help=self._help(action))

    async def _run(self, target: App[Any] | Widget, action: Action) -> None:
        name = action.action
        if name.startswith("app."):
            await self.app.run_action(name[4:])
        elif name.startswith("screen."):
            await self.screen.run_action(name[7:])
        else:
            await target.run_action(name)
