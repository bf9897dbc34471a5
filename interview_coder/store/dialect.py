"""Where SQLite and PostgreSQL differ, in one place: the store writes SQLite's SQL, and a team project's
connection (:class:`PgConnection`) offers what the store uses of ``sqlite3`` over psycopg 3.

The store's SQL is translated statement by statement (cached: a statement is translated once per
process) by these rules, applied outside string literals and quoted names:

* parameters ``?`` become ``%s`` (and a literal ``%`` becomes ``%%``);
* ``INSERT OR IGNORE`` becomes ``INSERT ... ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` becomes
  ``ON CONFLICT (primary key) DO UPDATE`` of the inserted columns;
* null-safe equality ``a IS b`` / ``a IS NOT b`` becomes ``IS [NOT] DISTINCT FROM``;
* ``LIKE`` becomes ``ILIKE`` (SQLite's LIKE ignores ASCII case);
* ``CAST(x AS REAL)`` / ``AS INTEGER`` become ``double precision`` / ``bigint``;
* SQLite's ``temp.`` schema is ``pg_temp.``; a condition written ``1`` or ``0`` is ``true``/``false``;
* a subquery in FROM or JOIN without a name gets one;
* ``lastrowid``: an INSERT into a table with an ``id`` gets ``RETURNING id``.

What the rules leave alone is made to read the same on the server (store/pg/compat.sql): the
aggregates ``group_concat(x[, sep])`` and the function ``instr``; an INSERT of a NULL ``id`` takes the
next id, as SQLite's INTEGER PRIMARY KEY does. Results read as SQLite's do: a boolean is 0 or 1,
a ``numeric`` (sum, avg) an int or a float, a row by index and by name like ``sqlite3.Row``. Errors are
raised as ``sqlite3``'s exception types (IntegrityError, OperationalError, DatabaseError), so the
store's handlers hold on both engines. ``PRAGMA`` statements the store runs are answered by
:func:`_pragma` (the schema version from ``schema_version``; the rest are SQLite's file settings).

A SQLite connection never passes through here: its SQL runs untranslated.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from typing import Any

POSTGRESQL = "postgresql"
SQLITE = "sqlite"

WRITE_LOCK = 0x1C0DE5
"""The advisory lock a team project's write transaction holds: writers take turns, as SQLite's
BEGIN IMMEDIATE makes them, so the one writer's compare-and-set checks hold across machines."""

# -- translation ---------------------------------------------------------------------------------

_PIECES = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|[^'\"-]+|-", re.S)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+", re.I)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?\s*(?:\(([^)]*)\))?", re.I)
_NULL_SAFE = re.compile(r"\bIS\s+(NOT\s+)?(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b|NOT\b)", re.I)
_LIKE = re.compile(r"\bLIKE\b", re.I)
_CASTS = re.compile(r"\bAS\s+(REAL|INTEGER)\s*\)", re.I)
_RETURNING = re.compile(r"\bRETURNING\b", re.I)
_TEMP_SCHEMA = re.compile(r"\btemp\.(?=\w)", re.I)
_TRUTH = re.compile(r"\b(WHERE|AND|OR|ON|WHEN|NOT)\s+([01])\b(?=\s*(?:\)|$|AND\b|OR\b|THEN\b|ORDER\b|GROUP\b|LIMIT\b))",
                    re.I)
_FROM_SUBQUERY = re.compile(r"\b(FROM|JOIN)\s*\(\s*(SELECT|WITH)\b", re.I)
_NO_ALIAS = re.compile(r"\s*(?:$|\)|,|;|WHERE\b|GROUP\b|ORDER\b|LIMIT\b|UNION\b|EXCEPT\b|INTERSECT\b|"
                       r"(?:LEFT\s+|INNER\s+|CROSS\s+)?JOIN\b|HAVING\b|ON\b)", re.I)


def _alias_subqueries(text: str) -> str:
    """Name every subquery in FROM or JOIN that has no name (PostgreSQL 15 needs one; SQLite not)."""
    masked = "".join(p if _code(p) else p[0] + " " * (len(p) - 2) + p[-1] if len(p) > 1 else p
                     for p in _split(text))
    inserts = []
    for found in _FROM_SUBQUERY.finditer(masked):
        depth, i = 0, masked.index("(", found.start())
        for j in range(i, len(masked)):
            depth += {"(": 1, ")": -1}.get(masked[j], 0)
            if depth == 0:
                if _NO_ALIAS.match(masked, j + 1):
                    inserts.append(j + 1)
                break
    for n, at in enumerate(sorted(inserts, reverse=True)):
        text = f"{text[:at]} AS _sub{n}{text[at:]}"
    return text


def _split(sql: str) -> list[str]:
    return _PIECES.findall(sql)


def _code(piece: str) -> bool:
    return not piece.startswith(("'", '"', "--"))


_TOKENS = re.compile(r"\(|\)|,|\w+|\s+|.", re.S)
_ORDER_ENDS = frozenset({"LIMIT", "OFFSET", "FETCH", "UNION", "EXCEPT", "INTERSECT", "RETURNING", "WINDOW"})


def _order_by_at(tokens: list[str], k: int) -> bool:
    """Is ``tokens[k]`` the BY of an ORDER BY?"""
    previous = next((t for t in reversed(tokens[:k]) if t.strip()), "")
    return tokens[k].upper() == "BY" and previous.upper() == "ORDER"


def _null_order(text: str) -> str:
    """Every ORDER BY term gets SQLite's NULL order spelled out: NULLS FIRST ascending, NULLS LAST
    descending (PostgreSQL's defaults are the other way round), so both engines list rows alike."""
    tokens: list[str] = []
    for piece in _split(text):
        tokens.extend(_TOKENS.findall(piece) if _code(piece) else [piece])
    out: list[str] = []
    depth = 0
    terms: dict[int, list[int]] = {}  # depth of an open ORDER BY -> indexes in ``out`` of its current term

    def end_term(d: int, last: bool = False) -> None:
        term = [i for i in terms.get(d, []) if out[i].strip()]
        if term and "NULLS" not in {out[i].upper() for i in term}:
            out[term[-1]] += " NULLS LAST" if out[term[-1]].upper() == "DESC" else " NULLS FIRST"
        terms[d] = []
        if last:
            del terms[d]

    for k, tok in enumerate(tokens):
        if tok == ")" and depth in terms:
            end_term(depth, last=True)
        if depth in terms and tok != ")" and (tok == "," or tok.upper() in _ORDER_ENDS):
            end_term(depth, last=tok != ",")
        opened = tok == "("
        depth += opened - (tok == ")")
        owner = depth - 1 if opened else depth  # the depth whose ORDER BY this token belongs to
        if owner in terms and tok != ",":
            terms[owner].append(len(out))
        out.append(tok)
        if _order_by_at(tokens, k):
            terms[depth] = []
    for d in sorted(terms, reverse=True):
        end_term(d)
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def translate(sql: str, with_params: bool = True) -> tuple[str, bool]:
    """SQLite's ``sql`` in PostgreSQL's dialect, and whether it returns the new row's id (lastrowid)."""
    conflict = ""
    head = _INSERT_OR.match(sql)
    if head:
        sql = "INSERT INTO " + sql[head.end():]
    insert = _INSERT_INTO.match(sql)
    if head and insert:
        table, cols = insert.group(1), [c.strip().strip('"') for c in (insert.group(2) or "").split(",") if c.strip()]
        if head.group(1).upper() == "IGNORE":
            conflict = " ON CONFLICT DO NOTHING"
        else:
            keys = primary_keys().get(table, ("id",))
            rest = [c for c in cols if c not in keys]
            target = ", ".join(f'"{k}"' for k in keys)
            conflict = (f" ON CONFLICT ({target}) DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in rest)
                        if rest else f" ON CONFLICT ({target}) DO NOTHING")
    out = []
    for piece in _split(sql):
        if _code(piece):
            if with_params:
                piece = piece.replace("%", "%%").replace("?", "%s")
            piece = _NULL_SAFE.sub(lambda m: "IS DISTINCT FROM " if m.group(1) else "IS NOT DISTINCT FROM ", piece)
            piece = _LIKE.sub("ILIKE", piece)
            piece = _TEMP_SCHEMA.sub("pg_temp.", piece)
            piece = _TRUTH.sub(lambda m: f"{m.group(1)} {'true' if m.group(2) == '1' else 'false'}", piece)
            piece = _CASTS.sub(lambda m: "AS double precision)" if m.group(1).upper() == "REAL" else "AS bigint)",
                               piece)
        elif with_params and not piece.startswith("--"):
            piece = piece.replace("%", "%%")
        out.append(piece)
    text = _null_order(_alias_subqueries("".join(out).rstrip().rstrip(";")))
    returning = bool(_RETURNING.search(text))
    if conflict:
        at = _RETURNING.search(text)
        text = text[:at.start()] + conflict.strip() + " " + text[at.start():] if at else text + conflict
    wants_id = bool(insert) and not returning and insert is not None and insert.group(1) in id_tables()
    if wants_id:
        text += " RETURNING id"
    return text, wants_id


# -- the schema, from one source -----------------------------------------------------------------

def _sqlite_sql(name: str) -> str:
    return resources.files("interview_coder.store").joinpath(name).read_text("utf-8")


def _statements(script: str) -> list[str]:
    """The statements of a script, without its comments."""
    out, buf = [], []
    for piece in _split(script):
        if piece.startswith("--"):
            continue
        if _code(piece) and ";" in piece:
            *ends, rest = piece.split(";")
            for end in ends:
                buf.append(end)
                out.append("".join(buf).strip())
                buf = []
            buf.append(rest)
        else:
            buf.append(piece)
    out.append("".join(buf).strip())
    merged: list[str] = []
    for statement in (s for s in out if s):
        # a trigger's body holds statements of its own: it ends at its END
        if merged and re.match(r"CREATE\s+TRIGGER\b", merged[-1], re.I) and not re.search(r"\bEND$", merged[-1], re.I):
            merged[-1] += ";\n" + statement
        else:
            merged.append(statement)
    return merged


_SQLITE_ONLY = re.compile(r"^\s*CREATE\s+(VIRTUAL\s+TABLE|TRIGGER)\b|\bsqlite_|\bfts\d?\b|\bPRAGMA\b", re.I)


def sqlite_only(statement: str) -> bool:
    """A statement that has no meaning on the server: a virtual (full-text) table, its triggers, and
    SQLite's own tables and pragmas. Search falls back to scanning where its index is absent."""
    return bool(_SQLITE_ONLY.search(statement))


_TYPES = [
    (re.compile(r"\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?", re.I), "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b", re.I), "bigint"),
    (re.compile(r"\bREAL\b", re.I), "double precision"),
    (re.compile(r"\bTEXT\b", re.I), "text"),
]


def ddl(statement: str) -> str:
    """One statement of SQLite's schema in PostgreSQL's dialect: an INTEGER PRIMARY KEY (with or
    without AUTOINCREMENT) is a bigint identity, INTEGER is bigint, REAL double precision."""
    out = []
    for piece in _split(statement):
        if _code(piece):
            for pattern, replacement in _TYPES:
                piece = pattern.sub(replacement, piece)
        out.append(piece)
    return "".join(out)


def server_steps(script: str) -> list[str]:
    """A SQLite migration script as the server runs it: :func:`ddl` of each statement that is not
    :func:`sqlite_only` and names no virtual table of the file (the script's or the schema's) or a
    table named after one (``<virtual>_...``), its
    ``?`` left alone (migrations take no parameters)."""
    return [translate(ddl(s), with_params=False)[0] for s in _server_statements(script)]


def _server_statements(script: str) -> list[str]:
    statements = _statements(script)
    virtual = {m.group(1).lower() for s in statements + _statements(_sqlite_sql("schema.sql"))
               if (m := re.match(r"CREATE\s+VIRTUAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)", s, re.I))}
    # a virtual table's companions share its name as a prefix (FTS5's own shadow tables, and the
    # pending list store/passage_index.py keeps): passage_index, passage_index_pending, ...
    names = re.compile(r"\b(" + "|".join(map(re.escape, sorted(virtual))) + r")(_\w+)?\b", re.I) if virtual else None
    return [s for s in statements if not sqlite_only(s) and not (names and names.search(s))]


def postgresql_schema() -> str:
    """A team project's schema: store/schema.sql and views.sql through :func:`ddl`, then the
    server-only parts (schema_version, compat.sql). Generated, so the two schemas cannot drift."""
    parts = [
        "CREATE TABLE schema_version (\n    version integer NOT NULL,\n"
        "    one boolean PRIMARY KEY DEFAULT true CHECK (one)\n)",
    ]
    for name in ("schema.sql", "views.sql"):
        parts += [ddl(s) for s in _server_statements(_sqlite_sql(name))]
    return ";\n\n".join(parts) + ";\n\n" + compat_sql()


def compat_sql() -> str:
    text = resources.files("interview_coder.store.pg").joinpath("compat.sql").read_text("utf-8")
    tables = ", ".join(f"'{t}'" for t in sorted(id_tables()))
    return text.replace("{id_tables}", tables)


@functools.cache
def _schema_tables() -> dict[str, str]:
    tables = {}
    for statement in _statements(_sqlite_sql("schema.sql")):
        found = re.match(r"CREATE\s+TABLE\s+(\w+)\s*\((.*)\)\s*$", statement, re.S | re.I)
        if found:
            tables[found.group(1)] = found.group(2)
    return tables


@functools.cache
def id_tables() -> frozenset[str]:
    """Tables whose rows have an integer ``id`` (SQLite's rowid alias; an identity column here)."""
    return frozenset(t for t, body in _schema_tables().items()
                     if re.search(r"^\s*id\s+INTEGER\s+PRIMARY\s+KEY", body, re.M | re.I))


@functools.cache
def primary_keys() -> dict[str, tuple[str, ...]]:
    """Each table's primary key columns, from store/schema.sql."""
    keys: dict[str, tuple[str, ...]] = {}
    for table, body in _schema_tables().items():
        found = re.search(r"PRIMARY\s+KEY\s*\(([^)]*)\)", body, re.I)
        if found:
            keys[table] = tuple(c.strip().strip('"') for c in found.group(1).split(","))
        else:
            column = re.search(r"^\s*\"?(\w+)\"?\s+\w+\s+PRIMARY\s+KEY", body, re.M | re.I)
            if column:
                keys[table] = (column.group(1),)
    return keys


# -- rows and cursors ----------------------------------------------------------------------------

class Row:
    """A result row read by index and by (case-insensitive) name, as ``sqlite3.Row`` is."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]):
        self._index = index
        self._values = tuple(values)

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._index[key.lower()]]
            except KeyError:
                raise IndexError(f"No item with that key: {key}") from None
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self._values == other._values and self._index == other._index

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row{self._values!r}"


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name.lower(), i)
    return lambda values: Row(index, values)


class Cursor:
    """The part of ``sqlite3.Cursor`` the store uses, over a psycopg cursor."""

    def __init__(self, raw: Any = None, lastrowid: int | None = None, rows: list[Any] | None = None):
        self._raw = raw
        self.lastrowid = lastrowid
        self._rows = rows
        self.rowcount = raw.rowcount if raw is not None else -1

    @property
    def description(self) -> Any:
        return None if self._raw is None else self._raw.description

    def fetchone(self) -> Any:
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        if self._raw is None or self._raw.description is None:
            return None
        return _mapped(self._raw.fetchone)

    def fetchall(self) -> list[Any]:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        if self._raw is None or self._raw.description is None:
            return []
        return list(_mapped(self._raw.fetchall))

    def fetchmany(self, size: int = 1) -> list[Any]:
        if self._rows is not None:
            rows, self._rows = self._rows[:size], self._rows[size:]
            return rows
        if self._raw is None or self._raw.description is None:
            return []
        return list(_mapped(self._raw.fetchmany, size))

    def __iter__(self) -> Iterator[Any]:
        while True:
            rows = self.fetchmany(500)
            if not rows:
                return
            yield from rows

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()


def _mapped(call: Any, *args: Any) -> Any:
    import psycopg

    try:
        return call(*args)
    except psycopg.Error as exc:
        raise as_sqlite_error(exc) from exc


def as_sqlite_error(exc: BaseException) -> sqlite3.Error:
    """A psycopg error as the ``sqlite3`` exception type the store's handlers catch."""
    import psycopg

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.IntegrityError):
        return sqlite3.IntegrityError(text)
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return sqlite3.OperationalError(f"interrupted ({text})")
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return sqlite3.OperationalError(f"not allowed for this coder's role: {text}")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return sqlite3.OperationalError(f"connection to the team server lost or refused: {text}")
    return sqlite3.DatabaseError(text)


# -- the connection ------------------------------------------------------------------------------

def _adapt(conn: Any) -> None:
    """Results as SQLite gives them: booleans 0/1, numeric sums and averages as int or float; a
    Python bool is sent as 0/1 (the store's flags are integer columns)."""
    from psycopg.adapt import Dumper, Loader
    from psycopg.postgres import types

    class IntBool(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    class Number(Loader):
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)

    class BoolAsInt(Dumper):
        oid = types["int8"].oid

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    conn.adapters.register_loader("bool", IntBool)
    conn.adapters.register_loader("numeric", Number)
    conn.adapters.register_dumper(bool, BoolAsInt)


class PgConnection:
    """A team project's connection, offering what the store uses of ``sqlite3.Connection``.

    Autocommit, as the store's SQLite connections are (isolation_level None): the store's own
    BEGIN ... COMMIT make its transactions. Outside a transaction a lost connection is opened again
    before the next statement; inside one the error reaches the caller (nothing was acknowledged).
    """

    dialect = POSTGRESQL

    def __init__(self, url: str):
        self.url = url
        self.total_changes = 0
        self.in_transaction = False
        self.lock_timeout_ms = 5_000
        """How long a statement waits for a lock (SQLite's busy timeout; kept across reconnects)."""
        self._lock = threading.RLock()
        self.raw = self._connect()

    def _connect(self) -> Any:
        import psycopg

        from interview_coder.store.pg.server import connect

        conn = connect(self.url, autocommit=True)
        # Parameters bound on the client, as SQLite binds them: a bare `? IS NULL` or `SELECT ?` needs
        # no type, where the server's own binding could not infer one.
        conn.cursor_factory = psycopg.ClientCursor
        _adapt(conn)
        conn.row_factory = _row_factory
        try:
            conn.execute(f"SET lock_timeout = '{int(self.lock_timeout_ms)}ms'")
        except psycopg.Error as exc:
            raise as_sqlite_error(exc) from exc
        return conn

    @property
    def broken(self) -> bool:
        return bool(self.raw.closed or self.raw.broken)

    def reconnect(self) -> None:
        """A new connection after a lost one (outside a transaction only)."""
        try:
            self.raw.close()
        except Exception:
            pass
        self.raw = self._connect()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        pragma = _pragma(self, sql)
        if pragma is not None:
            return pragma
        word = sql.lstrip()[:12].upper()
        if word.startswith(("BEGIN", "COMMIT", "ROLLBACK", "END")) and not word.startswith("ROLLBACK TO"):
            return self._control(word, sql)
        text, wants_id = translate(sql, bool(params))
        return self._run(text, tuple(params) if params else None, wants_id)

    def _control(self, word: str, sql: str) -> Cursor:
        if word.startswith("BEGIN"):
            immediate = "IMMEDIATE" in sql.upper()
            self._run("BEGIN" if immediate else sql, None)
            self.in_transaction = True
            if immediate:
                # BEGIN IMMEDIATE: a write transaction, writers one at a time (WRITE_LOCK). A lock not
                # granted within lock_timeout reads as SQLite's "database is locked" (retried).
                try:
                    self._run(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})", None)
                except sqlite3.Error as exc:
                    self._control("ROLLBACK", "ROLLBACK")
                    raise sqlite3.OperationalError(f"database is locked ({exc})") from exc
            return Cursor()
        self.in_transaction = False
        if word.startswith("ROLLBACK") and self.broken:
            return Cursor()  # the server rolled back when the connection went
        return self._run("COMMIT" if word.startswith(("COMMIT", "END")) else "ROLLBACK", None)

    def _run(self, text: str, params: tuple[Any, ...] | None, wants_id: bool = False) -> Cursor:
        import psycopg

        with self._lock:
            if not self.in_transaction and self.broken:
                self.reconnect()
            try:
                raw = self.raw.execute(text, params)
            except psycopg.Error as exc:
                if not (self._retryable(text) and self.broken):
                    raise as_sqlite_error(exc) from exc
                # The server went away between two transactions (a restart): nothing of this statement
                # can have been done, so it runs again on a new connection.
                try:
                    self.reconnect()
                    raw = self.raw.execute(text, params)
                except psycopg.Error as again:
                    raise as_sqlite_error(again) from again
            if raw.rowcount > 0 and raw.statusmessage and raw.statusmessage.split()[0] in ("INSERT", "UPDATE",
                                                                                          "DELETE"):
                self.total_changes += raw.rowcount
            if wants_id:
                row = raw.fetchone()
                return Cursor(raw, lastrowid=int(row[0]) if row else None, rows=[])
            return Cursor(raw)

    def _retryable(self, text: str) -> bool:
        """A statement that changes nothing when it runs outside a transaction: BEGIN, or a read."""
        return not self.in_transaction and text.lstrip()[:6].upper() in ("BEGIN", "SELECT")

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        import psycopg

        text, wants_id = translate(sql, True)
        if wants_id:
            text = text[: -len(" RETURNING id")]
        with self._lock:
            if not self.in_transaction and self.broken:
                self.reconnect()
            cur = self.raw.cursor()
            try:
                cur.executemany(text, [tuple(r) for r in rows])
            except psycopg.Error as exc:
                raise as_sqlite_error(exc) from exc
            if cur.rowcount > 0:
                self.total_changes += cur.rowcount
            return Cursor(cur)

    def executescript(self, script: str) -> None:
        for statement in _statements(script):
            if not sqlite_only(statement):
                self.execute(statement)

    def iterdump(self) -> Iterator[str]:
        """Every row of every table as a line, in a stable order (what ``sqlite3``'s dump is used for
        here: seeing that nothing changed)."""
        tables = [r[0] for r in self._run("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                          "ORDER BY tablename", None).fetchall()]
        for table in tables:
            cur = self._run(f'SELECT * FROM "{table}" LIMIT 0', None)  # noqa: S608 - catalogue names
            order = ", ".join(str(i + 1) for i in range(len(cur.description or ())))
            for row in self._run(f'SELECT * FROM "{table}" ORDER BY {order}', None).fetchall():  # noqa: S608
                yield f"{table}: {tuple(row)!r}"

    def cursor(self) -> PgConnection:
        return self

    def interrupt(self) -> None:
        """Cancel the statement running now (another thread's), as ``sqlite3``'s interrupt does."""
        self.raw.cancel_safe()

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


def _pragma(conn: PgConnection, sql: str) -> Cursor | None:
    """SQLite's PRAGMAs as a team project answers them; None for a statement that is not one."""
    found = re.match(r"\s*PRAGMA\s+(\w+)\s*(?:\(\s*\"?(\w+)\"?\s*\))?\s*(=.*)?$", sql, re.I | re.S)
    if not found:
        return None
    name, arg = found.group(1).lower(), found.group(2)
    if name == "user_version" and not found.group(3):
        return conn._run("SELECT version AS user_version FROM schema_version", None)
    if name == "table_info" and arg:
        # (cid, name, type, notnull, dflt_value, pk), as SQLite lists a table's columns
        return conn._run(
            "SELECT c.ordinal_position - 1, c.column_name, upper(c.data_type), (c.is_nullable = 'NO')::int, "
            "c.column_default, coalesce((SELECT k.ordinal_position FROM information_schema.key_column_usage k "
            "JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name "
            "AND t.table_name = k.table_name WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name "
            "AND k.column_name = c.column_name), 0) FROM information_schema.columns c "
            "WHERE c.table_schema = 'public' AND c.table_name = %s ORDER BY c.ordinal_position", (arg,))
    if name == "busy_timeout" and found.group(3):
        # how long a statement waits for a lock: SQLite's busy timeout is PostgreSQL's lock_timeout
        conn.lock_timeout_ms = int(found.group(3).strip("= ;"))
        return conn._run(f"SET lock_timeout = '{conn.lock_timeout_ms}ms'", None)
    # foreign_keys (always on here), foreign_key_check (always kept),
    # journal_mode, synchronous, wal_checkpoint: SQLite's file settings, nothing to do on a server.
    return Cursor(rows=[])
