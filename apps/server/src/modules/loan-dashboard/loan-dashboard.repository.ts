import type pg from 'pg';
import type { Scope } from '@tongxing/domain';
import { loanScope } from '../loans/loans.repository';

/**
 * The dashboard's figures, as a handful of aggregate queries run side by side on the pool: one pass over the
 * loans in view for states, amounts, jobs and overdue; one for the distinct borrowers and enterprises; one for
 * the monthly lending; one over their visits; the fund from the ledger's few cash and capital lines; subsidies
 * from the paid batches (whole programme) or the items of the loans in view. No per-loan loop anywhere.
 */
export interface DashboardView {
  scope: Scope;
  programmeId: number | null;
  /** The unit whose subtree is shown and whose children get a row each. */
  root: { id: number; path: string; nlevel: number };
  /** Restrict to the root's subtree (false when the root is the city federation and nothing narrows it). */
  underRoot: boolean;
  asOf: string;
}

/** The WHERE over `loans l` for a view; parameters appended to `params`. */
function loanWhere(v: DashboardView, params: unknown[]): string {
  const where = [loanScope(v.scope, params, 'l')];
  if (v.programmeId !== null) {
    params.push(v.programmeId);
    where.push(`l.programme_id = $${params.length}`);
  }
  if (v.underRoot) {
    params.push(v.root.path);
    where.push(`l.org_path <@ $${params.length}::ltree`);
  }
  return where.join(' and ');
}

/** The child of the root a loan's union lies under (its path's labels are unit ids); null at the root itself. */
function childOf(v: DashboardView, params: unknown[], alias = 'l'): string {
  params.push(v.root.nlevel);
  const d = `$${params.length}::int`;
  return `case when nlevel(${alias}.org_path) > ${d} then subpath(${alias}.org_path, ${d}, 1)::text::int end`;
}

const LIVE = `l.state in ('repaying','defaulted')`;
const LENT = `l.state in ('repaying','settled','defaulted','claimed','recovered','written_off')`;

export interface StateRow {
  child: number | null;
  state: string;
  n: number;
  amount: string;
  outstanding: string;
  jobs_expected: string;
  jobs_created: string;
  model_workers: number;
  od_n: number;
  od_fen: string;
  b1_n: number;
  b1_fen: string;
  b2_n: number;
  b2_fen: string;
  b3_n: number;
  b3_fen: string;
  b4_n: number;
  b4_fen: string;
}

/**
 * States, amounts and jobs per child in one pass over the loans in view, and the overdue buckets from the
 * loans past due only (found through the partial index on next_due_on, so the pass over all loans evaluates
 * no date arithmetic); merged here into one row per child and state.
 */
export async function byChildAndState(pool: pg.Pool, v: DashboardView): Promise<StateRow[]> {
  const params: unknown[] = [];
  const child = childOf(v, params);
  const where = loanWhere(v, params);
  const odParams: unknown[] = [];
  const odChild = childOf(v, odParams);
  odParams.push(v.asOf);
  const asOf = `$${odParams.length}::date`;
  const odWhere = loanWhere(v, odParams);
  // Days past due = asOf − next_due_on, for loans still owed; the buckets are the federation's 1–30 / 31–60 / 61–90 / 90+.
  const [all, overdue] = await Promise.all([
    pool.query<{ child: number | null; state: string; n: number; amount: string; outstanding: string; jobs_expected: string; jobs_created: string; model_workers: number }>(
      `select ${child} as child, l.state, count(*)::int as n,
              sum(coalesce(l.approved_amount_fen, l.amount_requested_fen))::bigint as amount,
              coalesce(sum(l.principal_outstanding_fen) filter (where ${LIVE}), 0)::bigint as outstanding,
              sum(l.jobs_expected)::bigint as jobs_expected, sum(l.jobs_created)::bigint as jobs_created,
              count(*) filter (where l.model_worker_level <> 'none')::int as model_workers
         from loans l
        where ${where}
        group by 1, 2`,
      params,
    ),
    pool.query<{ child: number | null; state: string; bucket: number; n: number; fen: string }>(
      `select ${odChild} as child, l.state,
              case when ${asOf} - l.next_due_on <= 30 then 1 when ${asOf} - l.next_due_on <= 60 then 2 when ${asOf} - l.next_due_on <= 90 then 3 else 4 end as bucket,
              count(*)::int as n, coalesce(sum(l.principal_outstanding_fen), 0)::bigint as fen
         from loans l
        where ${odWhere} and ${LIVE} and l.next_due_on < ${asOf}
        group by 1, 2, 3`,
      odParams,
    ),
  ]);
  const rows = new Map<string, StateRow>();
  const key = (c: number | null, state: string) => `${c ?? ''}/${state}`;
  for (const r of all.rows) {
    rows.set(key(r.child, r.state), {
      ...r, od_n: 0, od_fen: '0', b1_n: 0, b1_fen: '0', b2_n: 0, b2_fen: '0', b3_n: 0, b3_fen: '0', b4_n: 0, b4_fen: '0',
    });
  }
  for (const o of overdue.rows) {
    // Every overdue loan is also in the pass over all loans (the same view, narrowed).
    const r = rows.get(key(o.child, o.state));
    if (!r) continue;
    const b = `b${o.bucket}` as 'b1' | 'b2' | 'b3' | 'b4';
    r.od_n += o.n;
    r.od_fen = String(Number(r.od_fen) + Number(o.fen));
    r[`${b}_n`] += o.n;
    r[`${b}_fen`] = String(Number(r[`${b}_fen`]) + Number(o.fen));
  }
  return [...rows.values()];
}

export interface DistinctRow {
  child: number | null;
  total: boolean;
  enterprises: number;
  entrepreneurs: number;
}

/** Distinct borrowers and enterprises of lent loans, per child and over the whole view. */
export async function distinctSupported(pool: pg.Pool, v: DashboardView): Promise<DistinctRow[]> {
  const params: unknown[] = [];
  const child = childOf(v, params);
  const where = loanWhere(v, params);
  const res = await pool.query<DistinctRow>(
    `select child, grouping(child) = 1 as total,
            count(distinct enterprise)::int as enterprises, count(distinct member_id)::int as entrepreneurs
       from (select ${child} as child, l.member_id, coalesce(l.enterprise_credit_code, nullif(l.enterprise_name, '')) as enterprise
               from loans l where ${where} and ${LENT}) s
      group by grouping sets ((child), ())`,
    params,
  );
  return res.rows;
}

/** Lending per month (by disbursement date) over the twelve months to asOf. */
export async function monthlyLending(pool: pg.Pool, v: DashboardView, fromMonth: string) {
  const params: unknown[] = [];
  const where = loanWhere(v, params);
  params.push(`${fromMonth}-01`, v.asOf);
  const res = await pool.query<{ month: string; n: number; amount: string }>(
    `select to_char(l.disbursed_on, 'YYYY-MM') as month, count(*)::int as n, sum(l.approved_amount_fen)::bigint as amount
       from loans l
      where ${where} and ${LENT} and l.disbursed_on >= $${params.length - 1}::date and l.disbursed_on <= $${params.length}::date
      group by 1`,
    params,
  );
  return res.rows;
}

/** Visits due (by asOf, or already done) and done, per child. */
export async function visitsByChild(pool: pg.Pool, v: DashboardView) {
  const params: unknown[] = [];
  const child = childOf(v, params);
  params.push(v.asOf);
  const asOf = `$${params.length}::date`;
  const where = loanWhere(v, params);
  // The child is worked out once per loan (materialized), not once per visit after the join.
  const res = await pool.query<{ child: number | null; due: number; done: number; overdue: number }>(
    `with l as materialized (select l.id, ${child} as child from loans l where ${where})
     select l.child,
            count(*) filter (where v.state = 'done' or v.due_on <= ${asOf})::int as due,
            count(*) filter (where v.state = 'done')::int as done,
            count(*) filter (where v.state = 'planned' and v.due_on < ${asOf})::int as overdue
       from loan_visits v join l on l.id = v.loan_id
      group by 1`,
    params,
  );
  return res.rows;
}

export interface SubsidiesPaid {
  premium: number;
  interest: number;
}

/** Subsidies paid for the whole programme: the paid batches' totals (each posted to the ledger when paid). */
export async function subsidiesPaidByBatches(pool: pg.Pool, programmeId: number | null): Promise<SubsidiesPaid> {
  const res = await pool.query<{ kind: string; total: string }>(
    `select kind, sum(total_fen)::bigint as total from subsidy_batches where state = 'paid' and ($1::int is null or programme_id = $1) group by kind`,
    [programmeId],
  );
  return toSubsidies(res.rows);
}

/** Subsidies paid for the loans in view: their items in paid batches. */
export async function subsidiesPaidForLoans(pool: pg.Pool, v: DashboardView): Promise<SubsidiesPaid> {
  const params: unknown[] = [];
  const where = loanWhere(v, params);
  const res = await pool.query<{ kind: string; total: string }>(
    `select i.kind, sum(i.amount_fen)::bigint as total
       from loans l join loan_subsidy_items i on i.loan_id = l.id join subsidy_batches b on b.id = i.batch_id and b.state = 'paid'
      where ${where}
      group by i.kind`,
    params,
  );
  return toSubsidies(res.rows);
}

function toSubsidies(rows: { kind: string; total: string }[]): SubsidiesPaid {
  const of = (k: string) => Number(rows.find((r) => r.kind === k)?.total ?? 0);
  return { premium: of('premium'), interest: of('interest') };
}

/**
 * The fund from the ledger, reading only the cash and capital lines (a handful per programme, by index):
 * capital contributed, cash held, and the cash that left for subsidies (transactions that also clear
 * subsidies_payable) and for claims (that also clear claims_payable). Reversals net out by construction.
 */
export async function fundFromLedger(pool: pg.Pool, programmeId: number | null) {
  const res = await pool.query<{ capital: string; cash: string; subsidies_paid: string; claims_paid: string }>(
    `with p as (select id from loan_programmes where $1::int is null or id = $1),
          e as (select le.* from p join ledger_entries le on le.programme_id = p.id and le.account in ('fund_cash', 'fund_capital'))
     select coalesce(sum(credit_fen - debit_fen) filter (where account = 'fund_capital'), 0)::bigint as capital,
            coalesce(sum(debit_fen - credit_fen) filter (where account = 'fund_cash'), 0)::bigint as cash,
            coalesce(sum(credit_fen - debit_fen) filter (where account = 'fund_cash' and exists (
              select 1 from ledger_entries x where x.txn_id = e.txn_id and x.account = 'subsidies_payable')), 0)::bigint as subsidies_paid,
            coalesce(sum(credit_fen - debit_fen) filter (where account = 'fund_cash' and exists (
              select 1 from ledger_entries x where x.txn_id = e.txn_id and x.account = 'claims_payable')), 0)::bigint as claims_paid
       from e`,
    [programmeId],
  );
  const r = res.rows[0]!;
  return { capital: Number(r.capital), cash: Number(r.cash), subsidiesPaid: Number(r.subsidies_paid), claimsPaid: Number(r.claims_paid) };
}

export interface TargetRow {
  org_id: number;
  lending_fen: string;
  enterprises: number;
  entrepreneurs: number;
  jobs: number;
}

/** Allocated targets of these units (summed over programmes when none is chosen). */
export async function targetsOf(pool: pg.Pool, programmeId: number | null, orgIds: number[]): Promise<TargetRow[]> {
  if (orgIds.length === 0) return [];
  const res = await pool.query<TargetRow>(
    `select org_id, sum(lending_fen)::bigint as lending_fen, sum(enterprises)::int as enterprises, sum(entrepreneurs)::int as entrepreneurs, sum(jobs)::int as jobs
       from loan_programme_targets where org_id = any($1::int[]) and ($2::int is null or programme_id = $2)
      group by org_id`,
    [orgIds, programmeId],
  );
  return res.rows;
}

/** The programme's own targets (the whole city's), summed when no programme is chosen. */
export async function programmeTargets(pool: pg.Pool, programmeId: number | null) {
  const res = await pool.query<{ lending_fen: string; enterprises: number; entrepreneurs: number; jobs: number; n: number }>(
    `select coalesce(sum(target_lending_fen), 0)::bigint as lending_fen, coalesce(sum(target_enterprises), 0)::int as enterprises,
            coalesce(sum(target_entrepreneurs), 0)::int as entrepreneurs, coalesce(sum(target_jobs), 0)::int as jobs, count(*)::int as n
       from loan_programmes where $1::int is null or id = $1`,
    [programmeId],
  );
  return res.rows[0]!;
}

export interface UnitRow {
  id: number;
  path: string;
  name: string;
  short_name: string | null;
  kind: string;
  parent_id: number | null;
}

export async function findUnit(pool: pg.Pool, id: number): Promise<UnitRow | null> {
  const res = await pool.query<UnitRow>(`select id, path::text as path, name, short_name, kind, parent_id from org_units where id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function unitByPath(pool: pg.Pool, path: string): Promise<UnitRow | null> {
  const res = await pool.query<UnitRow>(`select id, path::text as path, name, short_name, kind, parent_id from org_units where path = $1::ltree`, [path]);
  return res.rows[0] ?? null;
}

/** The city federation: the root of the union tree. */
export async function unionRoot(pool: pg.Pool): Promise<UnitRow | null> {
  const res = await pool.query<UnitRow>(
    `select id, path::text as path, name, short_name, kind, parent_id from org_units where kind = 'city_federation' and parent_id is null order by id limit 1`,
  );
  return res.rows[0] ?? null;
}

export async function unitsByIds(pool: pg.Pool, ids: number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  const res = await pool.query<UnitRow>(
    `select id, path::text as path, name, short_name, kind, parent_id from org_units where id = any($1::int[]) order by sort_order, id`,
    [ids],
  );
  return res.rows;
}

/** The root's children that hold targets (so a unit with a target and no loans still gets its row). */
export async function childrenWithTargets(pool: pg.Pool, rootId: number, programmeId: number | null): Promise<number[]> {
  const res = await pool.query<{ id: number }>(
    `select distinct o.id from org_units o join loan_programme_targets t on t.org_id = o.id
      where o.parent_id = $1 and ($2::int is null or t.programme_id = $2)`,
    [rootId, programmeId],
  );
  return res.rows.map((r) => r.id);
}
