CREATE TABLE "loan_borrower_marks" (
	"org_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"kind" char(1) NOT NULL,
	"key" varchar(100) NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_borrower_marks_org_id_programme_id_kind_key_pk" PRIMARY KEY("org_id","programme_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "loan_borrower_rollups" (
	"org_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"entrepreneurs" integer DEFAULT 0 NOT NULL,
	"enterprises" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_borrower_rollups_org_id_programme_id_pk" PRIMARY KEY("org_id","programme_id")
);
--> statement-breakpoint
CREATE TABLE "loan_lending_days" (
	"org_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"disbursed_on" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_lending_days_org_id_programme_id_disbursed_on_pk" PRIMARY KEY("org_id","programme_id","disbursed_on")
);
--> statement-breakpoint
CREATE TABLE "loan_rollups" (
	"org_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"state" varchar(20) NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"outstanding_fen" bigint DEFAULT 0 NOT NULL,
	"jobs_expected" bigint DEFAULT 0 NOT NULL,
	"jobs_created" bigint DEFAULT 0 NOT NULL,
	"model_workers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_rollups_org_id_programme_id_state_pk" PRIMARY KEY("org_id","programme_id","state")
);
--> statement-breakpoint
CREATE TABLE "loan_visit_rollups" (
	"org_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"state" varchar(16) NOT NULL,
	"due_on" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_visit_rollups_org_id_programme_id_state_due_on_pk" PRIMARY KEY("org_id","programme_id","state","due_on")
);
--> statement-breakpoint
-- The loan dashboard's rollups, kept by statement-level triggers over transition tables as the members' are
-- (0006): a loan counts toward every unit on its path, so each statement's changes are expanded over the
-- path's labels (old rows with −1 on their old path, new rows with +1 on their new path; a loan whose counted
-- columns and path are unchanged writes nothing) and added in sorted key order. The same delta rows feed
-- the three tables, so they are built once as text and run through EXECUTE (which sees the transition tables).
CREATE FUNCTION loan_rollups_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'id, programme_id, org_path, state, coalesce(approved_amount_fen, amount_requested_fen) AS amount, approved_amount_fen AS approved, '
    'principal_outstanding_fen AS outstanding, jobs_expected, jobs_created, model_worker_level <> ''none'' AS mw, disbursed_on, member_id, '
    'coalesce(enterprise_credit_code, nullif(enterprise_name, '''')) AS enterprise';
  lent constant text := '(''repaying'', ''settled'', ''defaulted'', ''claimed'', ''recovered'', ''written_off'')';
  src text;
  unchanged boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := 'SELECT 1 AS sign, ' || cols || ' FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    src := 'SELECT -1 AS sign, ' || cols || ' FROM old_rows';
  ELSE
    src := 'WITH o AS (SELECT ' || cols || ' FROM old_rows), n AS (SELECT ' || cols || ' FROM new_rows), '
      'c AS (SELECT o.id FROM o JOIN n ON n.id = o.id WHERE o IS DISTINCT FROM n) '
      'SELECT -1 AS sign, o.* FROM o JOIN c ON c.id = o.id UNION ALL SELECT 1, n.* FROM n JOIN c ON c.id = n.id';
    -- Most updates (a step taken, a note) change nothing counted.
    EXECUTE 'SELECT NOT EXISTS (' || src || ')' INTO STRICT unchanged;
    IF unchanged THEN
      RETURN NULL;
    END IF;
  END IF;
  EXECUTE 'WITH d AS (' || src || ')
    INSERT INTO loan_rollups AS r (org_id, programme_id, state, n, amount_fen, outstanding_fen, jobs_expected, jobs_created, model_workers)
    SELECT a::int, programme_id, state, sum(sign)::int, sum(sign * amount)::bigint, sum(sign * outstanding)::bigint,
           sum(sign * jobs_expected)::bigint, sum(sign * jobs_created)::bigint, sum(CASE WHEN mw THEN sign ELSE 0 END)::int
      FROM d CROSS JOIN LATERAL unnest(string_to_array(org_path::text, ''.'')) a
     GROUP BY 1, 2, 3
    HAVING sum(sign) <> 0 OR sum(sign * amount) <> 0 OR sum(sign * outstanding) <> 0 OR sum(sign * jobs_expected) <> 0
        OR sum(sign * jobs_created) <> 0 OR sum(CASE WHEN mw THEN sign ELSE 0 END) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (org_id, programme_id, state) DO UPDATE SET n = r.n + EXCLUDED.n, amount_fen = r.amount_fen + EXCLUDED.amount_fen,
      outstanding_fen = r.outstanding_fen + EXCLUDED.outstanding_fen, jobs_expected = r.jobs_expected + EXCLUDED.jobs_expected,
      jobs_created = r.jobs_created + EXCLUDED.jobs_created, model_workers = r.model_workers + EXCLUDED.model_workers';
  EXECUTE 'WITH d AS (' || src || ')
    INSERT INTO loan_lending_days AS r (org_id, programme_id, disbursed_on, n, amount_fen)
    SELECT a::int, programme_id, disbursed_on, sum(sign)::int, coalesce(sum(sign * approved), 0)::bigint
      FROM d CROSS JOIN LATERAL unnest(string_to_array(org_path::text, ''.'')) a
     WHERE state IN ' || lent || ' AND disbursed_on IS NOT NULL
     GROUP BY 1, 2, 3
    HAVING sum(sign) <> 0 OR coalesce(sum(sign * approved), 0) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (org_id, programme_id, disbursed_on) DO UPDATE SET n = r.n + EXCLUDED.n, amount_fen = r.amount_fen + EXCLUDED.amount_fen';
  -- Distinct borrowers and enterprises: a mark per unit, programme (and 0 for all) and borrower or enterprise;
  -- the counts move when a mark goes 0 → 1 or 1 → 0.
  EXECUTE 'WITH d AS (' || src || '), m AS (
      SELECT a::int AS org_id, p AS programme_id, k.kind, k.key, sum(sign)::int AS delta
        FROM d CROSS JOIN LATERAL unnest(string_to_array(org_path::text, ''.'')) a
       CROSS JOIN LATERAL unnest(ARRAY[programme_id, 0]) p
       CROSS JOIN LATERAL (VALUES (''m''::char(1), member_id::text), (''e''::char(1), enterprise::text)) k(kind, key)
       WHERE state IN ' || lent || ' AND k.key IS NOT NULL
       GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
    ), up AS (
      INSERT INTO loan_borrower_marks AS b (org_id, programme_id, kind, key, n)
      SELECT org_id, programme_id, kind, key, delta FROM m ORDER BY 1, 2, 3, 4
      ON CONFLICT (org_id, programme_id, kind, key) DO UPDATE SET n = b.n + EXCLUDED.n
      RETURNING b.org_id, b.programme_id, b.kind, b.key, b.n
    ), moved AS (
      SELECT up.org_id, up.programme_id, up.kind,
             CASE WHEN up.n - m.delta <= 0 AND up.n > 0 THEN 1 WHEN up.n - m.delta > 0 AND up.n <= 0 THEN -1 ELSE 0 END AS sign
        FROM up JOIN m ON m.org_id = up.org_id AND m.programme_id = up.programme_id AND m.kind = up.kind AND m.key = up.key
    )
    INSERT INTO loan_borrower_rollups AS r (org_id, programme_id, entrepreneurs, enterprises)
    SELECT org_id, programme_id, coalesce(sum(sign) FILTER (WHERE kind = ''m''), 0)::int, coalesce(sum(sign) FILTER (WHERE kind = ''e''), 0)::int
      FROM moved WHERE sign <> 0
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (org_id, programme_id) DO UPDATE SET entrepreneurs = r.entrepreneurs + EXCLUDED.entrepreneurs, enterprises = r.enterprises + EXCLUDED.enterprises';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER loans_rollups_insert AFTER INSERT ON loans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER loans_rollups_update AFTER UPDATE ON loans
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER loans_rollups_delete AFTER DELETE ON loans
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_rollups_apply();
--> statement-breakpoint
-- Visits per unit on the visit's own path (the loan's union's, kept in step by org_path_follow), the loan's
-- programme, state and due day (done visits on '-infinity': they count as due whatever the day).
CREATE FUNCTION loan_visit_rollups_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'v.id, v.org_path, l.programme_id, v.state, CASE WHEN v.state = ''done'' THEN ''-infinity''::date ELSE v.due_on END AS due_on';
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := 'SELECT 1 AS sign, ' || cols || ' FROM new_rows v JOIN loans l ON l.id = v.loan_id';
  ELSIF TG_OP = 'DELETE' THEN
    src := 'SELECT -1 AS sign, ' || cols || ' FROM old_rows v JOIN loans l ON l.id = v.loan_id';
  ELSE
    src := 'WITH o AS (SELECT ' || cols || ' FROM old_rows v JOIN loans l ON l.id = v.loan_id), n AS (SELECT ' || cols || ' FROM new_rows v JOIN loans l ON l.id = v.loan_id), '
      'c AS (SELECT o.id FROM o JOIN n ON n.id = o.id WHERE o IS DISTINCT FROM n) '
      'SELECT -1 AS sign, o.* FROM o JOIN c ON c.id = o.id UNION ALL SELECT 1, n.* FROM n JOIN c ON c.id = n.id';
  END IF;
  EXECUTE 'WITH d AS (' || src || ')
    INSERT INTO loan_visit_rollups AS r (org_id, programme_id, state, due_on, n)
    SELECT a::int, programme_id, state, due_on, sum(sign)::int
      FROM d CROSS JOIN LATERAL unnest(string_to_array(org_path::text, ''.'')) a
     GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, programme_id, state, due_on) DO UPDATE SET n = r.n + EXCLUDED.n';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER loan_visits_rollups_insert AFTER INSERT ON loan_visits
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_visit_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER loan_visits_rollups_update AFTER UPDATE ON loan_visits
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_visit_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER loan_visits_rollups_delete AFTER DELETE ON loan_visits
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_visit_rollups_apply();
--> statement-breakpoint
-- Rollups for the loans and visits already there.
INSERT INTO loan_rollups (org_id, programme_id, state, n, amount_fen, outstanding_fen, jobs_expected, jobs_created, model_workers)
SELECT a::int, programme_id, state, count(*)::int, sum(coalesce(approved_amount_fen, amount_requested_fen))::bigint, sum(principal_outstanding_fen)::bigint,
       sum(jobs_expected)::bigint, sum(jobs_created)::bigint, count(*) FILTER (WHERE model_worker_level <> 'none')::int
  FROM loans CROSS JOIN LATERAL unnest(string_to_array(org_path::text, '.')) a
 GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO loan_lending_days (org_id, programme_id, disbursed_on, n, amount_fen)
SELECT a::int, programme_id, disbursed_on, count(*)::int, coalesce(sum(approved_amount_fen), 0)::bigint
  FROM loans CROSS JOIN LATERAL unnest(string_to_array(org_path::text, '.')) a
 WHERE state IN ('repaying', 'settled', 'defaulted', 'claimed', 'recovered', 'written_off') AND disbursed_on IS NOT NULL
 GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO loan_borrower_marks (org_id, programme_id, kind, key, n)
SELECT a::int, p, k.kind, k.key, count(*)::int
  FROM loans CROSS JOIN LATERAL unnest(string_to_array(org_path::text, '.')) a
 CROSS JOIN LATERAL unnest(ARRAY[programme_id, 0]) p
 CROSS JOIN LATERAL (VALUES ('m'::char(1), member_id::text), ('e'::char(1), coalesce(enterprise_credit_code, nullif(enterprise_name, ''))::text)) k(kind, key)
 WHERE state IN ('repaying', 'settled', 'defaulted', 'claimed', 'recovered', 'written_off') AND k.key IS NOT NULL
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO loan_borrower_rollups (org_id, programme_id, entrepreneurs, enterprises)
SELECT org_id, programme_id, count(*) FILTER (WHERE kind = 'm')::int, count(*) FILTER (WHERE kind = 'e')::int
  FROM loan_borrower_marks WHERE n > 0
 GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO loan_visit_rollups (org_id, programme_id, state, due_on, n)
SELECT a::int, l.programme_id, v.state, CASE WHEN v.state = 'done' THEN '-infinity'::date ELSE v.due_on END, count(*)::int
  FROM loan_visits v JOIN loans l ON l.id = v.loan_id
 CROSS JOIN LATERAL unnest(string_to_array(v.org_path::text, '.')) a
 GROUP BY 1, 2, 3, 4;
