"""Keywords in the project: synonym merges, excluded words, assigning a keyword to a code, and the
rows keyword matching and the keyword report read (respondent passages, auto codings).

Merges and excluded words are compared case-folded; ``lang`` is 'zh' when the word has a Han
character, else 'en'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from interview_coder.errors import InputError
from interview_coder.store.codings import withdraw_suggestions
from interview_coder.store.project import Project

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def word_lang(word: str) -> str:
    return "zh" if _HAN.search(word) else "en"


def _clean(word: str) -> str:
    cleaned = " ".join(word.split())
    if not cleaned:
        raise InputError("an empty keyword")
    return cleaned.casefold() if word_lang(cleaned) == "en" else cleaned


# --- merges ----------------------------------------------------------------------------------

def merges(project: Project) -> dict[str, str]:
    """Synonym sets as case-folded keyword -> the keyword its hits are reported under."""
    return {r[0].casefold(): r[1] for r in project.conn.execute("SELECT keyword, merged_into FROM keyword_merges")}


def merge_keywords(project: Project, words: Iterable[str], into: str) -> int:
    """Merge ``words`` into ``into`` (one transaction); words merged into any of them follow. Returns rows written."""
    target = _clean(into)
    with project.transaction() as conn:
        row = conn.execute("SELECT merged_into FROM keyword_merges WHERE keyword = ?", (target,)).fetchone()
        if row is not None:  # merging into a word that is itself merged: use its target
            target = row[0]
        sources = [w for w in (_clean(w) for w in words) if w.casefold() != target.casefold()]
        if not sources:
            raise InputError(f"nothing to merge into {into!r}")
        # Sets that pointed at a source now point at the new target: no chains.
        conn.executemany("UPDATE keyword_merges SET merged_into = ? WHERE merged_into = ?",
                         [(target, s) for s in sources])
        conn.executemany(
            "INSERT INTO keyword_merges(lang, keyword, merged_into) VALUES (?,?,?) "
            "ON CONFLICT(lang, keyword) DO UPDATE SET merged_into = excluded.merged_into",
            [(word_lang(s), s, target) for s in sources])
        return len(sources)


def unmerge_keywords(project: Project, words: Iterable[str]) -> int:
    with project.transaction() as conn:
        before = conn.total_changes
        conn.executemany("DELETE FROM keyword_merges WHERE keyword = ?", [(_clean(w),) for w in words])
        return conn.total_changes - before


# --- excluded words ----------------------------------------------------------------------------

def excluded_words(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT word FROM excluded_words ORDER BY lang, word")]


def exclude_words(project: Project, words: Iterable[str], remove: bool = False) -> int:
    """Add (or with ``remove``, drop) words that must never count; one transaction.

    Open suggestions of an excluded word are withdrawn; codings a coder accepted stay.
    """
    cleaned = [_clean(w) for w in words]
    with project.transaction() as conn:
        before = conn.total_changes
        if remove:
            conn.executemany("DELETE FROM excluded_words WHERE word = ?", [(w,) for w in cleaned])
        else:
            conn.executemany("INSERT OR IGNORE INTO excluded_words(lang, word) VALUES (?,?)",
                             [(word_lang(w), w) for w in cleaned])
        changed = conn.total_changes - before
        if not remove:
            withdraw_suggestions(project, cleaned)
        return changed


# --- assigning keywords to codes -----------------------------------------------------------------

def assign_keyword(project: Project, word: str, code_id: str) -> bool:
    """Add ``word`` as an include keyword of ``code_id``; False when it already was one."""
    cleaned = " ".join(word.split())
    if not cleaned:
        raise InputError("an empty keyword")
    lang = word_lang(cleaned)
    if lang == "en":
        cleaned = cleaned.lower()
    with project.transaction() as conn:
        if conn.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is None:
            raise InputError(f"no code {code_id!r} in the codebook")
        seq = conn.execute("SELECT coalesce(max(seq) + 1, 0) FROM keywords WHERE code_id = ? AND lang = ? "
                           "AND kind = 'include'", (code_id, lang)).fetchone()[0]
        cur = conn.execute("INSERT OR IGNORE INTO keywords(code_id, lang, keyword, kind, seq) "
                           "VALUES (?,?,?,'include',?)", (code_id, lang, cleaned, seq))
        return cur.rowcount > 0


def codes_of_keyword(project: Project, word: str) -> list[str]:
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT code_id FROM keywords WHERE kind = 'include' AND lower(keyword) = lower(?)", (word,))]


# --- what matching reads -----------------------------------------------------------------------

def respondent_passages(project: Project, transcripts: Iterable[str] = (), group: str | None = None,
                        by: str = "group") -> list[dict[str, Any]]:
    """Respondent passages (id, text, transcript, group) in reading order; interviewer text never."""
    sql = ["SELECT p.id, p.text, t.name AS transcript, g.value AS \"group\" FROM counted_passages s "
           "JOIN passages p ON p.id = s.passage_id JOIN transcripts t ON t.id = p.transcript_id "
           "LEFT JOIN attributes g ON g.respondent_id = p.respondent_id AND g.name = ? "
           "WHERE 1"]
    params: list[Any] = [by]
    names = list(transcripts)
    if names:
        sql.append(f"AND (t.name IN ({','.join('?' * len(names))}) OR CAST(t.id AS TEXT) IN ({','.join('?' * len(names))}))")
        params += names + names
    if group is not None:
        sql.append("AND g.value = ?")
        params.append(group)
    sql.append("ORDER BY t.name, p.seq")
    return [dict(r) for r in project.conn.execute(" ".join(sql), params)]


def unknown_transcripts(project: Project, names: Iterable[str]) -> list[str]:
    known = {r[0] for r in project.conn.execute("SELECT name FROM transcripts")}
    known |= {str(r[0]) for r in project.conn.execute("SELECT id FROM transcripts")}
    return [n for n in names if n not in known]


def auto_spans(project: Project, coder: str | None = None) -> set[tuple[int, str, int, int]]:
    """(passage, code, start, end) of every auto coding already stored, in any status, and with
    ``coder`` also that coder's manual span codings (storing those again would clash)."""
    sql = ('SELECT passage_id, code_id, start, "end" FROM codings WHERE start IS NOT NULL AND (origin = \'auto\' '
           "OR coder_id = (SELECT id FROM coders WHERE name = ?))")
    return {(r[0], r[1], r[2], r[3]) for r in project.conn.execute(sql, (coder or "",))}


def keyword_hit_rows(project: Project, codings_sql: str, params: list[Any], by: str | None = "group"
                     ) -> list[tuple[str, str, str | None, int]]:
    """(keyword, code, group value, hits) over the auto codings with a keyword selected by ``codings_sql``.

    ``codings_sql`` is a Filters.codings_sql() query (codings in scope); grouping happens in SQL. A hit
    is a keyword occurrence: counted once however many coders accepted it (a code's hits never overlap
    in a passage, so passage and start identify it).
    """
    from interview_coder.store.scope import keyword_hit, keyword_hits

    sql = (f"SELECT x.keyword, x.code_id, g.value, {keyword_hits('x')} "  # noqa: S608
           f"FROM ({codings_sql}) x "
           "LEFT JOIN attributes g ON g.respondent_id = x.respondent_id AND g.name = ? "
           f"WHERE {keyword_hit('x')} GROUP BY x.keyword, x.code_id, g.value")
    return [(r[0], r[1], r[2], r[3]) for r in project.conn.execute(sql, [*params, by or ""])]


def suggestion_rows(project: Project, code: str | None = None, transcript: str | None = None,
                    keyword: str | None = None, coder: str | None = None, which: str = "open") -> list[dict[str, Any]]:
    """Suggestions (one per keyword hit or learned code) with where they sit, filtered; in reading order.

    ``which``: ``open``, the suggestions still open for ``coder`` (store.scope: in a shared project,
    open for everyone); ``decided``, the decisions on suggestions (by ``coder`` when given); ``all``, both.
    """
    from interview_coder.store.scope import coding_mode, open_sql

    coder_id = None
    if coder is not None:
        row = project.conn.execute("SELECT id FROM coders WHERE name = ?", (coder,)).fetchone()
        coder_id = row[0] if row else -1
    decided = "c.status != 'suggested'" + (f" AND c.coder_id = {int(coder_id)}" if coder_id is not None else "")
    still_open = open_sql("c", coding_mode(project), [] if coder_id is None else [coder_id])
    cond = {"open": still_open, "decided": decided, "all": f"({still_open} OR ({decided}))"}[which]
    sql = ["SELECT c.id, t.name AS transcript, p.seq AS passage, c.code_id AS code, c.keyword, c.start, "  # noqa: S608
           'c."end", c.text, c.status, k.name AS coder, c.origin, c.memo FROM codings c JOIN passages p ON p.id = c.passage_id '
           "JOIN transcripts t ON t.id = p.transcript_id JOIN coders k ON k.id = c.coder_id "
           f"WHERE c.origin != 'manual' AND p.id IN (SELECT passage_id FROM counted_passages) AND {cond}"]
    params: list[Any] = []
    if code:
        sql.append("AND c.code_id = ?")
        params.append(code)
    if transcript:
        sql.append("AND (t.name = ? OR CAST(t.id AS TEXT) = ?)")
        params += [transcript, transcript]
    if keyword:
        sql.append("AND lower(c.keyword) = lower(?)")
        params.append(keyword)
    sql.append('ORDER BY t.name, p.seq, c.start, c.code_id, c.id')
    return [dict(r) for r in project.conn.execute(" ".join(sql), params)]
