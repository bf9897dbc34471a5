"""Schema versions and forward migrations. The version lives in SQLite's ``user_version``."""

from __future__ import annotations

from importlib import resources

SCHEMA_VERSION = 1

# MIGRATIONS[n] turns a version-n file into version n+1. Version 0 is an empty file.
MIGRATIONS: dict[int, str] = {}


def schema_sql() -> str:
    return resources.files("interview_coder.store").joinpath("schema.sql").read_text("utf-8")


def steps(current: int) -> list[str]:
    """The SQL scripts that bring a file at ``current`` up to SCHEMA_VERSION, in order."""
    if current == 0:
        return [schema_sql()]
    return [MIGRATIONS[v] for v in range(current, SCHEMA_VERSION)]
