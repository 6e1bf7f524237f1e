-- The fund's ledger is double-entry and immutable.
-- Every ledger transaction must balance (Σ debit = Σ credit, at least two entries) when its database
-- transaction commits: deferred constraint triggers check it, so a posting is written entry by entry and
-- judged whole. Entries and transactions are never updated or deleted: corrections are reversing postings.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  txn bigint;
  n int;
  d bigint;
  c bigint;
BEGIN
  -- Separate branches: PL/pgSQL resolves NEW's fields as it runs each, and the tables differ.
  IF TG_TABLE_NAME = 'ledger_transactions' THEN
    txn := NEW.id;
  ELSE
    txn := NEW.txn_id;
  END IF;
  SELECT count(*), coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0) INTO n, d, c
    FROM ledger_entries WHERE txn_id = txn;
  IF n < 2 OR d <> c THEN
    RAISE EXCEPTION 'ledger transaction % does not balance: % entries, debits %, credits %', txn, n, d, c
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
--> statement-breakpoint
CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER loan_events_immutable BEFORE UPDATE OR DELETE ON loan_events FOR EACH ROW EXECUTE FUNCTION refuse_change();
