import type pg from 'pg';
import type { Scope } from '@tongxing/domain';
import { loanScope } from '../loans/loans.repository';

/**
 * The dashboard's figures. Views of a union subtree within the caller's scope (and the whole city for those
 * who see it all) read the rollups that triggers keep per unit (migration 0014): a few hundred rows for the
 * root and its children, plus the loans past due, found through the partial index on next_due_on, for the
 * overdue buckets as of the day asked for. Views that no subtree describes (partner staff, whose loans are
 * routed to them) take aggregate passes over the loans in view instead. The fund comes from the ledger's few
 * cash and capital lines; subsidies from the paid batches (whole programme), else from the rollups, else from
 * the items of the loans in view.
 * No per-loan loop anywhere.
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

/**
 * Figures of one state: `total` rows add up to the view's totals, rows with a `child` to that child's. A pass
 * over the loans gives rows that are both (null child: loans at the root itself); the rollups give the root's
 * row (total only) and each child's (child only).
 */
export interface StateRow {
  child: number | null;
  total: boolean;
  state: string;
  n: number;
  amount: string;
  outstanding: string;
  jobs_expected: string;
  jobs_created: string;
  model_workers: number;
}

export interface OverdueRow {
  child: number | null;
  /** 1–4: the federation's 1–30 / 31–60 / 61–90 / 90+ days past due. */
  bucket: number;
  n: number;
  fen: string;
}

export interface DistinctRow {
  child: number | null;
  total: boolean;
  enterprises: number;
  entrepreneurs: number;
}

export interface VisitRow {
  child: number | null;
  total: boolean;
  due: number;
  done: number;
  overdue: number;
}

export interface MonthRow {
  month: string;
  n: number;
  amount: string;
}

/**
 * Whether the view reads the rollups: the loans in view must be exactly those under one unit (the root), i.e.
 * the view is restricted to the root and the root lies within one of the caller's subtrees (or the caller sees
 * everything), which makes the rest of the scope condition true for every loan under it. The whole city
 * qualifies when no loan lies outside the city federation's tree.
 */
export async function readsRollups(pool: pg.Pool, v: DashboardView): Promise<DashboardView | null> {
  if (v.underRoot) {
    const covered = v.scope.all || v.scope.subtreePaths.some((p) => v.root.path === p || v.root.path.startsWith(`${p}.`));
    return covered ? v : null;
  }
  if (!v.scope.all || v.root.nlevel !== 1) return null;
  const res = await pool.query<{ outside: boolean }>(
    `select exists (select 1 from org_units o join loan_rollups r on r.org_id = o.id and r.n <> 0 where o.parent_id is null and o.id <> $1) as outside`,
    [v.root.id],
  );
  return res.rows[0]!.outside ? null : { ...v, underRoot: true };
}

/** The root's children (their rollup rows are the per-child figures). */
async function childrenOf(pool: pg.Pool, rootId: number): Promise<number[]> {
  const res = await pool.query<{ id: number }>(`select id from org_units where parent_id = $1`, [rootId]);
  return res.rows.map((r) => r.id);
}

/** The view's figures from the rollups (a view `readsRollups` accepted). */
export async function fromRollups(pool: pg.Pool, v: DashboardView, fromMonth: string) {
  const kids = await childrenOf(pool, v.root.id);
  const ids = [v.root.id, ...kids];
  const rowOf = (orgId: number) => (orgId === v.root.id ? { child: null, total: true } : { child: orgId, total: false });
  const [states, distinct, visits, monthly] = await Promise.all([
    pool.query<Omit<StateRow, 'child' | 'total'> & { org_id: number }>(
      `select org_id, state, sum(n)::int as n, sum(amount_fen)::bigint as amount,
              (case when state in ('repaying','defaulted') then sum(outstanding_fen) else 0 end)::bigint as outstanding,
              sum(jobs_expected)::bigint as jobs_expected, sum(jobs_created)::bigint as jobs_created, sum(model_workers)::int as model_workers
         from loan_rollups
        where org_id = any($1::int[]) and ($2::int is null or programme_id = $2)
        group by org_id, state
       having sum(n) <> 0`,
      [ids, v.programmeId],
    ),
    pool.query<{ org_id: number; enterprises: number; entrepreneurs: number }>(
      `select org_id, enterprises, entrepreneurs from loan_borrower_rollups where org_id = any($1::int[]) and programme_id = coalesce($2::int, 0)`,
      [ids, v.programmeId],
    ),
    pool.query<{ org_id: number; due: number; done: number; overdue: number }>(
      `select org_id,
              coalesce(sum(n) filter (where due_on <= $3::date), 0)::int as due,
              coalesce(sum(n) filter (where state = 'done'), 0)::int as done,
              coalesce(sum(n) filter (where state = 'planned' and due_on < $3::date), 0)::int as overdue
         from loan_visit_rollups
        where org_id = any($1::int[]) and ($2::int is null or programme_id = $2)
        group by org_id`,
      [ids, v.programmeId, v.asOf],
    ),
    pool.query<MonthRow>(
      `select to_char(disbursed_on, 'YYYY-MM') as month, sum(n)::int as n, sum(amount_fen)::bigint as amount
         from loan_lending_days
        where org_id = $1 and ($2::int is null or programme_id = $2) and disbursed_on >= $3::date and disbursed_on <= $4::date
        group by 1
       having sum(n) <> 0`,
      [v.root.id, v.programmeId, `${fromMonth}-01`, v.asOf],
    ),
  ]);
  // A child has figures when it has loans in view (rows left at zero by loans that moved away do not count).
  const withLoans = new Set(states.rows.map((r) => r.org_id));
  return {
    states: states.rows.map(({ org_id, ...r }): StateRow => ({ ...rowOf(org_id), ...r })),
    distinct: distinct.rows.filter((r) => withLoans.has(r.org_id)).map(({ org_id, ...r }): DistinctRow => ({ ...rowOf(org_id), ...r })),
    visits: visits.rows.filter((r) => withLoans.has(r.org_id)).map(({ org_id, ...r }): VisitRow => ({ ...rowOf(org_id), ...r })),
    monthly: monthly.rows,
  };
}

/** The view's figures from passes over the loans in view (views no subtree describes). */
export async function fromLoans(pool: pg.Pool, v: DashboardView, fromMonth: string) {
  const [states, distinct, monthly, visits] = await Promise.all([byChildAndState(pool, v), distinctSupported(pool, v), monthlyLending(pool, v, fromMonth), visitsByChild(pool, v)]);
  return { states, distinct, monthly, visits };
}

/** States, amounts and jobs per child in one pass over the loans in view. */
async function byChildAndState(pool: pg.Pool, v: DashboardView): Promise<StateRow[]> {
  const params: unknown[] = [];
  const child = childOf(v, params);
  const where = loanWhere(v, params);
  const res = await pool.query<StateRow>(
    `select ${child} as child, true as total, l.state, count(*)::int as n,
            sum(coalesce(l.approved_amount_fen, l.amount_requested_fen))::bigint as amount,
            coalesce(sum(l.principal_outstanding_fen) filter (where ${LIVE}), 0)::bigint as outstanding,
            sum(l.jobs_expected)::bigint as jobs_expected, sum(l.jobs_created)::bigint as jobs_created,
            count(*) filter (where l.model_worker_level <> 'none')::int as model_workers
       from loans l
      where ${where}
      group by 1, 3`,
    params,
  );
  return res.rows;
}

/**
 * The overdue buckets per child, from the loans past due only (found through the partial index on
 * next_due_on): days past due = asOf − next_due_on, for loans still owed. Used by both kinds of view.
 */
export async function overdueByChild(pool: pg.Pool, v: DashboardView): Promise<OverdueRow[]> {
  const params: unknown[] = [];
  const child = childOf(v, params);
  params.push(v.asOf);
  const asOf = `$${params.length}::date`;
  const where = loanWhere(v, params);
  const res = await pool.query<OverdueRow>(
    `select ${child} as child,
            case when ${asOf} - l.next_due_on <= 30 then 1 when ${asOf} - l.next_due_on <= 60 then 2 when ${asOf} - l.next_due_on <= 90 then 3 else 4 end as bucket,
            count(*)::int as n, coalesce(sum(l.principal_outstanding_fen), 0)::bigint as fen
       from loans l
      where ${where} and ${LIVE} and l.next_due_on < ${asOf}
      group by 1, 2`,
    params,
  );
  return res.rows;
}

/** Distinct borrowers and enterprises of lent loans, per child and over the whole view. */
async function distinctSupported(pool: pg.Pool, v: DashboardView): Promise<DistinctRow[]> {
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
  // A grouping-set row per child (child figures only) and one over the view (the totals).
  return res.rows.map((r) => (r.total ? { ...r, child: null } : r));
}

/** Lending per month (by disbursement date) over the twelve months to asOf. */
async function monthlyLending(pool: pg.Pool, v: DashboardView, fromMonth: string): Promise<MonthRow[]> {
  const params: unknown[] = [];
  const where = loanWhere(v, params);
  params.push(`${fromMonth}-01`, v.asOf);
  const res = await pool.query<MonthRow>(
    `select to_char(l.disbursed_on, 'YYYY-MM') as month, count(*)::int as n, sum(l.approved_amount_fen)::bigint as amount
       from loans l
      where ${where} and ${LENT} and l.disbursed_on >= $${params.length - 1}::date and l.disbursed_on <= $${params.length}::date
      group by 1`,
    params,
  );
  return res.rows;
}

/** Visits due (by asOf, or already done) and done, per child. */
async function visitsByChild(pool: pg.Pool, v: DashboardView): Promise<VisitRow[]> {
  const params: unknown[] = [];
  const child = childOf(v, params);
  params.push(v.asOf);
  const asOf = `$${params.length}::date`;
  const where = loanWhere(v, params);
  // The child is worked out once per loan (materialized), not once per visit after the join.
  const res = await pool.query<VisitRow>(
    `with l as materialized (select l.id, ${child} as child from loans l where ${where})
     select l.child, true as total,
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

/** Subsidies paid for the loans under the root of a view `readsRollups` accepted, from the rollups. */
export async function subsidiesPaidFromRollups(pool: pg.Pool, v: DashboardView): Promise<SubsidiesPaid> {
  const res = await pool.query<{ kind: string; total: string }>(
    `select kind, sum(paid_fen)::bigint as total from loan_subsidy_rollups where org_id = $1 and ($2::int is null or programme_id = $2) group by kind`,
    [v.root.id, v.programmeId],
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
