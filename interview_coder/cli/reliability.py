"""Reliability commands: check a project file, back it up while it is in use."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import fail, handle_errors, open_project, project_option
from interview_coder.errors import ExitCode, StoreError


@click.command()
@project_option
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True,
              help="List at most this many problems (the total is always printed).")
@handle_errors
def check(project_path: Path | str, limit: int) -> None:
    """Check the project file: SQLite integrity, foreign keys, and every project invariant.

    Lists each problem on its own line and exits with 3 when there is any. On a team project the
    server keeps integrity and keys; the project invariants are checked.
    Example: interview-coder check -p study.db
    """
    from interview_coder.store.check import check as check_project
    from interview_coder.store.project import Project

    if isinstance(project_path, Path) and not project_path.exists():
        raise StoreError("no project here", project_path)
    # Read-only: checking never migrates an older file or switches a damaged one to WAL.
    with (Project.open(project_path) if isinstance(project_path, str) else Project.open_read_only(project_path)
          ) as project:
        problems = check_project(project)
        counts = [project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
                  for t in ("transcripts", "passages", "codings")]
        project_path = project.where if project.team else project_path
    if not problems:
        click.echo(f"{project_path}: ok ({counts[0]} transcripts, {counts[1]} passages, {counts[2]} codings checked)")
        return
    for problem in problems[:limit]:
        click.echo(f"{project_path}: {problem}")
    more = f" ({len(problems) - limit} not listed; see --limit)" if len(problems) > limit else ""
    fail(f"{project_path}: {len(problems)} problem(s) found{more}; restore a backup from "
         f"{Path(str(project_path)).name}.backups/ or report the problem", ExitCode.STORE)


@click.command()
@project_option
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@handle_errors
def backup(project_path: Path | str, dest: Path | None) -> None:
    """Copy the project consistently (SQLite's online backup), even while a coder is working in it.

    Without DEST the copy goes to PROJECT.backups/ (the newest 10 are kept); DEST may be a file or a folder.
    A team project (-p postgresql://...) is pulled, in one snapshot, to a new project file named
    DB-UTCSTAMP-manual.db (in DB.backups/ without DEST).
    Example: interview-coder backup -p study.db ~/Backups/
    """
    if isinstance(project_path, Path):
        if not project_path.exists():
            raise StoreError("no project here", project_path)
        if dest is not None and dest.resolve() == project_path.resolve():
            raise StoreError("the backup cannot overwrite the project itself", dest)
    with open_project(project_path) as project:
        target = project.backup(dest, reason="manual")
        where = project.where
    click.echo(f"backed up {where} to {target}", err=True)


COMMANDS = [check, backup]
