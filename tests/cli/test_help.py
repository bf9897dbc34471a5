"""Every command has help with a runnable example, and --help works for each of them."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from interview_coder.cli import main


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            out += commands(command, (*path, name))
        else:
            out.append(((*path, name), command))
    return out


ALL = commands(main)


def test_the_commands_the_issues_name_exist():
    names = {" ".join(path) for path, _ in ALL}
    assert {"init", "import", "status", "demo", "codebook load", "codebook show", "codebook export",
            "transcripts list", "transcripts show", "autocode", "suggestions list", "keywords candidates",
            "report frequencies", "report factors", "report compare", "report keywords", "report all",
            "codings export", "codings import", "merge", "agreement", "coders list", "export qdpx",
            "check", "backup", "tui", "speakers list", "speakers set"} <= names


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_help_has_an_example(path, command):
    assert command.help and "interview-coder " in command.help, f"{' '.join(path)} needs an example in its help"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
