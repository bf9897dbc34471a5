"""Reading a code back: every coding of a code across transcripts, and an example passage for its
definition. Codings are those in the counting scope (store.scope.Filters), the same ones
``report frequencies`` counts: accepted, countable, on respondent passages."""

from __future__ import annotations

from dataclasses import dataclass

from interview_coder.store.project import Project
from interview_coder.store.workbench import counting_filters


@dataclass(frozen=True)
class Retrieved:
    """One coding of the code, with where it is and who said it."""

    transcript_id: int
    transcript: str
    passage_id: int
    seq: int
    """The passage's own number (as export, search and memos show it)."""
    respondent: str
    group: str
    coder: str
    start: int | None
    end: int | None
    text: str
    """The passage text (the coded span is ``text[start:end]``; None: the whole passage)."""


def _coded(project: Project, code_id: str, coder: str | None, order: str, limit: int) -> list[Retrieved]:
    """The counted codings of ``code_id`` (for ``coder``, as the workbench counts), in ``order``."""
    inner, params = counting_filters(project, coder).codings_sql()
    sql = (f"SELECT t.id AS tid, t.name, p.id AS pid, p.seq, coalesce(r.key, '') AS respondent, "  # noqa: S608
           "coalesce(a.value, '') AS grp, k.name AS coder, c.start, c.\"end\", p.text "
           f"FROM ({inner}) x JOIN codings c ON c.id = x.id JOIN passages p ON p.id = c.passage_id "
           "JOIN transcripts t ON t.id = p.transcript_id JOIN coders k ON k.id = c.coder_id "
           "LEFT JOIN respondents r ON r.id = p.respondent_id "
           "LEFT JOIN attributes a ON a.respondent_id = p.respondent_id AND a.name = 'group' "
           f"WHERE c.code_id = ? ORDER BY {order} LIMIT ?")
    return [Retrieved(r["tid"], r["name"], r["pid"], r["seq"], r["respondent"], r["grp"], r["coder"], r["start"],
                      r["end"], r["text"]) for r in project.conn.execute(sql, [*params, code_id, limit])]


def code_codings(project: Project, code_id: str, coder: str | None = None, limit: int = 2000) -> list[Retrieved]:
    """The counted codings of ``code_id`` in transcript then passage order, at most ``limit``
    (what the workbench counts for ``coder``: everyone's, or their own when coding independently)."""
    return _coded(project, code_id, coder, "t.name, p.seq, coalesce(c.start, -1), c.id", limit)


def code_example(project: Project, code_id: str, coder: str | None = None) -> Retrieved | None:
    """One counted coding of ``code_id`` to show with its definition: the shortest coded text (a
    span, or a whole passage), ties in transcript and passage order; None when nothing is coded."""
    found = _coded(project, code_id, coder, 'coalesce(c."end" - c.start, length(p.text)), t.name, p.seq, c.id', 1)
    return found[0] if found else None


@dataclass(frozen=True)
class MemoPlace:
    """A memo and where it leads: the passage to open (None for project, transcript and code memos
    that have no passage; ``transcript_id`` alone for a transcript memo)."""

    target: str
    label: str
    coder: str
    text: str
    transcript_id: int | None
    passage_id: int | None


def memo_places(project: Project) -> list[MemoPlace]:
    """Every memo (store.memos.memo_rows) with a label and the place it is about."""
    from interview_coder.store.memos import memo_rows

    conn = project.conn
    passages = {str(r[0]): (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT p.id, p.transcript_id, p.seq, t.name FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
        "WHERE CAST(p.id AS TEXT) IN (SELECT target_id FROM memos WHERE target = 'passage') OR p.id IN "
        "(SELECT passage_id FROM codings WHERE memo IS NOT NULL)")}
    coding_passage = {str(r[0]): (str(r[1]), r[2]) for r in conn.execute(
        "SELECT id, passage_id, code_id FROM codings WHERE memo IS NOT NULL")}
    transcripts = {str(r[0]): r[1] for r in conn.execute("SELECT id, name FROM transcripts")}
    out = []
    for m in memo_rows(project):
        target, tid = m["target"], str(m["target_id"])
        place: tuple[int | None, int | None] = (None, None)
        if target == "passage" and tid in passages:
            t, seq, name = passages[tid]
            label, place = f"{name} #{seq}", (t, int(tid))
        elif target == "coding" and tid in coding_passage and coding_passage[tid][0] in passages:
            pid, code = coding_passage[tid]
            t, seq, name = passages[pid]
            label, place = f"{name} #{seq} · coding {code}", (t, int(pid))
        elif target == "transcript":
            label = transcripts.get(tid, f"transcript {tid}")
            place = (int(tid), None) if tid in transcripts else (None, None)
        elif target == "code":
            label = f"code {tid}"
        else:
            label = "project" if target == "project" else f"{target} {tid}"
        out.append(MemoPlace(target, label, m["coder"] or "", m["text"], *place))
    return out
