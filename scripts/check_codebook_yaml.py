#!/usr/bin/env python3
"""Check bundled codebook YAML files: schema, ids, colours, keyword counts and overlaps.

Usage: python scripts/check_codebook_yaml.py [--min-average N] [FILE ...]
With no FILE, checks codebooks/*.yaml next to this script's repository root.
Errors (exit 1): a broken schema, duplicate ids, an unknown factor or parent, a bad or repeated
colour, a keyword under two codes, an average below --min-average keywords per code per language.
Warnings (exit 0): a keyword nested in another code's keyword that that code does not exclude,
an exclude that contains none of its own code's keywords, an English keyword that looks plural.
Needs only the standard library and PyYAML.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DRIVERS = {"internal", "external"}
LANGS = ("en", "zh")
TOP_KEYS = ("name", "name_zh", "version", "source", "description", "factors", "codes")
FACTOR_KEYS = ("id", "name", "name_zh", "driver", "description")
CODE_KEYS = ("id", "name", "name_zh", "factor", "colour", "description", "keywords")
# English words ending in "s" that are not plurals (a plain heuristic; warnings only).
NOT_PLURAL = ("ss", "us", "is", "ics", "ous", "sis", "ness", "less", "ships")


def norm(lang: str, keyword: str) -> str:
    """Comparison form: NFC, case-folded, single spaces; English hyphens spaced like tokens."""
    text = unicodedata.normalize("NFC", keyword).casefold().strip()
    if lang == "en":
        text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text)


def contains(lang: str, outer: str, inner: str) -> bool:
    """Whether inner occurs in outer: on token boundaries in English, as a substring in Chinese."""
    if outer == inner:
        return False
    if lang == "en":
        return f" {inner} " in f" {outer} "
    return inner in outer


def check(path: Path, min_average: float) -> tuple[list[str], list[str]]:  # noqa: C901 - split it, then drop this
    errors: list[str] = []
    warnings: list[str] = []

    def err(msg: str) -> None:
        errors.append(f"{path}: {msg}")

    def warn(msg: str) -> None:
        warnings.append(f"{path}: {msg}")

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [f"{path}: cannot read: {exc}"], []
    if not isinstance(data, dict):
        return [f"{path}: top level is not a mapping"], []
    for key in TOP_KEYS:
        if key not in data:
            err(f"missing top-level key {key!r}")
    factors = data.get("factors") or []
    codes = data.get("codes") or []

    seen_ids: set[str] = set()
    factor_ids: set[str] = set()
    for i, factor in enumerate(factors):
        fid = factor.get("id", f"<factor {i}>")
        for key in FACTOR_KEYS:
            if not factor.get(key):
                err(f"factor {fid}: missing {key!r}")
        if not ID_RE.match(str(fid)):
            err(f"factor {fid}: id is not snake_case ascii")
        if fid in seen_ids:
            err(f"duplicate id {fid}")
        seen_ids.add(fid)
        factor_ids.add(fid)
        if factor.get("driver") not in DRIVERS:
            err(f"factor {fid}: driver must be internal or external")

    code_factor: dict[str, str] = {}
    colours: dict[str, str] = {}
    # (lang, normalised keyword) -> codes that list it
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    excludes: dict[str, dict[str, set[str]]] = {}
    counts = {lang: [] for lang in LANGS}
    for i, code in enumerate(codes):
        cid = code.get("id", f"<code {i}>")
        for key in CODE_KEYS:
            if not code.get(key):
                err(f"code {cid}: missing {key!r}")
        if not ID_RE.match(str(cid)):
            err(f"code {cid}: id is not snake_case ascii")
        if cid in seen_ids:
            err(f"duplicate id {cid}")
        seen_ids.add(cid)
        if code.get("factor") not in factor_ids:
            err(f"code {cid}: unknown factor {code.get('factor')!r}")
        code_factor[cid] = code.get("factor")
        colour = str(code.get("colour", ""))
        if not COLOUR_RE.match(colour):
            err(f"code {cid}: colour {colour!r} is not #RRGGBB")
        elif colour.lower() in colours:
            err(f"code {cid}: colour {colour} already used by {colours[colour.lower()]}")
        else:
            colours[colour.lower()] = cid

        keywords = code.get("keywords") or {}
        exclude = code.get("exclude") or {}
        excludes[cid] = {lang: {norm(lang, e) for e in exclude.get(lang) or []} for lang in LANGS}
        for lang in LANGS:
            words = keywords.get(lang) or []
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                err(f"code {cid}: keywords.{lang} must be a list of non-empty strings")
                words = [w for w in words if isinstance(w, str) and w.strip()] if isinstance(words, list) else []
            counts[lang].append(len(words))
            mine = set()
            for word in words:
                key = norm(lang, word)
                if key in mine:
                    err(f"code {cid}: keyword {word!r} listed twice")
                mine.add(key)
                owners[(lang, key)].append(cid)
                if lang == "en":
                    if word != word.lower() or word != word.strip():
                        err(f"code {cid}: English keyword {word!r} is not lower case and trimmed")
                    last = word.split()[-1]
                    if last.endswith("s") and not last.endswith(NOT_PLURAL):
                        warn(f"code {cid}: English keyword {word!r} may not be a lemma (plural?)")
            for ex in excludes[cid][lang]:
                if ex in mine:
                    err(f"code {cid}: {ex!r} is both a keyword and an exclude")
                elif not any(contains(lang, ex, k) for k in mine):
                    warn(f"code {cid}: exclude {ex!r} contains none of the code's {lang} keywords")

    for cid, code in zip(code_factor, codes, strict=True):
        parent = code.get("parent")
        if parent is None:
            continue
        if parent not in code_factor:
            err(f"code {cid}: unknown parent {parent!r}")
        elif parent == cid:
            err(f"code {cid}: is its own parent")
        elif code_factor[parent] != code_factor[cid]:
            err(f"code {cid}: parent {parent} is in another factor")
    # cycles through parent links
    parents = {c.get("id"): c.get("parent") for c in codes}
    for cid in parents:
        hops, node = 0, parents.get(cid)
        while node is not None and hops <= len(parents):
            node, hops = parents.get(node), hops + 1
        if hops > len(parents):
            err(f"code {cid}: parent chain has a cycle")

    for (lang, key), cids in sorted(owners.items()):
        if len(set(cids)) > 1:
            err(f"{lang} keyword {key!r} is under several codes: {', '.join(sorted(set(cids)))}")

    # a keyword inside another code's longer keyword double-counts unless that code excludes it
    by_lang = defaultdict(list)
    for (lang, key), cids in owners.items():
        by_lang[lang].append((key, cids[0]))
    for lang, pairs in by_lang.items():
        for inner, inner_code in pairs:
            for outer, outer_code in pairs:
                if inner_code != outer_code and contains(lang, outer, inner):
                    if not any(contains(lang, ex, inner) or ex == outer for ex in excludes[inner_code][lang]):
                        warn(f"{lang} {inner!r} ({inner_code}) is inside {outer!r} ({outer_code}); "
                             f"consider excluding it in {inner_code}")

    n_codes = len(codes)
    print(f"{path}: {len(factors)} factors, {n_codes} codes")
    for lang in LANGS:
        if not n_codes:
            break
        total = sum(counts[lang])
        average = total / n_codes
        print(f"  {lang}: {total} keywords, {average:.1f} per code (min {min(counts[lang])}, max {max(counts[lang])})")
        if average < min_average:
            err(f"{lang}: {average:.1f} keywords per code on average, below {min_average}")
    return errors, warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--min-average", type=float, default=8.0,
                        help="least average number of keywords per code per language (default 8)")
    args = parser.parse_args(argv)
    files = args.files or sorted((Path(__file__).resolve().parent.parent / "codebooks").glob("*.yaml"))
    if not files:
        print("no codebook files found", file=sys.stderr)
        return 1
    all_errors: list[str] = []
    for path in files:
        errors, warnings = check(path, args.min_average)
        for line in warnings:
            print(f"warning: {line}", file=sys.stderr)
        for line in errors:
            print(f"error: {line}", file=sys.stderr)
        all_errors += errors
    print("ok" if not all_errors else f"{len(all_errors)} error(s)")
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main())
