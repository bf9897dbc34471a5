"""The hand-built report fixture: tests/data/reports (7 respondents, both groups, both languages).

Respondents and their respondent passages (words = each CJK character or Latin/digit run):
  enterprise  E1 (en, size small; E3 small, E2 and E4 large, government no size)
              E1 (en) p1 "Our customers want new sensors every year." (7)
                      p2 "Competitors copy us, so we move first." (7)
                      p3 "A small subsidy helped, and the tax break too." (9)
              E2 (en) p1 "Customers push us. Customer needs change fast." (7)
                      p2 "Our R&D team is small but strong." (8)
              E3 (zh) p1 "客户的需求是第一位的。" (10)   p2 "研发团队也很重要。" (8)
              E4 (en) p1 "Nothing to add." (3)                       -- never coded
  government  G1 (en) p1 "We give a subsidy to firms that hire researchers." (9)
                      p2 "Tax incentives matter most for them." (6)
              G2 (zh) p1 "我们提供补贴和税收优惠。" (11)  p2 "企业的客户也很关键。" (9)
              G3 (zh) p1 "补贴没有了。" (5)                          -- only an unreviewed suggestion

Codings (coder; A = accepted, S = suggested, R = rejected; kw = auto coding with that keyword):
  E1p1 customers alice A whole; customers kw "customers" accepted by alice
  E1p2 competitors bob A whole; competitors alice A span "Competitors"
  E1p3 subsidy alice A whole; subsidy kw "subsidy" accepted by alice; tax kw "tax" rejected by bob
  E2p1 customers kw "Customers" and kw "Customer", both accepted by bob
  E2p2 rnd bob A whole
  E3p1 customers alice A whole; customers kw 客户 S
  E3p2 rnd bob A whole; rnd alice A whole
  G1p1 subsidy alice A whole; subsidy kw "subsidy" accepted by alice
  G1p2 tax bob A whole; tax kw "Tax" S
  G2p1 subsidy alice A; tax alice A; subsidy kw 补贴 accepted by alice; tax kw 税收 S
  G2p2 customers bob A whole
  G3p1 subsidy kw 补贴 S
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code, set_status
from interview_coder.store.project import Project

REPORTS = Path(__file__).parent / "data" / "reports"
KEYWORD = {"customers": "customer"}


def passages(project: Project) -> dict[str, int]:
    """'E1p1' -> passage id, numbering each respondent's passages from 1 in reading order."""
    out: dict[str, int] = {}
    rows = project.conn.execute(
        "SELECT p.id, r.key FROM passages p JOIN respondents r ON r.id = p.respondent_id "
        "JOIN transcripts t ON t.id = p.transcript_id WHERE p.role = 'respondent' ORDER BY t.name, p.seq")
    seen: dict[str, int] = {}
    for pid, key in rows:
        seen[key] = seen.get(key, 0) + 1
        out[f"{key}p{seen[key]}"] = pid
    return out


def _suggest(project: Project, pid: int, code: str, word: str, occurrence: int = 0) -> int:
    """Store an auto suggestion for the ``occurrence``-th ``word`` in the passage, under its codebook
    keyword (as autocode stores it: 'Customers' is a hit of 'customer'); returns its coding id."""
    text = project.conn.execute("SELECT text FROM passages WHERE id = ?", (pid,)).fetchone()[0]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    assert add_suggestions(project, [Suggestion(pid, code, start, start + len(word), KEYWORD.get(word.lower(), word.lower()))]) == 1
    return int(project.conn.execute(
        "SELECT id FROM codings WHERE passage_id = ? AND code_id = ? AND origin = 'auto' AND start = ?",
        (pid, code, start)).fetchone()[0])


def build_report_project(path: Path) -> Project:
    """The fixture project described in this module's docstring."""
    project = Project.open(path, create=True)
    book, _ = load_codebook_yaml(REPORTS / "codebook.yaml")
    with project.transaction():
        save_codebook(project, book)
    reports = import_paths(project, sorted(REPORTS.glob("*.md")), ImportOptions())
    assert all(r.error is None for r in reports), [str(r.error) for r in reports if r.error]
    p = passages(project)
    assert len(p) == 13, sorted(p)

    apply_code(project, p["E1p1"], "customers", "alice")
    set_status(project, [_suggest(project, p["E1p1"], "customers", "customers")], "accepted", "alice")
    apply_code(project, p["E1p2"], "competitors", "bob")
    apply_code(project, p["E1p2"], "competitors", "alice", 0, len("Competitors"))
    apply_code(project, p["E1p3"], "subsidy", "alice")
    set_status(project, [_suggest(project, p["E1p3"], "subsidy", "subsidy")], "accepted", "alice")
    set_status(project, [_suggest(project, p["E1p3"], "tax", "tax")], "rejected", "bob")
    set_status(project, [_suggest(project, p["E2p1"], "customers", "Customers"),
                         _suggest(project, p["E2p1"], "customers", "Customer", occurrence=1)], "accepted", "bob")
    apply_code(project, p["E2p2"], "rnd", "bob")
    apply_code(project, p["E3p1"], "customers", "alice")
    _suggest(project, p["E3p1"], "customers", "客户")
    apply_code(project, p["E3p2"], "rnd", "bob")
    apply_code(project, p["E3p2"], "rnd", "alice")
    apply_code(project, p["G1p1"], "subsidy", "alice")
    set_status(project, [_suggest(project, p["G1p1"], "subsidy", "subsidy")], "accepted", "alice")
    apply_code(project, p["G1p2"], "tax", "bob")
    _suggest(project, p["G1p2"], "tax", "Tax")
    apply_code(project, p["G2p1"], "subsidy", "alice")
    apply_code(project, p["G2p1"], "tax", "alice")
    set_status(project, [_suggest(project, p["G2p1"], "subsidy", "补贴")], "accepted", "alice")
    _suggest(project, p["G2p1"], "tax", "税收")
    apply_code(project, p["G2p2"], "customers", "bob")
    _suggest(project, p["G3p1"], "subsidy", "补贴")
    return project


@pytest.fixture(scope="session")
def report_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The fixture project, built once per test session; tests only read it."""
    project = build_report_project(tmp_path_factory.mktemp("reports") / "reports.db")
    yield project
    project.close()
