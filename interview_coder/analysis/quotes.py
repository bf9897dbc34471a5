"""Quotes (coded passages of a code, with who said and who coded them) and keyword in context.

A quote is a respondent passage in scope with at least one coding of the code in scope (one row per
passage, however many coders applied it). Its keyword hits and coded spans of that code are marked
**like this** (Markdown bold) unless ``mark`` is empty. KWIC lists each occurrence of a word in
respondent passages in scope: case-insensitive, on word boundaries for Latin script (a trailing
``*`` matches any ending), as a substring for Chinese.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from interview_coder.analysis.frequencies import records
from interview_coder.analysis.scope import group_join
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

if TYPE_CHECKING:
    import pandas as pd

QUOTE_COLUMNS = ["transcript", "passage", "respondent", "group", "code", "coders", "keywords", "text"]
QUOTE_DEFINITIONS = {
    "transcript": "the transcript's name",
    "passage": "the passage number in its transcript (as 'transcripts show' prints it)",
    "respondent": "who said it",
    "group": "the respondent's group (the --by attribute)",
    "code": "the code (or codes, for a factor) the passage is coded with",
    "coders": "coders whose codings of it are in scope ('auto' = an unreviewed suggestion)",
    "keywords": "the keywords matched in the passage for the code",
    "text": "the passage; keyword hits and coded spans of the code marked **like this**",
}
KWIC_COLUMNS = ["transcript", "passage", "respondent", "group", "left", "keyword", "right"]
KWIC_DEFINITIONS = {
    "transcript": "the transcript's name", "passage": "the passage number in its transcript",
    "respondent": "who said it", "group": "the respondent's group",
    "left": "the text before the occurrence", "keyword": "the occurrence as written",
    "right": "the text after the occurrence",
}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def code_ids(project: Project, code: str) -> list[str]:
    """A code id, or a factor id meaning all of its codes."""
    if project.conn.execute("SELECT 1 FROM codes WHERE id = ?", (code,)).fetchone():
        return [code]
    ids = [r[0] for r in project.conn.execute("SELECT id FROM codes WHERE factor_id = ? ORDER BY seq", (code,))]
    if not ids:
        raise InputError(f"no code or factor {code!r} in the codebook")
    return ids


def mark_spans(text: str, spans: list[tuple[int, int]], mark: str = "**") -> str:
    """``text`` with each (merged) span wrapped in ``mark``; offsets are code points into ``text``."""
    if not mark or not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], mark, text[start:end], mark]
        last = end
    return "".join(out + [text[last:]])


def quotes(project: Project, code: str, filters: Filters | None = None, group: str | None = None,
           by: str = "group", limit: int | None = None, mark: str = "**") -> pd.DataFrame:
    """Passages coded with ``code`` (a code or a factor id) in scope, in reading order; QUOTE_COLUMNS."""
    import pandas as pd

    filters = filters or Filters()
    ids = code_ids(project, code)
    inner, params = filters.codings_sql()
    join, group_expr, extra = group_join("x", by)
    marks = ",".join("?" * len(ids))
    sql = (f"SELECT x.passage_id, t.name AS transcript, p.seq AS passage, r.key AS respondent, {group_expr} AS grp, "  # noqa: S608
           "group_concat(DISTINCT x.code_id) AS codes, group_concat(DISTINCT x.coder) AS coders, p.text "
           f"FROM ({inner}) x {join} JOIN passages p ON p.id = x.passage_id JOIN transcripts t ON t.id = p.transcript_id "
           f"LEFT JOIN respondents r ON r.id = x.respondent_id WHERE x.code_id IN ({marks}) "
           + (f"AND {group_expr} = ? " if group is not None else "")
           # passage, transcript, seq, respondent, group and text all follow the passage
           + "GROUP BY 1, 2, 3, 4, 5, 8 ORDER BY t.name, p.seq")  # placeholders only
    args = [*params, *extra, *ids] + ([group] if group is not None else [])
    rows = [dict(r) for r in project.conn.execute(sql, args)]
    if limit is not None:
        rows = rows[:limit]
    spans: dict[int, list[tuple[int, int]]] = {}
    words: dict[int, list[str]] = {}
    if rows:  # spans to mark: this code's span codings on these passages, unless rejected
        pids = [r["passage_id"] for r in rows]
        for pid, start, end, keyword in project.conn.execute(
                f'SELECT passage_id, start, "end", keyword FROM codings WHERE passage_id IN ({",".join("?" * len(pids))}) '  # noqa: S608
                f"AND code_id IN ({marks}) AND status != 'rejected' AND start IS NOT NULL ORDER BY start",
                [*pids, *ids]):
            spans.setdefault(pid, []).append((start, end))
            if keyword and keyword not in words.get(pid, []):
                words.setdefault(pid, []).append(keyword)
    out = [{"transcript": r["transcript"], "passage": r["passage"], "respondent": r["respondent"], "group": r["grp"],
            "code": ", ".join(sorted(r["codes"].split(","), key=ids.index)),
            "coders": ", ".join(sorted(r["coders"].split(","))), "keywords": ", ".join(words.get(r["passage_id"], [])),
            "text": mark_spans(r["text"], spans.get(r["passage_id"], []), mark)} for r in rows]
    return pd.DataFrame.from_records(out, columns=QUOTE_COLUMNS)


def kwic_pattern(word: str) -> re.Pattern[str]:
    """The pattern KWIC looks for: see the module docstring."""
    stem = word.strip()
    prefix = stem.endswith("*")
    stem = stem.rstrip("*").strip()
    if not stem:
        raise InputError("kwic needs a word")
    body = r"\s+".join(re.escape(part) for part in stem.split())
    if _HAN.search(stem):
        return re.compile(body + (r"\w*" if prefix else ""), re.IGNORECASE)
    tail = _LATIN_WORD + "*" if prefix else f"(?!{_LATIN_WORD})"
    return re.compile(f"(?<!{_LATIN_WORD}){body}{tail}", re.IGNORECASE)


def kwic(project: Project, word: str, filters: Filters | None = None, by: str = "group", width: int = 40,
         limit: int | None = None) -> pd.DataFrame:
    """Every occurrence of ``word`` in respondent passages in scope, with ``width`` characters each side."""
    import pandas as pd

    filters = filters or Filters()
    pattern = kwic_pattern(word)
    inner, params = filters.passages_sql()
    join, group_expr, extra = group_join("s", by)
    sql = (f"SELECT t.name, p.seq, r.key, {group_expr}, p.text FROM ({inner}) s {join} "  # noqa: S608
           "JOIN passages p ON p.id = s.passage_id JOIN transcripts t ON t.id = p.transcript_id "
           "LEFT JOIN respondents r ON r.id = s.respondent_id ")  # placeholders only
    args: list[Any] = [*params, *extra]
    stem = word.strip().rstrip("*").split()[0] if word.strip().rstrip("*").split() else ""
    if stem.isascii():  # SQLite's lower() folds ASCII only: prefilter just then
        sql += "WHERE instr(lower(p.text), ?) > 0 "
        args.append(stem.lower())
    sql += "ORDER BY t.name, p.seq"
    out = []
    for transcript, seq, respondent, group, text in project.conn.execute(sql, args):
        for match in pattern.finditer(text):
            left = text[max(0, match.start() - width):match.start()]
            right = text[match.end():match.end() + width]
            out.append({"transcript": transcript, "passage": seq, "respondent": respondent, "group": group,
                        "left": " ".join(left.split()) if left.strip() else "", "keyword": match.group(0),
                        "right": " ".join(right.split()) if right.strip() else ""})
            if limit is not None and len(out) >= limit:
                return pd.DataFrame.from_records(out, columns=KWIC_COLUMNS)
    return pd.DataFrame.from_records(out, columns=KWIC_COLUMNS)


def quote_table(frame: pd.DataFrame, code: str) -> Table:
    return Table(f"Quotes: {code}", records(frame), list(QUOTE_COLUMNS), unit="one row per coded respondent passage",
                 definitions=dict(QUOTE_DEFINITIONS))


def kwic_table(frame: pd.DataFrame, word: str) -> Table:
    return Table(f"Keyword in context: {word}", records(frame), list(KWIC_COLUMNS),
                 unit="one row per occurrence in a respondent passage", definitions=dict(KWIC_DEFINITIONS))
