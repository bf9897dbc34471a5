"""The project file: pragmas, versions, migrations with backups, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from interview_coder.errors import StoreError
from interview_coder.store import migrations
from interview_coder.store.project import Project


def test_new_project_pragmas(tmp_path):
    with Project.open(tmp_path / "p.db", create=True) as p:
        assert p.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert p.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_newer_file_is_refused(tmp_path):
    path = tmp_path / "p.db"
    Project.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="written by a newer interview-coder"):
        Project.open(path)


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (y)")
    conn.close()
    with pytest.raises(StoreError, match="not an interview-coder project"):
        Project.open(path)


def test_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"hello, this is not a database" * 100)
    with pytest.raises(StoreError, match="not an interview-coder project"):
        Project.open(path)


def test_older_file_is_backed_up_then_migrated(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Project.open(path, create=True) as p:
        p.set_setting("keep", "me")
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, migrations.SCHEMA_VERSION - 1,
                        "CREATE TABLE added_later (x INTEGER);")
    with Project.open(path) as p:
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert p.conn.execute("SELECT count(*) FROM added_later").fetchone()[0] == 0
        assert p.setting("keep") == "me"
    backups = list((tmp_path / "p.db.backups").glob("*before-migration*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 1
    old.close()


def test_failed_transaction_rolls_back(tmp_path):
    with Project.open(tmp_path / "p.db", create=True) as p:
        with pytest.raises(RuntimeError), p.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES ('a', 'b')")
            raise RuntimeError("boom")
        assert p.setting("a") is None


def test_backup_retention(tmp_path, monkeypatch):
    from interview_coder.store import project as project_module

    monkeypatch.setattr(project_module, "BACKUP_KEEP", 3)
    with Project.open(tmp_path / "p.db", create=True) as p:
        for _ in range(5):
            p.backup(reason="test")
    assert len(list((tmp_path / "p.db.backups").glob("*.db"))) == 3
