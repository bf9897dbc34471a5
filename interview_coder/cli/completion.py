"""Shell completion of codes, transcripts, coders and groups from the project.

Options are matched by their flags (``--code``, ``--transcripts``, ``--coder``, ``--group``,
``--a``/``--b``, ...), so a new command that uses one of these flags completes without more work.
Enable it for your shell as docs/howto/shell-completion.md says (click's ``_INTERVIEW_CODER_COMPLETE``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from interview_coder.cli.common import DEFAULT_PROJECT

OPTION_NAMES = {
    "--code": "CODES_AND_FACTORS",
    "--codes": "CODES",
    "--transcript": "TRANSCRIPTS",
    "--transcripts": "TRANSCRIPTS",
    "--coder": "CODERS",
    "--coders": "CODERS",
    "--group": "GROUPS",
    "--a": "GROUPS",
    "--b": "GROUPS",
}
"""Option flag -> what it names (a member of store.completion.Names)."""

ARGUMENT_NAMES = {("show", "name"): "TRANSCRIPTS"}
"""(command name, argument name) -> what it names."""


def _completer(kind: str) -> Any:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from interview_coder.store.completion import Names, project_names

        path = ctx.params.get("project_path") or DEFAULT_PROJECT
        return [CompletionItem(n) for n in project_names(Path(path), Names[kind], incomplete)]

    return complete


def attach(group: click.Group) -> None:
    """Give every matching option and argument under ``group`` its completion callback."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            attach(command)
            continue
        for param in command.params:
            kind = next((OPTION_NAMES[o] for o in param.opts if o in OPTION_NAMES), None) \
                if isinstance(param, click.Option) else ARGUMENT_NAMES.get((name, param.name or ""))
            if kind is not None and param._custom_shell_complete is None:
                param._custom_shell_complete = _completer(kind)
