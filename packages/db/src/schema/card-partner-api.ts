import { bigint, index, integer, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Signatures of partner requests already received: a (key, signature) pair is accepted once. The signature
 * covers the timestamp, so a pair can only be replayed while its timestamp is within the window; rows are
 * swept some minutes after that. A table (not memory) so that every server process sees every request.
 */
export const partnerRequestSignatures = pgTable(
  'partner_request_signatures',
  {
    keyId: varchar('key_id', { length: 64 }).notNull(),
    signature: varchar('signature', { length: 64 }).notNull(),
    signedAt: ts('signed_at').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.signature] }), index('partner_request_signatures_signed_idx').on(t.signedAt)],
);

/**
 * Card transactions per merchant and month (yyyymm, Asia/Shanghai), kept by a trigger on every insert into
 * `card_transactions`: purchases and refunds counted, amounts and union subsidy net of refunds. The
 * dashboards (subsidy by month, top categories) read these few rows instead of the transactions.
 */
export const merchantMonthTotals = pgTable(
  'merchant_month_totals',
  {
    merchantId: integer('merchant_id').notNull(),
    month: integer('month').notNull(),
    purchases: integer('purchases').notNull().default(0),
    refunds: integer('refunds').notNull().default(0),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    subsidyFen: bigint('subsidy_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.month] })],
);
