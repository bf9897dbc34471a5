"""check: a sound project has no problems; each invariant broken on purpose in a copy is reported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coder.cli import main
from interview_coder.store import migrations
from interview_coder.store.check import check
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code
from interview_coder.store.project import Project

TEXT = "I: Why innovate?\n\nR1: 我们的客户要求很高。\n\nR1: Customers and talent.\n\nI: Thanks.\n"


def build(path: Path) -> Path:
    """A sound project: one transcript (interviewer, two respondent passages, interviewer), three codings."""
    from interview_coder.core.codebook import validate_codebook
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.io.transcripts.plain import parse_plain
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.transcripts import save_transcript

    book, _ = validate_codebook({"factors": [{"id": "m", "name": "Market", "driver": "external"}],
                                 "codes": [{"id": "customers", "name": "Customers", "factor": "m"},
                                           {"id": "talent", "name": "Talent", "factor": "m"}]})
    with Project.open(path, create=True) as project:
        with project.transaction():
            save_codebook(project, book)
            save_transcript(project, parse_plain(TEXT, path.with_suffix(".txt"), "t", ImportOptions()), "plain", "utf-8")
        q, zh, en, _ = [r[0] for r in project.conn.execute("SELECT id FROM passages ORDER BY seq")]
        apply_code(project, zh, "customers", "ana", start=3, end=5)  # 客户
        apply_code(project, en, "talent", "ana")
        add_suggestions(project, [Suggestion(en, "customers", 0, 9, "customers")])
    return path


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("check") / "sound.db")


def corrupt(sound: Path, tmp_path: Path, sql: list[str]) -> Project:
    copy = tmp_path / "copy.db"
    with Project.open(sound) as p:
        p.backup(copy)
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return Project.open_read_only(copy)


def test_sound_project_has_no_problems(sound: Path) -> None:
    with Project.open(sound) as p:
        assert p.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 3
        assert check(p) == []


# Each case: the damage, the rule that must report it, and words of its message.
CASES = {
    "passage text no longer slices the transcript": (
        ["UPDATE passages SET text = '我们的顾客要求很高。' WHERE seq = 1"], "slice", "transcript 't' passage 1"),
    "passage offsets past the end of the text": (
        ['UPDATE passages SET "end" = 9999 WHERE seq = 3'], "offsets", "outside the text"),
    "empty passage (start == end)": (
        ['UPDATE passages SET "end" = start WHERE seq = 3'], "offsets", "passage 3"),
    "passages overlap": (
        ["UPDATE passages SET start = start - 8, text = substr((SELECT text FROM transcripts), start - 7, "
         '"end" - start + 8) WHERE seq = 2'], "order", "starts at 30, inside the passage before (ends 32)"),
    "passage numbers out of order": (
        ["UPDATE passages SET seq = 10 WHERE seq = 0", "UPDATE passages SET seq = 0 WHERE seq = 1",
         "UPDATE passages SET seq = 1 WHERE seq = 10"], "order", "inside the passage before"),
    "turns overlap": (
        ["UPDATE turns SET start = 0 WHERE seq = 1"], "order", "inside the turn before"),
    "span text differs from the passage slice": (
        ["UPDATE codings SET text = '顾客' WHERE start = 3"], "span", "is not the passage's text[3:5]"),
    "span outside its passage": (
        ['UPDATE codings SET "end" = 500 WHERE start = 3'], "span", "outside its passage"),
    "span text on a whole-passage coding": (
        ["UPDATE codings SET text = 'x' WHERE start IS NULL"], "span", "whole passage"),
    "coding of a code that is not in the codebook": (
        ["UPDATE codings SET code_id = 'gone' WHERE start IS NULL"], "coding", "'gone' is not in the codebook"),
    # (a coding on an interviewer passage is a kept, uncounted state since schema 4: not a problem)
    "coding of a missing passage": (
        ["UPDATE codings SET passage_id = 9999 WHERE start IS NULL"], "foreign-key", "codings row"),
    "interviewer passage with words": (
        ["UPDATE passages SET words = 3 WHERE seq = 0"], "words", "words is 3, the text has 0"),
    "respondent words disagree with the text": (
        ["UPDATE passages SET words = 2 WHERE seq = 2"], "words", "words is 2, the text has 3"),
    "passage role differs from its turn": (
        ["UPDATE passages SET role = 'interviewer', words = 0, respondent_id = NULL WHERE seq = 2"],
        "turn", "role or respondent differs"),
    "passage outside its turn": (
        ["UPDATE passages SET turn_id = (SELECT id FROM turns WHERE seq = 0) WHERE seq = 3"], "turn", "outside its turn"),
    "transcript text changed under its hash": (
        ["UPDATE transcripts SET text_sha256 = 'x'"], "hash", "text_sha256"),
    "half-written transcript without passages": (
        ["INSERT INTO transcripts(name, source, format, encoding, text, text_sha256, source_sha256, language, "
         "imported_at) VALUES ('half', 's', 'plain', 'utf-8', '', "
         "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'x', 'en', 'now')"],
        "empty", "transcript 'half'"),
    "code of a missing factor": (
        ["UPDATE codes SET factor_id = 'gone' WHERE id = 'talent'"], "codebook", "factor 'gone' is missing"),
    "code parents in a loop": (
        ["UPDATE codes SET parent_id = 'talent' WHERE id = 'customers'",
         "UPDATE codes SET parent_id = 'customers' WHERE id = 'talent'"], "codebook", "loop"),
    "broken undo record": (
        ["UPDATE history SET payload = '{not json' WHERE id = 1"], "history", "undo record"),
    # Issue 16: corruptions check did not see.
    "orphaned memo": (
        ["INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) "
         "VALUES ('passage', '9999', 1, 'note', 'now', 'now')"], "memo", "passage '9999' is gone"),
    "undo record without its coding row": (
        ["""UPDATE history SET payload = '[{"op": "insert", "row": {"id": 1}}]' WHERE id = 1"""],
        "history", "cannot be replayed: operation 'insert'"),
    "undo record of an unknown operation": (
        ["""UPDATE history SET payload = '[{"op": "explode"}]' WHERE id = 1"""], "history", "'explode'"),
    "undone flag neither 0 nor 1": (
        ["UPDATE history SET undone = 7 WHERE id = 1"], "history", "undone is 7"),
    "dropped unique index and a duplicate coding": (
        ["DROP INDEX codings_unique",
         "INSERT INTO codings(passage_id, code_id, coder_id, start, \"end\", text, status, origin, created_at, "
         "updated_at) SELECT passage_id, code_id, coder_id, start, \"end\", text, status, origin, created_at, "
         "updated_at FROM codings WHERE start IS NULL"], "coding", "the same code, coder and span as coding"),
    "dropped unique index": (["DROP INDEX codings_unique"], "schema", "index codings_unique: is missing"),
    "unique index made non-unique": (
        ["DROP INDEX codings_unique", "CREATE INDEX codings_unique ON codings(passage_id, code_id, coder_id, "
         "coalesce(start, -1), coalesce(\"end\", -1))"], "schema", "index codings_unique: differs"),
    "foreign trigger": (
        ["CREATE TRIGGER sneaky AFTER INSERT ON codings BEGIN DELETE FROM memos; END"], "schema",
        "trigger sneaky: is not part of the schema"),
    "foreign view": (["CREATE VIEW peek AS SELECT 1"], "schema", "view peek: is not part of the schema"),
    "lowered user_version": (["PRAGMA user_version = 2"], "version", "the version was lowered"),
    "coding id sequence set back": (
        ["UPDATE sqlite_sequence SET seq = 0 WHERE name = 'codings'"], "ids", "would be handed out again"),
    "text not NFC": (
        ["UPDATE transcripts SET text = text || 'e' || char(769)"], "text", "not NFC-normalised"),
    "attribute not of its type": (
        ["INSERT INTO attributes(respondent_id, name, value, type) VALUES (1, 'staff', 'many', 'integer')"],
        "attribute", "'many' is not integer"),
    "keyword merges in a loop": (
        ["INSERT INTO keyword_merges VALUES ('en', 'firm', 'company'), ('en', 'company', 'firm')"],
        "keywords", "loop"),
    "interviewer turn with a respondent": (
        ["UPDATE turns SET respondent_id = (SELECT id FROM respondents) WHERE seq = 0"], "respondent",
        "a interviewer turn with a respondent"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_broken_invariant_is_reported(sound: Path, tmp_path: Path, case: str) -> None:
    sql, kind, words = CASES[case]
    with corrupt(sound, tmp_path, sql) as p:
        problems = check(p)
    assert problems, case
    assert any(pr.kind == kind and words in str(pr) for pr in problems), [str(p) for p in problems]


def test_damaged_file_is_reported_not_raised(sound: Path, tmp_path: Path) -> None:
    copy = tmp_path / "damaged.db"
    with Project.open(sound) as p:
        p.backup(copy)
    data = bytearray(copy.read_bytes())
    page = 4096
    root = sqlite3.connect(copy).execute("SELECT rootpage FROM sqlite_master WHERE name = 'passages'").fetchone()[0]
    at = (root - 1) * page  # scribble over the passages table's root page
    data[at + 8: at + 600] = b"\xff" * 592
    copy.write_bytes(bytes(data))
    with Project.open(copy) as p:
        problems = check(p)
    assert problems and problems[0].kind == "integrity"


def test_cli_check_lists_problems_and_exits_3(sound: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "-p", str(sound)])
    assert ok.exit_code == 0, ok.output
    assert "ok (1 transcripts, 4 passages, 3 codings checked)" in ok.output
    corrupt(sound, tmp_path, ["UPDATE codings SET text = '顾客' WHERE start = 3",
                              "UPDATE passages SET words = 7 WHERE seq = 2"]).close()
    bad = runner.invoke(main, ["check", "-p", str(tmp_path / "copy.db")])
    assert bad.exit_code == 3
    lines = bad.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith(str(tmp_path / "copy.db")) for line in lines)
    assert "[span]" in bad.stdout and "[words]" in bad.stdout
    assert "2 problem(s) found" in bad.stderr
    limited = runner.invoke(main, ["check", "-p", str(tmp_path / "copy.db"), "--limit", "1"])
    assert len(limited.stdout.splitlines()) == 1 and "1 not listed" in limited.stderr


def test_cli_backup_to_file_folder_and_default(sound: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["backup", "-p", str(sound), str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "bk"
    folder.mkdir()
    assert runner.invoke(main, ["backup", "-p", str(sound), str(folder)]).exit_code == 0
    for copy in [tmp_path / "copy.db", *folder.glob("*.db")]:
        with Project.open(copy) as p:
            assert check(p) == [] and p.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 3
    refused = runner.invoke(main, ["backup", "-p", str(sound), str(sound)])
    assert refused.exit_code == 3 and "cannot overwrite" in refused.stderr
    missing = runner.invoke(main, ["backup", "-p", str(tmp_path / "nope.db")])
    assert missing.exit_code == 3 and not (tmp_path / "nope.db").exists()


def test_check_reads_only_and_never_migrates(tmp_path: Path) -> None:
    """Issue 16: check on an older file reports its version and leaves every byte as it was."""
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript((Path(__file__).parents[1] / "data" / "schemas" / "v1.sql").read_text("utf-8"))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = old.read_bytes()
    result = CliRunner().invoke(main, ["check", "-p", str(old)])
    assert result.exit_code == 3
    assert f"schema 1, older than {migrations.SCHEMA_VERSION}" in result.stdout and "never migrates" in result.stdout
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]  # no backup, no -wal, no -shm
    with Project.open_read_only(old) as p:
        assert p.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_scoped_invariants_run_inside_a_transaction(sound: Path, tmp_path: Path) -> None:
    """invariant_problems sees the caller's uncommitted rows, and only the transcripts asked for."""
    from interview_coder.store.check import invariant_problems

    copy = tmp_path / "scoped.db"
    with Project.open(sound) as p:
        p.backup(copy)
    with Project.open(copy) as p:
        tid = p.conn.execute("SELECT id FROM transcripts").fetchone()[0]
        p.conn.execute("BEGIN IMMEDIATE")
        p.conn.execute("PRAGMA ignore_check_constraints = ON")
        p.conn.execute('UPDATE passages SET "end" = 9999 WHERE seq = 3')
        assert [pr.kind for pr in invariant_problems(p.conn, [tid])] == ["offsets", "turn"]
        assert invariant_problems(p.conn, [tid + 1]) == []
        p.conn.execute("ROLLBACK")
        assert invariant_problems(p.conn) == []
