ALTER TABLE "merchants" ADD COLUMN "reference" varchar(24);--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "proposal" jsonb;--> statement-breakpoint
ALTER TABLE "partner_api_keys" ADD COLUMN "label" varchar(60);--> statement-breakpoint
ALTER TABLE "partner_api_keys" ADD COLUMN "revoked_by" integer;--> statement-breakpoint
ALTER TABLE "partner_api_keys" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "merchants_reference_key" ON "merchants" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "partner_api_keys_org_idx" ON "partner_api_keys" USING btree ("org_id","status");