"""A twelve-answer project: alice coded five passages suppliers and five tax by hand, two are uncoded."""

from __future__ import annotations

from pathlib import Path

from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project

DATA = Path(__file__).parent / "data"
ANSWERS = [
    ("suppliers", "Our suppliers deliver parts and the supplier network helps us build products."),
    ("suppliers", "We share designs with suppliers upstream so parts arrive on time."),
    ("suppliers", "A new supplier of sensors changed how we build the device."),
    ("suppliers", "Suppliers in Wuxi deliver the raw parts for our line."),
    ("suppliers", "The parts supplier and our engineers redesigned the housing."),
    ("tax", "The tax office gave us a deduction on research spending."),
    ("tax", "Tax incentives lowered what we pay each year."),
    ("tax", "We filed for the research tax deduction with the tax bureau."),
    ("tax", "A lower tax rate for high-tech firms helps us invest."),
    ("tax", "The tax refund arrived after the audit."),
    (None, "Suppliers of parts in Suzhou deliver quickly."),
    (None, "The tax deduction for research is generous."),
]


def coded_project(tmp_path: Path) -> tuple[Project, list[int]]:
    body = "".join(f"Q: And?\n\nA: {text}\n\n" for _, text in ANSWERS)
    (tmp_path / "t.txt").write_text(f"---\nrespondent: R1\ngroup: enterprise\n---\n{body}", encoding="utf-8")
    project = Project.open(tmp_path / "l.db", create=True)
    book, _ = load_codebook_yaml(DATA / "autocode" / "codebook.yaml")
    with project.transaction():
        save_codebook(project, book)
    assert all(r.error is None for r in import_paths(project, [tmp_path / "t.txt"], ImportOptions()))
    ids = [r[0] for r in project.conn.execute("SELECT id FROM passages WHERE role = 'respondent' ORDER BY seq")]
    for pid, (code, _) in zip(ids, ANSWERS, strict=True):
        if code:
            apply_code(project, pid, code, "alice")
    return project, ids
