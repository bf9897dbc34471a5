"""One coder process of the load test: apply codes through its own connection, report what was acknowledged."""

from __future__ import annotations

import psycopg

from interview_coder.store.pg.writer import apply_code


def code_passages(url: str, coder: str, work: list[tuple[int, str]]) -> list[int]:
    """Apply each (passage, code) as ``coder``; the ids whose commit returned."""
    acknowledged = []
    with psycopg.connect(url, autocommit=True) as conn:
        for passage, code in work:
            acknowledged.append(apply_code(conn, passage, code, coder))
    return acknowledged
