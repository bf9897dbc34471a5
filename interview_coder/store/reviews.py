"""The coder's "reviewed / nothing to code here" mark on a passage, so progress can reach 100%.

A passage is reviewed for a coder when marked here, or decided with nothing open
(store.workbench.reviewed_sql: the one definition the overview's and the reader's progress read).
Issue 13: a passage with nothing to code ("You are welcome.") could never count as reviewed.
"""

from __future__ import annotations

from interview_coder.core.model import Role
from interview_coder.errors import InputError
from interview_coder.store.codings import record_review
from interview_coder.store.project import Project, now
from interview_coder.store.workbench import reviewed_sql


def set_reviewed(project: Project, passage_id: int, coder: str, reviewed: bool = True) -> None:
    """Mark (or unmark) one respondent passage reviewed by ``coder``; one transaction, recorded in
    the coder's history (store.codings), so undo takes it back."""
    with project.transaction() as conn:
        row = conn.execute("SELECT seq, role FROM passages WHERE id = ?", (passage_id,)).fetchone()
        if row is None:
            raise InputError(f"passage {passage_id} is no longer in the project")
        if row["role"] != Role.RESPONDENT:
            raise InputError(f"passage {row['seq']} is not a respondent passage: it is never coded or reviewed")
        coder_id = project.coder_id(coder)
        before = conn.execute("SELECT 1 FROM passage_reviews WHERE passage_id = ? AND coder_id = ?",
                              (passage_id, coder_id)).fetchone() is not None
        record_review(project, passage_id, coder, before, reviewed)  # undoable (issue 13)
        if reviewed:
            conn.execute("INSERT OR REPLACE INTO passage_reviews(passage_id, coder_id, reviewed_at) VALUES (?,?,?)",
                         (passage_id, coder_id, now()))
        else:
            conn.execute("DELETE FROM passage_reviews WHERE passage_id = ? AND coder_id = ?", (passage_id, coder_id))


def is_marked(project: Project, passage_id: int, coder: str) -> bool:
    """True when ``coder`` marked the passage reviewed (not merely decided it)."""
    return project.conn.execute(
        "SELECT 1 FROM passage_reviews r JOIN coders k ON k.id = r.coder_id WHERE r.passage_id = ? AND k.name = ?",
        (passage_id, coder)).fetchone() is not None


def reviewed_passages(project: Project, transcript_id: int, coder: str,
                      passage_ids: list[int] | None = None) -> set[int]:
    """Ids of the transcript's counted passages reviewed for ``coder`` (marked, or decided with nothing
    open), among ``passage_ids`` when given (a few: about 5 ms a passage on the 1,000-transcript
    benchmark project; a whole 5,000-passage transcript about 0.3 s, so the workbench asks in a thread)."""
    where, params = "s.transcript_id = ?", [transcript_id]
    if passage_ids is not None:
        where = f"s.passage_id IN ({','.join('?' * len(passage_ids))})"
        params = list(passage_ids)
    few = passage_ids is not None and len(passage_ids) <= 50
    sql = f"SELECT s.passage_id FROM counted_passages s WHERE {where} AND {reviewed_sql(project, coder, few)}"  # noqa: S608
    return {int(r[0]) for r in project.conn.execute(sql, params)}
