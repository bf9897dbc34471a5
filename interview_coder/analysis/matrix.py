"""The respondent x code matrix for SPSS, R or Stata: one row per respondent, one column per code.

Counting unit of a cell, by ``value``: presence (1 when the respondent has at least one passage in
scope coded with the code, else 0), passages (such passages), or hits (keyword hits: auto codings
with a keyword, excluded words left out). With ``level='factor'`` the columns are factors and a
passage counts once per factor; hits are summed over the factor's codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_coder.analysis.frequencies import codebook_codes, records
from interview_coder.core.counting import keyword_hit_counts
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store import keywords as keyword_store
from interview_coder.store.project import Project
from interview_coder.store.queries import respondent_attributes
from interview_coder.store.scope import Filters, keyword_hit, keyword_hits

if TYPE_CHECKING:
    import pandas as pd

VALUES = ("presence", "passages", "hits")


def respondent_matrix(project: Project, filters: Filters | None = None, value: str = "presence",
                      level: str = "code") -> pd.DataFrame:
    """Columns: respondent, every attribute (sorted, 'group' first), words, then one per code (or factor)."""
    import pandas as pd

    if value not in VALUES:
        raise InputError(f"--value must be presence, passages or hits, not {value!r}")
    if level not in ("code", "factor"):
        raise InputError(f"--level must be code or factor, not {level!r}")
    filters = filters or Filters()
    conn = project.conn
    inner, params = filters.passages_sql()
    respondents = {r[0]: r[1] for r in conn.execute(
        f"SELECT r.key, sum(s.words) FROM ({inner}) s JOIN respondents r ON r.id = s.respondent_id "  # noqa: S608
        "GROUP BY r.key ORDER BY r.key", params)}  # placeholders only
    codes = codebook_codes(project)
    factor_of = {c["id"]: c["factor"] for c in codes}
    columns = ([c["id"] for c in codes] if level == "code"
               else list(dict.fromkeys(r[0] for r in conn.execute("SELECT id FROM factors ORDER BY seq, id"))))
    key_sql = "x.code_id" if level == "code" else "k.factor_id"
    join = "" if level == "code" else "JOIN codes k ON k.id = x.code_id"
    inner, params = filters.codings_sql()
    cells: dict[tuple[str, str], int] = {}
    if value == "hits":
        rows = conn.execute(
            f"SELECT x.keyword, x.code_id, r.key, {keyword_hits('x')} FROM ({inner}) x "  # noqa: S608
            f"JOIN respondents r ON r.id = x.respondent_id WHERE {keyword_hit('x')} GROUP BY x.keyword, x.code_id, r.key",
            params)
        counted = keyword_hit_counts([(k, c, r, n) for k, c, r, n in rows], {}, keyword_store.excluded_words(project))
        for (_kw, code, respondent), n in counted.items():
            key = (respondent, code if level == "code" else factor_of.get(code, ""))
            cells[key] = cells.get(key, 0) + n
    else:
        for respondent, key, n in conn.execute(
                f"SELECT r.key, {key_sql}, count(DISTINCT x.passage_id) FROM ({inner}) x {join} "  # noqa: S608
                "JOIN respondents r ON r.id = x.respondent_id GROUP BY r.key, 2", params):
            cells[(respondent, key)] = 1 if value == "presence" else n
    attributes = respondent_attributes(project)
    names = sorted({a for r in respondents for a in attributes.get(r, {})}, key=lambda a: (a != "group", a))
    out: list[dict[str, Any]] = []
    for respondent, words in respondents.items():
        row: dict[str, Any] = {"respondent": respondent}
        row.update({a: attributes.get(respondent, {}).get(a) for a in names})
        row["words"] = words
        row.update({c: cells.get((respondent, c), 0) for c in columns})
        out.append(row)
    clash = set(columns) & {"respondent", "words", *names}
    if clash:
        raise InputError(f"a code and an attribute share the name {sorted(clash)[0]!r}; rename one")
    return pd.DataFrame.from_records(out, columns=["respondent", *names, "words", *columns])


def matrix_table(frame: pd.DataFrame, value: str = "presence", level: str = "code") -> Table:
    meaning = {"presence": "1 if the respondent has at least one passage coded with it, else 0",
               "passages": "respondent passages coded with it",
               "hits": "keyword hits (auto codings with a keyword)"}[value]
    definitions = {"respondent": "the respondent id", "words": "respondent words in scope"}
    first_code = list(frame.columns).index("words") + 1
    for column in list(frame.columns)[1:first_code - 1]:
        definitions[column] = f"the respondent's {column} attribute"
    for column in list(frame.columns)[first_code:]:
        definitions[column] = f"{level} {column}: {meaning}"
    return Table(f"Respondent x {level} matrix", records(frame), list(frame.columns),
                 unit=f"one row per respondent; cells: {meaning}", definitions=definitions)
