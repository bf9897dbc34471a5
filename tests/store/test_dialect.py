"""The dialect's SQL translation (store/dialect.py), read without a server: what each engine would
run must mean the same. (The same statements run on PostgreSQL in tests/pg and --engine postgresql.)"""

from __future__ import annotations

import sqlite3

import pytest

from interview_coder.store.dialect import translate


@pytest.mark.parametrize(("sqlite_sql", "server_sql"), [
    ("SELECT a FROM t ORDER BY a, b DESC LIMIT 5", "SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST LIMIT 5"),
    ("SELECT string_agg(x, ',' ORDER BY x) FROM (SELECT x FROM t ORDER BY y DESC NULLS FIRST) s ORDER BY 1",
     "SELECT string_agg(x, ',' ORDER BY x NULLS FIRST) FROM (SELECT x FROM t ORDER BY y DESC NULLS FIRST) s "
     "ORDER BY 1 NULLS FIRST"),
    ("SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t GROUP BY a",
     "SELECT row_number() OVER (PARTITION BY a ORDER BY b NULLS FIRST) FROM t GROUP BY a"),
    ("SELECT a FROM t WHERE b = 'ORDER BY x' ORDER BY \"end\"",
     "SELECT a FROM t WHERE b = 'ORDER BY x' ORDER BY \"end\" NULLS FIRST"),
    ("SELECT a FROM t ORDER BY coalesce(a, 0), lower(b) ASC",
     "SELECT a FROM t ORDER BY coalesce(a, 0) NULLS FIRST, lower(b) ASC NULLS FIRST"),
])
def test_order_by_spells_out_sqlites_null_order(sqlite_sql: str, server_sql: str) -> None:
    """SQLite puts NULLs first ascending and last descending; PostgreSQL the other way round. A
    whole-passage coding (start NULL) listed last on a team project and first in a file."""
    assert translate(sqlite_sql, with_params=False)[0] == server_sql


def test_sqlite_itself_orders_nulls_as_the_translation_says() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?)", [(2,), (None,), (1,)])
    assert [r[0] for r in conn.execute("SELECT a FROM t ORDER BY a")] == [None, 1, 2]
    assert [r[0] for r in conn.execute("SELECT a FROM t ORDER BY a DESC")] == [2, 1, None]
    assert [r[0] for r in conn.execute("SELECT a FROM t ORDER BY a NULLS FIRST")] == [None, 1, 2]
    assert [r[0] for r in conn.execute("SELECT a FROM t ORDER BY a DESC NULLS LAST")] == [2, 1, None]
