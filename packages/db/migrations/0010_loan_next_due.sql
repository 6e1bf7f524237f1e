ALTER TABLE "loans" ADD COLUMN "next_due_on" date;--> statement-breakpoint
CREATE INDEX "loans_next_due_idx" ON "loans" USING btree ("next_due_on") WHERE "loans"."state" in ('repaying','defaulted');