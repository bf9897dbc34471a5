"""Moving a project between a file and a team server: push (file -> PostgreSQL), pull (back).

Every table is copied with its ids. Sequences are set as SQLite's AUTOINCREMENT would have them:
above the max id and above every id the undo history and memos remember, so an id is never handed
out twice on either engine.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_coder.errors import InputError, StoreError
from interview_coder.store import migrations
from interview_coder.store.dialect import postgresql_schema
from interview_coder.store.pg import roles
from interview_coder.store.pg.server import (
    connect,
    first_line,
    require,
    schema_version,
    shown,
    sql_text,
)
from interview_coder.store.project import Project

TABLES = ("settings", "coders", "respondents", "attributes", "transcripts", "turns", "passages", "factors",
          "codes", "keywords", "keyword_merges", "excluded_words", "codings", "memos", "history",
          "passage_reviews", "coding_tombstones")
"""Every table of schema 4, parents before children."""

ID_TABLES = ("coders", "respondents", "transcripts", "turns", "passages", "keywords", "codings", "memos",
             "history")
"""Tables whose integer id a sequence hands out."""

AUTOINCREMENT = ("transcripts", "turns", "passages", "codings")
"""Tables whose ids SQLite keeps in sqlite_sequence (never reused)."""

KEYS = {"settings": "key", "attributes": "respondent_id, name", "keyword_merges": "lang, keyword",
        "excluded_words": "lang, word", "passage_reviews": "passage_id, coder_id",
        "coding_tombstones": 'transcript_sha256, start, "end", whole, code_id, coder'}
"""The order rows are read in (id for the others), so both engines list them alike."""


@dataclass(frozen=True)
class Transfer:
    """What a push or pull copied: rows per table."""

    rows: dict[str, int] = field(default_factory=dict)


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def order_by(table: str) -> str:
    return KEYS.get(table, "id")


def _walk(value: Any, key: str) -> Iterator[int]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key and isinstance(v, int) and not isinstance(v, bool):
                yield v
            yield from _walk(v, key)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)


def remembered_ids(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest id of each table that the undo history or memos name (0 when none): a new row
    must get a higher one (the rule of migration 3 -> 4 in store/migrations.py)."""
    most = {"codings": 0, "passages": 0, "transcripts": 0}
    for (payload,) in conn.execute("SELECT payload FROM history"):
        try:
            ops = json.loads(payload)
        except ValueError:
            continue
        most["codings"] = max([most["codings"], *_walk(ops, "id")])
        most["passages"] = max([most["passages"], *_walk(ops, "passage_id")])
    for target, table in (("passage", "passages"), ("transcript", "transcripts")):
        row = conn.execute("SELECT max(CAST(target_id AS INTEGER)) FROM memos WHERE target = ?", (target,)).fetchone()
        most[table] = max(most[table], int(row[0] or 0))
    return most


def _next_ids(conn: sqlite3.Connection) -> dict[str, int]:
    """The last id handed out per id table: what the new sequence continues from."""
    last = {t: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]) for t in ID_TABLES}  # noqa: S608
    for name, seq in conn.execute("SELECT name, seq FROM sqlite_sequence"):
        if name in last:
            last[name] = max(last[name], int(seq))
    for table, most in remembered_ids(conn).items():
        last[table] = max(last[table], most)
    return last


def push(file: Path, url: str) -> Transfer:
    """Create a team project at ``url`` (an empty database) from the project file ``file``: all in
    one transaction, so a failed push leaves the database empty."""
    require()
    import psycopg
    from psycopg import sql

    where = shown(url)
    with Project.open(file) as project:  # migrates an older file first, as every command does
        src = project.conn
        conn = connect(url, autocommit=True)
        try:
            if schema_version(conn, where):
                raise InputError("already holds a team project; push needs an empty database (createdb NAME)",
                                 where)
            copied: dict[str, int] = {}
            step = "the schema"
            # one snapshot of the file (writers wait), one transaction on the server
            with project.transaction(), conn.transaction():
                conn.execute(postgresql_schema())
                conn.execute("INSERT INTO schema_version(version) VALUES (%s)", (migrations.SCHEMA_VERSION,))
                with conn.cursor() as cur:
                    for table in TABLES:
                        step = f"table {table}"
                        cols = columns(src, table)
                        stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
                            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, cols)))
                        n = 0
                        with cur.copy(stmt) as copy:
                            for row in src.execute(f"SELECT * FROM {table} ORDER BY {order_by(table)}"):  # noqa: S608
                                copy.write_row(tuple(row))
                                n += 1
                        copied[table] = n
                    for table, last in _next_ids(src).items():
                        if last:
                            cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, true)", (table, last))
                step = "the roles and triggers"
                conn.execute(sql_text("live.sql"))
                roles.secure(conn)
        except psycopg.Error as exc:
            raise StoreError(f"push failed at {step}, nothing written: {first_line(exc)}", where) from exc
        finally:
            conn.close()
    return Transfer(copied)


def pull(url: str, file: Path) -> Transfer:
    """Make the project file ``file`` (which must not exist) from the team project at ``url``: a file
    of the current schema with every row and id, sequences continued; written whole or not at all."""
    require()
    import psycopg

    from interview_coder.store.check import check

    where = shown(url)
    if file.exists():
        raise InputError("already exists; pull writes a new project file", file)
    part = file.with_name(file.name + ".part")
    part.unlink(missing_ok=True)
    conn = connect(url, autocommit=True)
    copied: dict[str, int] = {}
    try:
        version = schema_version(conn, where)
        if version != migrations.SCHEMA_VERSION:
            raise StoreError(f"team project at schema {version}; pull reads schema {migrations.SCHEMA_VERSION}"
                             if version else "no team project here", where)
        with conn.transaction(), Project.open(part, create=True) as project:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")  # one snapshot
            dst = project.conn
            dst.execute("PRAGMA foreign_keys = OFF")
            with project.transaction():
                for table in TABLES:
                    cols = columns(dst, table)
                    names = ", ".join(f'"{c}"' for c in cols)
                    rows = conn.execute(f"SELECT {names} FROM {table} ORDER BY {order_by(table)}").fetchall()  # noqa: S608
                    dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
                                    rows)
                    copied[table] = len(rows)
                for table in AUTOINCREMENT:
                    row = conn.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)",
                                       (table,)).fetchone()
                    dst.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
                    if row and row[0] is not None:
                        dst.execute("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, int(row[0])))
                broken = dst.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(f"the team project has {len(broken)} broken references; nothing written", where)
            dst.execute("PRAGMA foreign_keys = ON")
            problems = check(project)
            if problems:
                raise StoreError(f"the pulled copy fails check: {problems[0]}", where)
        os.replace(part, file)
    except psycopg.Error as exc:
        raise StoreError(f"pull failed, nothing written: {first_line(exc)}", where) from exc
    finally:
        conn.close()
        for leftover in (part, part.with_name(part.name + "-wal"), part.with_name(part.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return Transfer(copied)
