"""push and pull on the command line: messages, exit codes, and a copy that `check` passes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pgdata import full_project

from interview_coder.cli import main


def test_push_then_pull_then_check(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    runner = CliRunner()
    result = runner.invoke(main, ["push", str(study), pg_url])
    assert result.exit_code == 0, result.output
    # hand-counted: 2 transcripts; 3 codings left; memos on a passage and a code; coders alice and bob
    assert result.stderr.startswith(f"pushed {study} to {pg_url}: 2 transcripts, ")
    assert ", 3 codings, 2 memos, 2 coders, " in result.stderr
    assert result.stdout == ""
    copy = tmp_path / "copy.db"
    result = runner.invoke(main, ["pull", pg_url, str(copy)])
    assert result.exit_code == 0 and f"pulled {pg_url} to {copy}: 2 transcripts" in result.stderr
    result = runner.invoke(main, ["check", "-p", str(copy)])
    assert result.exit_code == 0, result.output


def test_errors_are_one_line(tmp_path: Path, pg_url: str) -> None:
    study = full_project(tmp_path / "study.db")
    runner = CliRunner()
    assert runner.invoke(main, ["push", str(study), pg_url]).exit_code == 0
    again = runner.invoke(main, ["push", str(study), pg_url])
    assert again.exit_code == 1
    assert again.stderr == f"{pg_url}: already holds a team project; push needs an empty database (createdb NAME)\n"
    exists = runner.invoke(main, ["pull", pg_url, str(study)])
    assert exists.exit_code == 1 and exists.stderr == f"{study}: already exists; pull writes a new project file\n"
    nowhere = pg_url.rsplit("/", 1)[0] + "/no_such_db"
    missing = runner.invoke(main, ["pull", nowhere, str(tmp_path / "x.db")])
    assert missing.exit_code == 3 and missing.stderr.startswith(f"{nowhere}: cannot connect: ")
    assert missing.stderr.count("\n") == 1 and not (tmp_path / "x.db").exists()
    not_url = runner.invoke(main, ["push", str(study), "study2.db"])
    assert not_url.exit_code == 1 and "is not a team project: give a URL like postgresql://" in not_url.stderr


def test_commands_take_the_url_check_and_backup_a_team_project(tmp_path: Path, pg_url: str,
                                                               monkeypatch: object) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["push", str(full_project(tmp_path / "study.db")), pg_url]).exit_code == 0
    checked = runner.invoke(main, ["check", "-p", pg_url])
    # hand-counted: full_project holds 2 transcripts and 3 codings
    assert checked.exit_code == 0 and ": ok (2 transcripts," in checked.output and "3 codings" in checked.output
    assert checked.output.startswith("postgresql://postgres@127.0.0.1:")  # named by its URL, no password
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    backed = runner.invoke(main, ["backup", "-p", pg_url])
    assert backed.exit_code == 0, backed.output
    (copy,) = (tmp_path / f"{pg_url.rsplit('/', 1)[1]}.backups").glob("*-manual.db")
    assert runner.invoke(main, ["check", "-p", str(copy)]).exit_code == 0
    status = runner.invoke(main, ["status", "-p", pg_url], env={"INTERVIEW_CODER_PROJECT": ""})
    assert status.exit_code == 0, status.output
    from_env = runner.invoke(main, ["status"], env={"INTERVIEW_CODER_PROJECT": pg_url})
    assert from_env.exit_code == 0 and from_env.output == status.output
