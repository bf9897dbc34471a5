"""Generate the reference pages in docs/reference/ from the code itself (run through cog).

Each page holds a cog block that calls one function below; `python -m cogapp -r docs/reference/*.md`
rewrites the pages from whatever the code says now, and tests/test_docs.py fails when they differ.
The functions discover what to document (every command, every registered key, every definitions
dict) instead of listing it, so new commands, keys and columns appear without editing this file.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

REFRESH = "python -m cogapp -r docs/reference/*.md"
"""The one command that regenerates every reference page."""

HELP_WIDTH = 100
"""Terminal width the --help texts are rendered at (the CLI's own max_content_width)."""


# --- CLI -----------------------------------------------------------------------------------------

def walk_commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under a click group, depth first, in the order `--help` lists them."""
    import click

    yield path, group
    if isinstance(group, click.Group):
        ctx = click.Context(group, info_name=path[-1] if path else "interview-coder")
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is not None and not command.hidden:
                yield from walk_commands(command, (*path, name))


def command_paths() -> list[tuple[str, ...]]:
    """The argument paths of every command, e.g. ('report', 'frequencies'); () is the root."""
    from interview_coder.cli import main

    return [path for path, _ in walk_commands(main)]


def help_text(path: tuple[str, ...]) -> str:
    """The exact `interview-coder PATH --help` text at HELP_WIDTH columns."""
    from click.testing import CliRunner

    from interview_coder.cli import main

    result = CliRunner().invoke(main, [*path, "--help"], prog_name="interview-coder",
                                terminal_width=HELP_WIDTH, env={"NO_COLOR": "1"})
    if result.exit_code != 0:
        raise RuntimeError(f"interview-coder {' '.join(path)} --help exited {result.exit_code}")
    return result.output.rstrip() + "\n"


def cli_reference() -> str:
    """One section per command: a heading and its `--help` in a code block."""
    out = []
    for path in command_paths():
        name = " ".join(("interview-coder", *path))
        level = "#" * min(2 + len(path), 4)
        out.append(f"{level} `{name}`\n\n```text\n$ {name} --help\n{help_text(path)}```\n")
    return "\n".join(out)


# --- Workbench keys ------------------------------------------------------------------------------

def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def keys_reference() -> str:
    """One table per scope from tui/keys.py's registry: keys, what they do, the action id."""
    from interview_coder.tui import keys

    scopes: dict[str, str] = dict(getattr(keys, "SCOPES", {}))
    show_keys = getattr(keys, "keys_of", lambda a: a.keys)
    by_scope: dict[str, list[Any]] = {}
    for action in keys.ACTIONS:
        by_scope.setdefault(action.id.split(".", 1)[0], []).append(action)
    out = []
    for scope, actions in sorted(by_scope.items(), key=lambda kv: list(scopes).index(kv[0])
                                 if kv[0] in scopes else len(scopes)):
        out.append(f"## {scopes.get(scope, scope).capitalize()} (`{scope}`)\n")
        out.append("| keys | action | id | changes data |\n|---|---|---|---|")
        for a in actions:
            keys_text = ", ".join(f"`{k.strip()}`" for k in show_keys(a).split(", "))
            changes = "yes" if getattr(a, "changes_data", False) else ""
            out.append(f"| {_cell(keys_text)} | {_cell(a.description)} | `{a.id}` | {changes} |")
        out.append("")
    return "\n".join(out)


# --- Report columns ------------------------------------------------------------------------------

DEFINITION_PACKAGES = ("interview_coder.analysis", "interview_coder.cli")
"""Where the column definitions live: module-level dicts whose name ends in DEFINITIONS."""


def _modules(package: str) -> Iterator[ModuleType]:
    root = importlib.import_module(package)
    yield root
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        yield importlib.import_module(info.name)


def _assigned_names(module: ModuleType) -> set[str]:
    """Names a module assigns at its top level (not the ones it imports from elsewhere)."""
    tree = ast.parse(inspect.getsource(module))
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def definition_dicts() -> list[tuple[str, str, dict[str, str]]]:
    """(module, name, dict) of every definitions dict, in the module that assigns it."""
    found = []
    for package in DEFINITION_PACKAGES:
        for module in _modules(package):
            own = _assigned_names(module)
            for name, value in sorted(vars(module).items()):
                if name.endswith("DEFINITIONS") and name in own and isinstance(value, dict):
                    found.append((module.__name__, name, {str(k): str(v) for k, v in value.items()}))
    return found


def columns_reference() -> str:
    """One table per definitions dict: each column a report prints and what it counts."""
    out = []
    for module, name, definitions in definition_dicts():
        path = module.replace(".", "/") + ".py"
        out.append(f"## `{module.rsplit('.', 1)[-1]}.{name}`\n\nDefined in `{path}`.\n")
        out.append("| column | definition |\n|---|---|")
        out.extend(f"| `{_cell(column)}` | {_cell(text)} |" for column, text in definitions.items())
        out.append("")
    return "\n".join(out)
