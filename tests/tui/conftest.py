"""Fixtures of the workbench tests: a fresh copy of the hand-made project per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import build

from interview_coder.store.project import Project


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("tui") / "template.db")


@pytest.fixture
def project_path(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "p.db"
    with Project.open(template) as source:
        source.backup(target)
    return target


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user keymap leaks into tests."""
    monkeypatch.setenv("INTERVIEW_CODER_CONFIG", str(tmp_path / "config"))
