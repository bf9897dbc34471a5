-- The server-only part of a team project's schema (store/dialect.py adds it after the tables and
-- views translated from store/schema.sql and views.sql): what makes the store's SQLite SQL read the
-- same on PostgreSQL where a mechanical translation cannot.

-- group_concat(x) and group_concat(x, separator), as SQLite's: NULLs skipped, ',' by default.
CREATE FUNCTION interview_coder_concat(acc text, value anyelement, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value::text
                      ELSE acc || sep || value::text END $$;
CREATE FUNCTION interview_coder_concat(acc text, value anyelement) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT interview_coder_concat(acc, value, ',') $$;
CREATE AGGREGATE group_concat(anyelement, text) (SFUNC = interview_coder_concat, STYPE = text);
CREATE AGGREGATE group_concat(anyelement) (SFUNC = interview_coder_concat, STYPE = text);

-- sum(condition): how many rows meet it, as SQLite sums its 0/1 (NULL when every row is NULL).
CREATE FUNCTION interview_coder_sum(acc bigint, value boolean) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN value IS NULL THEN acc ELSE coalesce(acc, 0) + value::integer END $$;
CREATE AGGREGATE sum(boolean) (SFUNC = interview_coder_sum, STYPE = bigint);

-- instr(haystack, needle): 1-based position, 0 when absent.
CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT strpos($1, $2) $$;

-- An INSERT that gives a NULL id takes the next one, as SQLite's INTEGER PRIMARY KEY does (the one
-- writer inserts a coding with its id, or NULL for a new one).
CREATE FUNCTION interview_coder_new_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval(pg_get_serial_sequence(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, 'id'));
    END IF;
    RETURN NEW;
END $$;

DO $$
DECLARE name text;
BEGIN
    FOREACH name IN ARRAY ARRAY[{id_tables}] LOOP
        EXECUTE format('CREATE TRIGGER new_id BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION interview_coder_new_id()', name);
    END LOOP;
END $$;
