-- Member counts per unit, kept in the same transaction as every change to `members` by statement-level
-- triggers over transition tables: one upsert per (unit, status, category, model worker) a statement
-- touches, so a 100,000-row import costs a few hundred upserts, not 100,000.
CREATE FUNCTION org_member_counts_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO org_member_counts AS c (org_id, status, category, model_worker, n)
    SELECT org_id, status, category, model_worker_level <> 'none', count(*)::int
      FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO org_member_counts AS c (org_id, status, category, model_worker, n)
    SELECT org_id, status, category, model_worker_level <> 'none', -count(*)::int
      FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    -- Updates that leave the counted columns alone cancel out and write nothing.
    INSERT INTO org_member_counts AS c (org_id, status, category, model_worker, n)
    SELECT org_id, status, category, mw, sum(d)::int FROM (
      SELECT org_id, status, category, model_worker_level <> 'none' AS mw, -1 AS d FROM old_rows
      UNION ALL
      SELECT org_id, status, category, model_worker_level <> 'none', 1 FROM new_rows
    ) x GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_counts_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_member_counts_apply();
--> statement-breakpoint
CREATE TRIGGER members_counts_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_member_counts_apply();
--> statement-breakpoint
CREATE TRIGGER members_counts_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_member_counts_apply();
--> statement-breakpoint
-- Members and their history carry copies of their units' tree paths (so scope filters are index
-- conditions on their own tables); when a unit moves, the copies follow.
CREATE FUNCTION org_path_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE members SET org_path = NEW.path WHERE org_id = NEW.id;
  UPDATE member_events SET org_path = NEW.path WHERE org_id = NEW.id;
  UPDATE member_events SET other_org_path = NEW.path WHERE other_org_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_units_path_follow AFTER UPDATE OF path ON org_units
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION org_path_follow();
