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


# Issue 16: durability of open() and backup().

def _old_file(path):
    from pathlib import Path

    conn = sqlite3.connect(path)
    conn.executescript((Path(__file__).parents[1] / "data" / "schemas" / "v1.sql").read_text("utf-8"))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path


def _open_and_count(path: str) -> int:
    with Project.open(path) as p:
        return int(p.conn.execute("SELECT count(*) FROM codings").fetchone()[0])


def test_four_processes_opening_an_old_file_migrate_it_once(tmp_path):
    import multiprocessing

    path = _old_file(tmp_path / "old.db")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        counts = pool.map(_open_and_count, [str(path)] * 4)
    assert counts == [3, 3, 3, 3]
    assert len(list((tmp_path / "old.db.backups").glob("*before-migration-v1.db"))) == 1
    from interview_coder.store.check import check

    with Project.open_read_only(path) as p:
        assert p.version == migrations.SCHEMA_VERSION and check(p) == []


def test_an_empty_file_is_not_turned_into_a_project(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="an empty file, not an interview-coder project"):
        Project.open(path, create=True)
    assert path.read_bytes() == b""


def test_a_read_only_medium_opens_read_only(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from interview_coder.cli import main
    from interview_coder.store import project as project_module

    path = tmp_path / "p.db"
    with Project.open(path, create=True) as p:
        p.set_setting("coder", "ana")
    monkeypatch.setattr(project_module, "writable", lambda _path: False)
    with Project.open(path) as p:
        assert p.read_only and p.setting("coder") == "ana"
        with pytest.raises(StoreError, match="read-only"):
            p.set_setting("coder", "bo")
    runner = CliRunner()
    assert runner.invoke(main, ["status", "-p", str(path)]).exit_code == 0
    result = runner.invoke(main, ["codebook", "load", "-p", str(path),
                                  str(__import__("pathlib").Path(__file__).parents[2] / "codebooks" / "sim.yaml")])
    assert result.exit_code == 3 and "the project is read-only" in result.stderr
    assert "not an interview-coder project" not in result.stderr


def test_backup_retention_goes_by_creation_order_not_the_clock(tmp_path, monkeypatch):
    import datetime as dt

    from interview_coder.store import project as project_module

    monkeypatch.setattr(project_module, "BACKUP_KEEP", 3)
    with Project.open(tmp_path / "p.db", create=True) as p:
        made = [p.backup(reason=f"n{i}") for i in range(3)]

        class SteppedBack(dt.datetime):
            @classmethod
            def now(cls, tz=None):  # the clock was stepped back a year
                return dt.datetime(2020, 1, 1, tzinfo=tz)

        monkeypatch.setattr(project_module.dt, "datetime", SteppedBack)
        newest = p.backup(reason="before-merge")
    left = sorted(x.name for x in (tmp_path / "p.db.backups").glob("*.db"))
    assert newest.exists() and not made[0].exists()
    assert left == sorted(x.name for x in [made[1], made[2], newest])


def test_stale_part_files_are_removed_and_live_ones_kept(tmp_path):
    import os
    import time

    with Project.open(tmp_path / "p.db", create=True) as p:
        p.backup()
        folder = tmp_path / "p.db.backups"
        stale, live = folder / "p-x.db.123.part", folder / "p-y.db.456.part"
        stale.write_bytes(b"half")
        live.write_bytes(b"half")
        old = time.time() - 2 * 3600
        os.utime(stale, (old, old))
        p.backup()
    assert not stale.exists() and live.exists()


def test_a_bulk_run_syncs_the_wal_while_another_reader_is_open(tmp_path, monkeypatch):
    import os

    from interview_coder.store import project as project_module

    path = tmp_path / "p.db"
    synced = []
    real = os.fsync
    with Project.open(path, create=True) as writer, Project.open(path) as reader:
        with reader.snapshot():  # holds a read snapshot, so the checkpoint cannot finish
            monkeypatch.setattr(project_module.os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}"))
                                or real(fd))
            with writer.bulk():
                writer.set_setting("k", "v")
    assert any(name.endswith("p.db-wal") for name in synced)


def test_snapshot_reads_one_state_while_others_commit(tmp_path):
    path = tmp_path / "p.db"
    with Project.open(path, create=True) as reader, Project.open(path) as writer:
        with reader.snapshot():
            assert reader.setting("k") is None
            writer.set_setting("k", "v")
            assert reader.setting("k") is None  # still the snapshot's state
        assert reader.setting("k") == "v"
