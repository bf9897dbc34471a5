"""The key registry is the one source: every action resolves to a handler on the class its scope
binds to, ids are unique, keys do not clash within a screen, and help and palette list them all."""

from __future__ import annotations

import pytest

from interview_coder.tui.app import WorkbenchApp
from interview_coder.tui.keys import ACTIONS, SCOPES, bindings, keys_of, load_keymap
from interview_coder.tui.screens.choose import ChooseScreen
from interview_coder.tui.screens.code_form import CodeFormScreen
from interview_coder.tui.screens.help import HelpScreen
from interview_coder.tui.screens.memo import MemoScreen
from interview_coder.tui.screens.overview import OverviewScreen
from interview_coder.tui.screens.picklist import PickListScreen
from interview_coder.tui.screens.reader import ReaderScreen
from interview_coder.tui.screens.reports import ReportsScreen
from interview_coder.tui.screens.search import SearchScreen
from interview_coder.tui.widgets.codebook.panel import CodebookPanel

OWNER = {"app": WorkbenchApp, "overview": OverviewScreen, "reader": ReaderScreen, "codebook": CodebookPanel,
         "search": SearchScreen, "reports": ReportsScreen, "memo": MemoScreen, "help": HelpScreen,
         "lists": PickListScreen, "code_form": CodeFormScreen, "choose": ChooseScreen}


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.id)
def test_action_has_a_handler(action) -> None:  # type: ignore[no-untyped-def]
    name = action.action.split("(")[0]
    owner = OWNER[action.scope]
    if name.startswith("app."):
        owner, name = WorkbenchApp, name[4:]
    elif name.startswith("screen."):
        owner, name = ReaderScreen, name[7:]
    assert callable(getattr(owner, f"action_{name}", None)), f"{owner.__name__} has no action_{name}"
    assert action.scope in SCOPES


def test_ids_unique_and_keys_do_not_clash() -> None:
    assert len({a.id for a in ACTIONS}) == len(ACTIONS)
    for scope in SCOPES:
        keys = [k.strip() for a in ACTIONS if a.scope == scope for k in a.keys.split(",")]
        assert len(keys) == len(set(keys)), scope
    reader_keys = {k for a in ACTIONS if a.scope in ("reader", "app") for k in a.keys.split(",")}
    app_keys = [k for a in ACTIONS if a.scope == "app" for k in a.keys.split(",")]
    assert len(reader_keys) == len({k for a in ACTIONS if a.scope == "reader" for k in a.keys.split(",")}) + len(app_keys)


def test_bindings_carry_the_ids_for_keymaps() -> None:
    for scope in SCOPES:
        assert [b.id for b in bindings(scope)] == [a.id for a in ACTIONS if a.scope == scope]


def test_user_keymap_is_read_and_shown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"reader.next_passage" = "j,ctrl+n"\n"no.such" = "x"\n', encoding="utf-8")
    keymap = load_keymap(path)
    assert keymap == {"reader.next_passage": "j,ctrl+n"}
    action = next(a for a in ACTIONS if a.id == "reader.next_passage")
    assert keys_of(action, keymap) == "j, ctrl+n"
    assert keys_of(action) == "j, down"


def test_key_reference_lists_every_key() -> None:
    """docs/reference/keys.md is generated from this registry (scripts/docs_reference.py)."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "reference" / "keys.md").read_text(encoding="utf-8")
    for action in ACTIONS:
        keys = ", ".join(f"`{k}`" for k in keys_of(action).split(", ")).replace("|", chr(92) + "|")
        row = f"| {keys} | {action.description} | `{action.id}` |"
        assert row in doc, f"docs/reference/keys.md lacks {row}: run python -m cogapp -r docs/reference/*.md"
