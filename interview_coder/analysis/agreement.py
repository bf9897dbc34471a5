"""Intercoder agreement: four statistics over reliability data, and the units they are computed on.

Reliability data are units (rows), each holding one value per coder, ``None`` where that coder
gave no value (missing). Identical rows may be given once with a weight (how many units look like
that), which is how millions of characters are handled without a row each.

The statistics (pure functions, values in, numbers out; ``nan`` when a statistic is undefined):

- :func:`percent_agreement` -- the share of agreeing coder pairs, averaged over units.
- :func:`cohen_kappa` -- Cohen (1960), two coders.
- :func:`brennan_prediger` -- Brennan & Prediger (1981) kappa_n, chance = 1/q (as MAXQDA reports).
- :func:`krippendorff_alpha` -- Krippendorff (2011), nominal, any number of coders, missing data.

The units (built from the project):

- ``passage``: per code, each respondent passage is a unit; a coder's value is 1 if the coder
  applied the code anywhere on the passage, else 0.
- ``character``: per code, each character of respondent passage text is a unit; 1 if one of the
  coder's codings of the code covers it (a whole-passage coding covers every character), else 0.
- ``categorical FACTOR``: each respondent passage is a unit of one nominal variable whose
  categories are the factor's codes; a coder's value is the code they applied (several codes of the
  factor on one passage form one combined category ``a+b``); no code of the factor = missing.

For ``passage`` and ``character`` a coder's value is missing on every passage of a transcript in
which that coder made no coding at all (in any status): the coder did not code that transcript.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_coder.errors import InputError
from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

Value = Hashable
Unit = tuple[Value | None, ...]
UNITS = ("passage", "character")
OVERALL = "(all codes)"


# ---------------------------------------------------------------------------------------------
# The statistics


def _patterns(data: Sequence[Sequence[Value | None]] | Counter[Unit], weights: Sequence[int] | None = None
              ) -> Counter[Unit]:
    if isinstance(data, Counter):
        return data
    out: Counter[Unit] = Counter()
    for i, row in enumerate(data):
        out[tuple(row)] += 1 if weights is None else weights[i]
    return out


def pairable_units(data: Sequence[Sequence[Value | None]] | Counter[Unit], weights: Sequence[int] | None = None
                   ) -> int:
    """How many units hold values from at least two coders (the units every statistic uses)."""
    return sum(w for row, w in _patterns(data, weights).items() if sum(v is not None for v in row) >= 2)


def percent_agreement(data: Sequence[Sequence[Value | None]] | Counter[Unit],
                      weights: Sequence[int] | None = None) -> float:
    """Observed agreement p_o: the share of agreeing coder pairs in a unit, averaged over units.

    p_o = (1/N) * sum_u [ sum_c m_uc (m_uc - 1) / (m_u (m_u - 1)) ], over the N units with m_u >= 2
    values, where m_uc is how many coders gave the unit value c. With two coders this is the share
    of units both coded on which they gave the same value.
    """
    agree, total = 0.0, 0
    for row, w in _patterns(data, weights).items():
        values = [v for v in row if v is not None]
        m = len(values)
        if m < 2:
            continue
        same = sum(n * (n - 1) for n in Counter(values).values())
        agree += w * same / (m * (m - 1))
        total += w
    return agree / total if total else math.nan


def cohen_kappa(data: Sequence[Sequence[Value | None]] | Counter[Unit], weights: Sequence[int] | None = None
                ) -> float:
    """Cohen's kappa for two coders, over the units both coded (Cohen 1960).

    kappa = (p_o - p_e) / (1 - p_e), p_o = share of units with equal values,
    p_e = sum_k p_1(k) * p_2(k), p_i(k) = share of units coder i gave value k.
    Undefined (nan) when p_e = 1 (both coders used one and the same value throughout).
    Reference: Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement 20(1), 37-46.
    """
    patterns = _patterns(data, weights)
    n = 0
    agree = 0
    first: Counter[Value] = Counter()
    second: Counter[Value] = Counter()
    for row, w in patterns.items():
        if len(row) != 2:
            raise ValueError("Cohen's kappa is defined for exactly two coders")
        a, b = row
        if a is None or b is None:
            continue
        n += w
        agree += w if a == b else 0
        first[a] += w
        second[b] += w
    if not n:
        return math.nan
    p_o = agree / n
    p_e = sum(first[k] * second[k] for k in first) / (n * n)
    if math.isclose(p_e, 1.0):
        return math.nan
    return (p_o - p_e) / (1 - p_e)


def brennan_prediger(data: Sequence[Sequence[Value | None]] | Counter[Unit], categories: int,
                     weights: Sequence[int] | None = None) -> float:
    """Brennan & Prediger's kappa_n: chance agreement is one over the number of categories q.

    kappa_n = (p_o - 1/q) / (1 - 1/q), p_o from :func:`percent_agreement`; q = 2 for a code's
    presence/absence, q = the factor's codes for ``--categorical``. This is the "kappa (Brennan &
    Prediger)" MAXQDA reports. Reference: Brennan, R. L. & Prediger, D. J. (1981). Coefficient
    kappa: some uses, misuses, and alternatives. Educational and Psychological Measurement 41(3),
    687-699.
    """
    if categories < 2:
        raise ValueError("Brennan-Prediger kappa needs at least two categories")
    p_o = percent_agreement(data, weights)
    chance = 1 / categories
    return (p_o - chance) / (1 - chance)


def krippendorff_alpha(data: Sequence[Sequence[Value | None]] | Counter[Unit],
                       weights: Sequence[int] | None = None) -> float:
    """Krippendorff's alpha, nominal, for any number of coders and missing values (Krippendorff 2011).

    From the coincidence matrix o_ck = sum_u (number of ordered pairs of values (c, k) in unit u)
    / (m_u - 1), over units with m_u >= 2 values; n_c = sum_k o_ck, n = sum_c n_c:
    alpha = 1 - D_o / D_e = ((n - 1) * sum_c o_cc - sum_c n_c (n_c - 1)) / (n (n - 1) - sum_c n_c (n_c - 1)).
    Undefined (nan) when only one value occurs (D_e = 0). Reference: Krippendorff, K. (2011).
    Computing Krippendorff's alpha-reliability. Annenberg School for Communication, University
    of Pennsylvania, https://repository.upenn.edu/asc_papers/43.
    """
    diagonal = 0.0
    n_c: Counter[Value] = Counter()
    for row, w in _patterns(data, weights).items():
        values = [v for v in row if v is not None]
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for value, k in counts.items():
            # each value of the unit pairs with the m - 1 others; the pair share is 1 / (m - 1)
            n_c[value] += w * k
            diagonal += w * k * (k - 1) / (m - 1)
    n = sum(n_c.values())
    expected = n * (n - 1) - sum(c * (c - 1) for c in n_c.values())
    if n < 2 or expected == 0:
        return math.nan
    return ((n - 1) * diagonal - sum(c * (c - 1) for c in n_c.values())) / expected


def statistics(data: Sequence[Sequence[Value | None]] | Counter[Unit], categories: int, coders: int
               ) -> dict[str, Any]:
    """All four statistics and the pairable unit count for one set of reliability data."""
    patterns = _patterns(data)
    return {
        "n_units": pairable_units(patterns),
        "percent_agreement": percent_agreement(patterns),
        "cohen_kappa": cohen_kappa(patterns) if coders == 2 else math.nan,
        "brennan_prediger": brennan_prediger(patterns, categories),
        "krippendorff_alpha": krippendorff_alpha(patterns),
    }


# ---------------------------------------------------------------------------------------------
# Units from the project


@dataclass
class Passage:
    id: int
    transcript: str
    seq: int
    text: str
    transcript_id: int


@dataclass
class Reliability:
    """Reliability data of one code (or of one categorical factor), ready for :func:`statistics`."""

    code: str
    unit: str
    categories: int
    patterns: Counter[Unit] = field(default_factory=Counter)
    disagreements: list[dict[str, Any]] = field(default_factory=list)


def _scope(project: Project, coders: Sequence[str], filters: Filters
           ) -> tuple[list[Passage], dict[str, set[int]], list[dict[str, Any]]]:
    if len(coders) < 2:
        raise InputError("agreement needs at least two coders (--coders A B)")
    if len(set(coders)) != len(coders):
        raise InputError("--coders lists a coder twice")
    known = {r[0] for r in project.conn.execute("SELECT name FROM coders")}
    missing = [c for c in coders if c not in known]
    if missing:
        raise InputError(f"no coder named {', '.join(map(repr, missing))} in this project "
                         "(see 'interview-coder coders list')")
    passages_sql, params = filters.passages_sql()
    passages = [Passage(r[0], r[1], r[2], r[3], r[4]) for r in project.conn.execute(
        f"SELECT p.id, t.name, p.seq, p.text, p.transcript_id FROM ({passages_sql}) s "  # noqa: S608
        "JOIN passages p ON p.id = s.passage_id JOIN transcripts t ON t.id = p.transcript_id "
        "ORDER BY t.name, p.seq", params)]
    # Transcripts each coder worked on: any coding of theirs there, in any status.
    touched: dict[str, set[int]] = {c: set() for c in coders}
    marks = ",".join("?" * len(coders))
    for name, tid in project.conn.execute(
            f"SELECT DISTINCT k.name, p.transcript_id FROM codings c JOIN coders k ON k.id = c.coder_id "  # noqa: S608
            f"JOIN passages p ON p.id = c.passage_id WHERE k.name IN ({marks})", list(coders)):
        touched[name].add(tid)
    scoped = Filters(tuple(coders), filters.status, filters.transcripts, filters.where)
    sql, params = scoped.codings_sql()
    codings = [dict(r) for r in project.conn.execute(sql, params)]
    return passages, touched, codings


def _codes(project: Project, factor: str | None = None) -> list[str]:
    if factor is None:
        return [r[0] for r in project.conn.execute("SELECT id FROM codes ORDER BY seq")]
    return [r[0] for r in project.conn.execute("SELECT id FROM codes WHERE factor_id = ? ORDER BY seq", (factor,))]


def _row(passage: Passage, code: str, coders: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"transcript": passage.transcript, "passage": passage.seq, "code": code}
    record.update({coder: value for coder, value in zip(coders, values, strict=True)})
    record["text"] = passage.text
    return record


def passage_units(project: Project, coders: Sequence[str], filters: Filters | None = None) -> list[Reliability]:
    """Per code: is the code on the passage (1) or not (0), per coder; missing outside their transcripts."""
    filters = filters or Filters()
    passages, touched, codings = _scope(project, coders, filters)
    on: set[tuple[int, str, str]] = {(c["passage_id"], c["code_id"], c["coder"]) for c in codings}
    out = []
    for code in _codes(project):
        rel = Reliability(code, "passage", 2)
        for p in passages:
            values = tuple((1 if (p.id, code, k) in on else 0) if p.transcript_id in touched[k] else None
                           for k in coders)
            rel.patterns[values] += 1
            present = {v for v in values if v is not None}
            if len(present) > 1:
                rel.disagreements.append(_row(p, code, coders, ["yes" if v else "no" if v == 0 else "" for v in values]))
        out.append(rel)
    return out


def _covered(length: int, spans: Iterable[tuple[int | None, int | None]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((0 if s is None else s, length if e is None else e) for s, e in spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _inside(point: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= point < e for s, e in spans)


def character_units(project: Project, coders: Sequence[str], filters: Filters | None = None) -> list[Reliability]:
    """Per code: each character of respondent passage text, covered (1) or not (0), per coder."""
    filters = filters or Filters()
    passages, touched, codings = _scope(project, coders, filters)
    spans: dict[tuple[int, str, str], list[tuple[int | None, int | None]]] = {}
    for c in codings:
        spans.setdefault((c["passage_id"], c["code_id"], c["coder"]), []).append((c["start"], c["end"]))
    out = []
    for code in _codes(project):
        rel = Reliability(code, "character", 2)
        for p in passages:
            length = len(p.text)
            cover = [_covered(length, spans.get((p.id, code, k), ())) if p.transcript_id in touched[k] else None
                     for k in coders]
            cuts = sorted({0, length, *(x for spans_k in cover if spans_k for s in spans_k for x in s)})
            differ = False
            for a, b in zip(cuts, cuts[1:], strict=False):
                if a >= b:
                    continue
                values = tuple(None if c is None else int(_inside(a, c)) for c in cover)
                rel.patterns[values] += b - a
                differ = differ or len({v for v in values if v is not None}) > 1
            if differ:
                shown = ["" if c is None else " ".join(f"{s}-{e}" for s, e in c) or "-" for c in cover]
                rel.disagreements.append(_row(p, code, coders, shown))
        out.append(rel)
    return out


def categorical_units(project: Project, coders: Sequence[str], factor: str, filters: Filters | None = None
                      ) -> Reliability:
    """One nominal variable per passage: the factor's code each coder applied; none = missing."""
    filters = filters or Filters()
    codes = _codes(project, factor)
    if not codes:
        known = ", ".join(r[0] for r in project.conn.execute("SELECT id FROM factors ORDER BY seq"))
        raise InputError(f"no factor {factor!r} with codes in the codebook (factors: {known})")
    passages, _, codings = _scope(project, coders, filters)
    chosen: dict[tuple[int, str], set[str]] = {}
    for c in codings:
        if c["code_id"] in codes:
            chosen.setdefault((c["passage_id"], c["coder"]), set()).add(c["code_id"])
    rel = Reliability(factor, f"categorical {factor}", len(codes))
    combined: set[str] = set()
    for p in passages:
        values = []
        for k in coders:
            picked = sorted(chosen.get((p.id, k), ()), key=codes.index)
            value = "+".join(picked) if picked else None
            if len(picked) > 1:
                combined.add(str(value))
            values.append(value)
        rel.patterns[tuple(values)] += 1
        if len({v for v in values if v is not None}) > 1:
            rel.disagreements.append(_row(p, factor, coders, [v or "" for v in values]))
    rel.categories = len(codes) + len(combined)
    return rel


def agreement_records(project: Project, coders: Sequence[str], unit: str = "passage",
                      categorical: str | None = None, filters: Filters | None = None
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The agreement table (one row per code, then the pooled row) and the disagreements list."""
    coders = list(coders)
    if categorical:
        rels = [categorical_units(project, coders, categorical, filters)]
    elif unit == "passage":
        rels = passage_units(project, coders, filters)
    elif unit == "character":
        rels = character_units(project, coders, filters)
    else:
        raise InputError(f"--unit must be passage or character, not {unit!r}")
    rows = []
    pooled: Counter[Unit] = Counter()
    for rel in rels:
        pooled.update(rel.patterns)
        rows.append({"code": rel.code, "unit": rel.unit, "coders": coders,
                     **statistics(rel.patterns, rel.categories, len(coders))})
    if not categorical:
        rows.append({"code": OVERALL, "unit": unit, "coders": coders, **statistics(pooled, 2, len(coders))})
    disagreements = [d for rel in rels for d in rel.disagreements]
    return rows, disagreements
