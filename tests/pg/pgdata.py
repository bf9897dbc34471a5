"""A small file project with every kind of row a team project must carry (tests/pg)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from teamdata import make_project, passage_id

from interview_coder.store import codings, memos
from interview_coder.store.scope import set_coding_mode


def full_project(path: Path) -> Path:
    """English and Chinese transcripts, the test codebook, codings by alice and bob (one a span), a
    removed coding (its id stays taken), an undone action, memos, a review and a setting."""
    project = make_project(path)
    with project:
        en2, zh2 = passage_id(project, "en1", 2), passage_id(project, "zh1", 2)
        codings.apply_code(project, en2, "customers", "alice")
        codings.apply_code(project, en2, "customers", "bob", start=4, end=13)
        codings.apply_code(project, zh2, "subsidy", "bob")
        gone = codings.apply_code(project, zh2, "university", "alice")
        codings.remove_codings(project, [gone], "alice")
        codings.apply_code(project, en2, "rnd", "alice")
        codings.undo(project, "alice")
        memos.set_memo(project, "passage", en2, "asks about sensors", "alice")
        memos.set_memo(project, "code", "subsidy", "补贴 means subsidy", "bob")
        with project.transaction() as conn:
            conn.execute("INSERT INTO passage_reviews(passage_id, coder_id, reviewed_at) "
                         "VALUES (?, (SELECT id FROM coders WHERE name = 'bob'), '2026-12-01T00:00:00.000+00:00')",
                         (zh2,))
        set_coding_mode(project, "independent")
    return path


def table_rows(conn: sqlite3.Connection, table: str, key: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {key}")]  # noqa: S608
