"""Saturation: how many codes and keywords each added interview brings that no earlier one had.

The evidence a methods section gives for "the sample was large enough": the curve of cumulative
codes flattening as interviews are added. Counting unit: a code is new in a transcript when a
coding of it in scope (``--coder``, ``--status``) sits on one of the transcript's respondent
passages and on none of an earlier transcript's; a keyword is new likewise, counting keyword hits
(auto codings in scope with a keyword, merged synonyms under their target, excluded words never).
"""

from __future__ import annotations

import enum
from typing import Any

from interview_coder.core.counting import report_keyword
from interview_coder.core.model import Origin
from interview_coder.core.table import Chart, Table
from interview_coder.errors import InputError
from interview_coder.store import keywords as keyword_store
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters


class Order(enum.StrEnum):
    """The order interviews are added in."""

    IMPORT = "import"
    """the order they were imported (transcript ids)"""
    ATTRIBUTE = "attribute"
    """by a respondent attribute (e.g. an interview date), ties in import order"""


DEFINITIONS = {
    "interview": "1 for the first interview added, 2 for the second, ...",
    "transcript": "the transcript added",
    "order_value": "the value the interviews are ordered by (the attribute's smallest value among the "
                   "transcript's respondents, or the import position)",
    "new_codes": "codes with a coding in scope in this transcript and in no earlier one",
    "codes_total": "distinct codes seen so far (the saturation curve)",
    "new_keywords": "keywords (after merging synonyms) with a hit in scope in this transcript and in no earlier one",
    "keywords_total": "distinct keywords seen so far",
}


def saturation(project: Project, filters: Filters | None = None, order: Order | str = Order.IMPORT,
               attribute: str | None = None) -> Table:
    """One row per transcript in scope, in ``order``: new and cumulative codes and keywords."""
    filters = filters or Filters()
    order = Order(order)
    conn = project.conn
    if order is Order.ATTRIBUTE:
        if not attribute:
            raise InputError("--order attribute needs --attribute NAME (e.g. date)")
        if conn.execute("SELECT 1 FROM attributes WHERE name = ? LIMIT 1", (attribute,)).fetchone() is None:
            raise InputError(f"--attribute {attribute}: no respondent has an attribute {attribute!r}")
    inner, params = filters.passages_sql()
    transcripts = conn.execute(
        f"SELECT t.id, t.name, min(a.value) FROM ({inner}) s JOIN transcripts t ON t.id = s.transcript_id "  # noqa: S608
        "LEFT JOIN attributes a ON a.respondent_id = s.respondent_id AND a.name = ? GROUP BY t.id ORDER BY t.id",
        [*params, attribute or ""]).fetchall()
    rows = [(r[0], r[1], r[2] if order is Order.ATTRIBUTE else str(n)) for n, r in enumerate(transcripts, start=1)]
    if order is Order.ATTRIBUTE:
        # Transcripts without the attribute go last, in import order.
        rows.sort(key=lambda r: (r[2] is None, _sortable(r[2])))
    codings, cparams = filters.codings_sql()
    codes: dict[int, set[str]] = {}
    words: dict[int, set[str]] = {}
    merges = keyword_store.merges(project)
    banned = {w.casefold() for w in keyword_store.excluded_words(project)}
    for tid, code, origin, keyword in conn.execute(
            f"SELECT x.transcript_id, x.code_id, x.origin, x.keyword FROM ({codings}) x", cparams):  # noqa: S608
        codes.setdefault(tid, set()).add(code)
        if origin == Origin.AUTO and keyword and keyword.casefold() not in banned:
            words.setdefault(tid, set()).add(report_keyword(keyword, merges).casefold())
    seen_codes: set[str] = set()
    seen_words: set[str] = set()
    records: list[dict[str, Any]] = []
    for n, (tid, name, value) in enumerate(rows, start=1):
        new_codes = codes.get(tid, set()) - seen_codes
        new_words = words.get(tid, set()) - seen_words
        seen_codes |= new_codes
        seen_words |= new_words
        records.append({"interview": n, "transcript": name, "order_value": value, "new_codes": len(new_codes),
                        "codes_total": len(seen_codes), "new_keywords": len(new_words),
                        "keywords_total": len(seen_words)})
    how = f"ordered by {attribute}" if order is Order.ATTRIBUTE else "in import order"
    return Table("Saturation", records, list(DEFINITIONS), unit=f"transcripts in scope, {how}",
                 definitions=DEFINITIONS)


def _sortable(value: str | None) -> tuple[int, float, str]:
    """Numbers compare as numbers, anything else as text (dates in ISO form sort right as text)."""
    if value is None:
        return (2, 0.0, "")
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def saturation_chart(table: Table) -> Chart:
    """The cumulative curves as chart values: one category per added interview, two series."""
    return Chart("Saturation: codes and keywords seen as interviews are added", "distinct codes / keywords so far",
                 [(f"{r['interview']}. {r['transcript']}", "") for r in table.records],
                 ["codes", "keywords"], [[float(r["codes_total"]), float(r["keywords_total"])] for r in table.records],
                 "saturation", title_zh="饱和度：随访谈增加累计出现的编码与关键词", xlabel_zh="累计编码数 / 关键词数",
                 kind="line")
