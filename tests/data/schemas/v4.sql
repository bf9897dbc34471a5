-- A schema-4 project (stable ids, per-coder decisions, reviewed marks; before the full-text passage
-- index of schema 5): made by interview-coder at schema 4 with conn.iterdump() from the workbench
-- tests' project (tests/tui/tui_helpers.py, English and Chinese) plus two codings and a reviewed mark;
-- loaded by tests/store/test_migrations.py. Never edit: add v5.sql etc.
BEGIN TRANSACTION;
CREATE TABLE attributes (
    respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'real')),
    PRIMARY KEY (respondent_id, name)
);
INSERT INTO "attributes" VALUES(1,'group','enterprise','text');
INSERT INTO "attributes" VALUES(2,'group','government','text');
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
INSERT INTO "coders" VALUES(1,'auto','2026-12-02T04:31:21.648+00:00');
INSERT INTO "coders" VALUES(2,'alice','2026-12-02T04:31:21.652+00:00');
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
INSERT INTO "codes" VALUES('university','Universities','高校','cooperation',NULL,'#1f77b4','',0);
INSERT INTO "codes" VALUES('suppliers','Suppliers','供应商','cooperation',NULL,'#6baed6','',1);
INSERT INTO "codes" VALUES('intermediaries','Intermediaries','中介','cooperation',NULL,'#08519c','',2);
INSERT INTO "codes" VALUES('customers','Customers','客户','market',NULL,'#ff7f0e','',3);
INSERT INTO "codes" VALUES('competitors','Competitors','竞争','market',NULL,'#fdae6b','',4);
INSERT INTO "codes" VALUES('demand','Market demand','需求','market',NULL,'#e6550d','',5);
INSERT INTO "codes" VALUES('tax','Tax incentives','税收优惠','policy',NULL,'#2ca02c','',6);
INSERT INTO "codes" VALUES('subsidy','Subsidies','补贴','policy',NULL,'#98df8a','',7);
INSERT INTO "codes" VALUES('ip','IP protection','知识产权','policy',NULL,'#31a354','',8);
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
INSERT INTO "codings" VALUES(1,2,'customers',1,4,13,'customers','suggested','auto','customer',NULL,'2026-12-02T04:31:21.648+00:00','2026-12-02T04:31:21.648+00:00');
INSERT INTO "codings" VALUES(2,5,'tax',1,0,14,'Tax incentives','suggested','auto','tax incentive',NULL,'2026-12-02T04:31:21.648+00:00','2026-12-02T04:31:21.648+00:00');
INSERT INTO "codings" VALUES(3,5,'subsidy',1,34,43,'subsidies','suggested','auto','subsidy',NULL,'2026-12-02T04:31:21.648+00:00','2026-12-02T04:31:21.648+00:00');
INSERT INTO "codings" VALUES(4,7,'tax',1,4,8,'税收优惠','suggested','auto','税收优惠',NULL,'2026-12-02T04:31:21.648+00:00','2026-12-02T04:31:21.648+00:00');
INSERT INTO "codings" VALUES(5,8,'ip',2,0,4,'知识产权','accepted','manual',NULL,NULL,'2026-12-02T04:31:21.652+00:00','2026-12-02T04:31:21.652+00:00');
INSERT INTO "codings" VALUES(6,3,'university',2,NULL,NULL,NULL,'accepted','manual',NULL,NULL,'2026-12-02T04:31:21.653+00:00','2026-12-02T04:31:21.653+00:00');
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
INSERT INTO "factors" VALUES('cooperation','Innovation cooperation','创新合作','external','',0);
INSERT INTO "factors" VALUES('market','Market demand','市场需求','external','',1);
INSERT INTO "factors" VALUES('policy','Government policy','政府政策','external','',2);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    coder_id INTEGER REFERENCES coders(id),
    action TEXT NOT NULL,
    payload TEXT NOT NULL,         -- JSON: what to do and how to undo it
    undone INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
);
INSERT INTO "history" VALUES(1,2,'apply','[{"op": "insert", "row": {"id": 5, "passage_id": 8, "code_id": "ip", "coder_id": 2, "start": 0, "end": 4, "text": "知识产权", "status": "accepted", "origin": "manual", "keyword": null, "memo": null, "created_at": "2026-12-02T04:31:21.652+00:00", "updated_at": "2026-12-02T04:31:21.652+00:00"}, "passage": {"transcript_id": 2, "text_sha256": "4e1df22b739936cea9eb5d83bac9c022bf3194bc5193ac43ca37e02ed7e36c11"}}]',0,'2026-12-02T04:31:21.652+00:00');
INSERT INTO "history" VALUES(2,2,'apply','[{"op": "insert", "row": {"id": 6, "passage_id": 3, "code_id": "university", "coder_id": 2, "start": null, "end": null, "text": null, "status": "accepted", "origin": "manual", "keyword": null, "memo": null, "created_at": "2026-12-02T04:31:21.653+00:00", "updated_at": "2026-12-02T04:31:21.653+00:00"}, "passage": {"transcript_id": 1, "text_sha256": "9c1bfd6d1b0d7e919fd1dd8d75341284033e10b45ee902c520a25067d93d8738"}}]',0,'2026-12-02T04:31:21.653+00:00');
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
CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('project', 'transcript', 'passage', 'coding', 'code')),
    target_id TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO "memos" VALUES(1,'passage','8',2,'专利 matters here','2026-12-02T04:31:21.654+00:00','2026-12-02T04:31:21.654+00:00');
CREATE TABLE passage_reviews (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (passage_id, coder_id)
);
INSERT INTO "passage_reviews" VALUES(3,2,'2026-12-01T10:00:00.000+00:00');
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
INSERT INTO "passages" VALUES(1,1,1,0,'interviewer',NULL,13,44,'Why does your company innovate?',0);
INSERT INTO "passages" VALUES(2,1,2,1,'respondent',1,51,96,'Our customers ask for new sensors every year.',8);
INSERT INTO "passages" VALUES(3,1,2,2,'respondent',1,98,151,'We also work with a university lab on joint research.',10);
INSERT INTO "passages" VALUES(4,1,3,3,'interviewer',NULL,166,192,'What about the government?',0);
INSERT INTO "passages" VALUES(5,1,4,4,'respondent',1,199,252,'Tax incentives help a little, but subsidies are slow.',9);
INSERT INTO "passages" VALUES(6,2,5,0,'interviewer',NULL,4,16,'贵单位如何支持企业创新？',0);
INSERT INTO "passages" VALUES(7,2,6,1,'respondent',2,22,47,'我们提供税收优惠和研发补贴，企业反映申报材料太多。',23);
INSERT INTO "passages" VALUES(8,2,6,2,'respondent',2,49,73,'知识产权保护也很重要，客户和高校都关心这个问题。',22);
CREATE TABLE respondents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
INSERT INTO "respondents" VALUES(1,'T01');
INSERT INTO "respondents" VALUES(2,'T02');
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "settings" VALUES('codebook.name','Test codebook');
INSERT INTO "settings" VALUES('codebook.name_zh','');
INSERT INTO "settings" VALUES('codebook.version','');
INSERT INTO "settings" VALUES('codebook.source','');
INSERT INTO "settings" VALUES('codebook.description','');
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
INSERT INTO "transcripts" VALUES(1,'en_small','tests/data/tui/en_small.txt','plain','utf-8','Interviewer: Why does your company innovate?

T01: Our customers ask for new sensors every year.

We also work with a university lab on joint research.

Interviewer: What about the government?

T01: Tax incentives help a little, but subsidies are slow.
','ff31623622f82958517d750cbef6241dd4ebb291a7b52dac8bc39877fc5394a1','419ac478a9a966e87d6d8df1be565faf9bee168d8dc6754284e92f2e1160f2a3','en','','2026-12-02T04:31:21.645+00:00');
INSERT INTO "transcripts" VALUES(2,'zh_small','tests/data/tui/zh_small.txt','plain','utf-8','采访者：贵单位如何支持企业创新？

T02：我们提供税收优惠和研发补贴，企业反映申报材料太多。

知识产权保护也很重要，客户和高校都关心这个问题。
','a2a88853e23ee3e911807c4c5a64b507f882e998322eb3134e3c9846162fa200','7891bbf6c4a43c63d6e1c0ea73cb7e48a857371369cbb6218e725709b91103a2','zh','','2026-12-02T04:31:21.646+00:00');
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
INSERT INTO "turns" VALUES(1,1,0,'Interviewer','interviewer',NULL,13,44,NULL,NULL);
INSERT INTO "turns" VALUES(2,1,1,'T01','respondent',1,51,151,NULL,NULL);
INSERT INTO "turns" VALUES(3,1,2,'Interviewer','interviewer',NULL,166,192,NULL,NULL);
INSERT INTO "turns" VALUES(4,1,3,'T01','respondent',1,199,252,NULL,NULL);
INSERT INTO "turns" VALUES(5,2,0,'采访者','interviewer',NULL,4,16,NULL,NULL);
INSERT INTO "turns" VALUES(6,2,1,'T02','respondent',2,22,73,NULL,NULL);
CREATE INDEX attributes_name ON attributes(name, value, respondent_id);
CREATE INDEX transcripts_text_sha256 ON transcripts(text_sha256);
CREATE INDEX passages_counting ON passages(id, role, respondent_id, transcript_id);
CREATE UNIQUE INDEX codings_unique ON codings(passage_id, code_id, coder_id, coalesce(start, -1), coalesce("end", -1));
CREATE INDEX codings_counting ON codings(status, code_id, passage_id, coder_id, origin, keyword);
CREATE INDEX memos_target ON memos(target, target_id);
CREATE VIEW counted_passages AS
SELECT p.id AS passage_id, p.transcript_id, p.respondent_id, p.seq, p.words
FROM passages p WHERE p.role = 'respondent';
CREATE VIEW countable_codings AS
SELECT c.id, c.passage_id, p.respondent_id, p.transcript_id, c.code_id, c.coder_id, c.status, c.origin,
       c.keyword, c.start, c."end"
FROM codings c JOIN passages p ON p.id = c.passage_id
WHERE p.role = 'respondent' AND c.status != 'rejected'
  AND (c.keyword IS NULL OR lower(c.keyword) NOT IN (SELECT lower(word) FROM excluded_words));
CREATE VIEW coding_view AS
SELECT c.id AS coding, t.name AS transcript, p.seq AS passage, r.key AS respondent,
       (SELECT a.value FROM attributes a WHERE a.respondent_id = p.respondent_id AND a.name = 'group') AS "group",
       c.code_id AS code, k.name AS code_name, k.name_zh AS code_name_zh, k.factor_id AS factor, f.driver,
       co.name AS coder, c.status, c.origin, c.keyword, c.start, c."end", coalesce(c.text, p.text) AS text,
       (c.status = 'accepted' AND c.id IN (SELECT id FROM countable_codings)) AS counted,
       c.memo, c.created_at, c.updated_at
FROM codings c JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id
JOIN codes k ON k.id = c.code_id JOIN factors f ON f.id = k.factor_id JOIN coders co ON co.id = c.coder_id
LEFT JOIN respondents r ON r.id = p.respondent_id;
CREATE VIEW passage_view AS
SELECT p.id AS passage_id, t.name AS transcript, p.seq AS passage, tu.speaker, p.role, r.key AS respondent,
       (SELECT a.value FROM attributes a WHERE a.respondent_id = p.respondent_id AND a.name = 'group') AS "group",
       p.words, p.role = 'respondent' AS counted, p.text
FROM passages p JOIN transcripts t ON t.id = p.transcript_id JOIN turns tu ON tu.id = p.turn_id
LEFT JOIN respondents r ON r.id = p.respondent_id;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('transcripts',2);
INSERT INTO "sqlite_sequence" VALUES('turns',6);
INSERT INTO "sqlite_sequence" VALUES('passages',8);
INSERT INTO "sqlite_sequence" VALUES('codings',6);
COMMIT;
