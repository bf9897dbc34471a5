"""CLI conventions: `-` is stdin/stdout, data on stdout and messages on stderr, --quiet, progress
only on a terminal, and shell completion from the project."""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path

import click
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
from teamdata import make_project, passage_id

from interview_coder.cli import main
from interview_coder.cli.common import Progress
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    with make_project(tmp_path / "p.db") as project:
        apply_code(project, passage_id(project, "en1", 1), "customers", "alice")
    return tmp_path / "p.db"


def test_export_qdpx_dash_writes_the_archive_to_stdout_not_a_file(coded: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "qdpx", "-p", str(coded), "-")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists() and not (tmp_path / "-.part").exists()
    with zipfile.ZipFile(io.BytesIO(result.stdout_bytes)) as z:
        assert "project.qde" in z.namelist()
        assert b"<Project" in z.read("project.qde")
    assert result.stderr.startswith("Wrote -: 2 sources, ")


def test_import_dash_reads_one_transcript_from_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    text = (DATA / "import" / "en_labels.txt").read_bytes()
    result = run("import", "-p", db, "-", "--name", "piped", input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "added      piped  (plain, utf-8," in result.stderr
    with Project.open(Path(db)) as project:
        names = [r[0] for r in project.conn.execute("SELECT name FROM transcripts")]
    assert names == ["piped"]


def test_import_quiet_prints_nothing_but_failures(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    ok = run("import", "-p", db, "--quiet", str(DATA / "import" / "en_labels.txt"))
    assert (ok.exit_code, ok.stdout, ok.stderr) == (0, "", "")
    bad = run("import", "-p", db, "-q", str(DATA / "import" / "empty.txt"))
    assert bad.exit_code == 1 and bad.stdout == ""
    assert bad.stderr.strip().endswith("file is empty") and len(bad.stderr.splitlines()) == 1


def test_empty_stdin_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("import", "-p", str(tmp_path / "p.db"), "-", input=b"")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "-: file is empty"
    assert not (tmp_path / "-").exists()


def test_codebook_load_dash_reads_yaml_from_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    result = run("codebook", "load", "-p", db, "-", input=(ROOT / "codebooks" / "sim.yaml").read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr.startswith("Loaded -: 6 factors, 20 codes,")


def test_codings_import_dash_reads_csv_from_stdin(coded: Path, tmp_path: Path) -> None:
    exported = run("codings", "export", "-p", str(coded), "--format", "csv")
    assert exported.exit_code == 0
    with make_project(tmp_path / "other.db"):
        pass
    result = run("codings", "import", "-p", str(tmp_path / "other.db"), "-", input=exported.stdout)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == "-: 1 rows read, 1 codings added (0 already there)\n"


def test_merge_messages_go_to_stderr_and_quiet_silences_them(coded: Path, tmp_path: Path) -> None:
    with make_project(tmp_path / "bob.db") as bob:
        apply_code(bob, passage_id(bob, "en1", 1), "customers", "bob")
    loud = run("merge", "-p", str(coded), str(tmp_path / "bob.db"), "--dry-run")
    assert loud.exit_code == 0 and loud.stdout == ""
    assert "2 transcripts matched, 0 would add; 0 codes, 1 codings" in loud.stderr
    quiet = run("merge", "-p", str(coded), str(tmp_path / "bob.db"), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    listed = json.loads(run("coders", "list", "-p", str(coded), "--format", "json").stdout)
    assert sorted(r["coder"] for r in listed) == ["alice", "bob"]


def test_merge_reports_progress_once_per_source(coded: Path, tmp_path: Path) -> None:
    from interview_coder.store.merge import merge_projects

    for name in ("bob", "carol"):
        with make_project(tmp_path / f"{name}.db") as other:
            apply_code(other, passage_id(other, "en1", 1), "customers", name)
    calls: list[tuple[int, int]] = []
    with Project.open(coded) as project:
        merge_projects(project, [tmp_path / "bob.db", tmp_path / "carol.db"],
                       progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_export_qdpx_counts_progress_in_transcripts_and_is_quiet(coded: Path, tmp_path: Path) -> None:
    from interview_coder.io.refi import export_qdpx

    calls: list[tuple[int, int]] = []
    with Project.open(coded) as project:
        counts = export_qdpx(project, tmp_path / "a.qdpx", progress=lambda done, total: calls.append((done, total)))
    assert counts["sources"] == 2 and calls == [(1, 2), (2, 2)]
    quiet = run("export", "qdpx", "-p", str(coded), str(tmp_path / "b.qdpx"), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert zipfile.ZipFile(tmp_path / "b.qdpx").read("project.qde") == zipfile.ZipFile(tmp_path / "a.qdpx").read(
        "project.qde")


def test_init_message_is_on_stderr(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "new.db"))
    assert result.stdout == "" and result.stderr == f"Created project {tmp_path / 'new.db'}\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_on_a_terminal_and_never_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Progress("Importing").callback is None  # pytest's stderr is not a terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert Progress("Importing", quiet=True).callback is None
    with Progress("Importing") as progress:
        assert progress.callback is not None
        for done in (1, 2, 3, 4):
            progress.callback(done, 4)
    assert "Importing" in terminal.getvalue() and "100%" in terminal.getvalue()


def complete(args: list[str], incomplete: str, env: dict[str, str] | None = None) -> list[str]:
    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        shell = ShellComplete(main, {}, "interview-coder", "_INTERVIEW_CODER_COMPLETE")
        return [c.value for c in shell.get_completions(args, incomplete)]
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_completion_offers_codes_transcripts_coders_and_groups_from_the_project(coded: Path) -> None:
    p = ["-p", str(coded)]
    assert complete(["report", "quotes", *p, "--code"], "cu") == ["customers"]
    assert complete(["transcripts", "show", *p], "") == ["en1", "zh1"]
    assert complete(["report", "frequencies", *p, "--coder"], "") == ["alice"]
    assert complete(["autocode", *p, "--group"], "") == ["enterprise", "government"]
    # the project can come from the environment, as for the command itself
    assert complete(["autocode", "--group"], "gov", {"INTERVIEW_CODER_PROJECT": str(coded)}) == ["government"]


def test_completion_without_a_project_offers_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert complete(["report", "quotes", "-p", str(missing), "--code"], "") == []
    assert not missing.exists()


def test_report_all_counts_progress_in_files_written_and_is_quiet(tmp_path: Path) -> None:
    from reportdata import build_report_project

    from interview_coder.analysis.summary import build_report
    from interview_coder.io.report_files import write_report
    from interview_coder.store.scope import Filters

    db = tmp_path / "r.db"
    build_report_project(db).close()
    calls: list[tuple[int, int]] = []
    with Project.open(db) as project:
        built = build_report(project, Filters(), "group", None, None)
    write_report(built, tmp_path / "out", progress=lambda done, total: calls.append((done, total)))
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    # one progress step per file written, the last one at the total
    assert {"report.xlsx", "summary.md", "frequencies.csv", "codes.png"} <= set(files)
    assert calls == [(n, len(files)) for n in range(1, len(files) + 1)]
    quiet = run("report", "all", "-p", str(db), "-o", str(tmp_path / "again"), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    loud = run("report", "all", "-p", str(db), "-o", str(tmp_path / "loud"))
    assert loud.stdout == "" and loud.stderr.startswith("Report written to ")


def test_output_file_extension_picks_the_format_unless_format_is_given(coded: Path, tmp_path: Path) -> None:
    """`-o freq.csv` writes CSV (it wrote a text table into the .csv); an explicit --format wins."""
    import csv

    out = tmp_path / "freq.csv"
    assert run("report", "frequencies", "-p", str(coded), "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["code"], r["passages"]) for r in rows if r["code"] == "customers"] == [("customers", "1")]
    data = tmp_path / "freq.json"
    assert run("report", "frequencies", "-p", str(coded), "-o", str(data)).exit_code == 0
    assert [r["passages"] for r in json.loads(data.read_text(encoding="utf-8")) if r["code"] == "customers"] == [1]
    text = tmp_path / "freq-table.csv"
    assert run("report", "frequencies", "-p", str(coded), "-o", str(text), "--format", "table").exit_code == 0
    assert not text.read_text(encoding="utf-8").startswith("code,")
    other = tmp_path / "freq.txt"
    assert run("report", "frequencies", "-p", str(coded), "-o", str(other)).exit_code == 0
    assert other.read_text(encoding="utf-8") == text.read_text(encoding="utf-8")  # no known extension: table
