"""Nothing private leaves the project: every export format is scanned for the project folder's path,
the folder name a participant's name could be in, and the source files' hashes."""

from __future__ import annotations

import shutil
import socket
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from teamdata import make_project, passage_id

from interview_coder.cli import main
from interview_coder.store.codings import apply_code

DATA = Path(__file__).resolve().parents[1] / "data"
FORMATS = ["csv", "json", "xlsx", "md", "parquet"]


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def contents(path: Path) -> bytes:
    """The bytes a reader of the file sees: zip members (qdpx, xlsx) unpacked, Parquet's (compressed) table read."""
    if path.suffix == ".parquet":
        import pandas as pd

        return pd.read_parquet(path).to_csv(index=False).encode("utf-8")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            return b"\n".join(z.read(n) for n in z.namelist())
    return path.read_bytes()


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A project in a folder named after a participant, with a transcript imported by absolute path."""
    folder = tmp_path / "Jane Doe interviews"
    folder.mkdir()
    shutil.copy(DATA / "tools" / "zoom_en.vtt", folder / "Jane Doe.vtt")
    db = folder / "p.db"
    make_project(db).close()
    run("import", "-p", str(db), str(folder / "Jane Doe.vtt"))
    from interview_coder.store.project import Project

    with Project.open(db) as project:
        apply_code(project, passage_id(project, "en1", 1), "customers", "alice")
        pid = project.conn.execute("SELECT p.id FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                                   "WHERE t.name = 'Jane Doe' AND p.role = 'respondent' LIMIT 1").fetchone()[0]
        apply_code(project, pid, "subsidy", "bob")
    return db


def test_no_export_format_carries_the_project_folder_or_source_hashes(private: Path, tmp_path: Path) -> None:
    from interview_coder.store.project import Project

    with Project.open(private) as project:
        hashes = [r[0] for r in project.conn.execute("SELECT source_sha256 FROM transcripts") if r[0]]
        sources = [r[0] for r in project.conn.execute("SELECT source FROM transcripts")]
    folder = private.parent
    assert any(str(folder) in s for s in sources)  # the store does know where the file came from
    out = tmp_path / "out"
    out.mkdir()
    p = ["-p", str(private)]
    run("export", "qdpx", *p, str(out / "a.qdpx"))
    run("export", "qdpx", *p, str(out / "nvivo.qdpx"), "--for", "nvivo")
    run("export", "qdc", *p, str(out / "a.qdc"))
    run("export", "taguette", *p, str(out / "taguette.sqlite3"))
    run("codebook", "export", *p, "-o", str(out / "book.yaml"))
    for fmt in FORMATS:
        run("codings", "export", *p, "--format", fmt, "-o", str(out / f"codings.{fmt}"))
        run("report", "frequencies", *p, "--format", fmt, "-o", str(out / f"freq.{fmt}"))
        run("report", "quotes", *p, "--code", "customers", "--format", fmt, "-o", str(out / f"quotes.{fmt}"))
    run("report", "all", *p, "-o", str(out / "all-md"), "--format", "md")
    run("report", "all", *p, "-o", str(out / "all-html"), "--summary", "html")
    files = [f for f in out.rglob("*") if f.is_file() and f.suffix not in (".png",)]
    assert len(files) > 30
    secrets = [str(folder).encode(), folder.name.encode(), *(h.encode() for h in hashes)]
    host = socket.gethostname()
    if len(host) >= 4:  # a short host name matches by chance
        secrets.append(host.encode())
    leaks = [(f.relative_to(out), s.decode()) for f in files for s in secrets if s in contents(f)]
    assert leaks == []


def test_provenance_is_written_only_when_asked(private: Path, tmp_path: Path) -> None:
    run("export", "qdpx", "-p", str(private), str(tmp_path / "p.qdpx"), "--provenance")
    assert str(private.parent).encode() in contents(tmp_path / "p.qdpx")
