-- ltree backs the organisation tree's subtree queries; pg_trgm backs substring search on names.
-- Both are trusted contrib extensions, so a database owner without superuser rights may create them.
CREATE EXTENSION IF NOT EXISTS ltree;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
