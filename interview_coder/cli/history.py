"""``undo``, ``redo`` and ``history``: the same coding history the workbench uses, on the command line."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import (
    emit,
    handle_errors,
    open_project,
    output_options,
    project_option,
    who,
)


@click.command()
@project_option
@click.option("--coder", help="Whose last action (default: the project's remembered coder).")
@handle_errors
def undo(project_path: Path, coder: str | None) -> None:
    """Undo the coder's last coding action (apply, accept, reject, reopen, remove, memo) or codebook
    edit (add-code, rename, merge, move, describe, keyword add|remove).

    An action whose passage, code, codings or codebook rows changed since is refused with the reason and dropped
    from the history; nothing is written then.
    Example: interview-coder undo --coder alice
    """
    _replay(project_path, coder, undoing=True)


@click.command()
@project_option
@click.option("--coder", help="Whose undone action (default: the project's remembered coder).")
@handle_errors
def redo(project_path: Path, coder: str | None) -> None:
    """Redo the action the coder undid most recently.

    Example: interview-coder redo --coder alice
    """
    _replay(project_path, coder, undoing=False)


def _replay(project_path: Path, coder: str | None, undoing: bool) -> None:
    from interview_coder.store import codings

    with open_project(project_path) as project:
        name = who(project, coder)
        action = (codings.undo if undoing else codings.redo)(project, name)
    if action is None:
        click.echo(f"nothing to {'undo' if undoing else 'redo'} for {name}", err=True)
    else:
        click.echo(f"{'Undid' if undoing else 'Redid'} {action} ({name})", err=True)


@click.command()
@project_option
@click.option("--coder", help="Only this coder's actions.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="How many, newest first.")
@output_options
@handle_errors
def history(project_path: Path, coder: str | None, limit: int, fmt: str, output: str | None, bom: bool) -> None:
    """The recorded actions, newest first: coders' codings and the system's (re-imports, codebook loads).

    Example: interview-coder history --coder alice --limit 10
    """
    from dataclasses import asdict

    from interview_coder.io.export import Table
    from interview_coder.store.codings import history as entries

    with open_project(project_path) as project:
        rows = [asdict(e) for e in entries(project, coder, limit)]
    emit([Table("History", rows, ["id", "at", "coder", "action", "codings", "undone", "summary"],
                unit="one recorded action",
                definitions={"coder": "who acted; empty for the system (import --replace, codebook load)",
                             "codings": "codings the action wrote",
                             "undone": "true when undone (redo brings it back)",
                             "summary": "the first coding's code and passage"})], fmt, output, bom)


COMMANDS = [undo, redo, history]
