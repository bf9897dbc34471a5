-- A schema-3 project (covering counting index; before stable transcript/passage ids and per-coder
-- decisions of schema 4): made by interview-coder at schema 3 with conn.iterdump(); loaded by
-- tests/store/test_migrations.py. Never edit: add v4.sql etc.
BEGIN TRANSACTION;
CREATE TABLE attributes (
    respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'real')),
    PRIMARY KEY (respondent_id, name)
);
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
INSERT INTO "coders" VALUES(1,'ana','2026-12-01T23:17:18.498+00:00');
INSERT INTO "coders" VALUES(2,'auto','2026-12-01T23:17:18.501+00:00');
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
INSERT INTO "codes" VALUES('customers','Customers','','m',NULL,'','',0);
INSERT INTO "codes" VALUES('talent','Talent','','m',NULL,'','',1);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    code_id TEXT NOT NULL REFERENCES codes(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start INTEGER,                 -- span start in the passage text; NULL codes the whole passage
    "end" INTEGER,
    text TEXT,                     -- the span's text, passage.text[start:end]
    status TEXT NOT NULL CHECK (status IN ('accepted', 'suggested', 'rejected')),
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'auto')),
    keyword TEXT,                  -- the matched keyword of an auto-coding
    memo TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((start IS NULL AND "end" IS NULL AND text IS NULL)
           OR (start IS NOT NULL AND "end" IS NOT NULL AND text IS NOT NULL AND 0 <= start AND start < "end"))
);
INSERT INTO "codings" VALUES(1,2,'talent',1,NULL,NULL,NULL,'accepted','manual',NULL,NULL,'2026-12-01T23:17:18.498+00:00','2026-12-01T23:17:18.498+00:00');
INSERT INTO "codings" VALUES(3,2,'customers',1,0,9,'Customers','accepted','auto','customer',NULL,'2026-12-01T23:17:18.501+00:00','2026-12-01T23:17:18.502+00:00');
INSERT INTO "codings" VALUES(4,4,'customers',2,11,20,'customers','suggested','auto','customer',NULL,'2026-12-01T23:17:18.501+00:00','2026-12-01T23:17:18.501+00:00');
CREATE TABLE excluded_words (
    lang TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (lang, word)
);
CREATE TABLE factors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL DEFAULT '',
    driver TEXT NOT NULL CHECK (driver IN ('internal', 'external')),
    description TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL
);
INSERT INTO "factors" VALUES('m','Market','','external','',0);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    coder_id INTEGER REFERENCES coders(id),
    action TEXT NOT NULL,
    payload TEXT NOT NULL,         -- JSON: what to do and how to undo it
    undone INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
);
INSERT INTO "history" VALUES(1,1,'apply','[{"op": "insert", "row": {"id": 1, "passage_id": 2, "code_id": "talent", "coder_id": 1, "start": null, "end": null, "text": null, "status": "accepted", "origin": "manual", "keyword": null, "memo": null, "created_at": "2026-12-01T23:17:18.498+00:00", "updated_at": "2026-12-01T23:17:18.498+00:00"}}]',0,'2026-12-01T23:17:18.498+00:00');
INSERT INTO "history" VALUES(2,1,'apply','[{"op": "insert", "row": {"id": 2, "passage_id": 4, "code_id": "talent", "coder_id": 1, "start": 0, "end": 6, "text": "Talent", "status": "accepted", "origin": "manual", "keyword": null, "memo": null, "created_at": "2026-12-01T23:17:18.499+00:00", "updated_at": "2026-12-01T23:17:18.499+00:00"}}]',0,'2026-12-01T23:17:18.499+00:00');
INSERT INTO "history" VALUES(3,1,'remove','[{"op": "delete", "row": {"id": 2, "passage_id": 4, "code_id": "talent", "coder_id": 1, "start": 0, "end": 6, "text": "Talent", "status": "accepted", "origin": "manual", "keyword": null, "memo": null, "created_at": "2026-12-01T23:17:18.499+00:00", "updated_at": "2026-12-01T23:17:18.499+00:00"}}]',0,'2026-12-01T23:17:18.500+00:00');
INSERT INTO "history" VALUES(4,1,'accept','[{"op": "update", "before": {"id": 3, "passage_id": 2, "code_id": "customers", "coder_id": 2, "start": 0, "end": 9, "text": "Customers", "status": "suggested", "origin": "auto", "keyword": "customer", "memo": null, "created_at": "2026-12-01T23:17:18.501+00:00", "updated_at": "2026-12-01T23:17:18.501+00:00"}, "after": {"id": 3, "passage_id": 2, "code_id": "customers", "coder_id": 1, "start": 0, "end": 9, "text": "Customers", "status": "accepted", "origin": "auto", "keyword": "customer", "memo": null, "created_at": "2026-12-01T23:17:18.501+00:00", "updated_at": "2026-12-01T23:17:18.502+00:00"}}]',0,'2026-12-01T23:17:18.502+00:00');
CREATE TABLE keyword_merges (
    lang TEXT NOT NULL,
    keyword TEXT NOT NULL,
    merged_into TEXT NOT NULL,
    PRIMARY KEY (lang, keyword)
);
CREATE TABLE keywords (
    id INTEGER PRIMARY KEY,
    code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('en', 'zh')),
    keyword TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'include' CHECK (kind IN ('include', 'exclude')),
    seq INTEGER NOT NULL,
    UNIQUE (code_id, lang, keyword, kind)
);
INSERT INTO "keywords" VALUES(1,'customers','en','customer','include',0);
CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('project', 'transcript', 'passage', 'coding', 'code')),
    target_id TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO "memos" VALUES(1,'passage','2',1,'a passage memo','2026-12-01T23:17:18.503+00:00','2026-12-01T23:17:18.503+00:00');
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
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
INSERT INTO "passages" VALUES(1,1,1,0,'interviewer',NULL,3,19,'What drives you?',0);
INSERT INTO "passages" VALUES(2,1,2,1,'respondent',1,25,48,'Customers ask for more.',4);
INSERT INTO "passages" VALUES(3,1,3,2,'interviewer',NULL,53,57,'And?',0);
INSERT INTO "passages" VALUES(4,1,4,3,'respondent',1,63,84,'Talent and customers.',3);
CREATE TABLE respondents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
INSERT INTO "respondents" VALUES(1,'t');
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "settings" VALUES('codebook.name','');
INSERT INTO "settings" VALUES('codebook.name_zh','');
INSERT INTO "settings" VALUES('codebook.version','');
INSERT INTO "settings" VALUES('codebook.source','');
INSERT INTO "settings" VALUES('codebook.description','');
CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY,
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
INSERT INTO "transcripts" VALUES(1,'t','/tmp/tmpvsu2oqxj/t.txt','plain','utf-8','Q: What drives you?

R1: Customers ask for more.

Q: And?

R1: Talent and customers.
','c89f0e5ccf2e3040a992a21abb3413cd368dbaae7694c1d4ffb424c74c7664d9','f299de8de9693d0d6c86982955a13bc93440584f4cb74106fc004c3be9b185b5','en','','2026-12-01T23:17:18.495+00:00');
CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
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
INSERT INTO "turns" VALUES(1,1,0,'Q','interviewer',NULL,3,19,NULL,NULL);
INSERT INTO "turns" VALUES(2,1,1,'R1','respondent',1,25,48,NULL,NULL);
INSERT INTO "turns" VALUES(3,1,2,'Q','interviewer',NULL,53,57,NULL,NULL);
INSERT INTO "turns" VALUES(4,1,3,'R1','respondent',1,63,84,NULL,NULL);
CREATE INDEX attributes_name ON attributes(name, value, respondent_id);
CREATE INDEX transcripts_text_sha256 ON transcripts(text_sha256);
CREATE INDEX passages_counting ON passages(id, role, respondent_id, transcript_id);
CREATE UNIQUE INDEX codings_unique ON codings(passage_id, code_id, coder_id, coalesce(start, -1), coalesce("end", -1));
CREATE INDEX codings_counting ON codings(status, code_id, passage_id, coder_id, origin, keyword);
CREATE INDEX memos_target ON memos(target, target_id);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('codings',4);
COMMIT;
