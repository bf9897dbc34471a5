"""Small hand-made projects for the teamwork tests (coders, merge, agreement, REFI-QDA)."""

from __future__ import annotations

from pathlib import Path

from interview_coder.core.model import Code, Codebook, Driver, Factor
from interview_coder.io.transcripts import ImportOptions
from interview_coder.io.transcripts.plain import parse_plain
from interview_coder.store.codebook import save_codebook
from interview_coder.store.project import Project
from interview_coder.store.transcripts import save_transcript
from interview_coder.text.normalize import normalize

EN_TEXT = """Q: Why do you innovate?

A: Our customers ask for new sensors every year.

Competitors in Shenzhen copy us quickly, so we must move first.

Q: Who helps you?

A: The university lab helps with testing.
"""

ZH_TEXT = """问：你们为什么创新？

答：客户每年都要新的产品。

政府补贴也很重要，税收优惠帮了大忙。

问：谁帮助你们？

答：大学实验室帮我们做测试。
"""

BOOK = Codebook(
    factors=(Factor("market", "Market", Driver.EXTERNAL, "市场"), Factor("support", "Support", Driver.EXTERNAL),
             Factor("internal", "Internal", Driver.INTERNAL)),
    codes=(Code("customers", "Customer demand", "market", "客户需求", colour="#FF0000", keywords={"en": ("customer",)}),
           Code("competitors", "Competition", "market", colour="#00ff00"),
           Code("copying", "Imitation", "market", parent="competitors"),
           Code("subsidy", "Subsidy", "support", "补贴", description="Government money"),
           Code("university", "University", "support"),
           Code("rnd", "R&D team", "internal")),
    name="Test book", version="1")


def add_transcript(project: Project, name: str, text: str, respondent: str, **attrs: str | int) -> int:
    """Import ``text`` as a plain transcript whose respondent is ``respondent``; returns its id."""
    front = "---\nrespondent: " + respondent + "\n" + "".join(f"{k}: {v}\n" for k, v in attrs.items()) + "---\n"
    transcript = parse_plain(normalize(front + text), Path(name + ".txt"), name, ImportOptions())
    with project.transaction():
        result = save_transcript(project, transcript, "plain", "utf-8")
    assert result.transcript_id is not None
    return result.transcript_id


def make_project(path: Path, book: Codebook = BOOK) -> Project:
    """A project with the test codebook, one English and one Chinese transcript, and no codings."""
    project = Project.open(path, create=True)
    with project.transaction():
        save_codebook(project, book)
    add_transcript(project, "en1", EN_TEXT, "E1", group="enterprise", staff=55)
    add_transcript(project, "zh1", ZH_TEXT, "Z1", group="government")
    return project


def passage_id(project: Project, transcript: str, seq: int) -> int:
    row = project.conn.execute("SELECT p.id FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                               "WHERE t.name = ? AND p.seq = ?", (transcript, seq)).fetchone()
    return int(row[0])


def respondent_passages(project: Project, transcript: str) -> list[tuple[int, int, str]]:
    """(id, seq, text) of the respondent passages of a transcript, in order."""
    return [(r[0], r[1], r[2]) for r in project.conn.execute(
        "SELECT p.id, p.seq, p.text FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
        "WHERE t.name = ? AND p.role = 'respondent' ORDER BY p.seq", (transcript,))]
