"""The hand-counted auto-coding fixture project (tests/data/autocode): built once, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.project import Project

FIXTURES = Path(__file__).parent / "data" / "autocode"

# Counted by hand from en_fixture.txt (respondent T1, enterprise) and zh_fixture.txt (T2, government);
# interviewer turns name universities, suppliers, tax incentives and risk and must count for nothing.
EN_HITS = {"suppliers": 4, "unis": 2, "tax": 2, "risk": 1, "subsidy": 1, "talent": 1}
ZH_HITS = {"unis": 4, "tax": 3, "suppliers": 2, "risk": 1, "talent": 1, "subsidy": 1}
EN_KEYWORDS = {("supplier", "suppliers"): 3, ("supply chain", "suppliers"): 1, ("university", "unis"): 1,
               ("research institute", "unis"): 1, ("tax incentive", "tax"): 1, ("tax", "tax"): 1,
               ("take risk", "risk"): 1, ("talent subsidy", "subsidy"): 1, ("talent", "talent"): 1}
ZH_KEYWORDS = {("大学", "unis"): 1, ("产学研合作", "unis"): 1, ("教授", "unis"): 1, ("university", "unis"): 1,
               ("大学生", "talent"): 1, ("税收优惠", "tax"): 2, ("tax incentive", "tax"): 1, ("补贴", "subsidy"): 1,
               ("供应商", "suppliers"): 1, ("supply chain", "suppliers"): 1, ("冒险", "risk"): 1}

_built: dict[str, Path] = {}


def fixture_project(tmp_path: Path) -> Project:
    """A fresh copy of the fixture project (codebook + both transcripts, nothing coded)."""
    if "path" not in _built:
        folder = Path(tmp_path.parent / "autocode-fixture")
        folder.mkdir(exist_ok=True)
        path = folder / "fixture.db"
        with Project.open(path, create=True) as project:
            book, _ = load_codebook_yaml(FIXTURES / "codebook.yaml")
            with project.transaction():
                save_codebook(project, book)
            reports = import_paths(project, [FIXTURES / "en_fixture.txt", FIXTURES / "zh_fixture.txt"],
                                   ImportOptions())
            assert all(r.error is None for r in reports), [str(r.error) for r in reports]
        _built["path"] = path
    target = tmp_path / "p.db"
    shutil.copy(_built["path"], target)
    return Project.open(target)
