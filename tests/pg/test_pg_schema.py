"""store/pg/schema.sql is the SQLite schema: the same tables, columns, keys, indexes and views (not the
SQLite-only full-text index of schema 5)."""

from __future__ import annotations

from pathlib import Path

import psycopg

from interview_coder.store.migrations import SCHEMA_VERSION, VIEWS
from interview_coder.store.pg.server import migrate
from interview_coder.store.pg.transfer import TABLES
from interview_coder.store.project import Project


def _sqlite_shape(path: Path) -> tuple[dict[str, list[tuple[str, bool]]], set[str]]:
    with Project.open(path, create=True) as project:
        conn = project.conn
        # the full-text index of passage words (schema 5) is SQLite's own: the team server searches text
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'passage_index%'")]
        # (column, NOT NULL); a primary key column counts as NOT NULL (PostgreSQL's rule; SQLite lets
        # a non-integer key hold NULL, which no interview-coder writer does)
        shape = {n: [(r[1], bool(r[3] or r[5])) for r in conn.execute(f"PRAGMA table_info({n})")]
                 for n in names}
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    return shape, indexes


def test_same_tables_columns_and_indexes(tmp_path: Path, pg_url: str) -> None:
    shape, indexes = _sqlite_shape(tmp_path / "p.db")
    assert set(shape) == {*TABLES, *VIEWS}
    with psycopg.connect(pg_url) as conn:
        migrate(conn, 0, pg_url)
        pg: dict[str, list[tuple[str, bool]]] = {}
        for table, column, nullable in conn.execute(
                "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"):
            pg.setdefault(table, []).append((column, nullable == "NO"))
        pg_indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}
        version = conn.execute("SELECT version FROM schema_version").fetchone()
    assert pg.pop("schema_version") == [("version", True), ("one", True)]
    for view in VIEWS:  # a view's columns are nullable in PostgreSQL's catalogue: compare names only
        assert [c for c, _ in pg.pop(view)] == [c for c, _ in shape.pop(view)], view
    assert pg == shape
    assert indexes <= pg_indexes
    assert version == (SCHEMA_VERSION,)
