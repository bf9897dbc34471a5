-- Live updates: every change to a coding NOTIFYs the channel interview_coder_codings with a small JSON
-- payload (store/pg/live.py listens). A notification is delivered when the writing transaction
-- commits, never for a rolled-back one. push adds this trigger after copying the file's codings.
CREATE FUNCTION interview_coder_notify_coding() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r codings;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM pg_notify('interview_coder_codings', json_build_object(
        'op', lower(TG_OP), 'id', r.id, 'passage_id', r.passage_id, 'code_id', r.code_id,
        'coder_id', r.coder_id, 'status', r.status)::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER codings_notify AFTER INSERT OR UPDATE OR DELETE ON codings
    FOR EACH ROW EXECUTE FUNCTION interview_coder_notify_coding();
