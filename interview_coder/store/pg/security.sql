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
GRANT INSERT, UPDATE, DELETE ON coding_tombstones TO {coder};

CREATE FUNCTION interview_coder_me() RETURNS bigint LANGUAGE sql STABLE
    AS 'SELECT id FROM coders WHERE name = current_user';

-- The policies of each table whose rows belong to a coder (OWN_ROWS in roles.py: codings, memos,
-- history, passage_reviews) are generated there, one shape for all: everyone reads, the owner
-- writes all, a coder inserts, updates and deletes rows whose coder_id is its own.

ALTER TABLE coding_tombstones ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON coding_tombstones FOR SELECT TO {owner}, {coder}, {observer} USING (true);
CREATE POLICY owner_writes ON coding_tombstones FOR ALL TO {owner} USING (true) WITH CHECK (true);
CREATE POLICY coder_writes_own ON coding_tombstones FOR ALL TO {coder}
    USING (coder = (SELECT name FROM coders WHERE id = interview_coder_me()))
    WITH CHECK (coder = (SELECT name FROM coders WHERE id = interview_coder_me()));
