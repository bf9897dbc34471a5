"""`codebook load|show|export` and `demo`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from interview_coder.cli import main

ROOT = Path(__file__).parents[2]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def small_book(tmp_path: Path, codes: str) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text("factors:\n  - {id: m, name: Market, driver: external}\ncodes:\n" + codes, encoding="utf-8")
    return path


def test_load_show_export_round_trip(tmp_path):
    db = str(tmp_path / "p.db")
    result = run("codebook", "load", "-p", db, str(ROOT / "codebooks" / "sim.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr.startswith(f"Loaded {ROOT / 'codebooks' / 'sim.yaml'}: 6 factors, 20 codes,")
    shown = json.loads(run("codebook", "show", "-p", db, "--format", "json").stdout)
    assert len(shown) == 20 and {"factor", "code", "keywords_en", "keywords_zh"} <= set(shown[0])
    tree = run("codebook", "show", "-p", db).stdout
    assert "government_policy" in tree and "tax_incentives" in tree
    exported = run("codebook", "export", "-p", db).stdout
    original = yaml.safe_load((ROOT / "codebooks" / "sim.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(exported)
    assert [f["id"] for f in data["factors"]] == [f["id"] for f in original["factors"]]
    for mine, theirs in zip(data["codes"], original["codes"], strict=True):
        assert (mine["id"], mine["factor"], mine["keywords"]) == (theirs["id"], theirs["factor"], theirs["keywords"])
        assert mine.get("exclude", {}) == {k: v for k, v in (theirs.get("exclude") or {}).items() if v}
    # Lossless: loading the export into a new project and exporting again gives the same text.
    again = tmp_path / "again.yaml"
    again.write_text(exported, encoding="utf-8")
    db2 = str(tmp_path / "q.db")
    assert run("codebook", "load", "-p", db2, str(again)).exit_code == 0
    assert run("codebook", "export", "-p", db2).stdout == exported


def test_reload_keeps_codings_and_removing_coded_codes_needs_force(tmp_path):
    from interview_coder.store.codings import apply_code
    from interview_coder.store.project import Project

    db = tmp_path / "p.db"
    src = tmp_path / "t.txt"
    src.write_text("R1: Customers ask.\n\nR1: Rivals copy.\n", encoding="utf-8")
    run("import", "-p", str(db), str(src))
    two = small_book(tmp_path, "  - {id: customers, name: Customers, factor: m, keywords: {en: [customer]}}\n"
                               "  - {id: competitors, name: Competitors, factor: m, keywords: {en: [rival]}}\n")
    assert run("codebook", "load", "-p", str(db), str(two)).exit_code == 0
    with Project.open(db) as project:
        first, second = [r[0] for r in project.conn.execute("SELECT id FROM passages ORDER BY seq")]
        apply_code(project, first, "customers", "ana")
        apply_code(project, second, "competitors", "ana")
        apply_code(project, first, "competitors", "ana")
    renamed = small_book(tmp_path, "  - {id: customers, name: Clients, factor: m, keywords: {en: [client]}}\n")
    refused = run("codebook", "load", "-p", str(db), str(renamed))
    assert refused.exit_code == 1
    assert "would remove codes that have codings: competitors (2); 2 codings would go" in refused.stderr
    with Project.open(db) as project:
        assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 3
    forced = run("codebook", "load", "-p", str(db), str(renamed), "--force")
    assert forced.exit_code == 0 and "2 codings removed" in forced.stderr
    with Project.open(db) as project:
        assert [tuple(r) for r in project.conn.execute("SELECT code_id FROM codings")] == [("customers",)]
        assert project.conn.execute("SELECT name FROM codes").fetchone()[0] == "Clients"
    assert list((tmp_path / "p.db.backups").glob("*before-codebook-force.db"))


def test_invalid_codebook_lists_problems_and_writes_nothing(tmp_path):
    db = tmp_path / "p.db"
    bad = small_book(tmp_path, "  - {id: a, name: A, factor: nowhere}\n  - {id: a, name: A2, factor: m}\n")
    result = run("codebook", "load", "-p", str(db), str(bad))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{bad}:4: code 'a': unknown factor 'nowhere'",
                                          f"{bad}:5: duplicate id 'a' (first on line 4)"]
    assert not db.exists()


def test_demo_builds_the_sample_project(tmp_path):
    db = tmp_path / "sample.db"
    result = run("demo", "-p", str(db))
    assert result.exit_code == 0, result.output
    # The demo auto-codes, accepts the hits under the demo coder and prints code and SIM factor
    # frequencies by group, as every report counts them (accepted codings).
    assert "Auto-coding:" in result.stderr and "accepted under coder 'demo'" in result.stderr
    for heading in ("Code frequencies", "Factor frequencies", "Driver totals"):
        assert heading in result.stdout
    info_codings = json.loads(run("status", "-p", str(db), "--format", "json").stdout)["codings"]
    assert info_codings["accepted"] > 0 and info_codings.get("suggested", 0) == 0
    report = run("report", "frequencies", "-p", str(db), "--format", "json")
    assert report.exit_code == 0 and any(r["passages"] > 0 for r in json.loads(report.stdout))
    info = json.loads(run("status", "-p", str(db), "--format", "json").stdout)
    assert info["respondents_by_group"]["enterprise"] >= 6
    assert info["respondents_by_group"]["government"] >= 4
    listed = json.loads(run("transcripts", "list", "-p", str(db), "--format", "json").stdout)
    encodings = {r["name"]: r["encoding"] for r in listed}
    assert encodings["zh_gov_01_kejiju"] == "gb18030"
    assert any(r["format"].startswith("docx") for r in listed)
    assert any(r["format"] == "survey" for r in listed)
    # Refuses to overwrite a project that is not the sample.
    other = tmp_path / "mine.db"
    src = tmp_path / "t.txt"
    src.write_text("R1: Hello.\n", encoding="utf-8")
    run("import", "-p", str(other), str(src))
    refused = run("demo", "-p", str(other))
    assert refused.exit_code == 1 and "not the sample" in refused.stderr


def test_codebook_edits_show_in_export_and_undo(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    src = tmp_path / "t.txt"
    src.write_text("R1: Customers ask.\n\nR1: Rivals copy.\n", encoding="utf-8")
    run("import", "-p", db, str(src))
    book = small_book(tmp_path, "  - {id: customers, name: Customers, factor: m, keywords: {en: [customer]}}\n"
                                "  - {id: clients, name: Clients, factor: m, keywords: {en: [client]}}\n"
                                "  - {id: rivals, name: Rivals, factor: m}\n")
    assert run("codebook", "load", "-p", db, str(book)).exit_code == 0
    from interview_coder.store.codings import apply_code
    from interview_coder.store.project import Project

    with Project.open(Path(db)) as p:
        first = p.conn.execute("SELECT id FROM passages WHERE role = 'respondent' ORDER BY seq").fetchone()[0]
        apply_code(p, first, "clients", "ann")

    def export() -> dict[str, Any]:
        return {c["id"]: c for c in yaml.safe_load(run("codebook", "export", "-p", db).stdout)["codes"]}

    steps = [("rename", "rivals", "Competitors", "--zh", "竞争对手"),
             ("describe", "rivals", "Firms selling the same"),
             ("keyword", "add", "rivals", "对手", "--lang", "zh"),
             ("keyword", "remove", "customers", "customer"),
             ("merge", "clients", "customers")]
    for step in steps:
        result = run("codebook", *step, "-p", db, "--coder", "ann")
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
    assert result.stderr == "Merged clients into customers (Customers): 1 codings moved\n"
    with Project.open(Path(db)) as p:
        assert [tuple(r) for r in p.conn.execute("SELECT code_id, passage_id FROM codings")] == [("customers", first)]
    codes = export()
    assert set(codes) == {"customers", "rivals"}
    assert (codes["rivals"]["name"], codes["rivals"]["name_zh"], codes["rivals"]["description"]) == (
        "Competitors", "竞争对手", "Firms selling the same")
    assert codes["rivals"]["keywords"] == {"zh": ["对手"]}
    assert codes["customers"]["keywords"] == {"en": ["client"]}  # moved from clients; 'customer' removed
    result = run("undo", "-p", db, "--coder", "ann")
    assert result.exit_code == 0 and result.stderr == "Undid merge codes (ann)\n"
    assert set(export()) == {"customers", "clients", "rivals"}
    assert run("redo", "-p", db, "--coder", "ann").exit_code == 0
    assert set(export()) == {"customers", "rivals"}


def test_codebook_edit_refusals_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    book = small_book(tmp_path, "  - {id: customers, name: Customers, factor: m}\n"
                                "  - {id: rivals, name: Rivals, factor: m, parent: customers}\n")
    assert run("codebook", "load", "-p", db, str(book)).exit_code == 0
    cases = [(("merge", "rivals", "rivals"), "cannot merge code 'rivals' into itself"),
             (("move", "customers", "--parent", "rivals"), "'rivals' is under 'customers'"),
             (("move", "customers"), "give --factor, --parent or --top"),
             (("rename", "rivals", "customers"), "a code named 'customers' is already in the codebook"),
             (("keyword", "remove", "rivals", "x"), "code 'rivals' has no en keyword 'x'")]
    for args, message in cases:
        result = run("codebook", *args, "-p", db, "--coder", "ann")
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = run("codebook", "rename", "rivals", "Competitors", "-p", db)
    assert result.exit_code != 0 and "who is coding?" in result.stderr
    shown = json.loads(run("codebook", "show", "-p", db, "--format", "json").stdout)
    assert [(c["code"], c["code_name"], c["parent"]) for c in shown] == [("customers", "Customers", None),
                                                                        ("rivals", "Rivals", "customers")]
