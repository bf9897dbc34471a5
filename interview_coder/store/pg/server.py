"""Connecting to a team project on PostgreSQL, and its schema version (the same rules as a file's).

psycopg is imported here and nowhere else in the store; it comes with the optional extra ``team``.
Passwords never come from interview-coder: libpq reads them from PGPASSFILE (~/.pgpass), a service
file (PGSERVICEFILE) or PGPASSWORD, as every PostgreSQL client does.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from interview_coder.errors import StoreError
from interview_coder.store import migrations

if TYPE_CHECKING:
    import psycopg

URL_PREFIXES = ("postgresql://", "postgres://")

FIRST_VERSION = 4
"""Team projects start at schema 4 (a file at an older version is migrated before it is pushed)."""


def is_url(project: str) -> bool:
    """Whether ``-p`` names a team project (a PostgreSQL URL) rather than a project file."""
    return project.startswith(URL_PREFIXES)


def shown(url: str) -> str:
    """The URL as messages show it: user, host, port and database, never a password or options."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def sql_text(name: str) -> str:
    return resources.files("interview_coder.store.pg").joinpath(name).read_text("utf-8")


def require() -> None:
    """Say how to install psycopg (the extra ``team``) rather than fail with an import error."""
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError as exc:
        raise StoreError("team projects need psycopg: pip install 'interview-coder[team]'") from exc


def connect(url: str, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A connection to the team project at ``url``; a failure is a one-line StoreError."""
    require()
    import psycopg

    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect: {first_line(exc)}", shown(url)) from exc


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def has_tables(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    return bool(row and row[0])


def schema_version(conn: psycopg.Connection[Any], where: str) -> int:
    """The team project's schema version, checked as Project.open checks a file: 0 for an empty
    database, an error for a newer version or for tables that are not an interview-coder project."""
    row = conn.execute("SELECT to_regclass('public.schema_version') IS NOT NULL").fetchone()
    if not (row and row[0]):
        if has_tables(conn):
            raise StoreError("a PostgreSQL database, but not an interview-coder project", where)
        return 0
    found = conn.execute("SELECT version FROM schema_version").fetchone()
    version = int(found[0]) if found else 0
    if version > migrations.SCHEMA_VERSION:
        raise StoreError(f"written by a newer interview-coder (schema {version}); this one reads up to "
                         f"schema {migrations.SCHEMA_VERSION}: upgrade interview-coder", where)
    return version


def migrate(conn: psycopg.Connection[Any], version: int, where: str) -> None:
    """Bring a team project at ``version`` up to SCHEMA_VERSION inside the caller's transaction: the
    file's own migration steps (store/migrations.py) through the dialect's rules, without the
    statements that mean something to SQLite only (a full-text index, say), then the current views.
    One rule for both engines: a team project's version is the file schema it holds."""
    from interview_coder.store import dialect

    if version == 0:
        conn.execute(dialect.postgresql_schema())
        conn.execute("INSERT INTO schema_version(version) VALUES (%s)", (migrations.SCHEMA_VERSION,))
        return
    if version < FIRST_VERSION:
        raise StoreError(f"no migration of a team project from schema {version}", where)
    for view in reversed(migrations.VIEWS):  # a view before the views it reads
        conn.execute(f"DROP VIEW IF EXISTS {view}")
    for step in range(version, migrations.SCHEMA_VERSION):
        for statement in dialect.server_steps(migrations.MIGRATIONS[step]):
            conn.execute(statement)
    for statement in dialect.server_steps(migrations.views_sql()):
        conn.execute(statement)
    conn.execute("UPDATE schema_version SET version = %s", (migrations.SCHEMA_VERSION,))


def open_team(url: str) -> psycopg.Connection[Any]:
    """A connection to an existing team project at the current schema (migrated if older)."""
    conn = connect(url)
    where = shown(url)
    try:
        version = schema_version(conn, where)
        if version == 0:
            raise StoreError("no team project here; create one with 'interview-coder push FILE URL'", where)
        if version < migrations.SCHEMA_VERSION:
            migrate(conn, version, where)
        conn.commit()
    except BaseException:
        conn.close()
        raise
    return conn
