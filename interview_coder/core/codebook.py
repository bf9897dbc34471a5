"""Validating and walking the factor -> code -> keyword tree.

Input is the plain data a codebook file holds; mappings may carry a ``__line__`` key (the line in
the file where they start) so that every problem names its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from interview_coder.core.model import Code, Codebook, Driver, Factor

LANGS = ("en", "zh")
# Ids may be any letters and digits (Chinese, accented Latin, ...), with _ . - : a code's id can be its name.
ID_RE = re.compile(r"^[\w.\-]{1,64}$")
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str
    fatal: bool = True


class CodebookInvalid(Exception):
    """Raised with every fatal problem found, so the user can fix them all at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _line(node: Any) -> int | None:
    return node.get("__line__") if isinstance(node, Mapping) else None


def _words(node: Any, where: str, line: int | None, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    if node is None:
        return {}
    if not isinstance(node, Mapping):
        problems.append(Problem(line, f"{where} must map languages (en, zh) to lists of words"))
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for lang, words in node.items():
        if lang == "__line__":
            continue
        if lang not in LANGS:
            problems.append(Problem(line, f"{where}: unknown language {lang!r} (use en or zh)"))
            continue
        if words is None:
            continue
        if not isinstance(words, list) or not all(isinstance(w, str | int | float) for w in words):
            problems.append(Problem(line, f"{where}.{lang} must be a list of words"))
            continue
        cleaned = [" ".join(str(w).split()) for w in words]
        if any(not w for w in cleaned):
            problems.append(Problem(line, f"{where}.{lang} has an empty keyword"))
        out[lang] = tuple(dict.fromkeys(w for w in cleaned if w))
    return out


def _text(node: Mapping[str, Any], key: str) -> str:
    value = node.get(key)
    return "" if value is None else str(value).strip()


def _new_id(node: Any, kind: str, seen: dict[str, int | None], problems: list[Problem]) -> str | None:
    """The id of a factor or code node, recorded in ``seen``; None (with a problem) when unusable.

    Factor and code ids share one namespace, so a code may not reuse a factor's id.
    """
    line = _line(node)
    if not isinstance(node, Mapping):
        problems.append(Problem(line, f"each {kind} must be a mapping"))
        return None
    nid = _text(node, "id")
    if not ID_RE.match(nid):
        problems.append(Problem(line, f"{kind} id {nid!r} must be 1-64 letters (any script), digits, _ . -"))
        return None
    if nid in seen:
        problems.append(Problem(line, f"duplicate id {nid!r} (first on line {seen[nid]})"))
        return None
    seen[nid] = line
    return nid


def validate_codebook(data: Any) -> tuple[Codebook, list[Problem]]:
    """Check a codebook's data; return it with its warnings, or raise CodebookInvalid."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise CodebookInvalid([Problem(1, "a codebook is a mapping with 'factors' and 'codes'")])
    raw_factors = data.get("factors") or []
    raw_codes = data.get("codes") or []
    if not isinstance(raw_factors, list) or not isinstance(raw_codes, list):
        raise CodebookInvalid([Problem(_line(data), "'factors' and 'codes' must be lists")])

    factors: list[Factor] = []
    seen: dict[str, int | None] = {}
    for node in raw_factors:
        line = _line(node)
        fid = _new_id(node, "factor", seen, problems)
        if fid is None:
            continue
        driver = _text(node, "driver").lower()
        if driver not in ("internal", "external"):
            problems.append(Problem(line, f"factor {fid!r}: driver must be internal or external, not {driver!r}"))
            continue
        factors.append(
            Factor(fid, _text(node, "name") or fid, Driver(driver), _text(node, "name_zh"), _text(node, "description"))
        )

    factor_ids = {f.id for f in factors}
    codes: list[Code] = []
    code_lines: dict[str, int | None] = {}
    for node in raw_codes:
        line = _line(node)
        cid = _new_id(node, "code", seen, problems)
        if cid is None:
            continue
        code_lines[cid] = line
        factor = _text(node, "factor")
        if factor not in factor_ids:
            problems.append(Problem(line, f"code {cid!r}: unknown factor {factor!r}"))
            continue
        colour = _text(node, "colour") or _text(node, "color")
        if colour and not COLOUR_RE.match(colour):
            problems.append(Problem(line, f"code {cid!r}: colour {colour!r} is not #RRGGBB"))
            colour = ""
        keywords = _words(node.get("keywords"), f"code {cid!r} keywords", line, problems)
        exclude = _words(node.get("exclude"), f"code {cid!r} exclude", line, problems)
        if not any(keywords.values()):
            problems.append(Problem(line, f"code {cid!r} has no keywords: it can be coded by hand only", fatal=False))
        parent = _text(node, "parent") or None
        codes.append(
            Code(cid, _text(node, "name") or cid, factor, _text(node, "name_zh"), parent, colour,
                 _text(node, "description"), keywords, exclude)
        )

    code_ids = {c.id for c in codes}
    for code in codes:
        if code.parent is not None and code.parent not in code_ids:
            problems.append(Problem(code_lines[code.id], f"code {code.id!r}: unknown parent {code.parent!r}"))
        elif code.parent == code.id:
            problems.append(Problem(code_lines[code.id], f"code {code.id!r} is its own parent"))
    problems.extend(_parent_cycles(codes, code_lines))
    problems.extend(_shared_keywords(codes, code_lines))

    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise CodebookInvalid(fatal)
    book = Codebook(
        tuple(factors), tuple(codes), _text(data, "name"), _text(data, "name_zh"),
        _text(data, "version"), _text(data, "source"), _text(data, "description"),
    )
    return book, problems


def _parent_cycles(codes: list[Code], lines: dict[str, int | None]) -> list[Problem]:
    parent = {c.id: c.parent for c in codes}
    out = []
    for cid in parent:
        seen, node = {cid}, parent[cid]
        while node is not None and node in parent:
            if node in seen:
                out.append(Problem(lines[cid], f"code {cid!r}: parents form a cycle"))
                break
            seen.add(node)
            node = parent[node]
    return out


def _shared_keywords(codes: list[Code], lines: dict[str, int | None]) -> list[Problem]:
    owner: dict[tuple[str, str], str] = {}
    out = []
    for code in codes:
        for lang, words in code.keywords.items():
            for word in words:
                key = (lang, word.casefold())
                if key in owner and owner[key] != code.id:
                    out.append(Problem(lines[code.id], f"keyword {word!r} is under both {owner[key]!r} and {code.id!r}: a hit counts for both", fatal=False))
                owner.setdefault(key, code.id)
    return out


def codebook_to_data(book: Codebook) -> dict[str, Any]:
    """The plain data of a codebook, in the YAML file's shape (the inverse of validate_codebook)."""
    data: dict[str, Any] = {}
    for key in ("name", "name_zh", "version", "source", "description"):
        if getattr(book, key):
            data[key] = getattr(book, key)
    data["factors"] = [
        {k: v for k, v in (("id", f.id), ("name", f.name), ("name_zh", f.name_zh),
                           ("driver", str(f.driver)), ("description", f.description)) if v}
        for f in book.factors
    ]
    codes = []
    for c in book.codes:
        node: dict[str, Any] = {"id": c.id, "name": c.name}
        for key in ("name_zh", "factor", "parent", "colour", "description"):
            if getattr(c, key):
                node[key] = getattr(c, key)
        node["keywords"] = {lang: list(words) for lang, words in c.keywords.items()}
        if any(c.exclude.values()):
            node["exclude"] = {lang: list(words) for lang, words in c.exclude.items() if words}
        codes.append(node)
    data["codes"] = codes
    return data


def factor_of(book: Codebook) -> dict[str, str]:
    """Map each code id to its factor id."""
    return {c.id: c.factor for c in book.codes}
