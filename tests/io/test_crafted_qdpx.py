"""Issue 16: a crafted .qdpx (passage offsets negative, overlapping or past the end, a respondent passage
in an interviewer turn, a turn past the end) is refused in one line and leaves no project check rejects."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from interview_coder.cli import main
from interview_coder.store.check import check
from interview_coder.store.project import Project

SIM = Path(__file__).resolve().parent.parent.parent / "codebooks" / "sim.yaml"


def _exported(tmp_path: Path) -> Path:
    runner = CliRunner()
    db = tmp_path / "src.db"
    (tmp_path / "r01.md").write_text("---\nrespondent: R01\ngroup: enterprise\n---\n\nQ: Why?\n\n"
                                     "R01: Customers keep asking.\n\nQ: And?\n\nR01: Tax incentives.\n", "utf-8")
    (tmp_path / "c.csv").write_text("transcript,passage,code,coder\nr01,1,customers,ann\n", "utf-8")
    for args in (["codebook", "load", "-p", str(db), str(SIM)], ["import", "-p", str(db), str(tmp_path / "r01.md")],
                 ["codings", "import", "-p", str(db), str(tmp_path / "c.csv")],
                 ["export", "qdpx", str(tmp_path / "x.qdpx"), "-p", str(db)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    return tmp_path / "x.qdpx"


def _crafted(src: Path, out: Path, change: Callable[[dict[str, Any]], None] | None,
             change_qde: Callable[[str], str] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "interview-coder.json" and change is not None:
                meta = json.loads(data)
                change(next(e for e in meta["elements"].values() if "passages" in e))
                data = json.dumps(meta).encode("utf-8")
            elif item.filename == "project.qde" and change_qde is not None:
                data = change_qde(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    return out


def _set(key: str, row: int, column: int, value: object) -> Callable[[dict[str, Any]], None]:
    def change(source: dict[str, Any]) -> None:
        source[key][row][column] = value
    return change


@pytest.mark.parametrize(("change", "case", "refused"), [
    (_set("passages", 1, 2, -5), "negative passage start", True),
    (_set("passages", 1, 2, 1), "overlapping passages", True),
    (_set("passages", 1, 1, 0), "respondent passage in an interviewer turn", True),
    (_set("turns", 1, 4, 99_999), "turn past the end", True),
    # a passage end past its turn is read from the text again: imported, and the passages are the text's
    (_set("passages", 1, 3, 99_999), "passage past the end", False),
])
def test_a_crafted_qdpx_is_refused_or_read_soundly(tmp_path: Path, change: Callable[[dict[str, Any]], None],
                                                   case: str, refused: bool) -> None:
    qdpx = _crafted(_exported(tmp_path), tmp_path / "crafted.qdpx", change)
    target = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["import", "-p", str(target), str(qdpx)])
    assert result.exception is None or isinstance(result.exception, SystemExit), case
    assert result.exit_code == (1 if refused else 0), (case, result.output)
    if refused:
        assert "crafted.qdpx: " in result.stderr, result.stderr
        assert "merged" not in result.stderr  # the user imported a file: the message says so
    with Project.open(target) as project:
        assert check(project) == []
        texts = [r[0] for r in project.conn.execute("SELECT text FROM passages ORDER BY seq")]
    assert texts == ([] if refused else ["Why?", "Customers keep asking.", "And?", "Tax incentives."]), case


def test_a_selection_outside_the_text_is_left_out_with_a_warning(tmp_path: Path) -> None:
    qdpx = _crafted(_exported(tmp_path), tmp_path / "crafted.qdpx", None,
                    lambda x: re.sub(r'startPosition="\d+"', 'startPosition="-7"', x, count=1))
    target = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["import", "-p", str(target), str(qdpx)])
    assert result.exit_code == 0, result.output
    assert "1 coding(s) in 'r01' lie outside respondent passages" in result.stderr
    with Project.open(target) as project:
        assert check(project) == []
        assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0
