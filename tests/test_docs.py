"""The documentation cannot drift: generated references equal the code, the README stays short
and every page it links to exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = sorted((ROOT / "docs" / "reference").glob("*.md"))
sys.path.insert(0, str(ROOT / "scripts"))
import docs_reference  # noqa: E402 - lives in scripts/, not in the package

pytest.importorskip("cogapp", reason="the docs extra is not installed: pip install -e '.[docs]'")


def test_reference_pages_exist() -> None:
    assert {p.name for p in REFERENCE} >= {"cli.md", "keys.md", "columns.md"}


@pytest.mark.parametrize("page", REFERENCE, ids=lambda p: p.name)
def test_generated_reference_is_current(page: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", str(page.relative_to(ROOT))],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, (
        f"{page.relative_to(ROOT)} is stale; regenerate it with:\n    {docs_reference.REFRESH}\n"
        + result.stdout + result.stderr)


def test_cli_reference_holds_every_commands_real_help() -> None:
    text = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    paths = docs_reference.command_paths()
    assert len(paths) > 20 and ("report", "frequencies") in paths
    for path in paths:
        assert docs_reference.help_text(path) in text, f"interview-coder {' '.join(path)} --help"


def test_every_command_has_help_with_an_example() -> None:
    """STYLE.md: each command's docstring has a runnable example (groups list their commands)."""
    import click

    from interview_coder.cli import main

    leaves = [p for p, c in docs_reference.walk_commands(main) if not isinstance(c, click.Group)]
    assert len(leaves) > 20
    assert [" ".join(p) for p in leaves if "Example" not in docs_reference.help_text(p)] == []


def test_keys_reference_lists_every_registered_action() -> None:
    from interview_coder.tui.keys import ACTIONS

    text = (ROOT / "docs" / "reference" / "keys.md").read_text(encoding="utf-8")
    assert [a.id for a in ACTIONS if f"`{a.id}`" not in text] == []


def test_columns_reference_holds_every_definition() -> None:
    from interview_coder.analysis.frequencies import DEFINITIONS

    text = (ROOT / "docs" / "reference" / "columns.md").read_text(encoding="utf-8")
    found = {name for _, name, _ in docs_reference.definition_dicts()}
    assert {"DEFINITIONS", "CODING_DEFINITIONS", "PAIR_DEFINITIONS"} <= found
    assert f"| `respondents_pct` | {DEFINITIONS['respondents_pct']} |" in text


def test_definitions_come_from_the_module_that_assigns_them() -> None:
    """factors.py imports frequencies.DEFINITIONS as CODE_DEFINITIONS: listed once, under its home."""
    homes = [(m, n) for m, n, _ in docs_reference.definition_dicts()]
    assert ("interview_coder.analysis.frequencies", "DEFINITIONS") in homes
    assert not any(n == "CODE_DEFINITIONS" for _, n in homes)


def test_readme_is_short_and_links_stay_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) < 10_000
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), target


def test_readme_first_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.split("```bash\n", 1)[1].startswith(
        "pip install . && interview-coder demo -p sample.db\n"
        "pip install -e '.[test]' && python -m pytest\n")
    assert re.search(r"(?m)^\"\$PY\" -m pytest$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))


def test_every_page_is_in_the_site_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert sorted(p for p in pages if f": {p}\n" not in nav) == []
