"""Schema versions and forward migrations. The version lives in SQLite's ``user_version``."""

from __future__ import annotations

from importlib import resources

SCHEMA_VERSION = 5

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
    # 3 -> 4: transcripts, turns and passages get AUTOINCREMENT ids, so 'import --replace' (which now
    # keeps a passage's id for its proven successor) never hands a removed passage's id to other text;
    # the sequences start above every id memos and the undo history remember. Codings may be 'learned'
    # (suggested from a coder's examples). A decided suggestion gets its suggestion row back (coder
    # 'auto'), because from schema 4 a decision is the coder's own row and the suggestion stays open
    # for coders who code independently. Coders can mark a passage reviewed. Removed codings leave a
    # tombstone so merges keep removals. Runs with foreign keys
    # off (Project._migrate), as SQLite's table rebuild procedure asks.
    3: """
CREATE TABLE transcripts_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    language TEXT NOT NULL,
    preamble TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
INSERT INTO transcripts_v4 SELECT id, name, source, format, encoding, text, text_sha256, source_sha256, language,
    preamble, imported_at FROM transcripts;
DROP TABLE transcripts;
ALTER TABLE transcripts_v4 RENAME TO transcripts;
CREATE INDEX transcripts_text_sha256 ON transcripts(text_sha256);
CREATE TABLE turns_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    speaker TEXT,
    role TEXT NOT NULL CHECK (role IN ('respondent', 'interviewer', 'preamble')),
    respondent_id INTEGER REFERENCES respondents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    time_start REAL,
    time_end REAL,
    UNIQUE (transcript_id, seq)
);
INSERT INTO turns_v4 SELECT id, transcript_id, seq, speaker, role, respondent_id, start, "end", time_start, time_end
    FROM turns;
DROP TABLE turns;
ALTER TABLE turns_v4 RENAME TO turns;
CREATE TABLE passages_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('respondent', 'interviewer', 'preamble')),
    respondent_id INTEGER REFERENCES respondents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    UNIQUE (transcript_id, seq)
);
INSERT INTO passages_v4 SELECT id, transcript_id, turn_id, seq, role, respondent_id, start, "end", text, words
    FROM passages;
DROP TABLE passages;
ALTER TABLE passages_v4 RENAME TO passages;
CREATE INDEX passages_counting ON passages(id, role, respondent_id, transcript_id);
CREATE TABLE codings_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    code_id TEXT NOT NULL REFERENCES codes(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'suggested', 'rejected')),
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'auto', 'learned')),
    keyword TEXT,
    memo TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((start IS NULL AND "end" IS NULL AND text IS NULL)
           OR (start IS NOT NULL AND "end" IS NOT NULL AND text IS NOT NULL AND 0 <= start AND start < "end"))
);
INSERT INTO codings_v4 SELECT id, passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo,
    created_at, updated_at FROM codings;
DROP TABLE codings;
ALTER TABLE codings_v4 RENAME TO codings;
CREATE UNIQUE INDEX codings_unique ON codings(passage_id, code_id, coder_id, coalesce(start, -1), coalesce("end", -1));
CREATE INDEX codings_counting ON codings(status, code_id, passage_id, coder_id, origin, keyword);
DELETE FROM sqlite_sequence WHERE name IN ('transcripts', 'turns', 'passages', 'codings', 'transcripts_v4',
    'turns_v4', 'passages_v4', 'codings_v4');
INSERT INTO sqlite_sequence(name, seq) SELECT 'transcripts', max(
    coalesce((SELECT max(id) FROM transcripts), 0),
    coalesce((SELECT max(CAST(target_id AS INTEGER)) FROM memos WHERE target = 'transcript'), 0));
INSERT INTO sqlite_sequence(name, seq) SELECT 'turns', coalesce((SELECT max(id) FROM turns), 0);
INSERT INTO sqlite_sequence(name, seq) SELECT 'passages', max(
    coalesce((SELECT max(id) FROM passages), 0),
    coalesce((SELECT max(CAST(target_id AS INTEGER)) FROM memos WHERE target = 'passage'), 0),
    coalesce((SELECT max(j.value) FROM history h, json_tree(h.payload) j
              WHERE j.key = 'passage_id' AND j.type = 'integer'), 0));
INSERT INTO sqlite_sequence(name, seq) SELECT 'codings', max(
    coalesce((SELECT max(id) FROM codings), 0),
    coalesce((SELECT max(j.value) FROM history h, json_tree(h.payload) j WHERE j.key = 'id' AND j.type = 'integer'), 0));
INSERT OR IGNORE INTO coders(name, created_at)
    SELECT 'auto', min(created_at) FROM codings WHERE origin = 'auto' HAVING count(*) > 0;
INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo, created_at,
                    updated_at)
    SELECT c.passage_id, c.code_id, (SELECT id FROM coders WHERE name = 'auto'), c.start, c."end", c.text,
           'suggested', 'auto', c.keyword, NULL, min(c.created_at), min(c.created_at)
    FROM codings c
    WHERE c.origin = 'auto' AND c.status != 'suggested' AND c.coder_id != (SELECT id FROM coders WHERE name = 'auto')
      AND NOT EXISTS (SELECT 1 FROM codings s WHERE s.passage_id = c.passage_id AND s.code_id = c.code_id
                      AND s.status = 'suggested' AND s.start IS c.start AND s."end" IS c."end")
    GROUP BY c.passage_id, c.code_id, c.start, c."end";
CREATE TABLE passage_reviews (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (passage_id, coder_id)
);
-- Codings a coder removed or took back, by the text they coded (its transcript's text hash and
-- transcript offsets), so a merge never brings back what the team removed (schema 4).
CREATE TABLE coding_tombstones (
    transcript_sha256 TEXT NOT NULL,
    start INTEGER NOT NULL,        -- transcript offsets of the coded text
    "end" INTEGER NOT NULL,
    whole INTEGER NOT NULL,        -- 1: the coding coded the whole passage
    code_id TEXT NOT NULL,
    coder TEXT NOT NULL,
    removed_at TEXT NOT NULL,
    PRIMARY KEY (transcript_sha256, start, "end", whole, code_id, coder)
);
""",
    # 4 -> 5: a full-text index of passage text (SQLite FTS5), Chinese on its jieba words, kept in
    # step by triggers and each transaction's commit (issue 13: fast search); every passage is indexed
    # when the migration commits.
    4: """
CREATE VIRTUAL TABLE passage_index USING fts5(words, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE passage_index_pending (passage_id INTEGER PRIMARY KEY);
CREATE TRIGGER passages_index_insert AFTER INSERT ON passages BEGIN
    INSERT OR IGNORE INTO passage_index_pending(passage_id) VALUES (new.id);
END;
CREATE TRIGGER passages_index_update AFTER UPDATE OF text ON passages BEGIN
    DELETE FROM passage_index WHERE rowid = old.id;
    INSERT OR IGNORE INTO passage_index_pending(passage_id) VALUES (new.id);
END;
CREATE TRIGGER passages_index_delete AFTER DELETE ON passages BEGIN
    DELETE FROM passage_index WHERE rowid = old.id;
    DELETE FROM passage_index_pending WHERE passage_id = old.id;
END;
INSERT INTO passage_index_pending(passage_id) SELECT id FROM passages;
""",
}


def schema_sql() -> str:
    return resources.files("interview_coder.store").joinpath("schema.sql").read_text("utf-8")


def views_sql() -> str:
    return resources.files("interview_coder.store").joinpath("views.sql").read_text("utf-8")


VIEWS = ("counted_passages", "countable_codings", "coding_view", "passage_view")
"""The views in views.sql; every migration drops and recreates them."""


def steps(current: int) -> list[str]:
    """The SQL scripts that bring a file at ``current`` up to SCHEMA_VERSION, in order: the tables,
    then the current views (dropped first, so a rebuilt table never meets an old view)."""
    drop = "".join(f"DROP VIEW IF EXISTS {v};\n" for v in VIEWS)
    tables = [schema_sql()] if current == 0 else [MIGRATIONS[v] for v in range(current, SCHEMA_VERSION)]
    return [drop, *tables, views_sql()]
