ALTER TABLE "card_bank_imports" ALTER COLUMN "created_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "card_bank_imports" ADD COLUMN "source" varchar(8) DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "card_bank_imports" ADD COLUMN "partner_key_id" varchar(64);--> statement-breakpoint
ALTER TABLE "card_bank_imports" ADD CONSTRAINT "card_bank_imports_sender_check" CHECK (("card_bank_imports"."source" = 'file' and "card_bank_imports"."created_by" is not null) or ("card_bank_imports"."source" = 'api' and "card_bank_imports"."partner_key_id" is not null));