-- The audit log is append-only and hash-chained.
-- Each row stores the hash of its own content and the hash of the row before it (by id), so editing
-- or removing any row breaks the chain at that row; `tongxing audit verify` reports the first break.

CREATE FUNCTION audit_log_row_hash(r audit_log, prev text) RETURNS varchar
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    prev, r.id, (extract(epoch FROM r.occurred_at) * 1000000)::bigint,
    r.actor_user_id, r.actor_username, r.actor_org_id, r.action, r.entity_type, r.entity_id,
    r.outcome, r.before, r.after, r.ip, r.request_id
  )::text, 'UTF8')), 'hex')::varchar
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  prev varchar;
BEGIN
  -- One transaction at a time extends the chain: the lock lasts until the inserting transaction ends,
  -- and the id is drawn only after it is held, so id order is chain order even under concurrency.
  PERFORM pg_advisory_xact_lock(7423001);
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := prev;
  NEW.hash := audit_log_row_hash(NEW, prev);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_seal BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_seal();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
