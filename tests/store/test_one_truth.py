"""Regression tests for issue 12's reproductions: one figure everywhere, one writer with conflict
checks, undo that never corrupts, stable ids, and two coders in one project."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coder.analysis.frequencies import code_frequencies
from interview_coder.cli import main
from interview_coder.core.model import Code, Codebook, Driver, Factor, Origin
from interview_coder.errors import ConflictError
from interview_coder.io.transcripts import ImportOptions
from interview_coder.io.transcripts.plain import parse_plain
from interview_coder.store import workbench
from interview_coder.store.check import check
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import (
    Suggestion,
    add_suggestions,
    apply_code,
    decide,
    redo,
    remove_codings,
    undo,
)
from interview_coder.store.memos import get_memo, set_memo
from interview_coder.store.project import Project
from interview_coder.store.queries import status, transcript_rows
from interview_coder.store.scope import Filters, set_coding_mode
from interview_coder.store.transcripts import save_transcript
from interview_coder.text.normalize import normalize

BOOK = Codebook(
    factors=(Factor("market", "Market", Driver.EXTERNAL), Factor("inside", "Inside", Driver.INTERNAL)),
    codes=(Code("customers", "Customers", "market", keywords={"en": ("customer",)}),
           Code("risk", "Risk", "inside"), Code("talent", "Talent", "inside")))

TEXT = """---
respondent: E1
group: enterprise
---
Q: Why do you innovate?

Boss: Our customers ask for new sensors.

Q: And then?

Boss: We take risks with new talent.
"""


def save(project: Project, text: str, replace: bool = False, name: str = "t1"):
    transcript = parse_plain(normalize(text), Path(f"{name}.txt"), name, ImportOptions())
    with project.transaction():
        return save_transcript(project, transcript, "plain", "utf-8", replace=replace)


@pytest.fixture
def project(tmp_path: Path):
    p = Project.open(tmp_path / "p.db", create=True)
    with p.transaction():
        save_codebook(p, BOOK)
    save(p, TEXT)
    yield p
    p.close()


def answers(project: Project) -> list[int]:
    return [r[0] for r in project.conn.execute("SELECT id FROM passages WHERE role = 'respondent' ORDER BY seq")]


def figures(project: Project, code: str) -> dict[str, object]:
    """The same figure on every surface: report, panel, overview, status, transcripts list."""
    frame = code_frequencies(project)
    row = frame[frame["code"] == code].iloc[0]
    tid = project.conn.execute("SELECT id FROM transcripts").fetchone()[0]
    overview = workbench.overview_rows(project, "alice")[0]
    listed = transcript_rows(project)[0]
    return {"report": int(row["passages"]), "panel": workbench.code_counts(project, tid).get(code, (0, 0)),
            "reviewed<=passages": overview["reviewed"] <= overview["passages"] == listed["passages"],
            "status": status(project)["codings"]["accepted"], "listed": listed["codings"]}


def test_a_speaker_made_interviewer_counts_nowhere(project: Project, tmp_path: Path) -> None:
    a1, a2 = answers(project)
    apply_code(project, a1, "customers", "alice")
    apply_code(project, a2, "customers", "alice")
    assert figures(project, "customers") == {"report": 2, "panel": (2, 2), "reviewed<=passages": True,
                                             "status": 2, "listed": 2}
    result = CliRunner().invoke(main, ["speakers", "set", "Boss", "--role", "interviewer", "--force",
                                       "-p", str(project.path)])
    assert result.exit_code == 0, result.output
    assert figures(project, "customers") == {"report": 0, "panel": (0, 0), "reviewed<=passages": True,
                                             "status": 0, "listed": 0}
    assert status(project)["codings_not_counted"] == 2  # kept in the store, said so
    # full data exports hold them, and say that they count nowhere
    qdpx = CliRunner().invoke(main, ["export", "qdpx", str(tmp_path / "x.qdpx"), "-p", str(project.path)])
    assert qdpx.exit_code == 0 and "note: 2 of the codings are stored but count in no report" in qdpx.output
    every = CliRunner().invoke(main, ["codings", "export", "--all", "--format", "csv", "-p", str(project.path)])
    assert "2 of 2 cannot count in reports" in every.output


def test_an_excluded_word_counts_nowhere_and_an_acceptance_can_be_taken_back(project: Project) -> None:
    from interview_coder.store.codings import reopen
    from interview_coder.store.keywords import exclude_words

    a1, _ = answers(project)
    add_suggestions(project, [Suggestion(a1, "customers", 4, 13, "customer")])
    (sid,) = [r[0] for r in project.conn.execute("SELECT id FROM codings")]
    decide(project, [sid], "accepted", "alice")
    row = code_frequencies(project).set_index("code").loc["customers"]
    assert (row["passages"], row["respondents"], row["keyword_hits"]) == (1, 1, 1)
    # taking an acceptance back: reopen (undoable) opens the suggestion again
    mine = project.conn.execute("SELECT id FROM codings WHERE status = 'accepted'").fetchone()[0]
    assert reopen(project, [mine], "alice") == 1
    assert code_frequencies(project, Filters(status="suggested")).set_index("code").loc["customers", "passages"] == 1
    assert undo(project, "alice") == "reopen"
    exclude_words(project, ["customer"])
    row = code_frequencies(project).set_index("code").loc["customers"]
    assert (row["passages"], row["respondents"], row["respondents_pct"], row["keyword_hits"]) == (0, 0, 0.0, 0)
    assert status(project)["codings_not_counted"] == 1


def test_undo_after_a_replace_that_added_a_line_comes_back_on_the_same_text(project: Project) -> None:
    a1, a2 = answers(project)
    coding = apply_code(project, a2, "risk", "alice", 8, 13)  # "risks"
    remove_codings(project, [coding], "alice")
    at = TEXT.index("Q: Why")
    result = save(project, TEXT[:at] + "Q: Hello, thanks for coming.\n\n" + TEXT[at:], replace=True)
    assert result.outcome == "replaced"
    assert answers(project) == [a1, a2]  # the answers keep their ids; the new line is a new passage
    assert undo(project, "alice") == "remove"
    text, passage = project.conn.execute(
        "SELECT c.text, p.text FROM codings c JOIN passages p ON p.id = c.passage_id WHERE c.id = ?",
        (coding,)).fetchone()
    assert text == "risks" and passage == "We take risks with new talent."
    assert check(project) == []


def test_undo_onto_a_code_the_codebook_dropped_is_refused_and_dropped(project: Project) -> None:
    a1, _ = answers(project)
    apply_code(project, a1, "talent", "alice")
    coding = apply_code(project, a1, "risk", "alice")
    remove_codings(project, [coding], "alice")
    smaller = Codebook(BOOK.factors, tuple(c for c in BOOK.codes if c.id != "risk"))
    with project.transaction():
        save_codebook(project, smaller)
    for action in ("remove", "apply"):  # both of risk's entries are refused and dropped, never a traceback
        with pytest.raises(ConflictError, match=f"cannot undo {action}: code 'risk' is no longer in the codebook"):
            undo(project, "alice")
    assert undo(project, "alice") == "apply"  # talent's entry, before them, undoes
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0
    assert check(project) == []


def test_undo_after_a_replace_that_changed_the_passage_is_refused(project: Project) -> None:
    a1, a2 = answers(project)
    coding = apply_code(project, a2, "talent", "alice", 24, 30)
    remove_codings(project, [coding], "alice")
    save(project, TEXT.replace("new talent", "young talent and old hands"), replace=True)
    with pytest.raises(ConflictError, match="changed since"):
        undo(project, "alice")
    assert check(project) == []


def test_a_stale_accept_never_overwrites_another_coders_decision(project: Project) -> None:
    a1, _ = answers(project)
    add_suggestions(project, [Suggestion(a1, "customers", 4, 13, "customer")])
    sid = project.conn.execute("SELECT id FROM codings").fetchone()[0]
    decide(project, [sid], "rejected", "bob")
    with pytest.raises(ConflictError, match="already rejected by bob"):
        decide(project, [sid], "accepted", "alice")  # alice's screen still showed it open
    rows = project.conn.execute("SELECT k.name, c.status FROM codings c JOIN coders k ON k.id = c.coder_id "
                                "ORDER BY c.id").fetchall()
    assert [tuple(r) for r in rows] == [("auto", "suggested"), ("bob", "rejected")]


def test_undo_touches_only_the_coders_own_rows(project: Project) -> None:
    a1, _ = answers(project)
    add_suggestions(project, [Suggestion(a1, "customers", 4, 13, "customer")])
    sid = project.conn.execute("SELECT id FROM codings").fetchone()[0]
    set_coding_mode(project, "independent")
    decide(project, [sid], "accepted", "bob")
    decide(project, [sid], "accepted", "alice")  # independent: bob's decision is not alice's
    assert undo(project, "bob") == "accept"
    rows = project.conn.execute("SELECT k.name, c.status FROM codings c JOIN coders k ON k.id = c.coder_id "
                                "ORDER BY c.id").fetchall()
    assert [tuple(r) for r in rows] == [("auto", "suggested"), ("alice", "accepted")]
    assert redo(project, "bob") == "accept"


def test_independent_coders_each_see_and_count_their_own(project: Project) -> None:
    a1, a2 = answers(project)
    add_suggestions(project, [Suggestion(a1, "customers", 4, 13, "customer")])
    set_coding_mode(project, "independent")
    sid = project.conn.execute("SELECT id FROM codings").fetchone()[0]
    decide(project, [sid], "accepted", "alice")
    apply_code(project, a2, "risk", "bob")
    tid = project.conn.execute("SELECT id FROM transcripts").fetchone()[0]
    seen = {c: {r["code_id"] for rows in workbench.reader_codings(project, tid, c).values() for r in rows}
            for c in ("alice", "bob")}
    assert seen == {"alice": {"customers"}, "bob": {"customers", "risk"}}  # bob still has the suggestion open
    assert workbench.code_counts(project, tid, coder="alice") == {"customers": (1, 1)}
    assert workbench.code_counts(project, tid, coder="bob") == {"risk": (1, 1)}
    # agreement reads two coders of one project as it reads merged copies
    from interview_coder.analysis.agreement import agreement_records

    rows = {r["code"]: r for r in agreement_records(project, ["alice", "bob"])[0]}
    assert rows["customers"]["n_units"] == 2 and rows["customers"]["percent_agreement"] == 0.5


def test_replace_keeps_ids_memos_and_reports_what_it_could_not_keep(project: Project) -> None:
    a1, a2 = answers(project)
    set_memo(project, "passage", a1, "about customers", "alice")
    set_memo(project, "passage", a2, "about risk", "alice")
    apply_code(project, a1, "customers", "alice", 4, 13)
    apply_code(project, a2, "risk", "alice")
    before = project.conn.execute("SELECT max(id) FROM passages").fetchone()[0]
    result = save(project, TEXT.replace("Boss: We take risks with new talent.", "Boss: Nothing else."),
                  replace=True)
    assert answers(project)[0] == a1 and a2 not in answers(project)
    assert answers(project)[1] > before  # a new passage never gets an old id
    assert get_memo(project, "passage", a1, "alice") == "about customers"
    tid = project.conn.execute("SELECT id FROM transcripts").fetchone()[0]
    assert "about risk" in get_memo(project, "transcript", tid, "alice")  # moved, not lost
    assert [m["text"] for m in result.moved_memos] == ["about risk"]
    assert result.kept_codings == 1 and [(c["code"], c["passage"]) for c in result.lost_codings] == [("risk", 3)]
    assert check(project) == []


def test_a_span_is_never_moved_to_another_answer_with_the_same_words(project: Project) -> None:
    a1, a2 = answers(project)
    apply_code(project, a2, "talent", "alice", 24, 30)  # "talent"
    text = TEXT.replace("Boss: We take risks with new talent.", "Boss: We wait.") + "\nBoss: Talent and talent.\n"
    result = save(project, text, replace=True)
    assert result.kept_codings == 0 and len(result.lost_codings) == 1


def test_a_write_onto_a_passage_that_changed_under_the_screen_is_refused(project: Project) -> None:
    a1, _ = answers(project)
    shown = project.conn.execute("SELECT text FROM passages WHERE id = ?", (a1,)).fetchone()[0]
    save(project, TEXT.replace("new sensors", "new chips"), replace=True)
    with pytest.raises(ConflictError, match="changed since it was shown"):
        apply_code(project, a1, "customers", "alice", seen_text=shown)
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0


def test_autocode_never_writes_onto_text_that_changed_while_it_ran(project: Project) -> None:
    a1, _ = answers(project)
    seen = {a1: project.conn.execute("SELECT text FROM passages WHERE id = ?", (a1,)).fetchone()[0]}
    save(project, TEXT.replace("Our customers", "The customers"), replace=True)
    with pytest.raises(ConflictError, match="changed while auto-coding"):
        add_suggestions(project, [Suggestion(a1, "customers", 4, 13, "customer")], seen=seen)
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0


def test_every_command_refuses_an_unknown_coder(project: Project) -> None:
    for args in (["codings", "export", "--coder", "typo"], ["report", "frequencies", "--coder", "typo"]):
        result = CliRunner().invoke(main, [*args, "-p", str(project.path)])
        assert result.exit_code == 1 and "--coder 'typo': no such coder" in result.output, args


def test_undo_redo_and_history_on_the_command_line(project: Project) -> None:
    a1, _ = answers(project)
    apply_code(project, a1, "customers", "alice")
    run = lambda *a: CliRunner().invoke(main, [*a, "-p", str(project.path)])  # noqa: E731
    listed = run("history", "--coder", "alice", "--format", "csv")
    seq = project.conn.execute("SELECT seq FROM passages WHERE id = ?", (a1,)).fetchone()[0]
    assert listed.exit_code == 0 and f",alice,apply,1,False,Customers on t1 passage {seq}" in listed.output
    assert run("undo", "--coder", "alice").exit_code == 0
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0
    assert "nothing to undo" in run("undo", "--coder", "alice").output
    assert run("redo", "--coder", "alice").exit_code == 0
    assert Filters(coders=("alice",)).check(project) is not None
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 1


def test_a_speaker_switched_back_keeps_its_respondent_and_group(project: Project) -> None:
    a1, _ = answers(project)
    apply_code(project, a1, "customers", "alice")
    before = code_frequencies(project, by="group").to_dict("records")
    run = lambda *a: CliRunner().invoke(main, [*a, "-p", str(project.path)])  # noqa: E731
    assert run("speakers", "set", "Boss", "--role", "interviewer", "--force").exit_code == 0
    assert list(project.path.with_name(project.path.name + ".backups").glob("*before-speakers-set.db"))
    assert run("speakers", "set", "Boss", "--role", "respondent").exit_code == 0
    assert code_frequencies(project, by="group").to_dict("records") == before
    assert project.conn.execute("SELECT key FROM respondents").fetchall()[0][0] == "E1"
    assert check(project) == []


def test_merges_keep_removals_both_ways(project: Project, tmp_path: Path) -> None:
    """A merge never brings back a coding the team removed, and brings removals made in the copy."""
    import shutil

    from interview_coder.store.merge import merge_projects

    a1, a2 = answers(project)
    keep = apply_code(project, a1, "customers", "alice")
    drop = apply_code(project, a2, "risk", "alice")
    project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(project.path, tmp_path / "copy.db")  # alice's copy, taken while both codings existed
    remove_codings(project, [drop], "alice")  # removed in the team project
    (result,) = merge_projects(project, [tmp_path / "copy.db"])
    assert result.codings_kept_removed == 1 and result.codings_added == 0
    assert [r[0] for r in project.conn.execute("SELECT id FROM codings")] == [keep]
    with Project.open(tmp_path / "copy.db") as copy:  # now alice removes the other one in her copy
        remove_codings(copy, [keep], "alice")
    (result,) = merge_projects(project, [tmp_path / "copy.db"])
    assert result.codings_removed == 1
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0
    assert check(project) == []


def test_the_readable_views_have_the_columns_the_docs_list(project: Project) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "coders-and-history.md").read_text("utf-8")
    for view in ("coding_view", "passage_view"):
        line = next(x for x in doc.splitlines() if x.startswith(f"| `{view}` |"))
        documented = [c.strip() for c in line.split("|")[3].split(",")]
        actual = [r[1] for r in project.conn.execute(f"PRAGMA table_info({view})")]
        assert documented == actual, view
    a1, _ = answers(project)
    apply_code(project, a1, "customers", "alice")
    row = project.conn.execute("SELECT transcript, respondent, \"group\", code_name, coder, counted, text "
                               "FROM coding_view").fetchone()
    assert tuple(row) == ("t1", "E1", "enterprise", "Customers", "alice", 1, "Our customers ask for new sensors.")


def test_a_damaged_copy_is_never_merged_in(project: Project, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    from interview_coder.errors import InputError
    from interview_coder.store.merge import merge_projects

    other = Project.open(tmp_path / "other.db", create=True)
    with other.transaction():
        save_codebook(other, BOOK)
    save(other, TEXT.replace("Our customers", "Their customers"), name="t2")
    other.close()
    shutil.copy(tmp_path / "other.db", tmp_path / "bad.db")
    conn = sqlite3.connect(tmp_path / "bad.db")
    conn.execute("UPDATE passages SET text = 'not the transcript text' WHERE role = 'respondent'")
    conn.commit()
    conn.close()
    before = project.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0]
    with pytest.raises(InputError, match="not merged: the result would fail check"):
        merge_projects(project, [tmp_path / "bad.db"])
    assert project.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == before


def test_every_report_filters_by_origin(project: Project) -> None:
    a1, a2 = answers(project)
    add_suggestions(project, [Suggestion(a1, "customers", 4, 13, "customer"),
                              Suggestion(a2, "talent", None, None, None, Origin.LEARNED)])
    for sid in [r[0] for r in project.conn.execute("SELECT id FROM codings ORDER BY id")]:
        decide(project, [sid], "accepted", "alice")
    apply_code(project, a2, "risk", "alice")
    by_origin = {o: code_frequencies(project, Filters(origins=(o,))).set_index("code")["passages"].to_dict()
                 for o in ("manual", "auto", "learned")}
    assert by_origin == {"manual": {"customers": 0, "risk": 1, "talent": 0},
                         "auto": {"customers": 1, "risk": 0, "talent": 0},
                         "learned": {"customers": 0, "risk": 0, "talent": 1}}
    result = CliRunner().invoke(main, ["report", "frequencies", "--origin", "learned", "--format", "csv",
                                       "-p", str(project.path)])
    assert result.exit_code == 0 and "talent,Talent,inside,all,1," in result.output
    assert "--origin" in CliRunner().invoke(main, ["codings", "export", "--help"]).output
