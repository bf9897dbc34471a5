"""The domain and lower layers load no UI library; `--help` loads no heavy library."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import interview_coder

PACKAGE = Path(interview_coder.__file__).parent
LOWER = ["core", "text", "store", "analysis", "io"]
UI = ("textual", "rich", "click")
HEAVY = ("spacy", "pandas", "textual", "jieba", "sqlite_utils", "matplotlib", "scipy", "openpyxl", "docx")


def modules_under(layer: str) -> list[str]:
    path = PACKAGE / layer
    # prefix: subpackages (store.pg) are walked as themselves, never as a same-named folder on sys.path
    return [m.name for m in pkgutil.walk_packages([str(path)], prefix=f"interview_coder.{layer}.") if not m.ispkg] + [
        f"interview_coder.{layer}"]


def loaded_after(statement: str, names: tuple[str, ...]) -> list[str]:
    code = f"import sys\n{statement}\nprint('LOADED:', *(n for n in {names!r} if n in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1].split()[1:]


@pytest.mark.parametrize("layer", LOWER)
def test_lower_layers_import_no_ui(layer):
    statement = "\n".join(f"import {m}" for m in modules_under(layer))
    assert loaded_after(statement, UI) == []


def test_package_root_is_light():
    assert loaded_after("import interview_coder", UI + HEAVY) == []


def test_help_imports_no_heavy_library():
    statement = ("from interview_coder.cli import main\n"
                 "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
                 "for name in list(main.commands):\n"
                 "    try:\n        main([name, '--help'])\n    except SystemExit:\n        pass")
    assert loaded_after(statement, HEAVY) == []


# import-linter has no `python -m` entry point; calling its click command from this interpreter
# means the test never depends on a `lint-imports` script being on PATH.
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def test_import_linter_contracts():
    result = subprocess.run([sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo",
                             str(PACKAGE.parent / "pyproject.toml")],
                            capture_output=True, text=True, cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
