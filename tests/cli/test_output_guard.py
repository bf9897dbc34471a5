"""Issue 16: -o never names the project, a backup or their -wal/-shm files; nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coder.cli import main

DATA = Path(__file__).parent.parent / "data" / "import"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["import", "-p", str(db), str(DATA / "en_labels.txt")])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("command", [
    ["report", "frequencies", "--format", "csv", "-o"],
    ["codings", "export", "--format", "csv", "-o"],
    ["codebook", "export", "-o"],
    ["codebook", "export", "--format", "qdc", "-o"],
    ["transcripts", "list", "--format", "json", "-o"],
    ["status", "--format", "csv", "-o"],
    ["export", "qdpx"],
])
@pytest.mark.parametrize("target", ["project", "backup", "wal"])
def test_output_naming_the_project_or_a_backup_is_refused(project: Path, command: list[str], target: str) -> None:
    runner = CliRunner()
    if target == "backup":
        assert runner.invoke(main, ["backup", "-p", str(project), str(project.parent / "copy.db")]).exit_code == 0
        path = project.parent / "copy.db"
    elif target == "wal":
        path = Path(str(project) + "-wal")
    else:
        path = project
    before = path.read_bytes() if path.exists() else None
    result = runner.invoke(main, [*command, str(path), "-p", str(project)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"{path}: refused: ")
    assert (path.read_bytes() if path.exists() else None) == before
    assert runner.invoke(main, ["check", "-p", str(project)]).exit_code == 0
