"""Shared fixtures: hand-written data files and fresh projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.store.project import Project

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def project(tmp_path: Path):
    with Project.open(tmp_path / "p.db", create=True) as p:
        yield p


@pytest.fixture
def sim_codebook_path() -> Path:
    return ROOT / "codebooks" / "sim.yaml"
