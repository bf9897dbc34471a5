"""CLI: coders list, codings export/import, merge, agreement, export qdpx/qdc (exit codes, stdout, store)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from teamdata import make_project, passage_id

from interview_coder.cli import main
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project

XSD = Path(__file__).resolve().parents[1] / "data" / "refi-qda"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """alice.db and bob.db: the same two transcripts, each coded by one coder."""
    with make_project(tmp_path / "alice.db") as alice:
        apply_code(alice, passage_id(alice, "en1", 1), "customers", "alice")
        apply_code(alice, passage_id(alice, "en1", 2), "competitors", "alice")
        apply_code(alice, passage_id(alice, "zh1", 2), "subsidy", "alice", 0, 4)
    with make_project(tmp_path / "bob.db") as bob:
        apply_code(bob, passage_id(bob, "en1", 1), "customers", "bob")
        apply_code(bob, passage_id(bob, "en1", 4), "university", "bob")
        apply_code(bob, passage_id(bob, "zh1", 2), "subsidy", "bob")
    return tmp_path / "alice.db", tmp_path / "bob.db"


def test_merge_then_agreement_json(two: tuple[Path, Path]) -> None:
    alice, bob = two
    result = run("merge", "-p", str(alice), str(bob))
    assert result.exit_code == 0, result.output
    assert "2 transcripts matched, 0 added; 0 codes, 3 codings" in result.output
    again = run("merge", "-p", str(alice), str(bob))
    assert "0 codings" in again.output
    listed = run("coders", "list", "-p", str(alice), "--format", "csv")
    assert list(csv.DictReader(io.StringIO(listed.output))) == [
        {"coder": "alice", "accepted": "3", "suggested": "0", "rejected": "0", "transcripts": "2",
         "first_seen": listed.output.split("\n")[1].split(",")[5], "remembered": ""},
        {"coder": "bob", "accepted": "3", "suggested": "0", "rejected": "0", "transcripts": "2",
         "first_seen": listed.output.split("\n")[2].split(",")[5], "remembered": ""},
    ]
    out = run("agreement", "-p", str(alice), "--coders", "alice", "bob", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = {r["code"]: r for r in json.loads(out.output)}
    assert set(rows["customers"]) == {"code", "unit", "coders", "n_units", "percent_agreement", "cohen_kappa",
                                      "brennan_prediger", "krippendorff_alpha"}
    # 6 respondent passages. customers: both on en1/1 only -> perfect agreement.
    assert rows["customers"]["n_units"] == 6 and rows["customers"]["cohen_kappa"] == 1.0
    # competitors: alice on en1/2 only -> p_o = 5/6; p_e = (5/6)(1) -> kappa 0
    assert rows["competitors"]["percent_agreement"] == pytest.approx(5 / 6)
    assert rows["competitors"]["cohen_kappa"] == pytest.approx(0.0)
    assert rows["(all codes)"]["n_units"] == 36
    assert rows["rnd"]["cohen_kappa"] is None  # undefined: nobody used it
    chars = json.loads(run("agreement", "-p", str(alice), "--coders", "alice,bob", "--unit", "character",
                           "--format", "json").output)
    subsidy = next(r for r in chars if r["code"] == "subsidy")
    assert subsidy["unit"] == "character" and subsidy["n_units"] == 45 + 63 + 38 + 11 + 18 + 12
    differ = run("agreement", "-p", str(alice), "--coders", "alice", "bob", "--disagreements", "--format", "csv")
    assert [(r["transcript"], r["passage"], r["code"], r["alice"], r["bob"])
            for r in csv.DictReader(io.StringIO(differ.output))] == [
        ("en1", "2", "competitors", "yes", "no"), ("en1", "4", "university", "no", "yes")]
    cat = json.loads(run("agreement", "-p", str(alice), "--coders", "alice", "bob", "--categorical", "market",
                         "--format", "json").output)
    assert [(r["code"], r["unit"], r["n_units"]) for r in cat] == [("market", "categorical market", 1)]


def test_agreement_and_merge_errors(two: tuple[Path, Path], tmp_path: Path) -> None:
    alice, _ = two
    bad = run("agreement", "-p", str(alice), "--coders", "alice", "zoe")
    assert bad.exit_code == 1 and "no coder named 'zoe'" in bad.output
    missing = run("merge", "-p", str(alice), str(tmp_path / "nope.db"))
    assert missing.exit_code == 1 and "nope.db" in missing.output


def test_codings_export_import_round_trip_and_bad_rows(two: tuple[Path, Path], tmp_path: Path) -> None:
    alice, bob = two
    exported = run("codings", "export", "-p", str(bob), "--format", "csv", "-o", str(tmp_path / "bob.csv"))
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(open(tmp_path / "bob.csv", encoding="utf-8-sig")))
    assert [(r["transcript"], r["passage"], r["code"], r["coder"], r["start"]) for r in rows] == [
        ("en1", "1", "customers", "bob", ""), ("en1", "4", "university", "bob", ""), ("zh1", "2", "subsidy", "bob", "")]
    imported = run("codings", "import", "-p", str(alice), str(tmp_path / "bob.csv"))
    assert imported.exit_code == 0, imported.output
    assert "3 rows read, 3 codings added" in imported.output
    assert "3 rows read, 0 codings added" in run("codings", "import", "-p", str(alice), str(tmp_path / "bob.csv")).output
    bad = tmp_path / "bad.csv"
    bad.write_text("transcript,passage,start,end,code,coder\n"
                   "en1,1,,,customers,carol\n"
                   "en9,1,,,customers,carol\n"
                   "en1,3,,,customers,carol\n"
                   "en1,1,0,99,customers,carol\n"
                   "en1,1,,,nocode,carol\n", encoding="utf-8")
    result = run("codings", "import", "-p", str(alice), str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: no transcript named 'en9'" in result.output
    assert f"{bad}:4: passage 3 of 'en1' is not respondent text" in result.output
    assert f"{bad}:5: span 0-99 is outside passage 1" in result.output
    assert f"{bad}:6: no code 'nocode'" in result.output
    with Project.open(alice) as project:
        assert project.conn.execute("SELECT count(*) FROM coders WHERE name = 'carol'").fetchone()[0] == 0


def test_export_qdpx_and_qdc_validate_and_import_back(two: tuple[Path, Path], tmp_path: Path) -> None:
    alice, _ = two
    out = run("export", "qdpx", "-p", str(alice), str(tmp_path / "a.qdpx"))
    assert out.exit_code == 0 and "2 sources, 6 codes, 3 codings, 2 cases, 1 users" in out.output
    qdc = run("codebook", "export", "-p", str(alice), "--format", "qdc", "-o", str(tmp_path / "a.qdc"))
    assert qdc.exit_code == 0
    schema = etree.XMLSchema(etree.parse(str(XSD / "Codebook-mrt2019.xsd")))
    assert schema.validate(etree.parse(str(tmp_path / "a.qdc")))
    loaded = run("codebook", "load", "-p", str(tmp_path / "new.db"), str(tmp_path / "a.qdc"))
    assert loaded.exit_code == 0 and "3 factors, 6 codes" in loaded.output
    pytest.importorskip("interview_coder.io.safezip")
    back = run("import", "-p", str(tmp_path / "copy.db"), str(tmp_path / "a.qdpx"))
    assert back.exit_code == 0, back.output
    assert "2 added" in back.output and "3 codings" in back.output
