"""`autocode`, `suggestions list|accept|reject` and `keywords ...` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from autocodedata import fixture_project
from click.testing import CliRunner

from interview_coder.cli import main
from interview_coder.store.project import Project


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def project_file(tmp_path: Path) -> str:
    fixture_project(tmp_path).close()
    return str(tmp_path / "p.db")


def statuses(db: str) -> dict[str, int]:
    """Decisions by status, and the suggestions still open (a decided suggestion stays as a row)."""
    from interview_coder.store.scope import Filters

    with Project.open(db) as project:
        still_open, _ = Filters().open_sql("c")
        return {r[0]: r[1] for r in project.conn.execute(
            f"SELECT status, count(*) FROM codings c WHERE status != 'suggested' OR {still_open} GROUP BY status")}  # noqa: S608


def test_autocode_dry_run_then_run_then_rerun(tmp_path: Path) -> None:
    db = project_file(tmp_path)
    dry = run("autocode", "-p", db, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "6 respondent passages, 23 keyword hits; would add 23 new suggestions" in dry.stderr
    assert dry.stdout == "" and statuses(db) == {}
    first = run("autocode", "-p", db, "--codes", "tax,unis")
    assert "added 11 new suggestions" in first.stderr and "  unis: 6" in first.stderr and "  tax: 5" in first.stderr
    again = run("autocode", "-p", db, "--quiet")
    assert again.exit_code == 0 and again.stderr == "" and statuses(db) == {"suggested": 23}


def test_autocode_accept_needs_a_coder(tmp_path: Path) -> None:
    db = project_file(tmp_path)
    refused = run("autocode", "-p", db, "--accept")
    assert refused.exit_code == 1 and "give --coder NAME" in refused.stderr and statuses(db) == {}
    with Project.open(db) as project:
        project.set_setting("coder", "alice")
    assert run("autocode", "-p", db, "--accept", "--transcripts", "en_fixture").exit_code == 0
    assert statuses(db) == {"accepted": 11}


def test_autocode_errors_are_one_line(tmp_path: Path) -> None:
    db = project_file(tmp_path)
    result = run("autocode", "-p", db, "--codes", "nope")
    assert result.exit_code == 1 and result.stderr == "error: no code 'nope' in the codebook\n"


def test_suggestions_list_accept_reject(tmp_path: Path) -> None:
    db = project_file(tmp_path)
    run("autocode", "-p", db, "-q")
    listed = json.loads(run("suggestions", "list", "-p", db, "--code", "tax", "--format", "json").stdout)
    assert [r["text"] for r in listed] == ["Tax incentives", "tax", "税收优惠", "稅收優惠", "tax incentives"]
    one = run("suggestions", "accept", "-p", db, str(listed[0]["id"]), "--coder", "bob")
    assert one.exit_code == 0 and "Accepted 1 suggestions as bob" in one.stderr
    rejected = run("suggestions", "reject", "-p", db, "--keyword", "税收优惠", "--coder", "bob")
    assert "Rejected 2 suggestions" in rejected.stderr
    assert statuses(db) == {"accepted": 1, "rejected": 2, "suggested": 20}
    nothing = run("suggestions", "accept", "-p", db, "--coder", "bob")
    assert nothing.exit_code == 1 and "give suggestion ids" in nothing.stderr
    everything = json.loads(run("suggestions", "list", "-p", db, "--all", "--transcript", "zh_fixture",
                                "--format", "json").stdout)
    # one row per keyword hit: the 10 open suggestions and bob's 2 rejections
    assert len(everything) == 12 and sum(r["status"] == "rejected" for r in everything) == 2
    # taking the rejections back opens the suggestions again, and undo takes that back
    reopened = run("suggestions", "reopen", "-p", db, "--keyword", "税收优惠", "--coder", "bob")
    assert reopened.exit_code == 0 and "Reopened 2 suggestions as bob" in reopened.stderr
    assert statuses(db) == {"accepted": 1, "suggested": 22}
    assert run("undo", "-p", db, "--coder", "bob").exit_code == 0
    assert statuses(db) == {"accepted": 1, "rejected": 2, "suggested": 20}
    # a rejection is final: re-running suggests nothing new
    assert "added 0 new" in run("autocode", "-p", db).stderr


def test_keywords_workflow(tmp_path: Path) -> None:
    db = project_file(tmp_path)
    candidates = json.loads(run("keywords", "candidates", "-p", db, "--by", "group", "--min-count", "2",
                                "--format", "json").stdout)
    assert {r["candidate"]: (r["count"], r["enterprise"], r["government"]) for r in candidates}["企业"] == (2, 0, 2)
    assert all(r["count"] >= 2 for r in candidates)
    assert run("keywords", "assign", "-p", db, "企业", "--code", "suppliers").exit_code == 0
    bad = run("keywords", "assign", "-p", db, "x", "--code", "nope")
    assert bad.exit_code == 1 and "no code 'nope'" in bad.stderr
    assert run("keywords", "merge", "-p", db, "企业", "供应商", "--into", "supplier").exit_code == 0
    assert run("keywords", "exclude", "-p", db, "tax office").exit_code == 0
    listed = json.loads(run("keywords", "list", "-p", db, "--format", "json").stdout)
    assert {(r["word"], r["action"], r["into"]) for r in listed} == {
        ("企业", "merged", "supplier"), ("供应商", "merged", "supplier"), ("tax office", "excluded", None)}
    run("autocode", "-p", db, "-q")
    from interview_coder.analysis.keywords import keyword_report
    from interview_coder.store.scope import Filters

    with Project.open(db) as project:
        hits, totals = keyword_report(project, Filters(status="all"))
    rows = {(r["keyword"], r["code"], r["group"]): r["hits"] for r in hits.records}
    assert rows[("supplier", "suppliers", "government")] == 3  # 供应商 once, 企业 twice
    assert ("tax", "tax", "enterprise") not in rows  # its only hit was inside "tax office"
    assert [r["keyword_hits"] for r in totals.records] == [10, 14]


def test_autocode_learn_evaluate_then_learn(tmp_path: Path) -> None:
    from learndata import coded_project

    project, _ = coded_project(tmp_path)
    project.close()
    db = str(tmp_path / "l.db")
    evaluated = run("autocode", "-p", db, "--learn", "--evaluate", "--coder", "alice")
    assert evaluated.exit_code == 0, evaluated.output
    lines = evaluated.stdout.splitlines()
    assert lines[0] == ("code,positives,negatives,folds,true_positives,false_positives,false_negatives,"
                        "precision,recall")
    assert [line.split(",")[:4] for line in lines[1:]] == [["suppliers", "5", "5", "5"], ["tax", "5", "5", "5"]]
    assert statuses(db) == {"accepted": 10}  # --evaluate stores nothing
    learned = run("autocode", "-p", db, "--learn", "--coder", "alice")
    assert learned.exit_code == 0 and "Learned 2 codes from 10 passages coded by alice" in learned.stderr
    assert "origin learned" in learned.stderr and statuses(db)["suggested"] >= 2
    listed = json.loads(run("suggestions", "list", "-p", db, "--format", "json").stdout)
    assert listed and all(r["origin"] == "learned" and r["start"] is None and "confidence" in r["memo"]
                          for r in listed)
    checked = run("check", "-p", db)
    assert checked.exit_code == 0, checked.output  # origin learned is a known origin
    refused = run("autocode", "-p", db, "--evaluate")
    assert refused.exit_code == 2 and "--evaluate goes with --learn" in refused.stderr
