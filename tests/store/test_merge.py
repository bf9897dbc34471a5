"""Merging coders' projects: matched by text hash, idempotent, conflicts need a choice, backup first."""

from __future__ import annotations

from pathlib import Path

import pytest
from teamdata import BOOK, ZH_TEXT, add_transcript, make_project, passage_id

from interview_coder.core.model import Code, Codebook, Driver, Factor
from interview_coder.errors import InputError
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code, copy_codings
from interview_coder.store.merge import MergeConflicts, merge_projects
from interview_coder.store.project import Project


def codings(project: Project) -> list[tuple[str, int, str, str, int | None, int | None, str]]:
    return [tuple(r) for r in project.conn.execute(  # type: ignore[misc]
        'SELECT t.name, p.seq, c.code_id, k.name, c.start, c."end", c.status FROM codings c '
        "JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id "
        'JOIN coders k ON k.id = c.coder_id ORDER BY t.name, p.seq, c.code_id, k.name, c.start')]


@pytest.fixture
def pair(tmp_path: Path):  # type: ignore[no-untyped-def]
    """alice.db and bob.db hold the same transcripts, imported under different file names in bob's."""
    alice = make_project(tmp_path / "alice.db")
    bob = Project.open(tmp_path / "bob.db", create=True)
    with bob.transaction():
        save_codebook(bob, BOOK)
    # bob imported the Chinese file first and under another name: ids and names differ, text does not.
    add_transcript(bob, "zh-interview", ZH_TEXT, "Z1", group="government")
    from teamdata import EN_TEXT
    add_transcript(bob, "english", EN_TEXT, "E1", group="enterprise", staff=55)
    apply_code(alice, passage_id(alice, "en1", 1), "customers", "alice")
    apply_code(bob, passage_id(bob, "english", 1), "customers", "bob", 4, 13)
    apply_code(bob, passage_id(bob, "zh-interview", 2), "subsidy", "bob")
    yield alice, bob
    alice.close()
    bob.close()


def test_merge_matches_transcripts_by_text_not_name_and_is_idempotent(pair) -> None:  # type: ignore[no-untyped-def]
    alice, bob = pair
    [result] = merge_projects(alice, [bob.path])
    assert result.transcripts_matched == 2 and result.transcripts_added == []
    assert result.codings_added == 2 and result.coders == ["bob"]
    assert codings(alice) == [
        ("en1", 1, "customers", "alice", None, None, "accepted"),
        ("en1", 1, "customers", "bob", 4, 13, "accepted"),
        ("zh1", 2, "subsidy", "bob", None, None, "accepted"),
    ]
    assert alice.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 2
    backups = list(alice.path.parent.glob("alice.db.backups/*before-merge.db"))
    assert len(backups) == 1
    # Twice = once.
    [again] = merge_projects(alice, [bob.path])
    assert again.codings_added == 0 and len(codings(alice)) == 3
    # The other project is never written.
    assert [c[3] for c in codings(bob)] == ["bob", "bob"]


def test_new_transcripts_codes_factors_and_memos_come_across(tmp_path: Path) -> None:
    alice = make_project(tmp_path / "a.db")
    other_book = Codebook(BOOK.factors + (Factor("policy", "Policy", Driver.EXTERNAL),),
                          BOOK.codes + (Code("tax", "Tax relief", "policy", parent="subsidy",
                                             keywords={"zh": ("税收优惠",)}),))
    carol = make_project(tmp_path / "c.db", other_book)
    tid = add_transcript(carol, "extra", "A: We pay less tax now.\n\nA: Tax relief helps.\n", "X9", group="enterprise")
    pid = passage_id(carol, "extra", 0)
    cid = apply_code(carol, pid, "tax", "carol", 12, 15)
    with carol.transaction() as conn:
        conn.execute("INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) "
                     "VALUES ('coding', ?, 1, 'tax as relief', 'x', 'x')", (str(cid),))
        conn.execute("INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) "
                     "VALUES ('transcript', ?, 1, 'short one', 'x', 'x')", (str(tid),))
    [result] = merge_projects(alice, [carol.path])
    assert result.transcripts_added == ["extra"] and result.factors_added == 1 and result.codes_added == 1
    assert result.memos_added == 2
    row = alice.conn.execute("SELECT factor_id, parent_id FROM codes WHERE id = 'tax'").fetchone()
    assert tuple(row) == ("policy", "subsidy")
    assert alice.conn.execute("SELECT keyword FROM keywords WHERE code_id = 'tax'").fetchone()[0] == "税收优惠"
    assert ("extra", 0, "tax", "carol", 12, 15, "accepted") in codings(alice)
    memo_target = alice.conn.execute("SELECT target_id FROM memos WHERE target = 'coding'").fetchone()[0]
    assert alice.conn.execute("SELECT text FROM codings WHERE id = ?", (int(memo_target),)).fetchone()[0] == "tax"
    assert alice.conn.execute("SELECT a.value FROM attributes a JOIN respondents r ON r.id = a.respondent_id "
                              "WHERE r.key = 'X9' AND a.name = 'group'").fetchone()[0] == "enterprise"
    merge_projects(alice, [carol.path])
    assert alice.conn.execute("SELECT count(*) FROM memos").fetchone()[0] == 2


def test_code_conflict_needs_a_choice_and_nothing_is_written(tmp_path: Path) -> None:
    alice = make_project(tmp_path / "a.db")
    renamed = Codebook(BOOK.factors, tuple(Code(c.id, "Clients" if c.id == "customers" else c.name, c.factor)
                                           for c in BOOK.codes))
    dave = make_project(tmp_path / "d.db", renamed)
    apply_code(dave, passage_id(dave, "en1", 1), "customers", "dave")
    with pytest.raises(MergeConflicts) as info:
        merge_projects(alice, [dave.path])
    assert "code 'customers'" in str(info.value) and "--prefer" in str(info.value)
    assert codings(alice) == []
    assert not list(tmp_path.glob("a.db.backups/*"))
    merge_projects(alice, [dave.path], prefer="ours")
    assert alice.conn.execute("SELECT name FROM codes WHERE id = 'customers'").fetchone()[0] == "Customer demand"
    merge_projects(alice, [dave.path], prefer="theirs")
    assert alice.conn.execute("SELECT name FROM codes WHERE id = 'customers'").fetchone()[0] == "Clients"
    assert len(codings(alice)) == 1


def test_same_name_different_text_needs_rename(tmp_path: Path) -> None:
    alice = make_project(tmp_path / "a.db")
    erin = Project.open(tmp_path / "erin.db", create=True)
    with erin.transaction():
        save_codebook(erin, BOOK)
    add_transcript(erin, "en1", "A: Something else entirely.\n\nA: Yes.\n", "E7")
    with pytest.raises(MergeConflicts, match="--rename"):
        merge_projects(alice, [erin.path])
    [result] = merge_projects(alice, [erin.path], rename=True)
    assert result.transcripts_added == ["en1~erin"]


def test_attribute_conflict_and_dry_run(tmp_path: Path) -> None:
    alice = make_project(tmp_path / "a.db")
    frank = Project.open(tmp_path / "f.db", create=True)
    with frank.transaction():
        save_codebook(frank, BOOK)
    from teamdata import EN_TEXT
    add_transcript(frank, "en1", EN_TEXT, "E1", group="government")
    apply_code(frank, passage_id(frank, "en1", 2), "competitors", "frank")
    with pytest.raises(MergeConflicts, match="attributes 'E1'"):
        merge_projects(alice, [frank.path])
    [dry] = merge_projects(alice, [frank.path], prefer="theirs", dry_run=True)
    assert dry.codings_added == 1 and codings(alice) == []
    merge_projects(alice, [frank.path], prefer="theirs")
    assert alice.conn.execute("SELECT value FROM attributes WHERE name = 'group' AND respondent_id = "
                              "(SELECT id FROM respondents WHERE key = 'E1')").fetchone()[0] == "government"


def test_suggestions_are_not_duplicated_and_bad_inputs_refused(tmp_path: Path) -> None:
    alice = make_project(tmp_path / "a.db")
    bob = make_project(tmp_path / "b.db")
    for p in (alice, bob):
        add_suggestions(p, [Suggestion(passage_id(p, "en1", 1), "customers", 4, 13, "customer")])
    ids = [r[0] for r in bob.conn.execute("SELECT id FROM codings")]
    from interview_coder.store.codings import set_status
    set_status(bob, ids, "accepted", "bob")
    merge_projects(alice, [bob.path])
    assert codings(alice) == [("en1", 1, "customers", "auto", 4, 13, "suggested"),
                              ("en1", 1, "customers", "bob", 4, 13, "accepted")]
    with pytest.raises(InputError, match="into itself"):
        merge_projects(alice, [alice.path])
    with pytest.raises(InputError, match="no such project"):
        merge_projects(alice, [tmp_path / "missing.db"])
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(InputError, match="not an interview-coder project"):
        merge_projects(alice, [tmp_path / "junk.db"])
    # copy_codings re-uses an existing auto coding for an unreviewed suggestion
    pid = passage_id(alice, "en1", 1)
    assert len(copy_codings(alice, [{"passage_id": pid, "code_id": "customers", "coder": "auto", "start": 4,
                                      "end": 13, "status": "suggested", "origin": "auto"}])) == 1
    assert len(codings(alice)) == 2
