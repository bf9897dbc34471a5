"""Team projects on PostgreSQL: push a file project to a server, pull it back, add coders as roles.

The other commands still read and write project files only (docs/team-server.md).
"""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import handle_errors
from interview_coder.cli.team import coders
from interview_coder.errors import InputError

_URL = "postgresql://USER@HOST[:PORT]/DATABASE"


def _url(value: str) -> str:
    from interview_coder.store.pg.server import is_url

    if not is_url(value):
        raise InputError(f"{value!r} is not a team project: give a URL like {_URL}")
    return value


def _summary(rows: dict[str, int]) -> str:
    parts = ("transcripts", "passages", "codes", "codings", "memos", "coders", "history")
    return ", ".join(f"{rows.get(t, 0)} {t}" for t in parts)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("url", metavar="URL")
@handle_errors
def push(file: Path, url: str) -> None:
    """Create a team project on PostgreSQL (an empty database) from a project file.

    Every table is copied with its ids; the project's roles and row-level security are set up. The
    password comes from libpq (PGPASSFILE, a service file or PGPASSWORD), never the command line.

    Example: interview-coder push study.db postgresql://lead@db.example.org/study
    """
    from interview_coder.store.pg.server import shown
    from interview_coder.store.pg.transfer import push as push_project

    done = push_project(file, _url(url))
    click.echo(f"pushed {file} to {shown(url)}: {_summary(done.rows)}", err=True)


@click.command()
@click.argument("url", metavar="URL")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def pull(url: str, file: Path) -> None:
    """Make a project file (new, checked) from a team project, to work offline or archive.

    Example: interview-coder pull postgresql://lead@db.example.org/study copy.db
    """
    from interview_coder.store.pg.server import shown
    from interview_coder.store.pg.transfer import pull as pull_project

    done = pull_project(_url(url), file)
    click.echo(f"pulled {shown(url)} to {file}: {_summary(done.rows)}", err=True)


@coders.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["owner", "coder", "observer"]), default="coder", show_default=True,
              help="owner: codebook, imports, coders; coder: own codings and memos; observer: reads only.")
@click.option("-p", "--project", "project", envvar="INTERVIEW_CODER_PROJECT", required=True, metavar="URL",
              show_envvar=True, help=f"The team project, {_URL}.")
@click.option("--password", "ask_password", is_flag=True,
              help="Ask for the new coder's password (hidden) and set it, hashed before it is sent.")
@handle_errors
def coders_add(name: str, role: str, project: str, ask_password: bool) -> None:
    """Add a coder to a team project: a PostgreSQL login role with the project role ROLE.

    Run as the project's administrator (a role with CREATEROLE). Without --password the coder logs
    in however the server allows (a password the administrator sets, certificates, peer). A coder
    already there changes to ROLE.

    Example: interview-coder coders add alice --role coder -p postgresql://lead@db.example.org/study
    """
    from interview_coder.store.pg.roles import TeamRole, add_coder
    from interview_coder.store.pg.server import open_team, shown
    from interview_coder.store.project import now

    url = _url(project)
    password = click.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True,
                            err=True) if ask_password else None
    conn = open_team(url)
    try:
        conn.autocommit = True
        new = add_coder(conn, name, TeamRole(role), password, created_at=now())
    finally:
        conn.close()
    click.echo(f"{'added' if new else 'changed'} coder {name} as {role} in {shown(url)}", err=True)


COMMANDS = [push, pull]
