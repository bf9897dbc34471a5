-- What counts, in one place: every figure (reports, the workbench's panel, overview and progress,
-- status, transcripts list, agreement, the notebook API) reads codings and passages through these
-- views; store/scope.py adds the choices a command makes (status, coder, transcripts, --where).
-- Recreated by every migration, so a file always has the current definitions.

-- Passages that count: respondent passages. Interviewer and title (preamble) text never counts.
CREATE VIEW counted_passages AS
SELECT p.id AS passage_id, p.transcript_id, p.respondent_id, p.seq, p.words
FROM passages p WHERE p.role = 'respondent';

-- Codings that can count: on a counted passage, not a rejection, and not the keyword hit of an
-- excluded word (an excluded word never counts, even where a coder accepted its hit).
CREATE VIEW countable_codings AS
SELECT c.id, c.passage_id, p.respondent_id, p.transcript_id, c.code_id, c.coder_id, c.status, c.origin,
       c.keyword, c.start, c."end"
FROM codings c JOIN passages p ON p.id = c.passage_id
WHERE p.role = 'respondent' AND c.status != 'rejected'
  AND (c.keyword IS NULL OR lower(c.keyword) NOT IN (SELECT lower(word) FROM excluded_words));

-- Readable views for other tools (Datasette, the sqlite-utils CLI, R): no ids to join.
-- counted: 1 when the coding counts in reports by default (accepted, on a respondent passage, not
-- an excluded word's hit).
CREATE VIEW coding_view AS
SELECT c.id AS coding, t.name AS transcript, p.seq AS passage, r.key AS respondent,
       (SELECT a.value FROM attributes a WHERE a.respondent_id = p.respondent_id AND a.name = 'group') AS "group",
       c.code_id AS code, k.name AS code_name, k.name_zh AS code_name_zh, k.factor_id AS factor, f.driver,
       co.name AS coder, c.status, c.origin, c.keyword, c.start, c."end", coalesce(c.text, p.text) AS text,
       CASE WHEN c.status = 'accepted' AND c.id IN (SELECT id FROM countable_codings) THEN 1 ELSE 0 END AS counted,
       c.memo, c.created_at, c.updated_at
FROM codings c JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id
JOIN codes k ON k.id = c.code_id JOIN factors f ON f.id = k.factor_id JOIN coders co ON co.id = c.coder_id
LEFT JOIN respondents r ON r.id = p.respondent_id;

-- counted: 1 for respondent passages (the passages every count is made of).
CREATE VIEW passage_view AS
SELECT p.id AS passage_id, t.name AS transcript, p.seq AS passage, tu.speaker, p.role, r.key AS respondent,
       (SELECT a.value FROM attributes a WHERE a.respondent_id = p.respondent_id AND a.name = 'group') AS "group",
       p.words, CASE WHEN p.role = 'respondent' THEN 1 ELSE 0 END AS counted, p.text
FROM passages p JOIN transcripts t ON t.id = p.transcript_id JOIN turns tu ON tu.id = p.turn_id
LEFT JOIN respondents r ON r.id = p.respondent_id;
