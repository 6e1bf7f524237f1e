import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { lentStates } from '@tongxing/domain';
import type { LedgerQuery } from '@tongxing/contracts';
import { offsetOf } from '../../lib/pagination';

export type TxnRow = {
  id: number;
  programme_id: number;
  kind: string;
  loan_id: number | null;
  loan_reference: string | null;
  batch_id: number | null;
  memo: string | null;
  posted_on: string;
  posted_at: Date;
  posted_by_name: string | null;
  reverses_id: number | null;
  reversed_by_id: number | null;
  entries: { account: string; debitFen: number; creditFen: number }[];
};

const txnSelect = sql`
  select t.id, t.programme_id, t.kind, t.loan_id, l.reference as loan_reference, t.batch_id, t.memo, t.posted_on, t.posted_at,
         u.display_name as posted_by_name, t.reverses_id, r.id as reversed_by_id,
         (select json_agg(json_build_object('account', e.account, 'debitFen', e.debit_fen, 'creditFen', e.credit_fen) order by e.id)
            from ledger_entries e where e.txn_id = t.id) as entries
    from ledger_transactions t
    left join loans l on l.id = t.loan_id
    left join users u on u.id = t.posted_by
    left join ledger_transactions r on r.reverses_id = t.id`;

function filters(q: Omit<LedgerQuery, 'page' | 'pageSize'>): SQL {
  const parts: SQL[] = [sql`true`];
  if (q.programmeId) parts.push(sql`t.programme_id = ${q.programmeId}`);
  if (q.loanId) parts.push(sql`t.loan_id = ${q.loanId}`);
  if (q.kind) parts.push(sql`t.kind = ${q.kind}`);
  if (q.from) parts.push(sql`t.posted_on >= ${q.from}`);
  if (q.to) parts.push(sql`t.posted_on <= ${q.to}`);
  if (q.account) parts.push(sql`exists (select 1 from ledger_entries e where e.txn_id = t.id and e.account = ${q.account})`);
  return sql.join(parts, sql` and `);
}

export async function listTransactions(tx: DbOrTx, q: LedgerQuery): Promise<{ rows: TxnRow[]; total: number }> {
  const where = filters(q);
  const rows = await tx.execute<TxnRow>(sql`${txnSelect} where ${where} order by t.id desc limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ledger_transactions t where ${where}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** One transaction; with `forUpdate` its row is locked (reversals of one transaction serialise on it). */
export async function findTransaction(tx: DbOrTx, id: number, opts: { forUpdate?: boolean } = {}): Promise<TxnRow | null> {
  if (opts.forUpdate) await tx.execute(sql`select id from ledger_transactions where id = ${id} for update`);
  const res = await tx.execute<TxnRow>(sql`${txnSelect} where t.id = ${id}`);
  return res.rows[0] ?? null;
}

export async function programmeExists(tx: DbOrTx, id: number): Promise<boolean> {
  const res = await tx.execute(sql`select 1 from loan_programmes where id = ${id}`);
  return res.rows.length > 0;
}

/** Principal disbursed (confirmed disbursements of lent loans) and still outstanding, for a programme. */
export async function lending(tx: DbOrTx, programmeId: number): Promise<{ lentFen: number; outstandingFen: number }> {
  const res = await tx.execute<{ lent: number; outstanding: number }>(sql`
    select coalesce((select sum(d.amount_fen) from loan_disbursements d join loans l on l.id = d.loan_id
                      where l.programme_id = ${programmeId} and d.status = 'confirmed' and l.state = any(${sql.param([...lentStates])}::text[])), 0)::bigint as lent,
           coalesce((select sum(l.principal_outstanding_fen) from loans l
                      where l.programme_id = ${programmeId} and l.state in ('repaying', 'defaulted')), 0)::bigint as outstanding`);
  return { lentFen: res.rows[0]?.lent ?? 0, outstandingFen: res.rows[0]?.outstanding ?? 0 };
}

/** The programme's fund amount follows its capital: a reversed contribution takes its amount back out. */
export async function addToProgrammeFund(tx: DbOrTx, programmeId: number, deltaFen: number, now: Date) {
  await tx.execute(sql`update loan_programmes set fund_fen = fund_fen + ${deltaFen}, version = version + 1, updated_at = ${now.toISOString()} where id = ${programmeId}`);
}

/** Puts a paid batch back to approved when its payment is reversed (it may then be paid again, or cancelled). */
export async function unpayBatch(tx: DbOrTx, batchId: number) {
  await tx.execute(sql`update subsidy_batches set state = 'approved', paid_by = null, paid_at = null, payment_ref = null where id = ${batchId} and state = 'paid'`);
}
