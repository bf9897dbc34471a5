"""A two-transcript project from tests/data/bilingual/pairs.tsv: the English answers as respondent
E1 (group enterprise), the Chinese ones as G1 (group government), with codebooks/sim.yaml."""

from __future__ import annotations

from pathlib import Path

from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.project import Project

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "bilingual" / "pairs.tsv"


def pairs() -> list[tuple[str, str, str]]:
    rows = [line.split("\t") for line in PAIRS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(r[0], r[1], r[2]) for r in rows]


def _transcript(respondent: str, group: str, lang: str, answers: list[str], question: str) -> str:
    body = "".join(f"Q: {question}\n\nA: {a}\n\n" for a in answers)
    return f"---\nrespondent: {respondent}\ngroup: {group}\nlanguage: {lang}\n---\n{body}"


def bilingual_project(folder: Path, extra_zh: list[str] = ()) -> Path:  # type: ignore[assignment]
    """Write both transcripts and a project into ``folder``; returns the project file."""
    rows = pairs()
    (folder / "en.txt").write_text(_transcript("E1", "enterprise", "en", [r[0] for r in rows], "And then?"),
                                   encoding="utf-8")
    (folder / "zh.txt").write_text(_transcript("G1", "government", "zh", [r[1] for r in rows] + list(extra_zh),
                                               "然后呢？"), encoding="utf-8")
    db = folder / "p.db"
    with Project.open(db, create=True) as project:
        book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
        with project.transaction():
            save_codebook(project, book)
        reports = import_paths(project, [folder / "en.txt", folder / "zh.txt"], ImportOptions())
        assert all(r.error is None for r in reports), [str(r.error) for r in reports]
    return db
