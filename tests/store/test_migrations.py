"""Every earlier schema version migrates to the current one: same tables, data kept, check passes.

Each schema version n below the current one has a fixture ``tests/data/schemas/v{n}.sql`` (a SQL
dump of a small project written by that version). A new migration needs a new fixture; the test
that lists fixtures fails until it exists.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interview_coder.store import migrations
from interview_coder.store.check import check
from interview_coder.store.codings import apply_code, remove_codings, undo
from interview_coder.store.project import Project

FIXTURES = Path(__file__).parent.parent / "data" / "schemas"
EARLIER = list(range(1, migrations.SCHEMA_VERSION))


def load_fixture(version: int, path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"v{version}.sql").read_text("utf-8"))
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    return path


def shape(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns (name, type, not null, default, primary key) and indexes, as SQLite reports them."""
    out: dict[str, object] = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        out[name] = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{name}")')]
        out[name + " indexes"] = sorted((r[1], r[2]) for r in conn.execute(f'PRAGMA index_list("{name}")'))
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        out[name + " autoincrement"] = "AUTOINCREMENT" in sql.upper()
    return out


def test_every_earlier_version_has_a_fixture() -> None:
    assert migrations.SCHEMA_VERSION >= 2
    for version in EARLIER:
        assert (FIXTURES / f"v{version}.sql").is_file(), f"add tests/data/schemas/v{version}.sql for the migration"
        assert version in migrations.MIGRATIONS


@pytest.mark.parametrize("version", EARLIER)
def test_migrates_to_the_current_schema_keeping_data(version: int, tmp_path: Path) -> None:
    old = load_fixture(version, tmp_path / "old.db")
    before = sqlite3.connect(old)
    codings = before.execute("SELECT * FROM codings ORDER BY id").fetchall()
    passages = before.execute("SELECT * FROM passages ORDER BY id").fetchall()
    before.close()
    with Project.open(old) as p:
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        after = [tuple(r) for r in p.conn.execute("SELECT * FROM codings ORDER BY id")]
        assert after[:len(codings)] == codings
        # Schema 4: each decided suggestion gets its suggestion row back (coder 'auto', open for
        # coders who code independently), and nothing else is added.
        decided = {(c[1], c[2], c[4], c[5]) for c in codings if c[8] == "auto" and c[7] != "suggested"}
        open_before = {(c[1], c[2], c[4], c[5]) for c in codings if c[8] == "auto" and c[7] == "suggested"}
        added = after[len(codings):]
        assert {(c[1], c[2], c[4], c[5]) for c in added} == decided - open_before
        assert all(c[7] == "suggested" and c[8] == "auto" for c in added)
        assert [tuple(r) for r in p.conn.execute("SELECT * FROM passages ORDER BY id")] == passages
        assert check(p) == []
        migrated = shape(p.conn)
    with Project.open(tmp_path / "fresh.db", create=True) as fresh:
        assert migrated == shape(fresh.conn)
    backups = list((tmp_path / "old.db.backups").glob(f"*before-migration-v{version}.db"))
    assert len(backups) == 1


def test_migration_2_never_hands_out_an_id_the_history_remembers(tmp_path: Path) -> None:
    # v1.sql: codings 1-3 exist; coding 4 was applied then removed (its id only in history)
    with Project.open(load_fixture(1, tmp_path / "old.db")) as p:
        assert p.conn.execute("SELECT max(id) FROM codings").fetchone()[0] == 3
        pid = p.conn.execute("SELECT id FROM passages WHERE seq = 1").fetchone()[0]
        assert apply_code(p, pid, "talent", "bo") == 5
        assert undo(p, "ana") == "remove"  # coding 4 comes back under its own id
        assert p.conn.execute("SELECT text FROM codings WHERE id = 4").fetchone()[0] == "Customers"
        assert check(p) == []


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = load_fixture(1, tmp_path / "old.db")
    monkeypatch.setitem(migrations.MIGRATIONS, 1, migrations.MIGRATIONS[1] + "\nSELECT no_such_function();\n")
    with pytest.raises(sqlite3.OperationalError):
        Project.open(old)
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 3
    assert "codings_v2" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_removed_coding_id_is_not_reused_so_undo_works(project: Project) -> None:
    """Regression: a coder removed the newest coding, someone else coded, and undo failed on the id."""
    from interview_coder.core.codebook import validate_codebook
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.io.transcripts.plain import parse_plain
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.transcripts import save_transcript

    book, _ = validate_codebook({"factors": [{"id": "m", "name": "Market", "driver": "external"}],
                                 "codes": [{"id": "customers", "name": "Customers", "factor": "m"}]})
    with project.transaction():
        save_codebook(project, book)
        save_transcript(project, parse_plain("R1: Customers.\n", project.path.with_suffix(".txt"), "t",
                                             ImportOptions()), "plain", "utf-8")
    pid = project.conn.execute("SELECT id FROM passages").fetchone()[0]
    mine = apply_code(project, pid, "customers", "ana", 0, 3)
    remove_codings(project, [mine], "ana")
    theirs = apply_code(project, pid, "customers", "bo", 0, 3)
    assert theirs != mine
    assert undo(project, "ana") == "remove"
    rows = {tuple(r) for r in project.conn.execute("SELECT c.id, k.name FROM codings c JOIN coders k ON k.id = c.coder_id")}
    assert rows == {(mine, "ana"), (theirs, "bo")}


def test_accepting_a_suggestion_the_coder_already_made_keeps_both(project: Project) -> None:
    """Regression: accepting a suggestion on a span the coder had coded by hand failed on the unique index."""
    from interview_coder.core.codebook import validate_codebook
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.io.transcripts.plain import parse_plain
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.codings import Suggestion, add_suggestions, set_status
    from interview_coder.store.transcripts import save_transcript

    book, _ = validate_codebook({"factors": [{"id": "m", "name": "Market", "driver": "external"}],
                                 "codes": [{"id": "customers", "name": "Customers", "factor": "m"}]})
    with project.transaction():
        save_codebook(project, book)
        save_transcript(project, parse_plain("R1: Customers ask.\n", project.path.with_suffix(".txt"), "t",
                                             ImportOptions()), "plain", "utf-8")
    pid = project.conn.execute("SELECT id FROM passages").fetchone()[0]
    manual = apply_code(project, pid, "customers", "ana", 0, 9)
    add_suggestions(project, [Suggestion(pid, "customers", 0, 9, "customer")])
    suggestion = project.conn.execute("SELECT id FROM codings WHERE origin = 'auto'").fetchone()[0]
    # Schema 4: the coder's own coding on that span already decides the suggestion, so accepting it
    # again is refused with a message and nothing is written (once, the unique index raised here).
    from interview_coder.errors import ConflictError
    with pytest.raises(ConflictError, match="already accepted by you"):
        set_status(project, [suggestion], "accepted", "ana")
    rows = sorted(tuple(r) for r in project.conn.execute(
        "SELECT c.id, k.name, c.status, c.origin FROM codings c JOIN coders k ON k.id = c.coder_id"))
    assert rows == [(manual, "ana", "accepted", "manual"), (suggestion, "auto", "suggested", "auto")]
    assert undo(project, "ana") == "apply"
    assert check(project) == []
