-- Who may do what in a team project, enforced by PostgreSQL (store/pg/roles.py applies this at push).
-- Three group roles per project database: {owner} (codebook, imports, coders), {coder} (reads all,
-- writes only its own codings, memos, history and reviews), {observer} (reads only). A coder's login
-- role is named like its row in coders; interview_coder_me() maps the connection to that row.
-- Row-level security filters a coder's UPDATE and DELETE to its own rows (another coder's rows are
-- not touched: 0 rows) and refuses an INSERT or UPDATE that would leave a row of another coder.

REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;
GRANT CONNECT ON DATABASE {database} TO {owner}, {coder}, {observer};
GRANT USAGE ON SCHEMA public TO {owner}, {coder}, {observer};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {owner}, {coder}, {observer};
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {owner};
REVOKE INSERT, UPDATE, DELETE ON schema_version FROM {owner};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {owner}, {coder};
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {observer};  -- so that an observer can pull
GRANT INSERT, UPDATE, DELETE ON codings, memos, history, passage_reviews, coding_tombstones TO {coder};

CREATE FUNCTION interview_coder_me() RETURNS bigint LANGUAGE sql STABLE
    AS 'SELECT id FROM coders WHERE name = current_user';

ALTER TABLE codings ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON codings FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON codings FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_inserts_own ON codings FOR INSERT TO {coder} WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_updates_own ON codings FOR UPDATE TO {coder}
    USING (coder_id = interview_coder_me()) WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_deletes_own ON codings FOR DELETE TO {coder} USING (coder_id = interview_coder_me());

ALTER TABLE memos ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON memos FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON memos FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_inserts_own ON memos FOR INSERT TO {coder} WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_updates_own ON memos FOR UPDATE TO {coder}
    USING (coder_id = interview_coder_me()) WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_deletes_own ON memos FOR DELETE TO {coder} USING (coder_id = interview_coder_me());

ALTER TABLE history ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON history FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON history FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_inserts_own ON history FOR INSERT TO {coder} WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_updates_own ON history FOR UPDATE TO {coder}
    USING (coder_id = interview_coder_me()) WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_deletes_own ON history FOR DELETE TO {coder} USING (coder_id = interview_coder_me());

ALTER TABLE passage_reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON passage_reviews FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON passage_reviews FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_inserts_own ON passage_reviews FOR INSERT TO {coder}
    WITH CHECK (coder_id = interview_coder_me());
CREATE POLICY coder_deletes_own ON passage_reviews FOR DELETE TO {coder} USING (coder_id = interview_coder_me());

ALTER TABLE coding_tombstones ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON coding_tombstones FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON coding_tombstones FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_writes_own ON coding_tombstones FOR ALL TO {coder}
    USING (coder = (SELECT name FROM coders WHERE id = interview_coder_me()))
    WITH CHECK (coder = (SELECT name FROM coders WHERE id = interview_coder_me()));
