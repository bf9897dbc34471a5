"""search: words through the full-text index (Chinese on jieba words), regex, filters, formats."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from click.testing import CliRunner

from interview_coder.cli import main

sys.path.insert(0, str(Path(__file__).parent.parent / "tui"))
from tui_helpers import build


def run(project: Path, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["search", "-p", str(project), *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_search_words_regex_and_filters(tmp_path: Path) -> None:
    project = build(tmp_path / "p.db")
    # zh_small passage 2: "知识产权保护也很重要，客户和高校都关心这个问题。"
    (hit,) = run(project, "高校")
    assert (hit["transcript"], hit["passage"], hit["match"], hit["start"], hit["end"]) == ("zh_small", "2", "高校", "14", "16")
    assert run(project, "产权") == []  # part of the word 知识产权
    assert [r["match"] for r in run(project, "tax incentives")] == ["Tax incentives"]
    assert [r["match"] for r in run(project, "税收|tax", "--regex")] == ["Tax", "税收"]
    assert [r["transcript"] for r in run(project, "税收|tax", "--regex", "--group", "government")] == ["zh_small"]
    assert run(project, "government") == []  # only in an interviewer turn
    assert [r["role"] for r in run(project, "government", "--interviewer")] == ["interviewer"]


def test_a_bad_regex_is_one_line_and_exit_1(tmp_path: Path) -> None:
    project = build(tmp_path / "p.db")
    result = CliRunner().invoke(main, ["search", "-p", str(project), "(", "--regex"])
    assert result.exit_code == 1
    assert "not a regular expression" in result.output and "Traceback" not in result.output
