"""What a project holds, as typed pandas DataFrames for notebooks.

Raw rows, not counts: transcripts, passages (with their text), respondents with their attributes,
the codebook (names in both languages), codings and memos. Report tables go through ``typed`` too,
so every frame the notebook API returns has the same dtypes: counts are int64, rates and
statistics float64 (NaN where there is no value), span offsets nullable Int64 (<NA> = the whole
passage), and names that take few values (code, factor, group, status, ...) categoricals; codes and
factors in codebook order, so plots follow the codebook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_coder.core.model import Role
from interview_coder.store.project import Project

if TYPE_CHECKING:
    import pandas as pd

CATEGORIES = ("transcript", "respondent", "group", "factor", "code", "driver", "status", "origin", "coder",
              "role", "level", "test", "language", "format", "encoding", "target", "unit", "group_a", "group_b",
              "code_a", "code_b", "keyword", "speaker")
"""Columns made categorical wherever they appear."""

FLOATS = ("chi2", "p", "p_holm", "phi", "difference_pp", "jaccard", "passages_share", "time_start", "time_end",
          "percent_agreement", "cohen_kappa", "brennan_prediger", "krippendorff_alpha")
"""Columns made float64 (with NaN for no value), besides every ``*_pct`` and ``hits_per_1000_words*``."""

OFFSETS = ("start", "end")
"""Span offsets in code points: nullable Int64, <NA> meaning the whole passage."""

TIMES = ("created_at", "updated_at", "imported_at")


def _is_float(column: str) -> bool:
    return column in FLOATS or "_pct" in column or column.startswith("hits_per_1000_words")


def typed(frame: pd.DataFrame, project: Project | None = None) -> pd.DataFrame:
    """The frame with the module's dtypes; ``project`` orders code and factor categories by the codebook."""
    import pandas as pd

    order = _codebook_order(project) if project is not None else {}
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if column in OFFSETS:
            out[column] = pd.to_numeric(values, errors="coerce").astype("Int64")
        elif _is_float(column):
            out[column] = pd.to_numeric(values, errors="coerce").astype("float64")
        elif column in TIMES:
            out[column] = pd.to_datetime(values, utc=True, format="ISO8601")
        elif column in CATEGORIES:
            present = {str(v) for v in values.dropna()}
            first = [c for c in order.get(column, []) if c in present or column in FIXED]
            out[column] = pd.Categorical([None if pd.isna(v) else str(v) for v in values],
                                         categories=first + sorted(present - set(first)))
    return out


def _codebook_order(project: Project) -> dict[str, list[str]]:
    """Category order: codes and factors as the codebook lists them; every value of the enums."""
    from interview_coder.core.model import Driver, Origin, Role, Status
    from interview_coder.store.codebook import load_codebook

    book = load_codebook(project)
    codes = [c.id for c in book.codes]
    factors = [f.id for f in book.factors]
    return {"code": codes, "code_a": codes, "code_b": codes, "factor": factors,
            "status": [s.value for s in Status], "origin": [o.value for o in Origin],
            "role": [r.value for r in Role], "driver": [d.value for d in Driver]}


FIXED = ("status", "origin", "role", "driver")
"""Categories that list every possible value, so a count per category shows its zeros."""


def transcripts(project: Project) -> pd.DataFrame:
    """One row per transcript: name, language, format, encoding, respondents, group, turns,
    interviewer_turns, passages (respondent passages), words (respondent words), codings (accepted)
    and suggestions (open). The source file's path is left out: it is private to the machine."""
    import pandas as pd

    from interview_coder.store.queries import transcript_rows

    rows = [{k: v for k, v in r.items() if k != "source"} for r in transcript_rows(project)]
    columns = ["id", "name", "language", "format", "encoding", "respondents", "group", "turns",
               "interviewer_turns", "passages", "words", "codings", "suggestions"]
    return typed(pd.DataFrame.from_records(rows, columns=columns), project)


PASSAGE_SQL = """
SELECT p.id, t.name AS transcript, p.seq AS passage, tu.seq AS turn, tu.speaker, p.role, r.key AS respondent,
       (SELECT a.value FROM attributes a WHERE a.respondent_id = p.respondent_id AND a.name = 'group') AS "group",
       p.start, p."end", p.words, tu.time_start, tu.time_end, p.text
FROM passages p JOIN transcripts t ON t.id = p.transcript_id JOIN turns tu ON tu.id = p.turn_id
LEFT JOIN respondents r ON r.id = p.respondent_id
ORDER BY t.name, p.seq
"""


def passages(project: Project, respondent_only: bool = False) -> pd.DataFrame:
    """One row per passage (a paragraph of a turn) with its text: transcript, passage (its number,
    as ``transcripts show`` prints it), turn, speaker, role, respondent, group, start and end (code
    points into the transcript text), words (respondent words; 0 for other roles), times (seconds,
    NaN when the source had none), text. Only respondent passages are ever counted or coded."""
    import pandas as pd

    rows = [dict(r) for r in project.conn.execute(PASSAGE_SQL)]
    frame = pd.DataFrame.from_records(rows, columns=["id", "transcript", "passage", "turn", "speaker", "role",
                                                     "respondent", "group", "start", "end", "words",
                                                     "time_start", "time_end", "text"])
    if respondent_only:
        frame = frame[frame["role"] == Role.RESPONDENT.value].reset_index(drop=True)
    return typed(frame, project)


def respondents(project: Project) -> pd.DataFrame:
    """One row per respondent: ``respondent`` (its id), then one column per attribute (``group``
    first): integer attributes as Int64, real ones as Float64, text as categories; <NA> where a
    respondent lacks the attribute."""
    import pandas as pd

    from interview_coder.store.queries import respondent_attributes

    attrs = respondent_attributes(project)
    names = sorted({n for a in attrs.values() for n in a}, key=lambda n: (n != "group", n))
    frame = pd.DataFrame.from_records([{"respondent": k, **a} for k, a in attrs.items()],
                                      columns=["respondent", *names])
    frame["respondent"] = frame["respondent"].astype("string")
    for name in names:
        values = [v for v in frame[name] if v is not None and v == v]
        if values and all(isinstance(v, int) for v in values):
            frame[name] = frame[name].astype("Int64")
        elif values and all(isinstance(v, int | float) for v in values):
            frame[name] = frame[name].astype("Float64")
        else:
            frame[name] = frame[name].astype("category")
    return frame


def codebook(project: Project) -> pd.DataFrame:
    """One row per code, in codebook order: factor, factor_name, factor_name_zh, driver, code,
    code_name, code_name_zh, parent, description, keywords_en and keywords_zh (tuples of the
    include keywords in each language)."""
    import pandas as pd

    from interview_coder.store.codebook import load_codebook

    book = load_codebook(project)
    factors = {f.id: f for f in book.factors}
    rows: list[dict[str, Any]] = [{
        "factor": c.factor, "factor_name": factors[c.factor].name, "factor_name_zh": factors[c.factor].name_zh,
        "driver": str(factors[c.factor].driver), "code": c.id, "code_name": c.name, "code_name_zh": c.name_zh,
        "parent": c.parent, "description": c.description,
        "keywords_en": tuple(c.keywords.get("en", ())), "keywords_zh": tuple(c.keywords.get("zh", ())),
    } for c in book.codes]
    columns = ["factor", "factor_name", "factor_name_zh", "driver", "code", "code_name", "code_name_zh",
               "parent", "description", "keywords_en", "keywords_zh"]
    return typed(pd.DataFrame.from_records(rows, columns=columns), project)


def memos(project: Project) -> pd.DataFrame:
    """Every memo: target (project, transcript, passage, code or coding), target_id, coder, text,
    updated_at (UTC). A coding's memo is the coding's own, listed with target 'coding'."""
    import pandas as pd

    from interview_coder.store.memos import memo_rows

    frame = pd.DataFrame.from_records(memo_rows(project), columns=["target", "target_id", "coder", "text",
                                                                   "updated_at"])
    return typed(frame, project)
