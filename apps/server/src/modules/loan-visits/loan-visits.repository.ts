import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { VISIT_DUE_WINDOW_DAYS, type VisitDue } from '@tongxing/contracts';
import { scopeClause, scopeCondition } from '../../lib/scope-sql';
import { loanScope } from '../loans/loans.repository';

/** One stored photo of a visit (loan_visits.photos): the file lives under DATA_DIR/uploads/visits/<visit id>/. */
export interface StoredPhoto {
  n: number;
  fileName: string;
  storedFile: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: number;
  uploadedAt: string;
}

export interface VisitRow {
  id: number;
  loan_id: number;
  seq: number;
  label: string;
  due_on: string;
  org_id: number;
  org_path: string;
  org_name: string;
  state: 'planned' | 'done' | 'missed';
  done_on: string | null;
  done_by_name: string | null;
  operating_status: string | null;
  jobs_created: number | null;
  use_of_funds: string | null;
  risk_flag: boolean;
  risk_note: string | null;
  problems: string | null;
  help_needed: string | null;
  photos: StoredPhoto[];
  loan_reference: string;
  loan_state: string;
  programme_name: string;
  borrower_name: string;
  enterprise_name: string | null;
  model_worker_level: string;
  approved_amount_fen: number | null;
  disbursed_on: string | null;
  maturity_on: string | null;
  jobs_expected: number;
  bank_name: string | null;
}

const VISIT_COLUMNS = `
  v.id, v.loan_id, v.seq, v.label, v.due_on::text as due_on, v.org_id, v.org_path::text as org_path, o.name as org_name, v.state,
  v.done_on::text as done_on, u.display_name as done_by_name, v.operating_status, v.jobs_created, v.use_of_funds, v.risk_flag,
  v.risk_note, v.problems, v.help_needed, v.photos,
  l.reference as loan_reference, l.state as loan_state, pg.name as programme_name, m.name as borrower_name, l.enterprise_name,
  l.model_worker_level, l.approved_amount_fen, l.disbursed_on::text as disbursed_on, l.maturity_on::text as maturity_on,
  l.jobs_expected, b.name as bank_name`;

const VISIT_JOINS = `
  from loan_visits v
  join loans l on l.id = v.loan_id
  join loan_programmes pg on pg.id = l.programme_id
  join members m on m.id = l.member_id
  join org_units o on o.id = v.org_id
  left join org_units b on b.id = l.bank_org_id
  left join users u on u.id = v.done_by`;

/**
 * Who may read a visit: the responsible union's chain (the visit's own path) and whoever may read its loan
 * (the union chain and the loan's partners: the bank sees the visits behind the alerts it receives).
 */
function visitReadScope(scope: Scope, params: unknown[]): string {
  if (scope.all) return 'true';
  return `(${scopeClause(scope, { path: 'v.org_path', orgId: 'v.org_id' }, params)} or ${loanScope(scope, params, 'l')})`;
}

/** The queue's condition for one tab, as of `asOf` ($n placeholders appended to params). */
function dueCondition(due: VisitDue, asOf: string, params: unknown[]): string {
  if (due === 'done') return `v.state = 'done'`;
  params.push(asOf);
  const d = `$${params.length}::date`;
  if (due === 'overdue') return `v.state = 'planned' and v.due_on < ${d}`;
  if (due === 'due') return `v.state = 'planned' and v.due_on >= ${d} and v.due_on <= ${d} + ${VISIT_DUE_WINDOW_DAYS}`;
  return `v.state = 'planned' and v.due_on > ${d} + ${VISIT_DUE_WINDOW_DAYS}`;
}

export interface VisitFilter {
  due: VisitDue | 'queue';
  asOf: string;
  orgPath: string | null;
  loanId: number | null;
  page: number;
  pageSize: number;
}

function baseWhere(scope: Scope, f: Pick<VisitFilter, 'orgPath' | 'loanId'>, params: unknown[]): string[] {
  const where = [visitReadScope(scope, params)];
  if (f.orgPath) {
    params.push(f.orgPath);
    where.push(`v.org_path <@ $${params.length}::ltree`);
  }
  if (f.loanId) {
    params.push(f.loanId);
    where.push(`v.loan_id = $${params.length}`);
  }
  return where;
}

export async function listVisits(pool: pg.Pool, scope: Scope, f: VisitFilter) {
  const params: unknown[] = [];
  const where = baseWhere(scope, f, params);
  if (f.due === 'queue') where.push(`(${dueCondition('overdue', f.asOf, params)} or ${dueCondition('due', f.asOf, params)})`);
  else where.push(dueCondition(f.due, f.asOf, params));
  // Work first falls due first; what was done shows the latest first.
  const order = f.due === 'done' ? 'v.done_on desc, v.id desc' : 'v.due_on, l.priority desc, v.id';
  const countParams = [...params];
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const [rows, total] = await Promise.all([
    pool.query<VisitRow>(`select ${VISIT_COLUMNS} ${VISIT_JOINS} where ${where.join(' and ')} order by ${order} limit $${params.length - 1} offset $${params.length}`, params),
    pool.query<{ n: number }>(`select count(*)::int as n from loan_visits v join loans l on l.id = v.loan_id where ${where.join(' and ')}`, countParams),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** The four tabs' counts in one pass over the visits in scope. */
export async function countVisits(pool: pg.Pool, scope: Scope, f: Pick<VisitFilter, 'orgPath' | 'loanId' | 'asOf'>) {
  const params: unknown[] = [];
  const where = baseWhere(scope, f, params);
  const tabs = (['overdue', 'due', 'upcoming', 'done'] as const).map((t) => `count(*) filter (where ${dueCondition(t, f.asOf, params)})::int as ${t}`);
  const res = await pool.query<Record<VisitDue, number>>(
    `select ${tabs.join(', ')} from loan_visits v join loans l on l.id = v.loan_id where ${where.join(' and ')}`,
    params,
  );
  return res.rows[0] ?? { overdue: 0, due: 0, upcoming: 0, done: 0 };
}

export async function findVisit(pool: pg.Pool, scope: Scope, id: number): Promise<VisitRow | null> {
  const params: unknown[] = [id];
  const res = await pool.query<VisitRow>(`select ${VISIT_COLUMNS} ${VISIT_JOINS} where v.id = $1 and ${visitReadScope(scope, params)}`, params);
  return res.rows[0] ?? null;
}

export interface VisitForWrite {
  id: number;
  loan_id: number;
  state: string;
  org_path: string;
  photos: StoredPhoto[];
  loan_reference: string;
  disbursed_on: string | null;
  district_id: number | null;
  bank_org_id: number | null;
  borrower_name: string;
  enterprise_name: string | null;
}

/**
 * A visit the caller may record (loan:visit over the responsible union), locked for the change; null when
 * missing or out of that scope (404 either way).
 */
export async function lockVisitForWrite(tx: DbOrTx, scope: Scope, id: number): Promise<VisitForWrite | null> {
  const inScope = scopeCondition(scope, { path: sql`v.org_path`, orgId: sql`v.org_id` });
  const res = await tx.execute<VisitForWrite & Record<string, unknown>>(sql`
    select v.id, v.loan_id, v.state, v.org_path::text as org_path, v.photos, l.reference as loan_reference, l.disbursed_on::text as disbursed_on,
           l.district_id, l.bank_org_id, m.name as borrower_name, l.enterprise_name
      from loan_visits v join loans l on l.id = v.loan_id join members m on m.id = l.member_id
     where v.id = ${id} and ${inScope}
       for update of v`);
  return res.rows[0] ?? null;
}

export interface VisitRecordValues {
  doneOn: string;
  doneBy: number;
  operatingStatus: string;
  jobsCreated: number;
  useOfFunds: string;
  riskFlag: boolean;
  riskNote: string | null;
  problems: string | null;
  helpNeeded: string | null;
}

export async function markDone(tx: DbOrTx, id: number, v: VisitRecordValues) {
  await tx.execute(sql`
    update loan_visits
       set state = 'done', done_on = ${v.doneOn}, done_by = ${v.doneBy}, operating_status = ${v.operatingStatus}, jobs_created = ${v.jobsCreated},
           use_of_funds = ${v.useOfFunds}, risk_flag = ${v.riskFlag}, risk_note = ${v.riskNote}, problems = ${v.problems}, help_needed = ${v.helpNeeded}
     where id = ${id}`);
}

/**
 * The loan's jobs created follow its latest recorded visit (visits report the jobs created so far). The
 * loan's version is left alone: this is a fact reported about the borrower, not a change of the application.
 */
export async function refreshLoanJobs(tx: DbOrTx, loanId: number) {
  await tx.execute(sql`
    update loans l
       set jobs_created = coalesce((select v.jobs_created from loan_visits v
                                     where v.loan_id = l.id and v.state = 'done' and v.jobs_created is not null
                                     order by v.done_on desc, v.seq desc limit 1), 0),
           updated_at = now()
     where l.id = ${loanId}`);
}

export async function setPhotos(tx: DbOrTx, id: number, photos: StoredPhoto[]) {
  await tx.execute(sql`update loan_visits set photos = ${JSON.stringify(photos)}::jsonb where id = ${id}`);
}

/** A unit by id with its path (for the orgId filter; the caller checks it against the scope). */
export async function findUnit(pool: pg.Pool, id: number) {
  const res = await pool.query<{ id: number; path: string; name: string; short_name: string | null; kind: string }>(
    `select id, path::text as path, name, short_name, kind from org_units where id = $1`,
    [id],
  );
  return res.rows[0] ?? null;
}

/** The loan exists and is readable by the caller (for the loanId filter: out of scope is missing). */
export async function loanVisible(pool: pg.Pool, scope: Scope, loanId: number): Promise<boolean> {
  const params: unknown[] = [loanId];
  const res = await pool.query(`select 1 from loans l where l.id = $1 and ${loanScope(scope, params, 'l')}`, params);
  return (res.rowCount ?? 0) > 0;
}
