CREATE TABLE "loan_subsidy_rollups" (
	"org_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "loan_subsidy_rollups_org_id_programme_id_kind_pk" PRIMARY KEY("org_id","programme_id","kind")
);
--> statement-breakpoint
-- Subsidies paid per unit on the loan's path: an item counts while its batch is paid. Kept from the three
-- sides that change it, each against the other two as they stand: items (linked to or let go of a batch,
-- or their amount changed), batches (paid, or put back when the payment is reversed) and loans (a path that
-- changes takes the loan's paid items along).
CREATE FUNCTION loan_subsidy_items_rollups_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'id, loan_id, kind, amount_fen, batch_id';
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := 'SELECT 1 AS sign, ' || cols || ' FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    src := 'SELECT -1 AS sign, ' || cols || ' FROM old_rows';
  ELSE
    src := 'WITH o AS (SELECT ' || cols || ' FROM old_rows), n AS (SELECT ' || cols || ' FROM new_rows), '
      'c AS (SELECT o.id FROM o JOIN n ON n.id = o.id WHERE o IS DISTINCT FROM n) '
      'SELECT -1 AS sign, o.* FROM o JOIN c ON c.id = o.id UNION ALL SELECT 1, n.* FROM n JOIN c ON c.id = n.id';
  END IF;
  EXECUTE 'WITH d AS (' || src || ')
    INSERT INTO loan_subsidy_rollups AS r (org_id, programme_id, kind, paid_fen)
    SELECT a::int, l.programme_id, d.kind, sum(d.sign * d.amount_fen)::bigint
      FROM d JOIN subsidy_batches b ON b.id = d.batch_id AND b.state = ''paid'' JOIN loans l ON l.id = d.loan_id
     CROSS JOIN LATERAL unnest(string_to_array(l.org_path::text, ''.'')) a
     GROUP BY 1, 2, 3 HAVING sum(d.sign * d.amount_fen) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (org_id, programme_id, kind) DO UPDATE SET paid_fen = r.paid_fen + EXCLUDED.paid_fen';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER loan_subsidy_items_rollups_insert AFTER INSERT ON loan_subsidy_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_subsidy_items_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER loan_subsidy_items_rollups_update AFTER UPDATE ON loan_subsidy_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_subsidy_items_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER loan_subsidy_items_rollups_delete AFTER DELETE ON loan_subsidy_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_subsidy_items_rollups_apply();
--> statement-breakpoint
-- A batch that becomes paid adds its items; one that stops being paid (a reversed payment) takes them back.
-- A batch is inserted before any item can name it, and cannot be deleted while one does.
CREATE FUNCTION subsidy_batches_rollups_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO loan_subsidy_rollups AS r (org_id, programme_id, kind, paid_fen)
  SELECT a::int, l.programme_id, i.kind, sum(c.sign * i.amount_fen)::bigint
    FROM (SELECT n.id, CASE WHEN n.state = 'paid' THEN 1 ELSE -1 END AS sign
            FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.state = 'paid') <> (n.state = 'paid')) c
    JOIN loan_subsidy_items i ON i.batch_id = c.id JOIN loans l ON l.id = i.loan_id
   CROSS JOIN LATERAL unnest(string_to_array(l.org_path::text, '.')) a
   GROUP BY 1, 2, 3 HAVING sum(c.sign * i.amount_fen) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (org_id, programme_id, kind) DO UPDATE SET paid_fen = r.paid_fen + EXCLUDED.paid_fen;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER subsidy_batches_rollups_update AFTER UPDATE ON subsidy_batches
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subsidy_batches_rollups_apply();
--> statement-breakpoint
CREATE FUNCTION loan_subsidy_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO loan_subsidy_rollups AS r (org_id, programme_id, kind, paid_fen)
  SELECT a::int, m.programme_id, i.kind, sum(m.sign * i.amount_fen)::bigint
    FROM (SELECT o.id, o.programme_id, o.org_path, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE (o.org_path, o.programme_id) IS DISTINCT FROM (n.org_path, n.programme_id)
          UNION ALL
          SELECT n.id, n.programme_id, n.org_path, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE (o.org_path, o.programme_id) IS DISTINCT FROM (n.org_path, n.programme_id)) m
    JOIN loan_subsidy_items i ON i.loan_id = m.id JOIN subsidy_batches b ON b.id = i.batch_id AND b.state = 'paid'
   CROSS JOIN LATERAL unnest(string_to_array(m.org_path::text, '.')) a
   GROUP BY 1, 2, 3 HAVING sum(m.sign * i.amount_fen) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (org_id, programme_id, kind) DO UPDATE SET paid_fen = r.paid_fen + EXCLUDED.paid_fen;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER loans_subsidy_follow AFTER UPDATE ON loans
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loan_subsidy_follow();
--> statement-breakpoint
-- Rollups for the subsidies already paid.
INSERT INTO loan_subsidy_rollups (org_id, programme_id, kind, paid_fen)
SELECT a::int, l.programme_id, i.kind, sum(i.amount_fen)::bigint
  FROM loan_subsidy_items i JOIN subsidy_batches b ON b.id = i.batch_id AND b.state = 'paid' JOIN loans l ON l.id = i.loan_id
 CROSS JOIN LATERAL unnest(string_to_array(l.org_path::text, '.')) a
 GROUP BY 1, 2, 3;
