import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { offsetOf } from '../../lib/pagination';

export type BatchRow = {
  id: number;
  programme_id: number;
  programme_name: string;
  kind: 'premium' | 'interest';
  item_count: number;
  total_fen: number;
  state: 'prepared' | 'approved' | 'paid' | 'cancelled';
  prepared_by: number;
  prepared_by_name: string | null;
  prepared_at: Date;
  approved_by_name: string | null;
  approved_at: Date | null;
  paid_by_name: string | null;
  paid_at: Date | null;
  payment_ref: string | null;
};

const batchSelect = sql`
  select b.id, b.programme_id, p.name as programme_name, b.kind, b.item_count, b.total_fen, b.state, b.prepared_by,
         pu.display_name as prepared_by_name, b.prepared_at, au.display_name as approved_by_name, b.approved_at,
         yu.display_name as paid_by_name, b.paid_at, b.payment_ref
    from subsidy_batches b
    join loan_programmes p on p.id = b.programme_id
    left join users pu on pu.id = b.prepared_by
    left join users au on au.id = b.approved_by
    left join users yu on yu.id = b.paid_by`;

export async function listBatches(tx: DbOrTx, q: { programmeId?: number | undefined; state?: string | undefined; kind?: string | undefined; page: number; pageSize: number }) {
  const parts: SQL[] = [sql`true`];
  if (q.programmeId) parts.push(sql`b.programme_id = ${q.programmeId}`);
  if (q.state) parts.push(sql`b.state = ${q.state}`);
  if (q.kind) parts.push(sql`b.kind = ${q.kind}`);
  const where = sql.join(parts, sql` and `);
  const rows = await tx.execute<BatchRow>(sql`${batchSelect} where ${where} order by b.id desc limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await tx.execute<{ n: number }>(sql`select count(*)::int as n from subsidy_batches b where ${where}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** One batch; `forUpdate` locks it, so approvals, payments and cancellations of one batch take turns. */
export async function findBatch(tx: DbOrTx, id: number, opts: { forUpdate?: boolean } = {}): Promise<BatchRow | null> {
  if (opts.forUpdate) await tx.execute(sql`select id from subsidy_batches where id = ${id} for update`);
  const res = await tx.execute<BatchRow>(sql`${batchSelect} where b.id = ${id}`);
  return res.rows[0] ?? null;
}

export async function batchItems(tx: DbOrTx, batchId: number) {
  const res = await tx.execute<{ id: number; loan_id: number; reference: string; borrower_name: string; kind: 'premium' | 'interest'; k: number; amount_fen: number; earned_on: string }>(sql`
    select i.id, i.loan_id, l.reference, m.name as borrower_name, i.kind, i.k, i.amount_fen, i.earned_on
      from loan_subsidy_items i join loans l on l.id = i.loan_id join members m on m.id = l.member_id
     where i.batch_id = ${batchId}
     order by i.earned_on, i.loan_id, i.k`);
  return res.rows;
}

export async function programmeExists(tx: DbOrTx, id: number): Promise<boolean> {
  return (await tx.execute(sql`select 1 from loan_programmes where id = ${id}`)).rows.length > 0;
}

export async function pendingItems(tx: DbOrTx, programmeId: number, kind: string, upTo: string) {
  const res = await tx.execute<{ n: number; total: number }>(sql`
    select count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as total
      from loan_subsidy_items where programme_id = ${programmeId} and kind = ${kind} and batch_id is null and earned_on <= ${upTo}`);
  return { itemCount: res.rows[0]?.n ?? 0, totalFen: res.rows[0]?.total ?? 0 };
}

export async function insertBatch(tx: DbOrTx, b: { programmeId: number; kind: string; preparedBy: number; preparedAt: Date }): Promise<number> {
  const res = await tx.execute<{ id: number }>(sql`
    insert into subsidy_batches (programme_id, kind, item_count, total_fen, state, prepared_by, prepared_at)
    values (${b.programmeId}, ${b.kind}, 0, 0, 'prepared', ${b.preparedBy}, ${b.preparedAt.toISOString()}) returning id`);
  return res.rows[0]!.id;
}

/**
 * Claims the open items for a batch. Two batches prepared at once cannot share an item: the second waits on
 * the first's row locks and then finds `batch_id` taken.
 */
export async function claimItems(tx: DbOrTx, batchId: number, programmeId: number, kind: string, upTo: string) {
  const res = await tx.execute<{ n: number; total: number }>(sql`
    with taken as (
      update loan_subsidy_items set batch_id = ${batchId}
       where programme_id = ${programmeId} and kind = ${kind} and batch_id is null and earned_on <= ${upTo}
      returning amount_fen)
    select count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as total from taken`);
  const itemCount = res.rows[0]?.n ?? 0;
  const totalFen = res.rows[0]?.total ?? 0;
  await tx.execute(sql`update subsidy_batches set item_count = ${itemCount}, total_fen = ${totalFen} where id = ${batchId}`);
  return { itemCount, totalFen };
}

export async function setApproved(tx: DbOrTx, id: number, by: number, at: Date) {
  await tx.execute(sql`update subsidy_batches set state = 'approved', approved_by = ${by}, approved_at = ${at.toISOString()} where id = ${id}`);
}

export async function setPaid(tx: DbOrTx, id: number, by: number, at: Date, paymentRef: string) {
  await tx.execute(sql`update subsidy_batches set state = 'paid', paid_by = ${by}, paid_at = ${at.toISOString()}, payment_ref = ${paymentRef} where id = ${id}`);
}

/** A cancelled batch lets go of its items: they wait for the next batch. */
export async function cancelBatch(tx: DbOrTx, id: number) {
  await tx.execute(sql`update loan_subsidy_items set batch_id = null where batch_id = ${id}`);
  await tx.execute(sql`update subsidy_batches set state = 'cancelled' where id = ${id}`);
}
