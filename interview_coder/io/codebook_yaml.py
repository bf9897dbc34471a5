"""Codebook YAML files: safe loading with line numbers, and lossless export."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml

from interview_coder.core.codebook import (
    CodebookInvalid,
    Problem,
    codebook_to_data,
    validate_codebook,
)
from interview_coder.core.model import Codebook
from interview_coder.errors import InputError


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line where each mapping starts as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = cast(dict[str, Any], loader.construct_mapping(node, deep=True))
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class CodebookFileError(InputError):
    """Every problem of a codebook file, one ``path:line: reason`` line each."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.problems = problems
        lines = [f"{path}:{p.line}: {p.message}" if p.line else f"{path}: {p.message}" for p in problems]
        super().__init__("\n".join(lines), path)

    def __str__(self) -> str:
        return self.reason


def load_codebook_yaml(path: Path) -> tuple[Codebook, list[Problem]]:
    """Read and validate a codebook file; warnings come back, errors raise CodebookFileError."""
    from interview_coder.io.transcripts.reading import read_bytes

    try:
        text = read_bytes(path, MAX_BYTES, option=None).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("a codebook file must be UTF-8", path) from exc
    try:
        _refuse_deep_nesting(text, path)
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"not valid YAML: {reason}", path, mark.line + 1 if mark else None) from None
    try:
        return validate_codebook(data)
    except CodebookInvalid as exc:
        raise CodebookFileError(path, exc.problems) from None


MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a codebook file may have (factor -> code -> keywords is 5)."""


def _refuse_deep_nesting(text: str, path: Path) -> None:
    """Walk the YAML events (no recursion) and stop at MAX_DEPTH: building a 50,000-deep document
    would exhaust Python's recursion limit."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"refused: nested more than {MAX_DEPTH} levels deep (a codebook is a few levels)",
                                 path, event.start_mark.line + 1 if event.start_mark else None)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Dumper(yaml.SafeDumper):
    """SafeDumper that double-quotes strings with Unicode line breaks, which plain style would fold."""


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(ch in value for ch in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_codebook_yaml(book: Codebook) -> str:
    return yaml.dump(codebook_to_data(book), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
