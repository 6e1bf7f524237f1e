CREATE TABLE "member_search_keys" (
	"key" varchar(64) NOT NULL,
	"member_id" integer NOT NULL,
	"name_pinyin" varchar(200) NOT NULL,
	"org_path" "ltree" NOT NULL,
	"status" varchar(20) NOT NULL,
	CONSTRAINT "member_search_keys_member_id_key_pk" PRIMARY KEY("member_id","key")
);
--> statement-breakpoint
CREATE INDEX member_search_keys_walk ON member_search_keys (key, name_pinyin, member_id) INCLUDE (org_path, status);
--> statement-breakpoint
CREATE FUNCTION member_search_keys_of(m members) RETURNS TABLE (key varchar)
LANGUAGE sql IMMUTABLE AS $$
  SELECT ('n:' || g)::varchar FROM unnest(m.name_grams) g
  UNION
  SELECT ('i:' || left(m.name_initials, l))::varchar FROM generate_series(1, least(2, length(m.name_initials))) l
  UNION
  SELECT ('t:' || t)::varchar FROM unnest(m.tags) t
$$;
--> statement-breakpoint
CREATE FUNCTION member_search_keys_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO member_search_keys (key, member_id, name_pinyin, org_path, status)
  SELECT k.key, n.id, n.name_pinyin, n.org_path, n.status
    FROM new_rows n CROSS JOIN LATERAL member_search_keys_of(n) k;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Only rows whose searched columns changed are re-keyed: an edit of the employer writes nothing here.
CREATE FUNCTION member_search_keys_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM member_search_keys k
   USING new_rows n JOIN old_rows o ON o.id = n.id
   WHERE k.member_id = n.id
     AND (n.name_grams, n.name_initials, n.name_pinyin, n.tags, n.org_path, n.status)
         IS DISTINCT FROM (o.name_grams, o.name_initials, o.name_pinyin, o.tags, o.org_path, o.status);
  INSERT INTO member_search_keys (key, member_id, name_pinyin, org_path, status)
  SELECT k.key, n.id, n.name_pinyin, n.org_path, n.status
    FROM new_rows n JOIN old_rows o ON o.id = n.id CROSS JOIN LATERAL member_search_keys_of(n) k
   WHERE (n.name_grams, n.name_initials, n.name_pinyin, n.tags, n.org_path, n.status)
         IS DISTINCT FROM (o.name_grams, o.name_initials, o.name_pinyin, o.tags, o.org_path, o.status);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION member_search_keys_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM member_search_keys k USING old_rows o WHERE k.member_id = o.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_search_keys_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_search_keys_insert();
--> statement-breakpoint
CREATE TRIGGER members_search_keys_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_search_keys_update();
--> statement-breakpoint
CREATE TRIGGER members_search_keys_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_search_keys_delete();
--> statement-breakpoint
INSERT INTO member_search_keys (key, member_id, name_pinyin, org_path, status)
SELECT k.key, m.id, m.name_pinyin, m.org_path, m.status FROM members m CROSS JOIN LATERAL member_search_keys_of(m) k;
