"""Which code a typed name means: the one ranking the code picker and the search code filter share.

Issue 13: the picker applied the first substring match (``ip`` picked "Research institutions…",
not "IP protection"). A code ranks by its best match, in its id, English name or Chinese name:
exact id or name, then name prefix, then a word's prefix, then substring; a keyword match last.
Ties keep codebook order. Case never matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from interview_coder.core.model import Code

EXACT, PREFIX, WORD_PREFIX, SUBSTRING, KEYWORD = range(5)
"""Match ranks, best first."""

_WORD = re.compile(r"[\w']+")


def match_rank(code: Code, query: str) -> int | None:
    """The rank of ``code`` for ``query`` (see the module doc), or None when it does not match."""
    needle = query.strip().casefold()
    if not needle:
        return SUBSTRING
    names = [code.name.casefold(), code.name_zh.casefold()]
    if needle == code.id.casefold() or needle in names:
        return EXACT
    if any(n.startswith(needle) for n in names) or code.id.casefold().startswith(needle):
        return PREFIX
    if any(w.startswith(needle) for n in names for w in _WORD.findall(n)):
        return WORD_PREFIX
    if any(needle in n for n in [*names, code.id.casefold()]):
        return SUBSTRING
    if any(needle in w.casefold() for ws in code.keywords.values() for w in ws):
        return KEYWORD
    return None


def rank_codes(codes: Iterable[Code], query: str) -> list[Code]:
    """The codes matching ``query``, best match first, ties in codebook order."""
    ranked = [(rank, k, c) for k, c in enumerate(codes) if (rank := match_rank(c, query)) is not None]
    return [c for _, _, c in sorted(ranked, key=lambda t: (t[0], t[1]))]


def resolve_code(codes: Iterable[Code], query: str) -> Code | None:
    """The code a typed name means (the best ranked, keywords aside), or None."""
    best = rank_codes(codes, query)
    return best[0] if best and match_rank(best[0], query) != KEYWORD else None
