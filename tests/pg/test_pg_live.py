"""Live updates: a colleague's committed coding reaches a listening connection within a second."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
from pgdata import full_project

from interview_coder.store.codings import apply_code
from interview_coder.store.pg.live import CodingChange, Listener
from interview_coder.store.pg.transfer import push
from interview_coder.store.project import Project


def test_a_second_connection_sees_a_new_coding_within_a_second(tmp_path: Path, pg_url: str) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    with Listener(pg_url) as listener, psycopg.connect(pg_url, autocommit=True) as colleague:
        passage, bob = colleague.execute(
            "SELECT p.id, k.id FROM passages p, coders k WHERE p.role = 'respondent' AND k.name = 'bob' "
            "ORDER BY p.id LIMIT 1").fetchone() or (0, 0)
        with colleague.transaction():  # nothing is heard before the commit, nor of a rollback
            colleague.execute("UPDATE codings SET memo = 'tmp' WHERE id = (SELECT min(id) FROM codings)")
            assert listener.changes(timeout=0.2) == []
        listener.changes(timeout=0.5)  # the committed memo change, drained
        start = time.monotonic()
        with Project.open(pg_url) as team:  # the store's one writer on the team project
            coding = apply_code(team, passage, "rnd", "bob")
        heard = listener.changes(timeout=1.0, limit=1)
        assert time.monotonic() - start < 1.0
    assert heard == [CodingChange("insert", coding, passage, "rnd", bob, "accepted")]


def test_a_rolled_back_change_is_never_announced(tmp_path: Path, pg_url: str) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    with Listener(pg_url) as listener, psycopg.connect(pg_url) as colleague:
        colleague.execute("DELETE FROM codings")
        colleague.rollback()
        assert listener.changes(timeout=0.3) == []
        colleague.execute("DELETE FROM codings")
        colleague.commit()
        # hand-counted: the project holds 3 codings
        assert [c.op for c in listener.changes(timeout=1.0, limit=3)] == ["delete"] * 3
