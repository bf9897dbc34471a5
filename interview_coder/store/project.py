"""Opening a project file, its transactions, migrations and backups."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interview_coder.errors import StoreError
from interview_coder.store import migrations, passage_index

DEFAULT_PROJECT = "interview_coder.db"
BUSY_TIMEOUT_MS = 5_000
LOCK_RETRIES = 8
BACKUP_KEEP = 10


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _connect(path: Path, read_only: bool = False, immutable: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def writable(path: Path) -> bool:
    """Can this process write the file and its folder (SQLite's WAL needs both)?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


READ_ONLY_MESSAGE = "the project is read-only (a read-only file or medium): copy it somewhere writable to change it"


class Project:
    """An open project file. Every write goes through :meth:`transaction`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False, version: int = 0,
                 url: str | None = None):
        self.path = path
        """The project file; for a team project, its database name (for titles and file names)."""
        self.conn = conn
        self.url = url
        """A team project's PostgreSQL URL (None for a file); its connection is store.dialect's."""
        self.team = url is not None
        self.location = url if url is not None else str(path)
        """What ``Project.open`` opens again (another connection to the same project)."""
        self.where = str(path)
        """How messages name the project: the file, or the URL without a password."""
        self.read_only = read_only
        self.version = version
        """The schema version the file had when opened (before any migration)."""
        self._depth = 0
        self.lock_retries = LOCK_RETRIES
        """Tries at BEGIN IMMEDIATE while another writer holds the lock; the workbench makes it 1
        (with a short busy timeout) and retries itself, showing that it waits, so input never blocks."""

    @classmethod
    def open(cls, path: str | os.PathLike[str], create: bool = False) -> Project:
        """Open (and, with ``create``, make) a project, migrating an older file after a backup.

        On a read-only file or medium the project opens read-only: reads work, writes say why not.
        """
        if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
            return cls.open_team(path)
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"no project here; create one with 'interview-coder init {path}'", path)
        if path.exists() and path.is_dir():
            raise StoreError("is a folder, not a project file", path)
        if path.exists() and path.stat().st_size == 0:
            # An empty file is someone's file (a placeholder, a failed download), not a project to fill in.
            raise StoreError("an empty file, not an interview-coder project; delete it first to make a project "
                             "here", path)
        if path.exists() and not writable(path):
            project = cls.open_read_only(path)
            if project.version < migrations.SCHEMA_VERSION:
                project.close()
                raise StoreError(f"schema {project.version} needs upgrading, but {READ_ONLY_MESSAGE}", path)
            return project
        try:
            conn = _connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not an interview-coder project ({exc})", path) from exc
        _refuse_foreign(conn, path, version, tables)
        project = cls(path, conn, version=version)
        if version < migrations.SCHEMA_VERSION:
            project._migrate()
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit that returned is on disk, even if the machine loses power next.
        conn.execute("PRAGMA synchronous = FULL")
        return project

    @classmethod
    def open_team(cls, url: str) -> Project:
        """Open the team project at a PostgreSQL ``url`` (migrated if older, as a file is): the same
        store on the server's engine (store/dialect.py). Needs psycopg (the extra ``team``)."""
        from urllib.parse import unquote, urlsplit

        from interview_coder.store import dialect
        from interview_coder.store.pg import server

        where = server.shown(url)
        try:
            conn = dialect.PgConnection(url)
        except sqlite3.Error as exc:
            raise StoreError(str(exc), where) from exc
        try:
            version = server.schema_version(conn.raw, where)
        except BaseException:
            conn.close()
            raise
        if version == 0:
            conn.close()
            raise StoreError("no team project here; create one with 'interview-coder push FILE URL'", where)
        name = unquote(urlsplit(url).path.lstrip("/")) or "team"
        project = cls(Path(name), conn, version=version, url=url)  # type: ignore[arg-type]
        project.where = where
        if version < migrations.SCHEMA_VERSION:
            with project.transaction():
                # read again under the write lock: whoever migrated first, the others find it current
                if server.schema_version(conn.raw, where) < migrations.SCHEMA_VERSION:
                    server.migrate(conn.raw, version, where)
        return project

    @classmethod
    def open_read_only(cls, path: str | os.PathLike[str]) -> Project:
        """Open without ever writing: no migration, no journal-mode change, no -wal or -shm created
        where SQLite cannot (a read-only medium is opened immutable). ``version`` says the schema."""
        path = Path(path)
        if not path.is_file():
            raise StoreError("no project here", path)
        if path.stat().st_size == 0:
            raise StoreError("an empty file, not an interview-coder project", path)
        conn = None
        for immutable in (False, True):
            try:
                conn = _connect(path, read_only=True, immutable=immutable)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                break
            except sqlite3.DatabaseError as exc:
                if conn is not None:
                    conn.close()
                    conn = None
                # A WAL file on a read-only medium cannot get its -shm: read it as immutable instead.
                if immutable or not isinstance(exc, sqlite3.OperationalError):
                    raise StoreError(f"not an interview-coder project ({exc})", path) from exc
        assert conn is not None
        _refuse_foreign(conn, path, version, tables)
        return cls(path, conn, read_only=True, version=version)

    def _migrate(self) -> None:
        """Bring the file to SCHEMA_VERSION once, whoever else opens it at the same moment.

        The version is read again under the write lock: a process that waited while another
        migrated finds the file current and does nothing (no second backup, no second run).
        """
        assert not self.team, "a team project migrates on the server (open_team)"
        # Table rebuilds run with foreign keys off (a DROP would cascade), checked before the commit.
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= migrations.SCHEMA_VERSION:
                    return
                if version > 0:
                    self.backup(reason=f"before-migration-v{version}")
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
        if self.read_only:
            raise StoreError(READ_ONLY_MESSAGE, self.path)
        retries = self.lock_retries
        for attempt in range(retries):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == retries - 1:
                    raise StoreError("the project is locked by another writer; try again", self.where) from exc
                time.sleep(0.05 * 2**attempt)
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            if not self.team:  # the team server has no full-text index (store/passage_index.py)
                passage_index.catch_up(self.conn)  # passages written in this transaction join the index
            self._commit()
        finally:
            self._depth = 0

    def _commit(self) -> None:
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if not self.team or not getattr(self.conn, "broken", False):
                raise
            # The server may or may not have committed before the connection went: say so, never guess.
            raise StoreError("the connection to the team server was lost at commit: the change may not be "
                             "saved; check and apply it again (applying twice gives the same coding)",
                             self.where) from exc

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many transactions in a row (import, merge): each still atomic, fsync'd once at the end.

        With WAL and synchronous=NORMAL a committed transaction survives a killed process; only a
        power cut during the run could lose its latest files, and an import can be run again.
        A team project's server decides durability itself: nothing to change there.
        """
        if self.team:
            yield
            return
        self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            # With another reader open the checkpoint stops short and the WAL frames written under
            # synchronous=NORMAL are not yet on disk: sync the WAL file itself.
            _fsync(Path(str(self.path) + "-wal"))

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Read in one snapshot: every query inside sees the same committed state, whatever other
        writers commit meanwhile (a report run never contradicts itself). Reads only."""
        if self._depth:
            yield self.conn
            return
        if self.team:
            self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")  # READ ONLY would refuse temp tables
        else:
            self.conn.execute("BEGIN")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts at the first read
        self._depth = 1
        try:
            yield self.conn
        finally:
            self._depth = 0
            self.conn.execute("ROLLBACK")

    def backup(self, dest: str | os.PathLike[str] | None = None, reason: str = "manual") -> Path:
        """A consistent copy with SQLite's online backup API; automatic ones keep the newest BACKUP_KEEP.

        A team project's backup is a pulled project file (store/pg/transfer.py), named like a file's.
        Automatic backups are numbered in creation order (``stem-000042-UTCSTAMP-reason.db``) and
        retention goes by that number, so a clock step never deletes the newest one.
        """
        if dest is None:
            folder = self.path.with_name(self.path.name + ".backups")
            folder.mkdir(exist_ok=True)
            _remove_stale_parts(folder)
            seq = max((n for n, _ in _numbered_backups(folder, self.path.stem)), default=0) + 1
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = folder / f"{self.path.stem}-{seq:06d}-{stamp}-{reason}.db"
        else:
            target = Path(dest)
            if target.is_dir():
                target = target / f"{self.path.stem}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.db"
        if self.team:
            from interview_coder.store.pg.transfer import pull

            assert self.url is not None
            pull(self.url, target)  # one snapshot of the server, written whole or not at all
        else:
            self._copy(target)
        if dest is None:
            numbered = sorted(_numbered_backups(target.parent, self.path.stem))
            for _, stale in numbered[:-BACKUP_KEEP]:
                stale.unlink(missing_ok=True)
        return target

    def _copy(self, target: Path) -> None:
        tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
        # Inside our own write transaction (a migration) copy through a second connection: the
        # lock we hold keeps every other writer out, so the copy is still consistent.
        source = _connect(self.path) if self._depth else self.conn
        try:
            out = sqlite3.connect(tmp)
            try:
                source.backup(out)
            finally:
                out.close()
                if source is not self.conn:
                    source.close()
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def setting(self, key: str) -> str | None:
        if key == "coder" and self.team:
            # On a team project the acting coder is the connection's login role (its own coder row).
            return str(self.conn.execute("SELECT current_user").fetchone()[0])
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


def _refuse_foreign(conn: sqlite3.Connection, path: Path, version: int, tables: int) -> None:
    if version > migrations.SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"written by a newer interview-coder (schema {version}); this one reads up to "
            f"schema {migrations.SCHEMA_VERSION}: upgrade interview-coder", path)
    if version == 0 and tables:
        conn.close()
        raise StoreError("an SQLite file, but not an interview-coder project", path)


_BACKUP_NAME = re.compile(r"-(\d{6,})-\d{8}T\d+Z-")
PART_MAX_AGE_S = 3600


def _numbered_backups(folder: Path, stem: str) -> list[tuple[int, Path]]:
    """Automatic backups with their creation number; older unnumbered names count as number 0."""
    out = []
    for path in folder.glob(f"{stem}-*.db"):
        match = _BACKUP_NAME.search(path.name[len(stem):])
        out.append((int(match.group(1)) if match else 0, path))
    return out


def _remove_stale_parts(folder: Path) -> None:
    """Half-written copies left by a killed backup (a live one is younger than PART_MAX_AGE_S)."""
    cutoff = time.time() - PART_MAX_AGE_S
    for part in folder.glob("*.part"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
