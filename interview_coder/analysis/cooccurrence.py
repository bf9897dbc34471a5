"""Which codes occur together: code x code counts and Jaccard similarity.

Counting unit: a passage (``unit='passage'``: respondent passages in scope carrying both codes) or a
respondent (``unit='respondent'``: respondents with both codes, not necessarily in one passage).
Jaccard = both / (with a + with b - both): 1 when the two codes always occur together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_coder.analysis.frequencies import codebook_codes, records
from interview_coder.core.table import Table
from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

if TYPE_CHECKING:
    import pandas as pd

UNITS = {"passage": "x.passage_id", "respondent": "x.respondent_id"}
PAIR_COLUMNS = ["code_a", "code_b", "both", "with_a", "with_b", "jaccard"]
PAIR_DEFINITIONS = {
    "code_a": "the first code of the pair (codebook order)",
    "code_b": "the second code",
    "both": "units (passages or respondents, see the counting unit) with codings of both codes in scope",
    "with_a": "units with a coding of code_a",
    "with_b": "units with a coding of code_b",
    "jaccard": "both / (with_a + with_b - both), three decimals: 1 = always together, 0 = never",
}


def _counts(project: Project, filters: Filters, unit: str) -> dict[tuple[str, str], int]:
    if unit not in UNITS:
        raise InputError(f"--unit must be passage or respondent, not {unit!r}")
    inner, params = filters.codings_sql()
    sql = (f"WITH u AS (SELECT DISTINCT {UNITS[unit]} AS unit, x.code_id AS code FROM ({inner}) x "  # noqa: S608
           f"WHERE {UNITS[unit]} IS NOT NULL) "
           "SELECT a.code, b.code, count(*) FROM u a JOIN u b ON a.unit = b.unit AND a.code <= b.code "
           "GROUP BY a.code, b.code")  # placeholders only
    out: dict[tuple[str, str], int] = {}
    for a, b, n in project.conn.execute(sql, params):
        out[(a, b)] = out[(b, a)] = n
    return out


def cooccurrence_pairs(project: Project, filters: Filters | None = None, unit: str = "passage") -> pd.DataFrame:
    """One row per pair of different codes that occur together at least once, most frequent first."""
    import pandas as pd

    counts = _counts(project, filters or Filters(), unit)
    codes = [c["id"] for c in codebook_codes(project)]
    rows = []
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            both = counts.get((a, b), 0)
            if both:
                with_a, with_b = counts.get((a, a), 0), counts.get((b, b), 0)
                rows.append({"code_a": a, "code_b": b, "both": both, "with_a": with_a, "with_b": with_b,
                             "jaccard": round(both / (with_a + with_b - both), 3)})
    rows.sort(key=lambda r: (-r["both"], -r["jaccard"]))
    return pd.DataFrame.from_records(rows, columns=PAIR_COLUMNS)


def cooccurrence_matrix(project: Project, filters: Filters | None = None, unit: str = "passage") -> pd.DataFrame:
    """Code x code counts (the diagonal: units with the code), codes in codebook order; column 'code' first."""
    import pandas as pd

    counts = _counts(project, filters or Filters(), unit)
    codes = [c["id"] for c in codebook_codes(project)]
    rows = [{"code": a, **{b: counts.get((a, b), 0) for b in codes}} for a in codes]
    return pd.DataFrame.from_records(rows, columns=["code", *codes])


def cooccurrence_tables(pairs: pd.DataFrame, matrix: pd.DataFrame, unit: str = "passage") -> list[Table]:
    what = "respondent passages" if unit == "passage" else "respondents"
    definitions = {"code": "row code", **{c: f"{what} with codings of both the row code and {c} (diagonal: with {c})"
                                          for c in matrix.columns if c != "code"}}
    return [Table("Co-occurring codes", records(pairs), list(PAIR_COLUMNS), unit=what, definitions=PAIR_DEFINITIONS),
            Table("Co-occurrence matrix", records(matrix), list(matrix.columns), unit=what, definitions=definitions)]
