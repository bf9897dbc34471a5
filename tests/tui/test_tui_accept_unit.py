"""Issue 13: accepting a suggestion codes the keyword, its clause, its sentence or the whole passage
(the project's ``coding.accept`` unit, set with ``suggestions unit``); one action, one undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_helpers import codings, drive, make_app, passages

from interview_coder.cli import main
from interview_coder.store.project import Project

# en passage 3: "Tax incentives help a little, but subsidies are slow." (53 characters; the
# clause "Tax incentives help a little," is 29); the tax suggestion is on "Tax incentives" (0-14).
EXPECTED = {"keyword": [(0, 14)], "clause": [(0, 14), (0, 29)], "sentence": [(0, 14), (0, 53)],
            "passage": [(0, 14), (None, None)]}


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_accept_codes_the_unit_set_by_the_cli(unit: str, project_path: Path) -> None:
    result = CliRunner().invoke(main, ["suggestions", "unit", unit, "-p", str(project_path)])
    assert result.exit_code == 0 and result.output.strip() == unit
    drive(make_app(project_path), "j", "j", "a")
    with Project.open(project_path) as p:
        en3 = passages(p, "en_small")[2]
        rows = codings(p, coder="alice", passage_id=en3["id"], code_id="tax")
        assert [(r["start"], r["end"]) for r in rows] == EXPECTED[unit]
        assert all(r["status"] == "accepted" for r in rows)
    drive(make_app(project_path), "u")  # one undo takes the decision and the widened coding back
    with Project.open(project_path) as p:
        assert codings(p, coder="alice") == []


def test_the_unit_is_shown_and_checked(project_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["suggestions", "unit", "-p", str(project_path)]).output.strip() == "keyword"
    bad = runner.invoke(main, ["suggestions", "unit", "word", "-p", str(project_path)])
    assert bad.exit_code == 2 and "word" in bad.output


def test_accept_all_codes_the_unit_for_every_suggestion_in_one_action(project_path: Path) -> None:
    """`A` reads the same setting as `a` (it coded only the keywords): with the sentence unit each
    open suggestion's code gets the sentence holding its hit; one undo takes it all back."""
    assert CliRunner().invoke(main, ["suggestions", "unit", "sentence", "-p", str(project_path)]).exit_code == 0
    with Project.open(project_path) as p:
        en3 = passages(p, "en_small")[2]
        open_codes = sorted({r["code_id"] for r in codings(p, passage_id=en3["id"]) if r["status"] == "suggested"})
    assert open_codes  # the fixture has keyword hits here
    drive(make_app(project_path), "j", "j", "A")
    with Project.open(project_path) as p:
        mine = codings(p, coder="alice", passage_id=en3["id"])
        widened = sorted({r["code_id"] for r in mine if (r["start"], r["end"]) == (0, 53)})
        assert widened == open_codes and all(r["status"] == "accepted" for r in mine)
    drive(make_app(project_path), "u")
    with Project.open(project_path) as p:
        assert codings(p, coder="alice") == []
