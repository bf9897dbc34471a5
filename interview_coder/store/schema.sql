-- interview-coder project store, schema version 5 (store/migrations.py has the steps from 1).
-- Ids of transcripts, turns, passages and codings are AUTOINCREMENT: never handed out twice, so undo
-- records, memos and an open workbench can never land on other text (schema 4).
-- The views every count reads (what counts) are in views.sql.
-- Offsets are Unicode code points into NFC-normalised text.
-- Span offsets on codings are relative to their passage's text.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE respondents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);

-- Typed attributes; the respondent's group is the attribute named 'group'.
CREATE TABLE attributes (
    respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'real')),
    PRIMARY KEY (respondent_id, name)
);
CREATE INDEX attributes_name ON attributes(name, value, respondent_id);

CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,     -- of the normalised text: how merges match transcripts
    source_sha256 TEXT NOT NULL,   -- of the normalised file (front matter included): change detection
    language TEXT NOT NULL,
    preamble TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
CREATE INDEX transcripts_text_sha256 ON transcripts(text_sha256);

CREATE TABLE turns (
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

-- The coded unit. role/respondent_id are copied from the turn so that counting reads narrow rows.
CREATE TABLE passages (
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
CREATE INDEX passages_counting ON passages(id, role, respondent_id, transcript_id);

CREATE TABLE factors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL DEFAULT '',
    driver TEXT NOT NULL CHECK (driver IN ('internal', 'external')),
    description TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL
);

CREATE TABLE codes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL DEFAULT '',
    factor_id TEXT NOT NULL REFERENCES factors(id),
    parent_id TEXT REFERENCES codes(id),
    colour TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL
);

-- Codebook keywords (kind 'include') and exclude phrases (kind 'exclude').
CREATE TABLE keywords (
    id INTEGER PRIMARY KEY,
    code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('en', 'zh')),
    keyword TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'include' CHECK (kind IN ('include', 'exclude')),
    seq INTEGER NOT NULL,
    UNIQUE (code_id, lang, keyword, kind)
);

-- Synonym sets: hits of keyword are reported as merged_into.
CREATE TABLE keyword_merges (
    lang TEXT NOT NULL,
    keyword TEXT NOT NULL,
    merged_into TEXT NOT NULL,
    PRIMARY KEY (lang, keyword)
);

-- Words that must never count, for any code.
CREATE TABLE excluded_words (
    lang TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (lang, word)
);

-- A suggestion (status 'suggested', coder 'auto') stays as it is when a coder decides it: the decision
-- is that coder's own row (accepted or rejected, same passage, code and span), so coders who code
-- independently each decide for themselves (schema 4). views.sql says when a suggestion is open.
-- AUTOINCREMENT (schema 2): a removed coding's id is never handed out again, so undo can bring it
-- back under its own id and memos on codings never move to another coding.
CREATE TABLE codings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    code_id TEXT NOT NULL REFERENCES codes(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start INTEGER,                 -- span start in the passage text; NULL codes the whole passage
    "end" INTEGER,
    text TEXT,                     -- the span's text, passage.text[start:end]
    status TEXT NOT NULL CHECK (status IN ('accepted', 'suggested', 'rejected')),
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'auto', 'learned')),
    keyword TEXT,                  -- the matched keyword of an auto-coding
    memo TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((start IS NULL AND "end" IS NULL AND text IS NULL)
           OR (start IS NOT NULL AND "end" IS NOT NULL AND text IS NOT NULL AND 0 <= start AND start < "end"))
);
CREATE UNIQUE INDEX codings_unique ON codings(passage_id, code_id, coder_id, coalesce(start, -1), coalesce("end", -1));
-- Covers every column a report reads from codings, so counting never reads the wide rows.
CREATE INDEX codings_counting ON codings(status, code_id, passage_id, coder_id, origin, keyword);

CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('project', 'transcript', 'passage', 'coding', 'code')),
    target_id TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target, target_id);

-- Every coding action, so that undo and redo survive a restart.
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    coder_id INTEGER REFERENCES coders(id),
    action TEXT NOT NULL,
    payload TEXT NOT NULL,         -- JSON: what to do and how to undo it
    undone INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
);

-- A coder's mark that a passage is reviewed (nothing (more) to code here), so progress can reach 100%.
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

-- The full-text index of passage text (schema 5): FTS5 over each passage's words as
-- store/passage_index.py cuts them (Chinese on its jieba words, so 大学 does not find 大学生),
-- rowid = passages.id. The triggers note each passage whose text is new; every transaction
-- (store.project) indexes the noted passages before it commits, so the index is in step with every
-- write, and a file edited by another program stays correct (noted passages are searched by text).
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
