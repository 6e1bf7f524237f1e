import { parseRatePeriod, periodsOfMonth, rate, scopeCovers, unionKinds, type RatePeriod } from '@tongxing/domain';
import type { CardDashboard, CardDashboardQuery, CardRollupCheck, CardStats, CardStatsQuery, CardStatsRow } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import * as repo from './card-stats.repository';
import { checkCardRollups } from './rollup-check';

/**
 * 开卡率, 激活率 and 用卡率 for a union unit and its child units, from the rollups (see the repository).
 * Issued and activated are as of the period's last month (cards closed by then no longer count); used is the
 * number of cards with a qualifying purchase, not wholly refunded, in the period; members are the unit's
 * active members now (the member rollups keep no history).
 *
 * Who sees what: a cadre sees its own unit and anything below (`card:read` scope); a unit outside it is 404.
 * Rates are kept per union unit, not per bank: a bank officer (whose `card:read` covers the bank's own unit)
 * is refused with CARD_STATS_UNION_ONLY and follows its cards through the card module and its files instead.
 */
const UNION = new Set<string>(unionKinds);

export interface Resolved {
  unit: repo.UnitRow;
  period: RatePeriod;
  programme: repo.ProgrammeRow | null;
}

async function resolve(deps: AppDeps, ctx: ActorContext, q: { orgId?: number | undefined; period: string; programmeId?: number | undefined }): Promise<Resolved> {
  const period = parseRatePeriod(q.period);
  if (!period) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'period', code: 'period.format' }] });
  const unit = await repo.findUnit(deps.pool, q.orgId ?? ctx.actor.orgId);
  if (!unit || !ctx.scope || !scopeCovers(ctx.scope, { orgId: unit.id, orgPath: unit.path })) throw new AppError('NOT_FOUND');
  if (!UNION.has(unit.kind)) throw new AppError('CARD_STATS_UNION_ONLY');
  const programme = await repo.findProgramme(deps.pool, q.programmeId);
  if (q.programmeId !== undefined && !programme) throw new AppError('NOT_FOUND', { fields: [{ path: 'programmeId', code: 'NOT_FOUND' }] });
  return { unit, period, programme };
}

function row(unit: repo.UnitRow, flow: repo.FlowTotals | undefined, members: number, used: number, base: 'members' | 'collected'): CardStatsRow {
  const f = flow ?? { collected: 0, applied: 0, issued: 0, activated: 0 };
  return {
    orgId: unit.id,
    orgName: unit.name,
    members,
    collected: f.collected,
    issued: f.issued,
    activated: f.activated,
    used,
    issueRate: rate(f.issued, base === 'members' ? members : f.collected),
    activationRate: rate(f.activated, f.issued),
    usageRate: rate(used, f.activated),
  };
}

export async function cardStats(deps: AppDeps, ctx: ActorContext, q: CardStatsQuery): Promise<CardStats> {
  const { unit, period, programme } = await resolve(deps, ctx, q);
  const children = await repo.childUnions(deps.pool, unit.id, unionKinds);
  const units = [unit, ...children];
  const ids = units.map((u) => u.id);
  const base = programme?.issueRateBase ?? 'members';
  const members = await repo.activeMembers(deps.pool, ids);
  const flow = programme ? await repo.flowAsOf(deps.pool, ids, programme.id, period.toMonth) : new Map<number, repo.FlowTotals>();
  const used = programme ? await repo.usage(deps.pool, ids, programme.id, [period.code]) : new Map<string, number>();
  const rows = units.map((u) => row(u, flow.get(u.id), members.get(u.id) ?? 0, used.get(`${u.id}/${period.code}`) ?? 0, base));
  return { ...rows[0]!, period: period.code, issueRateBase: base, children: rows.slice(1) };
}

const monthCode = (m: number) => periodsOfMonth(m)[0];
const addMonth = (m: number, k: number) => {
  const total = Math.floor(m / 100) * 12 + (m % 100) - 1 + k;
  return Math.floor(total / 12) * 100 + (total % 12) + 1;
};
const lastDay = (m: number) => new Date(Date.UTC(Math.floor(m / 100), m % 100, 0)).toISOString().slice(0, 10);

export async function cardDashboard(deps: AppDeps, ctx: ActorContext, q: CardDashboardQuery): Promise<CardDashboard> {
  const { unit, period, programme } = await resolve(deps, ctx, q);
  const children = await repo.childUnions(deps.pool, unit.id, unionKinds);
  const units = [unit, ...children];
  const ids = units.map((u) => u.id);
  const months = Array.from({ length: 12 }, (_, i) => addMonth(period.toMonth, i - 11));

  // Funnel per unit as of the period's end.
  const flow = programme ? await repo.flowAsOf(deps.pool, ids, programme.id, period.toMonth) : new Map<number, repo.FlowTotals>();
  const funnel = units.map((u) => ({ orgId: u.id, orgName: u.name, collected: 0, applied: 0, issued: 0, activated: 0, ...flow.get(u.id) }));

  // Rates month by month: running sums of the unit's monthly funnel rows, usage per month code.
  const rates: CardDashboard['rates'] = [];
  if (programme) {
    const monthly = await repo.flowMonths(deps.pool, unit.id, programme.id, period.toMonth);
    const used = await repo.usage(deps.pool, [unit.id], programme.id, months.map(monthCode));
    const members = (await repo.activeMembers(deps.pool, [unit.id])).get(unit.id) ?? 0;
    const acc = { collected: 0, issued: 0, activated: 0 };
    let i = 0;
    for (const m of months) {
      for (; i < monthly.length && monthly[i]!.month <= m; i++) {
        acc.collected += monthly[i]!.collected;
        acc.issued += monthly[i]!.issued;
        acc.activated += monthly[i]!.activated;
      }
      const u = used.get(`${unit.id}/${monthCode(m)}`) ?? 0;
      rates.push({
        month: monthCode(m),
        issued: acc.issued,
        activated: acc.activated,
        used: u,
        issueRate: rate(acc.issued, programme.issueRateBase === 'members' ? members : acc.collected),
        activationRate: rate(acc.activated, acc.issued),
        usageRate: rate(u, acc.activated),
      });
    }
  }

  // New merchants against the signing quota of the period in force at the period's end (or the one asked for).
  const quotaPeriod = await repo.findQuotaPeriod(deps.pool, q.quotaPeriodId, lastDay(period.toMonth));
  if (q.quotaPeriodId !== undefined && !quotaPeriod) throw new AppError('NOT_FOUND', { fields: [{ path: 'quotaPeriodId', code: 'NOT_FOUND' }] });
  let quotaRows: CardDashboard['merchantQuota']['rows'] = [];
  if (quotaPeriod) {
    const quota = await repo.quotas(deps.pool, quotaPeriod.id, ids);
    const signed = await repo.merchantsSigned(deps.pool, units, quotaPeriod.startsOn, quotaPeriod.endsOn);
    quotaRows = units.map((u) => ({ orgId: u.id, orgName: u.name, quota: quota.get(u.id) ?? null, signed: signed.get(u.id) ?? 0 }));
  }

  // Subsidy by month and top categories: merchants' month totals under the unit.
  const mm = await repo.merchantMonths(deps.pool, unit.path, months[0]!, months[11]!);
  const byMonth = new Map(months.map((m) => [m, { month: monthCode(m), purchases: 0, refunds: 0, amountFen: 0, subsidyFen: 0 }]));
  const byCategory = new Map<string, { category: string; transactions: number; amountFen: number; subsidyFen: number }>();
  for (const r of mm) {
    const m = byMonth.get(r.month)!;
    m.purchases += r.purchases;
    m.refunds += r.refunds;
    m.amountFen += Number(r.amount_fen);
    m.subsidyFen += Number(r.subsidy_fen);
    const c = byCategory.get(r.category) ?? { category: r.category, transactions: 0, amountFen: 0, subsidyFen: 0 };
    c.transactions += r.purchases;
    c.amountFen += Number(r.amount_fen);
    c.subsidyFen += Number(r.subsidy_fen);
    byCategory.set(r.category, c);
  }
  const topCategories = [...byCategory.values()].sort((a, b) => b.transactions - a.transactions || b.subsidyFen - a.subsidyFen || a.category.localeCompare(b.category));

  return {
    orgId: unit.id,
    orgName: unit.name,
    period: period.code,
    programmeId: programme?.id ?? null,
    funnel,
    rates,
    merchantQuota: { period: quotaPeriod, rows: quotaRows },
    subsidyByMonth: [...byMonth.values()],
    topCategories,
  };
}

/** The recomputation check, for the city: every rollup against the raw tables. */
export async function checkRollups(deps: AppDeps, ctx: ActorContext): Promise<CardRollupCheck> {
  if (!ctx.scope?.all) throw new AppError('FORBIDDEN', { params: { permission: 'card:configure' } });
  const differences = await checkCardRollups(deps.pool);
  return { ok: differences.length === 0, checkedAt: deps.clock().toISOString(), differences };
}
