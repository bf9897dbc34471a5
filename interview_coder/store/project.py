"""Opening a project file, its transactions, migrations and backups."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interview_coder.errors import StoreError
from interview_coder.store import migrations

DEFAULT_PROJECT = "interview_coder.db"
BUSY_TIMEOUT_MS = 5_000
LOCK_RETRIES = 8
BACKUP_KEEP = 10


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Project:
    """An open project file. Every write goes through :meth:`transaction`."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self._depth = 0
        self.lock_retries = LOCK_RETRIES
        """Tries at BEGIN IMMEDIATE while another writer holds the lock; the workbench makes it 1
        (with a short busy timeout) and retries itself, showing that it waits, so input never blocks."""

    @classmethod
    def open(cls, path: str | os.PathLike[str], create: bool = False) -> Project:
        """Open (and, with ``create``, make) a project, migrating an older file after a backup."""
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"no project here; create one with 'interview-coder init {path}'", path)
        if path.exists() and path.is_dir():
            raise StoreError("is a folder, not a project file", path)
        try:
            conn = _connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not an interview-coder project ({exc})", path) from exc
        if version > migrations.SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"written by a newer interview-coder (schema {version}); this one reads up to "
                f"schema {migrations.SCHEMA_VERSION}: upgrade interview-coder", path)
        if version == 0 and tables:
            conn.close()
            raise StoreError("an SQLite file, but not an interview-coder project", path)
        project = cls(path, conn)
        if version < migrations.SCHEMA_VERSION:
            project._migrate(version)
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit that returned is on disk, even if the machine loses power next.
        conn.execute("PRAGMA synchronous = FULL")
        return project

    def _migrate(self, version: int) -> None:
        if version > 0:
            self.backup(reason=f"before-migration-v{version}")
        # Table rebuilds run with foreign keys off (a DROP would cascade), checked before the commit.
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():
                for script in migrations.steps(version):
                    # executescript would COMMIT; run statement by statement inside our transaction.
                    for statement in _statements(script):
                        self.conn.execute(statement)
                broken = self.conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(f"migration would break {len(broken)} references; file left as it was",
                                     self.path)
                self.conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: BEGIN IMMEDIATE (retrying while another writer holds the lock) ... COMMIT."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        retries = self.lock_retries
        for attempt in range(retries):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == retries - 1:
                    raise StoreError("the project is locked by another writer; try again", self.path) from exc
                time.sleep(0.05 * 2**attempt)
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many transactions in a row (import, merge): each still atomic, fsync'd once at the end.

        With WAL and synchronous=NORMAL a committed transaction survives a killed process; only a
        power cut during the run could lose its latest files, and an import can be run again.
        """
        self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # syncs the WAL to disk

    def backup(self, dest: str | os.PathLike[str] | None = None, reason: str = "manual") -> Path:
        """A consistent copy with SQLite's online backup API; automatic ones keep the newest BACKUP_KEEP."""
        if dest is None:
            folder = self.path.with_name(self.path.name + ".backups")
            folder.mkdir(exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            target = folder / f"{self.path.stem}-{stamp}-{reason}.db"
        else:
            target = Path(dest)
            if target.is_dir():
                target = target / f"{self.path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
        tmp = target.with_name(target.name + ".part")
        out = sqlite3.connect(tmp)
        try:
            self.conn.backup(out)
        finally:
            out.close()
        os.replace(tmp, target)
        if dest is None:
            old = sorted(target.parent.glob(f"{self.path.stem}-*.db"))
            for stale in old[:-BACKUP_KEEP]:
                stale.unlink()
        return target

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def coder_id(self, name: str) -> int:
        """The id of a coder, adding the coder on first use (inside the caller's transaction)."""
        row = self.conn.execute("SELECT id FROM coders WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute("INSERT INTO coders(name, created_at) VALUES (?, ?)", (name, now()))
        return int(cur.lastrowid or 0)


def _statements(script: str) -> list[str]:
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buf.append(line)
        if sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf))
            buf = []
    return out
