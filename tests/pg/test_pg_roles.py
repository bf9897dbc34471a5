"""Who may do what, enforced by PostgreSQL: a coder's own connection, with hand-written SQL."""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from pgcluster import Cluster
from pgdata import full_project

from interview_coder.cli import main
from interview_coder.errors import InputError
from interview_coder.store.pg.roles import TeamRole, add_coder
from interview_coder.store.pg.server import open_team
from interview_coder.store.pg.transfer import pull, push


def _as(cluster: Cluster, url: str, name: str, role: TeamRole) -> str:
    """Add ``name`` with ``role`` (a fresh password in the PGPASSFILE); the URL it connects with."""
    password = secrets.token_hex(8)
    with open_team(url) as conn:
        conn.autocommit = True
        add_coder(conn, name, role, password, created_at="2026-12-01T00:00:00.000+00:00")
    cluster.add_password(name, password)
    return url.replace("postgres@", f"{name}@")


def _coding_of(conn: psycopg.Connection[Any], coder: str) -> int:
    row = conn.execute("SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id WHERE k.name = %s "
                       "ORDER BY c.id LIMIT 1", (coder,)).fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def team(tmp_path: Path, pg_url: str, pg_cluster: Cluster) -> dict[str, str]:
    push(full_project(tmp_path / "study.db"), pg_url)
    return {"admin": pg_url, **{name: _as(pg_cluster, pg_url, name, role) for name, role in
                                (("alice", TeamRole.CODER), ("bob", TeamRole.CODER),
                                 ("carol", TeamRole.OBSERVER), ("olga", TeamRole.OWNER))}}


def test_a_coder_cannot_change_another_coders_coding(team: dict[str, str]) -> None:
    with psycopg.connect(team["alice"], autocommit=True) as alice:
        bobs = _coding_of(alice, "bob")  # alice reads everyone's codings
        before = alice.execute("SELECT * FROM codings WHERE id = %s", (bobs,)).fetchone()
        assert alice.execute("UPDATE codings SET status = 'rejected' WHERE id = %s", (bobs,)).rowcount == 0
        assert alice.execute("DELETE FROM codings WHERE id = %s", (bobs,)).rowcount == 0
        assert alice.execute("SELECT * FROM codings WHERE id = %s", (bobs,)).fetchone() == before
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            alice.execute("INSERT INTO codings(passage_id, code_id, coder_id, status, origin, created_at, updated_at) "
                          "SELECT passage_id, 'rnd', coder_id, 'accepted', 'manual', 'x', 'x' FROM codings "
                          "WHERE id = %s", (bobs,))
        own = _coding_of(alice, "alice")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):  # give it away
            alice.execute("UPDATE codings SET coder_id = (SELECT id FROM coders WHERE name = 'bob') WHERE id = %s",
                          (own,))
        assert alice.execute("UPDATE codings SET status = 'rejected' WHERE id = %s", (own,)).rowcount == 1
        assert alice.execute("UPDATE memos SET text = 'mine now' "
                             "WHERE coder_id = (SELECT id FROM coders WHERE name = 'bob')").rowcount == 0
        assert alice.execute("SELECT count(*) FROM memos WHERE text = 'mine now'").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("UPDATE codes SET name = 'x'")  # the codebook is the owner's


def test_an_observer_reads_and_cannot_write(team: dict[str, str], tmp_path: Path) -> None:
    pull(team["carol"], tmp_path / "archive.db")  # an observer may take a copy
    with sqlite3.connect(tmp_path / "archive.db") as copy:
        assert copy.execute("SELECT count(*) FROM codings").fetchone() == (3,)
    with psycopg.connect(team["carol"], autocommit=True) as carol:
        assert carol.execute("SELECT count(*) FROM coding_view").fetchone() == (3,)
        for statement in ("UPDATE codings SET status = 'rejected'", "DELETE FROM memos",
                          "INSERT INTO settings VALUES ('k', 'v')",
                          "INSERT INTO passage_reviews SELECT passage_id, 1, 'x' FROM codings LIMIT 1"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                carol.execute(statement)


def test_an_owner_changes_anyones_rows(team: dict[str, str]) -> None:
    with psycopg.connect(team["olga"], autocommit=True) as olga:
        bobs = _coding_of(olga, "bob")
        assert olga.execute("UPDATE codings SET status = 'rejected' WHERE id = %s", (bobs,)).rowcount == 1
        assert olga.execute("UPDATE codes SET name = 'Customers' WHERE id = 'customers'").rowcount == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            olga.execute("UPDATE schema_version SET version = 9")


def test_coders_add_on_the_command_line(pg_url: str, pg_cluster: Cluster, tmp_path: Path) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    runner = CliRunner()
    result = runner.invoke(main, ["coders", "add", "dora", "--role", "coder", "-p", pg_url, "--password"],
                           input="s3cret-pw\ns3cret-pw\n")
    assert result.exit_code == 0, result.output
    assert "added coder dora as coder in postgresql://postgres@127.0.0.1" in result.stderr
    assert "s3cret-pw" not in result.output
    pg_cluster.add_password("dora", "s3cret-pw")
    dora_url = pg_url.replace("postgres@", "dora@")
    with psycopg.connect(dora_url) as dora:
        assert dora.execute("SELECT interview_coder_me() IS NOT NULL").fetchone() == (True,)
    result = runner.invoke(main, ["coders", "add", "dora", "--role", "observer", "-p", pg_url])
    assert result.exit_code == 0 and "changed coder dora as observer" in result.stderr
    with psycopg.connect(dora_url) as dora, pytest.raises(psycopg.errors.InsufficientPrivilege):
        dora.execute("DELETE FROM codings")
    # a coder (no CREATEROLE) cannot add coders; a file is not a team project
    result = runner.invoke(main, ["coders", "add", "eve", "-p", dora_url])
    assert result.exit_code == 3 and "needs a role with CREATEROLE" in result.stderr
    result = runner.invoke(main, ["coders", "add", "eve", "-p", str(tmp_path / "study.db")])
    assert result.exit_code == 1 and "is not a team project" in result.stderr
    assert "Traceback" not in result.output


def test_names_that_cannot_be_coders(team: dict[str, str]) -> None:
    with open_team(team["admin"]) as conn:
        conn.autocommit = True
        for name in ("auto", "pg_monitor", "", "x" * 64):
            with pytest.raises(InputError, match="cannot be a team coder's name"):
                add_coder(conn, name, TeamRole.CODER)


def test_a_coder_works_through_the_store_only_on_its_own_rows(team: dict[str, str]) -> None:
    """The same rules through the store's writer: alice marks a passage reviewed twice (the upsert
    needs her own update policy) and cannot remove bob's coding."""
    from interview_coder.errors import InputError as Refused
    from interview_coder.store import codings, reviews
    from interview_coder.store.project import Project

    with Project.open(team["alice"]) as alice:
        passage = alice.conn.execute("SELECT min(passage_id) FROM counted_passages").fetchone()[0]
        reviews.set_reviewed(alice, passage, "alice")
        reviews.set_reviewed(alice, passage, "alice")
        assert reviews.is_marked(alice, passage, "alice")
        bobs = _coding_of(alice.conn.raw, "bob")  # type: ignore[attr-defined]
        with pytest.raises((Refused, sqlite3.Error)):
            codings.remove_codings(alice, [bobs], "bob")  # writing as bob: the server refuses
        assert alice.conn.execute("SELECT count(*) FROM codings WHERE id = ?", (bobs,)).fetchone()[0] == 1
