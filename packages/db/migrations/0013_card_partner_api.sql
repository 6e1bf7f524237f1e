CREATE TABLE "merchant_month_totals" (
	"merchant_id" integer NOT NULL,
	"month" integer NOT NULL,
	"purchases" integer DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"subsidy_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "merchant_month_totals_merchant_id_month_pk" PRIMARY KEY("merchant_id","month")
);
--> statement-breakpoint
CREATE TABLE "partner_request_signatures" (
	"key_id" varchar(64) NOT NULL,
	"signature" varchar(64) NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "partner_request_signatures_key_id_signature_pk" PRIMARY KEY("key_id","signature")
);
--> statement-breakpoint
CREATE INDEX "partner_request_signatures_signed_idx" ON "partner_request_signatures" USING btree ("signed_at");--> statement-breakpoint
-- ---------------------------------------------------------------- merchant month totals
-- Every insert into card_transactions (the partner API's batches, a COPY of demo rows) adds its rows to
-- their merchant's month: counts of purchases and refunds, amounts and union subsidy net of refunds.
CREATE FUNCTION merchant_month_totals_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO merchant_month_totals AS m (merchant_id, month, purchases, refunds, amount_fen, subsidy_fen)
  SELECT merchant_id, month,
         count(*) FILTER (WHERE kind = 'purchase')::int,
         count(*) FILTER (WHERE kind = 'refund')::int,
         sum(CASE WHEN kind = 'purchase' THEN amount_fen ELSE -amount_fen END)::bigint,
         sum(subsidy_fen)::bigint
    FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (merchant_id, month) DO UPDATE
    SET purchases = m.purchases + EXCLUDED.purchases, refunds = m.refunds + EXCLUDED.refunds,
        amount_fen = m.amount_fen + EXCLUDED.amount_fen, subsidy_fen = m.subsidy_fen + EXCLUDED.subsidy_fen;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER card_transactions_merchant_totals AFTER INSERT ON card_transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION merchant_month_totals_apply();
--> statement-breakpoint
INSERT INTO merchant_month_totals (merchant_id, month, purchases, refunds, amount_fen, subsidy_fen)
SELECT merchant_id, month, count(*) FILTER (WHERE kind = 'purchase')::int, count(*) FILTER (WHERE kind = 'refund')::int,
       sum(CASE WHEN kind = 'purchase' THEN amount_fen ELSE -amount_fen END)::bigint, sum(subsidy_fen)::bigint
  FROM card_transactions GROUP BY 1, 2;
