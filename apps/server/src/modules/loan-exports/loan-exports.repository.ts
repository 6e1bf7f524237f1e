import type pg from 'pg';
import type { Scope } from '@tongxing/domain';
import type { LedgerExportQuery, LoanExportQuery } from '@tongxing/contracts';
import { loanScope } from '../loans/loans.repository';

/** A read-only cursor over one snapshot: the file is one instant of the book, fetched in batches. */
export interface Cursor<T> {
  next(n: number): Promise<T[]>;
  close(): Promise<void>;
}

async function openCursor<T extends pg.QueryResultRow>(pool: pg.Pool, name: string, text: string, params: unknown[]): Promise<Cursor<T>> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(`declare ${name} no scroll cursor for ${text}`, params);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    client.release();
    throw err;
  }
  let closed = false;
  return {
    next: async (n) => (await client.query<T>(`fetch ${Math.trunc(n)} from ${name}`)).rows,
    close: async () => {
      if (closed) return;
      closed = true;
      await client.query('commit').catch(() => undefined);
      client.release();
    },
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The loan list's filter as SQL over `loans l` joined to `members m` (scope, state, unit, programme, text, overdue). */
export function loanBookWhere(scope: Scope, q: LoanExportQuery, orgPath: string | null, asOf: string, params: unknown[]): string {
  const where = [loanScope(scope, params, 'l')];
  if (q.state !== undefined) {
    params.push(Array.isArray(q.state) ? q.state : [q.state]);
    where.push(`l.state = any($${params.length}::text[])`);
  }
  if (orgPath) {
    // As in the list: a union unit's loans, or a partner unit's (its bank, insurer or guarantor role).
    params.push(orgPath);
    where.push(`(l.org_path <@ $${params.length}::ltree or l.partner_paths <@ $${params.length}::ltree)`);
  }
  if (q.programmeId) {
    params.push(q.programmeId);
    where.push(`l.programme_id = $${params.length}`);
  }
  if (q.q) {
    params.push(`${escapeLike(q.q)}%`, `%${escapeLike(q.q)}%`);
    const prefix = `$${params.length - 1}`;
    const anywhere = `$${params.length}`;
    where.push(`(l.reference ilike ${prefix} or l.contract_no ilike ${prefix} or m.name like ${anywhere} or l.enterprise_name like ${anywhere})`);
  }
  if (q.overdue === 'true') {
    params.push(asOf);
    where.push(`l.state in ('repaying','defaulted') and l.next_due_on < $${params.length}::date`);
  }
  return where.join(' and ');
}

export async function countLoanBook(pool: pg.Pool, scope: Scope, q: LoanExportQuery, orgPath: string | null, asOf: string): Promise<number> {
  const params: unknown[] = [];
  const where = loanBookWhere(scope, q, orgPath, asOf, params);
  const res = await pool.query<{ n: number }>(`select count(*)::int as n from loans l join members m on m.id = l.member_id where ${where}`, params);
  return res.rows[0]?.n ?? 0;
}

export interface LoanBookRow {
  reference: string;
  programme_name: string;
  product_name: string;
  borrower_name: string;
  id_enc: Buffer;
  phone_enc: Buffer | null;
  org_name: string;
  district_name: string | null;
  borrower_type: string;
  enterprise_name: string | null;
  enterprise_credit_code: string | null;
  model_worker_level: string;
  state: string;
  step_name: string | null;
  amount_requested_fen: string;
  approved_amount_fen: string | null;
  annual_rate_bps: number | null;
  term_months: number;
  repayment_method: string | null;
  bank_name: string | null;
  insurer_name: string | null;
  guarantor_name: string | null;
  contract_no: string | null;
  policy_no: string | null;
  guarantee_no: string | null;
  disbursed_on: string | null;
  maturity_on: string | null;
  principal_outstanding_fen: string;
  next_due_on: string | null;
  days_past_due: number;
  jobs_expected: number;
  jobs_created: number;
  submitted_on: string | null;
  settled_on: string | null;
}

/** The loan book's rows in reference order, with the days past due as of `asOf`. */
export async function openLoanBookCursor(pool: pg.Pool, scope: Scope, q: LoanExportQuery, orgPath: string | null, asOf: string) {
  const params: unknown[] = [asOf];
  const where = loanBookWhere(scope, q, orgPath, asOf, params);
  return openCursor<LoanBookRow>(
    pool,
    'loan_book',
    `select l.reference, pg.name as programme_name, p.name as product_name, m.name as borrower_name, m.id_enc, m.phone_enc,
            o.name as org_name, d.name as district_name, l.borrower_type, l.enterprise_name, l.enterprise_credit_code, l.model_worker_level,
            l.state, case when l.state in ('submitted','in_review','returned') then p.pipeline -> l.step_index ->> 'nameZh' end as step_name,
            l.amount_requested_fen, l.approved_amount_fen, l.annual_rate_bps, coalesce(l.term_months, l.term_requested_months)::int as term_months,
            l.repayment_method, b.name as bank_name, i.name as insurer_name, g.name as guarantor_name, l.contract_no, l.policy_no, l.guarantee_no,
            l.disbursed_on::text as disbursed_on, l.maturity_on::text as maturity_on, l.principal_outstanding_fen, l.next_due_on::text as next_due_on,
            case when l.state in ('repaying','defaulted') and l.next_due_on < $1::date then ($1::date - l.next_due_on) else 0 end as days_past_due,
            l.jobs_expected, l.jobs_created, to_char(l.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as submitted_on,
            l.settled_on::text as settled_on
       from loans l
       join members m on m.id = l.member_id
       join loan_programmes pg on pg.id = l.programme_id
       join loan_products p on p.id = l.product_id
       join org_units o on o.id = l.org_id
       left join org_units d on d.id = l.district_id
       left join org_units b on b.id = l.bank_org_id
       left join org_units i on i.id = l.insurer_org_id
       left join org_units g on g.id = l.guarantor_org_id
      where ${where}
      order by l.id`,
    params,
  );
}

// ---------------------------------------------------------------- ledger

/**
 * The ledger lines an export may show: the whole programme for a caller who sees every unit; otherwise only
 * the transactions of loans in the caller's scope (fund-level lines belong to no unit).
 */
function ledgerWhere(scope: Scope, q: LedgerExportQuery, params: unknown[]): string {
  params.push(q.programmeId);
  const where = [`t.programme_id = $${params.length}`];
  if (q.from) {
    params.push(q.from);
    where.push(`t.posted_on >= $${params.length}::date`);
  }
  if (q.to) {
    params.push(q.to);
    where.push(`t.posted_on <= $${params.length}::date`);
  }
  if (!scope.all) where.push(`exists (select 1 from loans l where l.id = t.loan_id and ${loanScope(scope, params, 'l')})`);
  return where.join(' and ');
}

export async function programmeName(pool: pg.Pool, id: number): Promise<string | null> {
  const res = await pool.query<{ name: string }>(`select name from loan_programmes where id = $1`, [id]);
  return res.rows[0]?.name ?? null;
}

export async function ledgerTotals(pool: pg.Pool, scope: Scope, q: LedgerExportQuery) {
  const params: unknown[] = [];
  const where = ledgerWhere(scope, q, params);
  const res = await pool.query<{ account: string; debit: string; credit: string; n: number }>(
    `select e.account, sum(e.debit_fen)::bigint as debit, sum(e.credit_fen)::bigint as credit, count(*)::int as n
       from ledger_transactions t join ledger_entries e on e.txn_id = t.id
      where ${where}
      group by e.account order by e.account`,
    params,
  );
  return res.rows;
}

export interface LedgerLineRow {
  txn_id: string;
  posted_on: string;
  kind: string;
  memo: string | null;
  loan_reference: string | null;
  batch_id: number | null;
  reverses_id: string | null;
  account: string;
  debit_fen: string;
  credit_fen: string;
  posted_by_name: string | null;
}

export async function openLedgerCursor(pool: pg.Pool, scope: Scope, q: LedgerExportQuery) {
  const params: unknown[] = [];
  const where = ledgerWhere(scope, q, params);
  return openCursor<LedgerLineRow>(
    pool,
    'ledger_lines',
    `select t.id as txn_id, t.posted_on::text as posted_on, t.kind, t.memo, l.reference as loan_reference, t.batch_id, t.reverses_id,
            e.account, e.debit_fen, e.credit_fen, u.display_name as posted_by_name
       from ledger_transactions t
       join ledger_entries e on e.txn_id = t.id
       left join loans l on l.id = t.loan_id
       left join users u on u.id = t.posted_by
      where ${where}
      order by t.posted_on, t.id, e.id`,
    params,
  );
}

// ---------------------------------------------------------------- the 申请审批表

export interface FormLoanRow {
  id: number;
  reference: string;
  programme_name: string;
  product_name: string;
  pipeline: { key: string; party: string; nameZh: string }[];
  borrower_name: string;
  gender: string | null;
  id_enc: Buffer;
  phone_enc: Buffer | null;
  org_name: string;
  district_name: string | null;
  borrower_type: string;
  amount_requested_fen: string;
  term_requested_months: number;
  purpose: string;
  enterprise_name: string | null;
  enterprise_credit_code: string | null;
  enterprise_founded_on: string | null;
  enterprise_employees: number | null;
  enterprise_industry: string | null;
  jobs_expected: number;
  jobs_created: number;
  declares_no_bad_credit: boolean;
  model_worker_level: string;
  state: string;
  step_index: number | null;
  approved_amount_fen: string | null;
  annual_rate_bps: number | null;
  term_months: number | null;
  repayment_method: string | null;
  contract_no: string | null;
  policy_no: string | null;
  guarantee_no: string | null;
  bank_name: string | null;
  insurer_name: string | null;
  guarantor_name: string | null;
  disbursed_on: string | null;
  maturity_on: string | null;
  submitted_at: Date | null;
}

/** The loan and everything its form prints, within scope (null when missing or out of scope). */
export async function loanForForm(pool: pg.Pool, scope: Scope, id: number): Promise<FormLoanRow | null> {
  const params: unknown[] = [id];
  const res = await pool.query<FormLoanRow>(
    `select l.id, l.reference, pg.name as programme_name, p.name as product_name, p.pipeline, m.name as borrower_name, m.gender, m.id_enc, m.phone_enc,
            o.name as org_name, d.name as district_name, l.borrower_type, l.amount_requested_fen, l.term_requested_months, l.purpose,
            l.enterprise_name, l.enterprise_credit_code, l.enterprise_founded_on::text as enterprise_founded_on, l.enterprise_employees,
            l.enterprise_industry, l.jobs_expected, l.jobs_created, l.declares_no_bad_credit, l.model_worker_level, l.state, l.step_index,
            l.approved_amount_fen, l.annual_rate_bps, l.term_months, l.repayment_method, l.contract_no, l.policy_no, l.guarantee_no,
            b.name as bank_name, i.name as insurer_name, g.name as guarantor_name, l.disbursed_on::text as disbursed_on,
            l.maturity_on::text as maturity_on, l.submitted_at
       from loans l
       join members m on m.id = l.member_id
       join loan_programmes pg on pg.id = l.programme_id
       join loan_products p on p.id = l.product_id
       join org_units o on o.id = l.org_id
       left join org_units d on d.id = l.district_id
       left join org_units b on b.id = l.bank_org_id
       left join org_units i on i.id = l.insurer_org_id
       left join org_units g on g.id = l.guarantor_org_id
      where l.id = $1 and ${loanScope(scope, params, 'l')}`,
    params,
  );
  return res.rows[0] ?? null;
}

export interface FormEventRow {
  id: number;
  at: Date;
  event: string;
  step_index: number | null;
  step_key: string | null;
  actor_name: string | null;
  actor_org_name: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
}

/** Every event of the loan in order: who, when, which step, the decision, the comment. */
export async function formEvents(pool: pg.Pool, loanId: number): Promise<FormEventRow[]> {
  const res = await pool.query<FormEventRow>(
    `select e.id, e.at, e.event, e.step_index, e.step_key, e.actor_name, o.name as actor_org_name, e.comment, e.data
       from loan_events e left join org_units o on o.id = e.actor_org_id
      where e.loan_id = $1
      order by e.at, e.id`,
    [loanId],
  );
  return res.rows;
}
