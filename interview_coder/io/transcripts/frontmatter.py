"""Front matter between ``---`` lines: respondent attributes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from interview_coder.errors import InputError

AttributeValue = str | int | float
# libyaml's safe loader when PyYAML was built with it: ten times faster, equally safe.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, AttributeValue], str, int]:
    """Return (attributes, body, number of lines before the body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise InputError("front matter opened with '---' is never closed", path, 1)
    block = "\n".join(lines[1:end])
    try:
        data = yaml.load(block, Loader=_LOADER) if block.strip() else {}  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"broken front matter: {reason}", path, line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("front matter must be 'key: value' lines", path, 2)
    attrs: dict[str, AttributeValue] = {}
    for key, value in data.items():
        line = next((i + 1 for i, ln in enumerate(lines[:end]) if ln.lstrip().startswith(f"{key}")), 2)
        attrs[str(key).strip()] = attribute_value(value, path, line, str(key))
    body = "\n".join(lines[end + 1:])
    return attrs, body, end + 1


def attribute_value(value: object, path: Path, line: int | None, key: str) -> AttributeValue:
    """An attribute keeps its type: integer, real or text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, list | dict):
        raise InputError(f"front matter key {key!r} must hold one value, not a list or mapping", path, line)
    return str(value).strip()


def typed_value(text: str) -> AttributeValue:
    """A table cell as an attribute: an integer or a decimal when it reads as one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
