import { addMonths, divRoundHalfUp, lentStates, loanStates, scopeCovers, type LoanState, type Scope } from '@tongxing/domain';
import { overdueBuckets, type LoanDashboard, type LoanDashboardQuery } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import * as repo from './loan-dashboard.repository';

const UNION_KINDS = new Set(['city_federation', 'district_union', 'street_federation', 'community_federation', 'grassroots_union', 'branch']);
const LENT = new Set<string>(lentStates);
const REVIEW = new Set<string>(['submitted', 'in_review']);
const LIVE = new Set<string>(['repaying', 'defaulted']);

type Figures = Omit<LoanDashboard['units'][number], 'orgId' | 'orgName' | 'shortName' | 'target' | 'progress'>;
type Target = NonNullable<LoanDashboard['targets']>;

/** part ÷ whole in basis points, rounded half up; null when there is nothing to divide by. */
export function ratioBps(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number(divRoundHalfUp(BigInt(part) * 10_000n, BigInt(whole)));
}

function emptyFigures(): Figures {
  return {
    lentCount: 0,
    lentFen: 0,
    outstandingFen: 0,
    inReviewCount: 0,
    enterprises: 0,
    entrepreneurs: 0,
    jobsExpected: 0,
    jobsCreated: 0,
    overdueCount: 0,
    overduePrincipalFen: 0,
    visitsDue: 0,
    visitsDone: 0,
  };
}

function addStateRow(f: Figures, r: repo.StateRow) {
  if (LENT.has(r.state)) {
    f.lentCount += r.n;
    f.lentFen += Number(r.amount);
    f.jobsExpected += Number(r.jobs_expected);
    f.jobsCreated += Number(r.jobs_created);
  }
  if (REVIEW.has(r.state)) f.inReviewCount += r.n;
  f.outstandingFen += Number(r.outstanding);
}

function progressOf(f: Figures, t: Target | null) {
  if (!t) return null;
  return {
    lendingBps: ratioBps(f.lentFen, t.lendingFen),
    enterprisesBps: ratioBps(f.enterprises, t.enterprises),
    entrepreneursBps: ratioBps(f.entrepreneurs, t.entrepreneurs),
    jobsBps: ratioBps(f.jobsCreated, t.jobs),
  };
}

function targetOf(r: { lending_fen: string; enterprises: number; entrepreneurs: number; jobs: number } | undefined): Target | null {
  if (!r) return null;
  return { lendingFen: Number(r.lending_fen), enterprises: r.enterprises, entrepreneurs: r.entrepreneurs, jobs: r.jobs };
}

/** The twelve months to asOf's month, oldest first ('2026-01' …). */
function lastTwelveMonths(asOf: string): string[] {
  const first = addMonths(`${asOf.slice(0, 7)}-01`, -11);
  return Array.from({ length: 12 }, (_, i) => addMonths(first, i).slice(0, 7));
}

interface ViewRoot {
  root: repo.UnitRow;
  underRoot: boolean;
  /** The unit the figures are shown for; null for partner staff, whose view is their loans across the city. */
  org: repo.UnitRow | null;
  wholeProgramme: boolean;
}

/**
 * Whose dashboard: the unit asked for (within scope), else the caller's own union subtree, else (city cadres)
 * the whole programme; partner staff see their loans across the city, without targets or the fund.
 */
async function viewRoot(deps: AppDeps, scope: Scope, orgId: number | undefined): Promise<ViewRoot> {
  const city = await repo.unionRoot(deps.pool);
  if (!city) throw new AppError('NOT_FOUND');
  if (orgId !== undefined) {
    const unit = await repo.findUnit(deps.pool, orgId);
    if (!unit || !UNION_KINDS.has(unit.kind) || !scopeCovers(scope, { orgId: unit.id, orgPath: unit.path })) {
      throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
    }
    const whole = unit.id === city.id && scope.all;
    return { root: unit, underRoot: !whole, org: unit, wholeProgramme: whole };
  }
  if (scope.all) return { root: city, underRoot: false, org: city, wholeProgramme: true };
  if (scope.subtreePaths.length === 1 && scope.unitIds.length === 0) {
    const own = await repo.unitByPath(deps.pool, scope.subtreePaths[0]!);
    if (own && UNION_KINDS.has(own.kind)) return { root: own, underRoot: true, org: own, wholeProgramme: false };
  }
  return { root: city, underRoot: false, org: null, wholeProgramme: false };
}

export async function loanDashboard(deps: AppDeps, ctx: ActorContext, q: LoanDashboardQuery): Promise<LoanDashboard> {
  if (!ctx.scope) throw new Error('the dashboard runs with a resolved scope');
  const scope = ctx.scope;
  const asOf = q.asOf ?? shanghaiDate(deps.clock());
  const programmeId = q.programmeId ?? null;
  const [vr, programme] = await Promise.all([viewRoot(deps, scope, q.orgId), repo.programmeTargets(deps.pool, programmeId)]);
  if (programmeId !== null && programme.n === 0) throw new AppError('NOT_FOUND', { fields: [{ path: 'programmeId', code: 'NOT_FOUND' }] });
  const view: repo.DashboardView = {
    scope,
    programmeId,
    root: { id: vr.root.id, path: vr.root.path, nlevel: vr.root.path.split('.').length },
    underRoot: vr.underRoot,
    asOf,
  };
  const months = lastTwelveMonths(asOf);
  const showTargets = vr.org !== null;
  const rollupView = await repo.readsRollups(deps.pool, view);
  const [figures, overdueRows, subsidies, fund, targetChildren] = await Promise.all([
    rollupView ? repo.fromRollups(deps.pool, rollupView, months[0]!) : repo.fromLoans(deps.pool, view, months[0]!),
    repo.overdueByChild(deps.pool, view),
    vr.wholeProgramme
      ? repo.subsidiesPaidByBatches(deps.pool, programmeId)
      : rollupView
        ? repo.subsidiesPaidFromRollups(deps.pool, rollupView)
        : repo.subsidiesPaidForLoans(deps.pool, view),
    vr.wholeProgramme ? repo.fundFromLedger(deps.pool, programmeId) : Promise.resolve(null),
    showTargets ? repo.childrenWithTargets(deps.pool, vr.root.id, programmeId) : Promise.resolve([] as number[]),
  ]);
  const { states, distinct, monthly, visits } = figures;

  // Totals from the rows that make up the view, and one set of figures per child unit.
  const total = emptyFigures();
  const perChild = new Map<number, Figures>();
  const child = (id: number) => perChild.get(id) ?? perChild.set(id, emptyFigures()).get(id)!;
  const byState = new Map<string, { count: number; amountFen: number }>();
  const buckets = overdueBuckets.map((bucket) => ({ bucket, count: 0, principalFen: 0 }));
  let liveCount = 0;
  let modelWorkerLoans = 0;
  for (const r of states) {
    if (r.child !== null) addStateRow(child(r.child), r);
    if (!r.total) continue;
    addStateRow(total, r);
    const s = byState.get(r.state) ?? { count: 0, amountFen: 0 };
    s.count += r.n;
    s.amountFen += Number(r.amount);
    byState.set(r.state, s);
    if (LIVE.has(r.state)) liveCount += r.n;
    if (LENT.has(r.state)) modelWorkerLoans += r.model_workers;
  }
  // Every loan past due is in the view (the same view, narrowed): a row per child (null: at the root) and bucket.
  for (const o of overdueRows) {
    const b = buckets[o.bucket - 1]!;
    b.count += o.n;
    b.principalFen += Number(o.fen);
    total.overdueCount += o.n;
    total.overduePrincipalFen += Number(o.fen);
    if (o.child !== null) {
      child(o.child).overdueCount += o.n;
      child(o.child).overduePrincipalFen += Number(o.fen);
    }
  }
  for (const d of distinct) {
    const f = d.total ? total : d.child !== null ? child(d.child) : null;
    if (!f) continue;
    f.enterprises = d.enterprises;
    f.entrepreneurs = d.entrepreneurs;
  }
  let visitsOverdue = 0;
  for (const v of visits) {
    if (v.total) {
      total.visitsDue += v.due;
      total.visitsDone += v.done;
      visitsOverdue += v.overdue;
    }
    if (v.child !== null) {
      child(v.child).visitsDue += v.due;
      child(v.child).visitsDone += v.done;
    }
  }
  for (const id of targetChildren) child(id);

  const childIds = [...perChild.keys()];
  const [units, childTargets, ownTarget] = await Promise.all([
    repo.unitsByIds(deps.pool, childIds),
    showTargets ? repo.targetsOf(deps.pool, programmeId, childIds) : Promise.resolve([] as repo.TargetRow[]),
    !showTargets || !vr.org
      ? Promise.resolve(null)
      : vr.org.id === vr.root.id && vr.org.kind === 'city_federation' && vr.org.parent_id === null
        ? Promise.resolve(targetOf(programme))
        : repo.targetsOf(deps.pool, programmeId, [vr.org.id]).then((rows) => targetOf(rows[0])),
  ]);
  const monthMap = new Map(monthly.map((m) => [m.month, m]));
  const lentFen = total.lentFen;

  return {
    asOf,
    programmeId,
    org: vr.org ? { id: vr.org.id, name: vr.org.name, shortName: vr.org.short_name } : null,
    ...total,
    states: loanStates.map((state: LoanState) => ({ state, count: byState.get(state)?.count ?? 0, amountFen: byState.get(state)?.amountFen ?? 0 })),
    modelWorkerLoans,
    fund: fund
      ? {
          fundFen: fund.capital,
          balanceFen: fund.cash,
          subsidiesPaidFen: fund.subsidiesPaid,
          claimsPaidFen: fund.claimsPaid,
          leverageBps: ratioBps(lentFen, fund.capital),
        }
      : null,
    overdue: {
      count: total.overdueCount,
      principalFen: total.overduePrincipalFen,
      rateBps: ratioBps(total.overduePrincipalFen, total.outstandingFen),
      countRateBps: ratioBps(total.overdueCount, liveCount),
      buckets,
    },
    subsidies: { paidFen: subsidies.premium + subsidies.interest, premiumPaidFen: subsidies.premium, interestPaidFen: subsidies.interest },
    visits: { due: total.visitsDue, done: total.visitsDone, overdue: visitsOverdue, doneRateBps: ratioBps(total.visitsDone, total.visitsDue) },
    targets: ownTarget,
    progress: progressOf(total, ownTarget),
    units: units.map((u) => {
      const f = perChild.get(u.id) ?? emptyFigures();
      const target = showTargets ? targetOf(childTargets.find((t) => t.org_id === u.id)) : null;
      return { orgId: u.id, orgName: u.name, shortName: u.short_name, ...f, target, progress: progressOf(f, target) };
    }),
    monthly: months.map((month) => ({ month, count: monthMap.get(month)?.n ?? 0, amountFen: Number(monthMap.get(month)?.amount ?? 0) })),
  };
}
