"""The counting rules: what a keyword hit is, which hit wins an overlap, what a coded passage is.

Pure functions over plain values, each one the code that runs (text/match.py, analysis/keywords.py),
so every rule can be tested with a handful of passages. What counts as a coded passage or respondent
is SQL over the counting views (store/views.sql, store/scope.py), checked against a brute-force
recount in tests/store/test_stateful.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NO_GROUP = "(none)"
"""The group reported for respondents without a group attribute."""


@dataclass(frozen=True, order=True)
class Candidate:
    """A codebook keyword found at ``start:end`` (code points into the passage text), before the rules."""

    start: int
    end: int
    code: str
    keyword: str


@dataclass(frozen=True)
class ExcludeSpan:
    """An occurrence of an exclude phrase; ``code`` None means a project-wide excluded word."""

    start: int
    end: int
    code: str | None


def suppressed(hit: Candidate, excludes: Iterable[ExcludeSpan]) -> bool:
    """True when the hit lies inside an exclude phrase of its own code, or inside an excluded word."""
    return any(e.start <= hit.start and hit.end <= e.end and (e.code is None or e.code == hit.code)
               for e in excludes)


def resolve_hits(candidates: Iterable[Candidate], excludes: Iterable[ExcludeSpan] = ()) -> list[Candidate]:
    """Apply the rules to every keyword occurrence in one passage; returns the hits, in text order.

    1. A candidate inside an exclude phrase of its code (or inside an excluded word) is dropped.
    2. Where the remaining stretches overlap, the longest (in code points) wins, ties to the earlier
       one; a stretch that overlaps a winner is dropped.
    3. A winning stretch counts once per code: one hit for each code whose keyword it is (the
       codebook's first such keyword of that code).
    """
    excludes = list(excludes)
    kept = [c for c in candidates if not suppressed(c, excludes)]
    stretches = sorted({(c.start, c.end) for c in kept}, key=lambda s: (s[0] - s[1], s[0]))
    taken: list[tuple[int, int]] = []
    for start, end in stretches:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    winners = set(taken)
    out: dict[tuple[int, int, str], Candidate] = {}
    for c in kept:  # candidates arrive in codebook order, so the first keyword of a code is kept
        if (c.start, c.end) in winners:
            out.setdefault((c.start, c.end, c.code), c)
    return sorted(out.values())


# --- keyword hits in reports -------------------------------------------------------------------

def report_keyword(keyword: str, merges: Mapping[str, str]) -> str:
    """The keyword a hit is reported under: its merge target, else itself (compared case-folded)."""
    return merges.get(keyword.casefold(), keyword)


def keyword_hit_counts(hits: Iterable[tuple[str, str, str, int]], merges: Mapping[str, str] | None = None,
                       excluded: Iterable[str] = ()) -> Counter[tuple[str, str, str]]:
    """Keyword hits per (reported keyword, code, group) from (keyword, code, group, hits) rows.

    Counting unit: one auto coding with a keyword. Hits of an excluded word never count; hits of a
    merged synonym count under its merge target. ``merges`` maps case-folded keyword -> target.
    """
    merges = merges or {}
    banned = {w.casefold() for w in excluded}
    counts: Counter[tuple[str, str, str]] = Counter()
    for keyword, code, group, n in hits:
        if keyword.casefold() in banned:
            continue
        counts[(report_keyword(keyword, merges), code, group)] += n
    return counts


def keyword_totals(counts: Mapping[tuple[str, str, str], int]) -> dict[str, dict[str, int]]:
    """Per group: ``keyword_hits`` (valid keyword hits) and ``distinct_keywords`` (reported keywords with a hit)."""
    out: dict[str, dict[str, int]] = {}
    seen: dict[str, set[str]] = {}
    for (keyword, _code, group), n in counts.items():
        if n <= 0:
            continue
        row = out.setdefault(group, {"keyword_hits": 0, "distinct_keywords": 0})
        row["keyword_hits"] += n
        seen.setdefault(group, set()).add(keyword.casefold())
    for group, words in seen.items():
        out[group]["distinct_keywords"] = len(words)
    return out
