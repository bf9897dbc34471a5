"""push and pull: a file project to a team project and back, row for row, ids and sequences kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from pgdata import full_project, table_rows

from interview_coder.errors import InputError, StoreError
from interview_coder.store import codings, migrations
from interview_coder.store.check import check
from interview_coder.store.pg.server import open_team
from interview_coder.store.pg.transfer import TABLES, order_by, pull, push
from interview_coder.store.project import Project


def _sqlite(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_push_then_pull_gives_equal_rows_in_every_table(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    pushed = push(study, pg_url)
    pulled = pull(pg_url, tmp_path / "copy.db")
    a, b = _sqlite(study), _sqlite(tmp_path / "copy.db")
    for table in TABLES:
        assert table_rows(a, table, order_by(table)) == table_rows(b, table, order_by(table)), table
    # hand-counted from pgdata.full_project: 3 codings by alice and bob are left (one removed, one undone)
    assert pushed.rows["codings"] == pulled.rows["codings"] == 3
    assert pushed.rows["memos"] == 2 and pushed.rows["passage_reviews"] == 1  # a passage and a code memo
    assert pushed.rows["coders"] == 2
    assert table_rows(a, "sqlite_sequence", "name") == table_rows(b, "sqlite_sequence", "name")
    assert b.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    with Project.open(tmp_path / "copy.db") as copy:
        assert check(copy) == []


def test_pushed_views_read_as_on_the_file(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    push(study, pg_url)
    a = _sqlite(study)
    with psycopg.connect(pg_url) as conn:
        for view in migrations.VIEWS:
            n = len(a.execute(f"SELECT * FROM {view} LIMIT 1").description)  # noqa: S608
            order = ", ".join(str(i) for i in range(1, n + 1))
            mine = [tuple(r) for r in a.execute(f"SELECT * FROM {view} ORDER BY {order}")]  # noqa: S608
            theirs = [tuple(r) for r in conn.execute(f"SELECT * FROM {view} ORDER BY {order}")]  # noqa: S608
            assert mine and mine == theirs, view


def test_new_ids_continue_above_removed_and_remembered_ones(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    a = _sqlite(study)
    seq = a.execute("SELECT seq FROM sqlite_sequence WHERE name = 'codings'").fetchone()[0]
    assert seq > a.execute("SELECT max(id) FROM codings").fetchone()[0]  # removed and undone ids are taken
    push(study, pg_url)
    with psycopg.connect(pg_url) as conn:
        new = conn.execute("INSERT INTO codings(passage_id, code_id, coder_id, status, origin, created_at, updated_at) "
                           "SELECT passage_id, 'rnd', coder_id, 'accepted', 'manual', 'x', 'x' FROM codings "
                           "ORDER BY id LIMIT 1 RETURNING id").fetchone()
        assert new is not None and new[0] == seq + 1


def test_push_needs_an_empty_database_and_writes_nothing_on_failure(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    with sqlite3.connect(study) as raw:  # PostgreSQL's text cannot hold NUL: the history table's copy fails
        last, payload = raw.execute("SELECT id, payload FROM history ORDER BY id DESC LIMIT 1").fetchone()
        raw.execute("UPDATE history SET payload = ? WHERE id = ?", (payload + "\x00", last))
    with pytest.raises(StoreError, match="push failed at table history, nothing written: .*NUL"):
        push(study, pg_url)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
    with sqlite3.connect(study) as raw:
        raw.execute("UPDATE history SET payload = ? WHERE id = ?", (payload, last))
    push(study, pg_url)
    with pytest.raises(InputError, match="already holds a team project"):
        push(study, pg_url)


def test_a_database_of_other_tables_is_refused(tmp_path: Path, pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE sales (id integer)")
    with pytest.raises(StoreError, match="not an interview-coder project"):
        push(full_project(tmp_path / "study.db"), pg_url)
    with pytest.raises(StoreError, match="not an interview-coder project"):
        pull(pg_url, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_version_rules_as_for_files(tmp_path: Path, pg_url: str) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    open_team(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (migrations.SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer interview-coder"):
        open_team(pg_url)
    with pytest.raises(StoreError, match="newer interview-coder"):
        pull(pg_url, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_pull_never_overwrites(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    push(study, pg_url)
    with pytest.raises(InputError, match="already exists"):
        pull(pg_url, study)


def test_a_coding_made_on_the_server_can_be_undone_in_a_pulled_copy(tmp_path: Path, pg_url: str) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    with Project.open(pg_url) as team:
        passage = team.conn.execute("SELECT id FROM passages WHERE role = 'respondent' ORDER BY id DESC LIMIT 1"
                                    ).fetchone()
        assert passage is not None
        made = codings.apply_code(team, passage[0], "rnd", "bob")
        assert codings.apply_code(team, passage[0], "rnd", "bob") == made  # applying twice is a no-op
    pull(pg_url, tmp_path / "copy.db")
    with Project.open(tmp_path / "copy.db") as copy:
        assert check(copy) == []
        assert copy.conn.execute("SELECT count(*) FROM codings WHERE id = ?", (made,)).fetchone()[0] == 1
        assert codings.undo(copy, "bob") is not None
        assert copy.conn.execute("SELECT count(*) FROM codings WHERE id = ?", (made,)).fetchone()[0] == 0
        assert check(copy) == []
