"""The ``tui`` command: open the coding workbench."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import handle_errors, project_option


@click.command()
@project_option
@click.option("--coder", help="Who is coding (recorded on every coding). Default: the project's remembered coder; "
                               "asked once when there is none.")
@click.option("--transcript", help="Open this transcript (name or id) straight away.")
@handle_errors
def tui(project_path: Path, coder: str | None, transcript: str | None) -> None:
    """Open the keyboard-first coding workbench (press ? inside for every key).

    Example: interview-coder tui -p study.db --coder alice
    """
    from interview_coder.tui.app import WorkbenchApp

    WorkbenchApp(project_path, coder=coder, transcript=transcript).run()


COMMANDS = [tui]
