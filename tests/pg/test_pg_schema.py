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


def test_a_file_migration_runs_on_the_server_without_its_sqlite_only_statements() -> None:
    from interview_coder.store.dialect import server_steps

    step = """
-- schema n -> n+1: a full-text index (SQLite only) and a new column
CREATE VIRTUAL TABLE passage_fts USING fts5(text, content='passages', content_rowid='id');
CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
    INSERT INTO passage_fts(rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO passage_fts(rowid, text) SELECT id, text FROM passages;
ALTER TABLE codings ADD COLUMN weight REAL;
UPDATE sqlite_sequence SET seq = seq WHERE name = 'codings';
"""
    assert server_steps(step) == ["ALTER TABLE codings ADD COLUMN weight double precision"]


def test_the_notebook_api_opens_a_team_project(tmp_path: Path, pg_url: str) -> None:
    from pgdata import full_project

    from interview_coder.api import ProjectAPI
    from interview_coder.store.pg.transfer import push

    study = full_project(tmp_path / "study.db")
    with ProjectAPI.open(study) as local:
        expected = [local.frequencies(by="group").to_dict("records"), local.codings().to_dict("records"),
                    local.quotes("customers").to_dict("records")]
    push(study, pg_url)
    with ProjectAPI.open(pg_url) as team:
        assert [team.frequencies(by="group").to_dict("records"), team.codings().to_dict("records"),
                team.quotes("customers").to_dict("records")] == expected
