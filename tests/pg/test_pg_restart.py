"""The server restarted during work: every acknowledged coding is kept, the one in flight is reported
and applies on a new connection. It restarts the shared cluster; the tests after it connect anew."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from pgcluster import Cluster
from pgdata import full_project
from teamdata import BOOK

from interview_coder.store.pg.transfer import push
from interview_coder.store.pg.writer import ConnectionLost, apply_code


def test_acknowledged_codings_survive_a_crash_of_the_server(tmp_path: Path, pg_url: str, pg_cluster: Cluster) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    conn = psycopg.connect(pg_url, autocommit=True)
    passages = [r[0] for r in conn.execute("SELECT id FROM passages WHERE role = 'respondent' ORDER BY id")]
    work = [(p, c.id) for p in passages for c in BOOK.codes]
    acknowledged = [apply_code(conn, p, c, "alice") for p, c in work[:10]]
    pg_cluster.restart()
    with pytest.raises(ConnectionLost, match="was not acknowledged: apply it again"):
        apply_code(conn, *work[10], "alice")
    conn.close()
    with psycopg.connect(pg_url, autocommit=True) as again:
        retried = apply_code(again, *work[10], "alice")
        stored = {r[0] for r in again.execute("SELECT id FROM codings")}
    assert set(acknowledged) | {retried} <= stored
