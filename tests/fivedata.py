"""The hand-counted five-interview project (tests/data/saturation) coded by alice's accepted keyword hits."""

from __future__ import annotations

from pathlib import Path

from interview_coder.analysis.autocode import autocode
from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.project import Project

DATA = Path(__file__).parent / "data"


def five_project(path: Path) -> Project:
    project = Project.open(path, create=True)
    book, _ = load_codebook_yaml(DATA / "autocode" / "codebook.yaml")
    with project.transaction():
        save_codebook(project, book)
    files = sorted((DATA / "saturation").glob("s*.txt"))
    assert all(r.error is None for r in import_paths(project, files, ImportOptions()))
    autocode(project, accept_as="alice")
    return project
