"""Schema versions and forward migrations. The version lives in SQLite's ``user_version``."""

from __future__ import annotations

from importlib import resources

SCHEMA_VERSION = 3

# MIGRATIONS[n] turns a version-n file into version n+1. Version 0 is an empty file.
# Each step has a fixture tests/data/schemas/v{n}.sql that tests/store/test_migrations.py migrates.
MIGRATIONS: dict[int, str] = {
    # 1 -> 2: codings ids become AUTOINCREMENT. Before, the id of a removed coding was handed to the
    # next new coding, and undoing the removal then failed (UNIQUE constraint failed: codings.id).
    # The sequence starts above every id the undo history remembers.
    1: """
CREATE TABLE codings_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    code_id TEXT NOT NULL REFERENCES codes(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'suggested', 'rejected')),
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'auto')),
    keyword TEXT,
    memo TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((start IS NULL AND "end" IS NULL AND text IS NULL)
           OR (start IS NOT NULL AND "end" IS NOT NULL AND text IS NOT NULL AND 0 <= start AND start < "end"))
);
INSERT INTO codings_v2(id, passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo,
                       created_at, updated_at)
    SELECT id, passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo, created_at,
           updated_at FROM codings;
DROP TABLE codings;
ALTER TABLE codings_v2 RENAME TO codings;
CREATE UNIQUE INDEX codings_unique ON codings(passage_id, code_id, coder_id, coalesce(start, -1), coalesce("end", -1));
CREATE INDEX codings_counting ON codings(code_id, status, passage_id, coder_id);
DELETE FROM sqlite_sequence WHERE name = 'codings';
INSERT INTO sqlite_sequence(name, seq) SELECT 'codings', max(
    coalesce((SELECT max(id) FROM codings), 0),
    coalesce((SELECT max(j.value) FROM history h, json_tree(h.payload) j WHERE j.key = 'id' AND j.type = 'integer'), 0));
""",
    # 2 -> 3: the counting index covers every column a report reads from codings (status first, as
    # every report filters on it), so counting never reads the wide coding rows: report frequencies
    # over 1,000,000 codings 2.9 s -> 1.5 s (benchmarks/bench_reports.py).
    2: """
DROP INDEX codings_counting;
CREATE INDEX codings_counting ON codings(status, code_id, passage_id, coder_id, origin, keyword);
""",
}


def schema_sql() -> str:
    return resources.files("interview_coder.store").joinpath("schema.sql").read_text("utf-8")


def steps(current: int) -> list[str]:
    """The SQL scripts that bring a file at ``current`` up to SCHEMA_VERSION, in order."""
    if current == 0:
        return [schema_sql()]
    return [MIGRATIONS[v] for v in range(current, SCHEMA_VERSION)]
