"""Names for shell completion, read from a project file without changing it.

Completion runs on every Tab press, so it opens the file read-only (never creating, migrating or
locking it) and answers nothing rather than an error when the file is missing or unreadable.
"""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path


class Names(Enum):
    """What a completed option or argument names."""

    CODES = "codes"
    CODES_AND_FACTORS = "codes and factors"
    TRANSCRIPTS = "transcripts"
    CODERS = "coders"
    GROUPS = "groups"


_SQL = {
    Names.CODES: "SELECT id FROM codes ORDER BY id",
    Names.CODES_AND_FACTORS: "SELECT id FROM codes UNION SELECT id FROM factors ORDER BY 1",
    Names.TRANSCRIPTS: "SELECT name FROM transcripts ORDER BY name",
    Names.CODERS: "SELECT name FROM coders ORDER BY name",
    Names.GROUPS: "SELECT DISTINCT value FROM attributes WHERE name = 'group' ORDER BY value",
}


def project_names(path: Path, kind: Names, prefix: str = "") -> list[str]:
    """The project's names of one kind that start with ``prefix`` (case-insensitive), sorted."""
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute(_SQL[kind]).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    folded = prefix.casefold()
    return [str(r[0]) for r in rows if str(r[0]).casefold().startswith(folded)]
