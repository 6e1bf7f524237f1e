CREATE TABLE "org_member_rollups" (
	"org_id" integer NOT NULL,
	"status" varchar(20) NOT NULL,
	"category" varchar(24) NOT NULL,
	"model_worker" boolean NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "org_member_rollups_org_id_status_category_model_worker_pk" PRIMARY KEY("org_id","status","category","model_worker")
);
--> statement-breakpoint
CREATE INDEX "members_model_workers_idx" ON "members" USING btree ("name_pinyin","id") WHERE "members"."model_worker_level" <> 'none';--> statement-breakpoint
CREATE INDEX "members_join_date_idx" ON "members" USING btree ("join_date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- The counting triggers now keep subtree rollups too. A member counts toward every unit on its path; the
-- path's labels are the unit ids, so the ancestors come from the member's own row (old path for old rows,
-- new path for new rows) and a unit that moves with its subtree cancels out instead of counting twice.
CREATE OR REPLACE FUNCTION org_member_counts_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO org_member_counts AS c (org_id, status, category, model_worker, n)
    SELECT org_id, status, category, model_worker_level <> 'none', count(*)::int
      FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = c.n + EXCLUDED.n;
    INSERT INTO org_member_rollups AS r (org_id, status, category, model_worker, n)
    SELECT a::int, status, category, mw, count(*)::int
      FROM (SELECT unnest(string_to_array(org_path::text, '.')) AS a, status, category, model_worker_level <> 'none' AS mw FROM new_rows) x
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = r.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO org_member_counts AS c (org_id, status, category, model_worker, n)
    SELECT org_id, status, category, model_worker_level <> 'none', -count(*)::int
      FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = c.n + EXCLUDED.n;
    INSERT INTO org_member_rollups AS r (org_id, status, category, model_worker, n)
    SELECT a::int, status, category, mw, -count(*)::int
      FROM (SELECT unnest(string_to_array(org_path::text, '.')) AS a, status, category, model_worker_level <> 'none' AS mw FROM old_rows) x
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = r.n + EXCLUDED.n;
  ELSE
    -- Updates that leave the counted columns (and the path) alone cancel out and write nothing.
    INSERT INTO org_member_counts AS c (org_id, status, category, model_worker, n)
    SELECT org_id, status, category, mw, sum(d)::int FROM (
      SELECT org_id, status, category, model_worker_level <> 'none' AS mw, -1 AS d FROM old_rows
      UNION ALL
      SELECT org_id, status, category, model_worker_level <> 'none', 1 FROM new_rows
    ) x GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = c.n + EXCLUDED.n;
    INSERT INTO org_member_rollups AS r (org_id, status, category, model_worker, n)
    SELECT a::int, status, category, mw, sum(d)::int FROM (
      SELECT unnest(string_to_array(org_path::text, '.')) AS a, status, category, model_worker_level <> 'none' AS mw, -1 AS d FROM old_rows
      UNION ALL
      SELECT unnest(string_to_array(org_path::text, '.')), status, category, model_worker_level <> 'none', 1 FROM new_rows
    ) x GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, status, category, model_worker) DO UPDATE SET n = r.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Rollups for the members already registered.
INSERT INTO org_member_rollups (org_id, status, category, model_worker, n)
SELECT a::int, status, category, mw, count(*)::int
  FROM (SELECT unnest(string_to_array(org_path::text, '.')) AS a, status, category, model_worker_level <> 'none' AS mw FROM members) x
 GROUP BY 1, 2, 3, 4;
