"""The server restarted during work: every acknowledged coding is kept, and the client reconnects by
itself (the next action runs on a new connection). It restarts the shared cluster; the tests after it
connect anew."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from pgcluster import Cluster
from pgdata import full_project
from teamdata import BOOK

from interview_coder.errors import StoreError
from interview_coder.store.codings import apply_code
from interview_coder.store.pg.transfer import push
from interview_coder.store.project import Project


def test_acknowledged_codings_survive_a_crash_of_the_server(tmp_path: Path, pg_url: str, pg_cluster: Cluster) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    with Project.open(pg_url) as project:
        passages = [r[0] for r in project.conn.execute("SELECT passage_id FROM counted_passages ORDER BY 1")]
        work = [(p, c.id) for p in passages for c in BOOK.codes]
        acknowledged = [apply_code(project, p, c, "alice") for p, c in work[:10]]
        pg_cluster.restart()
        # between two actions: the lost connection is noticed at BEGIN and opened again
        after = [apply_code(project, p, c, "alice") for p, c in work[10:15]]
    with psycopg.connect(pg_url, autocommit=True) as again:
        stored = {r[0] for r in again.execute("SELECT id FROM codings")}
    assert set(acknowledged) | set(after) <= stored


def test_a_connection_lost_inside_an_action_is_reported_not_acknowledged(tmp_path: Path, pg_url: str,
                                                                          pg_cluster: Cluster) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    with Project.open(pg_url) as project:
        passage = project.conn.execute("SELECT min(passage_id) FROM counted_passages").fetchone()[0]
        with pytest.raises((sqlite3.OperationalError, StoreError)), project.transaction() as conn:
            conn.execute("UPDATE settings SET value = value")
            pg_cluster.restart()
            conn.execute("SELECT 1")  # the action is cut off: nothing of it was committed
        made = apply_code(project, passage, "rnd", "alice")  # the retry, on a new connection
        assert project.conn.execute("SELECT count(*) FROM codings WHERE id = ?", (made,)).fetchone()[0] == 1
