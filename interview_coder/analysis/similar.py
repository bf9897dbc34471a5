"""Passages like this one: the respondent passages across transcripts whose words are closest to a
given passage's, by cosine similarity of TF-IDF weights over English lemmas and jieba words (the
words autocode --learn uses; text.match.feature_words). Offline and deterministic.
"""

from __future__ import annotations

from typing import Any

from interview_coder.core.model import Role
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

TEXT_CHARS = 200
DEFINITIONS = {
    "rank": "1 for the most similar passage",
    "transcript": "the transcript's name",
    "passage": "the passage number in its transcript (as 'transcripts show' prints it)",
    "respondent": "who said it",
    "similarity": "cosine similarity of the two passages' TF-IDF word weights (1: the same words in the same "
                  "proportions, 0: no word in common), three decimals",
    "codes": "codes of the passage's codings in scope (comma-separated)",
    "text": f"the passage, shortened to {TEXT_CHARS} characters",
}


def find_passage(project: Project, spec: str) -> int:
    """A passage id from 'TRANSCRIPT:N' (N as 'transcripts show' numbers passages) or a bare id."""
    conn = project.conn
    name, sep, seq = spec.rpartition(":")
    if sep and seq.isdigit():
        row = conn.execute("SELECT p.id, p.role FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
                           "WHERE t.name = ? AND p.seq = ?", (name, int(seq))).fetchone()
    elif spec.isdigit():
        row = conn.execute("SELECT id, role FROM passages WHERE id = ?", (int(spec),)).fetchone()
    else:
        raise InputError(f"PASSAGE {spec!r}: give TRANSCRIPT:N (see 'transcripts show') or a passage id")
    if row is None:
        raise InputError(f"PASSAGE {spec!r}: no such passage")
    if row[1] != Role.RESPONDENT:
        raise InputError(f"PASSAGE {spec!r} is not a respondent passage")
    return int(row[0])


def similar_passages(project: Project, passage_id: int, filters: Filters | None = None, limit: int = 10) -> Table:
    """The ``limit`` respondent passages in scope most similar to ``passage_id`` (itself left out)."""
    records = [{k: r[k] for k in DEFINITIONS} for r in similar_rows(project, passage_id, filters, limit)]
    return Table("Similar passages", records, list(DEFINITIONS), unit="respondent passages in scope",
                 definitions=DEFINITIONS)


def similar_rows(project: Project, passage_id: int, filters: Filters | None = None,
                 limit: int = 10) -> list[dict[str, Any]]:
    """The rows of :func:`similar_passages` (its columns), each with ``transcript_id`` and
    ``passage_id`` too, for the workbench to jump to."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from interview_coder.analysis.autocode import compile_project_codebook
    from interview_coder.text.match import feature_words

    filters = filters or Filters()
    conn = project.conn
    inner, params = filters.passages_sql()
    rows = conn.execute(
        f"SELECT p.id, t.name, p.seq, r.key, p.text, t.id FROM ({inner}) s JOIN passages p ON p.id = s.passage_id "  # noqa: S608
        "JOIN transcripts t ON t.id = p.transcript_id LEFT JOIN respondents r ON r.id = p.respondent_id "
        "ORDER BY t.name, p.seq", params).fetchall()
    ids = [r[0] for r in rows]
    target_text = conn.execute("SELECT text FROM passages WHERE id = ?", (passage_id,)).fetchone()[0]
    compiled = compile_project_codebook(project)
    vectorizer = TfidfVectorizer(analyzer=lambda text: feature_words(text, compiled), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([r[4] for r in rows] + [target_text])
    except ValueError as exc:  # no passage has a content word
        raise InputError("no words to compare: the passages in scope have no content words") from exc
    scores = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    order = sorted((i for i in range(len(rows)) if ids[i] != passage_id), key=lambda i: (-scores[i], ids[i]))[:limit]
    codings, cparams = filters.codings_sql()
    codes: dict[int, list[str]] = {}
    for pid, code in conn.execute(f"SELECT DISTINCT x.passage_id, x.code_id FROM ({codings}) x ORDER BY 2", cparams):  # noqa: S608
        codes.setdefault(pid, []).append(code)
    records: list[dict[str, Any]] = []
    for rank, i in enumerate(order, start=1):
        text = " ".join(str(rows[i][4]).split())
        records.append({"rank": rank, "transcript": rows[i][1], "passage": rows[i][2], "respondent": rows[i][3],
                        "similarity": round(float(scores[i]), 3), "codes": ", ".join(codes.get(ids[i], [])),
                        "text": text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS].rstrip() + " ...",
                        "transcript_id": rows[i][5], "passage_id": ids[i]})
    return records
