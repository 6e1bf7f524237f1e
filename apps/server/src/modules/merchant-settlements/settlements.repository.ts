import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { offsetOf } from '../../lib/pagination';
import { merchantScope } from '../merchants/merchants.repository';

export type SettlementState = 'prepared' | 'approved' | 'paid' | 'cancelled';

export type SettlementRow = {
  id: number;
  merchant_id: number;
  merchant_name: string;
  credit_code: string | null;
  month: number;
  txn_count: number;
  amount_fen: number;
  subsidy_fen: number;
  state: SettlementState;
  prepared_by: number;
  prepared_by_name: string | null;
  prepared_at: Date;
  approved_by_name: string | null;
  approved_at: Date | null;
  paid_by_name: string | null;
  paid_at: Date | null;
  paid_on: string | null;
  payment_ref: string | null;
};

const settlementSelect = sql`
  select s.id, s.merchant_id, m.name as merchant_name, m.credit_code, s.month, s.txn_count, s.amount_fen, s.subsidy_fen, s.state,
         s.prepared_by, pu.display_name as prepared_by_name, s.prepared_at, au.display_name as approved_by_name, s.approved_at,
         yu.display_name as paid_by_name, s.paid_at, s.paid_on, s.payment_ref
    from merchant_settlements s
    join merchants m on m.id = s.merchant_id
    left join users pu on pu.id = s.prepared_by
    left join users au on au.id = s.approved_by
    left join users yu on yu.id = s.paid_by`;

export async function listSettlements(
  db: DbOrTx,
  scope: Scope,
  q: { state?: string | undefined; month?: number | undefined; merchantId?: number | undefined; page: number; pageSize: number },
) {
  const parts: SQL[] = [merchantScope(scope)];
  if (q.state) parts.push(sql`s.state = ${q.state}`);
  if (q.month) parts.push(sql`s.month = ${q.month}`);
  if (q.merchantId) parts.push(sql`s.merchant_id = ${q.merchantId}`);
  const where = sql.join(parts, sql` and `);
  const rows = await db.execute<SettlementRow>(sql`${settlementSelect} where ${where} order by s.month desc, s.id desc limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await db.execute<{ n: number }>(sql`select count(*)::int as n from merchant_settlements s join merchants m on m.id = s.merchant_id where ${where}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** One settlement of a merchant in scope; `forUpdate` locks it so approvals, payments and cancellations take turns. */
export async function findSettlement(db: DbOrTx, scope: Scope, id: number, opts: { forUpdate?: boolean } = {}): Promise<SettlementRow | null> {
  if (opts.forUpdate) {
    const locked = await db.execute(sql`select s.id from merchant_settlements s join merchants m on m.id = s.merchant_id where s.id = ${id} and ${merchantScope(scope)} for update of s`);
    if (locked.rows.length === 0) return null;
  }
  const res = await db.execute<SettlementRow>(sql`${settlementSelect} where s.id = ${id} and ${merchantScope(scope)}`);
  return res.rows[0] ?? null;
}

export async function monthsOf(db: DbOrTx, s: { id: number; merchant_id: number; month: number }) {
  const res = await db.execute<{ month: number; txn_count: number; amount_fen: number; subsidy_fen: number }>(sql`
    select t.month, count(*)::int as txn_count,
           coalesce(sum(case when t.kind = 'purchase' then t.amount_fen else -t.amount_fen end), 0)::bigint as amount_fen,
           coalesce(sum(t.subsidy_fen), 0)::bigint as subsidy_fen
      from card_transactions t
     where t.merchant_id = ${s.merchant_id} and t.month <= ${s.month} and t.settlement_id = ${s.id}
     group by t.month order by t.month`);
  return res.rows;
}

/** The unsettled transactions of merchants in scope up to a month, per merchant (what preparing would take). */
export async function pendingByMerchant(db: DbOrTx, scope: Scope, month: number, page: number, pageSize: number) {
  const res = await db.execute<{ merchant_id: number; merchant_name: string; txn_count: number; amount_fen: number; subsidy_fen: number; total: number }>(sql`
    select t.merchant_id, m.name as merchant_name, count(*)::int as txn_count,
           sum(case when t.kind = 'purchase' then t.amount_fen else -t.amount_fen end)::bigint as amount_fen,
           sum(t.subsidy_fen)::bigint as subsidy_fen, count(*) over()::int as total
      from card_transactions t join merchants m on m.id = t.merchant_id
     where t.month <= ${month} and t.settlement_id is null and ${merchantScope(scope)}
     group by t.merchant_id, m.name
     order by m.name, t.merchant_id
     limit ${pageSize} offset ${offsetOf(page, pageSize)}`);
  return res.rows;
}

export async function insertSettlement(tx: DbOrTx, s: { merchantId: number; month: number; preparedBy: number; preparedAt: Date }): Promise<number> {
  const res = await tx.execute<{ id: number }>(sql`
    insert into merchant_settlements (merchant_id, month, txn_count, amount_fen, subsidy_fen, state, prepared_by, prepared_at)
    values (${s.merchantId}, ${s.month}, 0, 0, 0, 'prepared', ${s.preparedBy}, ${s.preparedAt.toISOString()}) returning id`);
  return res.rows[0]!.id;
}

/**
 * Claims the merchant's unsettled transactions up to the month (late arrivals of earlier months included).
 * `settlement_id` is the one column of a card transaction that may change; two settlements cannot share a
 * row (the second waits on the first's row locks and then finds it taken).
 */
export async function claimTransactions(tx: DbOrTx, settlementId: number, merchantId: number, month: number) {
  const res = await tx.execute<{ n: number; amount: number; subsidy: number }>(sql`
    with taken as (
      update card_transactions set settlement_id = ${settlementId}
       where merchant_id = ${merchantId} and month <= ${month} and settlement_id is null
      returning kind, amount_fen, subsidy_fen)
    select count(*)::int as n,
           coalesce(sum(case when kind = 'purchase' then amount_fen else -amount_fen end), 0)::bigint as amount,
           coalesce(sum(subsidy_fen), 0)::bigint as subsidy
      from taken`);
  const r = res.rows[0] ?? { n: 0, amount: 0, subsidy: 0 };
  await tx.execute(sql`update merchant_settlements set txn_count = ${r.n}, amount_fen = ${r.amount}, subsidy_fen = ${r.subsidy} where id = ${settlementId}`);
  return { txnCount: r.n, amountFen: r.amount, subsidyFen: r.subsidy };
}

export async function setApproved(tx: DbOrTx, id: number, by: number, at: Date) {
  await tx.execute(sql`update merchant_settlements set state = 'approved', approved_by = ${by}, approved_at = ${at.toISOString()}, version = version + 1 where id = ${id}`);
}

export async function setPaid(tx: DbOrTx, id: number, by: number, at: Date, paidOn: string, paymentRef: string) {
  await tx.execute(sql`
    update merchant_settlements set state = 'paid', paid_by = ${by}, paid_at = ${at.toISOString()}, paid_on = ${paidOn}::date,
           payment_ref = ${paymentRef}, version = version + 1 where id = ${id}`);
}

/** A cancelled settlement lets go of its transactions: they wait for the next one. */
export async function cancelSettlement(tx: DbOrTx, s: { id: number; merchant_id: number; month: number }) {
  await tx.execute(sql`update card_transactions set settlement_id = null where merchant_id = ${s.merchant_id} and month <= ${s.month} and settlement_id = ${s.id}`);
  await tx.execute(sql`update merchant_settlements set state = 'cancelled', version = version + 1 where id = ${s.id}`);
}

export type StatementLine = {
  sender_txn_id: string;
  kind: 'purchase' | 'refund';
  number_last4: string | null;
  amount_fen: number;
  subsidy_fen: number;
  occurred_at: Date;
  month: number;
};

export async function statementLines(db: DbOrTx, s: { id: number; merchant_id: number; month: number }) {
  const res = await db.execute<StatementLine>(sql`
    select t.sender_txn_id, t.kind, c.number_last4, t.amount_fen, t.subsidy_fen, t.occurred_at, t.month
      from card_transactions t left join cards c on c.id = t.card_id
     where t.merchant_id = ${s.merchant_id} and t.month <= ${s.month} and t.settlement_id = ${s.id}
     order by t.occurred_at, t.id`);
  return res.rows;
}
