import type pg from 'pg';

/**
 * Rates and dashboards read rollups only: a unit's row per month in `org_card_flow`, its row per period in
 * `org_card_usage`, its member counts in `org_member_rollups`, merchants' months in `merchant_month_totals`
 * (all primary-key lookups for a unit and its children), and the small merchant and quota tables. No query
 * here reads `cards` or `card_transactions`.
 */
type Q = pg.Pool | pg.PoolClient;

export interface UnitRow {
  id: number;
  name: string;
  path: string;
  kind: string;
}

export async function findUnit(q: Q, id: number): Promise<UnitRow | null> {
  const res = await q.query<UnitRow>('select id, name, path::text as path, kind from org_units where id = $1', [id]);
  return res.rows[0] ?? null;
}

/** The unit's child union units (active), by name's order as the tree shows them. */
export async function childUnions(q: Q, parentId: number, unionKinds: readonly string[]): Promise<UnitRow[]> {
  const res = await q.query<UnitRow>(
    `select id, name, path::text as path, kind from org_units where parent_id = $1 and status = 'active' and kind = any($2::text[]) order by sort_order nulls last, id`,
    [parentId, unionKinds],
  );
  return res.rows;
}

export interface ProgrammeRow {
  id: number;
  issueRateBase: 'members' | 'collected';
}

/** The programme asked for, or the first active one (the city usually runs one card). */
export async function findProgramme(q: Q, id: number | undefined): Promise<ProgrammeRow | null> {
  const res = await q.query<{ id: number; issue_rate_base: 'members' | 'collected' }>(
    id === undefined
      ? `select id, issue_rate_base from card_programmes order by (status = 'active') desc, id limit 1`
      : 'select id, issue_rate_base from card_programmes where id = $1',
    id === undefined ? [] : [id],
  );
  const r = res.rows[0];
  return r ? { id: r.id, issueRateBase: r.issue_rate_base } : null;
}

export interface FlowTotals {
  collected: number;
  applied: number;
  issued: number;
  activated: number;
}

/** Funnel as of a month's end for each unit: the sum of its monthly rows up to that month. */
export async function flowAsOf(q: Q, orgIds: number[], programmeId: number, toMonth: number): Promise<Map<number, FlowTotals>> {
  const res = await q.query<{ org_id: number; collected: number; applied: number; issued: number; activated: number }>(
    `select org_id, sum(collected)::int as collected, sum(applied)::int as applied, sum(issued)::int as issued, sum(activated)::int as activated
       from org_card_flow where org_id = any($1::int[]) and programme_id = $2 and month <= $3 group by org_id`,
    [orgIds, programmeId, toMonth],
  );
  return new Map(res.rows.map((r) => [r.org_id, { collected: r.collected, applied: r.applied, issued: r.issued, activated: r.activated }]));
}

/** One unit's monthly funnel rows (net changes), oldest first. */
export async function flowMonths(q: Q, orgId: number, programmeId: number, toMonth: number): Promise<(FlowTotals & { month: number })[]> {
  const res = await q.query<FlowTotals & { month: number }>(
    `select month, collected, applied, issued, activated from org_card_flow where org_id = $1 and programme_id = $2 and month <= $3 order by month`,
    [orgId, programmeId, toMonth],
  );
  return res.rows;
}

export async function usage(q: Q, orgIds: number[], programmeId: number, periods: string[]): Promise<Map<string, number>> {
  const res = await q.query<{ org_id: number; period: string; used: number }>(
    'select org_id, period, used from org_card_usage where org_id = any($1::int[]) and programme_id = $2 and period = any($3::text[])',
    [orgIds, programmeId, periods],
  );
  return new Map(res.rows.map((r) => [`${r.org_id}/${r.period}`, r.used]));
}

/** Active members in each unit's subtree. */
export async function activeMembers(q: Q, orgIds: number[]): Promise<Map<number, number>> {
  const res = await q.query<{ org_id: number; n: number }>(
    `select org_id, sum(n)::int as n from org_member_rollups where org_id = any($1::int[]) and status = 'active' group by org_id`,
    [orgIds],
  );
  return new Map(res.rows.map((r) => [r.org_id, r.n]));
}

export interface QuotaPeriodRow {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** The quota period asked for, or the latest one that has started by `asOf`. */
export async function findQuotaPeriod(q: Q, id: number | undefined, asOf: string): Promise<QuotaPeriodRow | null> {
  const res = await q.query<{ id: number; name: string; starts_on: string; ends_on: string }>(
    id === undefined
      ? `select id, name, starts_on::text, ends_on::text from merchant_quota_periods where starts_on <= $1 order by starts_on desc, id desc limit 1`
      : 'select id, name, starts_on::text, ends_on::text from merchant_quota_periods where id = $1',
    [id ?? asOf],
  );
  const r = res.rows[0];
  return r ? { id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on } : null;
}

export async function quotas(q: Q, periodId: number, orgIds: number[]): Promise<Map<number, number>> {
  const res = await q.query<{ org_id: number; quota: number }>('select org_id, quota from merchant_quotas where period_id = $1 and org_id = any($2::int[])', [periodId, orgIds]);
  return new Map(res.rows.map((r) => [r.org_id, r.quota]));
}

/** Merchants that became active within [from, to] under each unit (by the supervising unit's path). */
export async function merchantsSigned(q: Q, units: UnitRow[], from: string, to: string): Promise<Map<number, number>> {
  const res = await q.query<{ org_id: number; n: number }>(
    `select u.id as org_id, count(m.id)::int as n
       from unnest($1::int[], $2::ltree[]) u(id, path)
       left join merchants m on m.supervisor_path <@ u.path and m.activated_on between $3 and $4
      group by u.id`,
    [units.map((u) => u.id), units.map((u) => u.path), from, to],
  );
  return new Map(res.rows.map((r) => [r.org_id, r.n]));
}

export interface MerchantMonthRow {
  month: number;
  category: string;
  purchases: number;
  refunds: number;
  amount_fen: string;
  subsidy_fen: string;
}

/** Merchants' month totals under a unit (by supervising path), per month and category. */
export async function merchantMonths(q: Q, path: string, fromMonth: number, toMonth: number): Promise<MerchantMonthRow[]> {
  const res = await q.query<MerchantMonthRow>(
    `select t.month, m.category, sum(t.purchases)::int as purchases, sum(t.refunds)::int as refunds, sum(t.amount_fen)::bigint as amount_fen, sum(t.subsidy_fen)::bigint as subsidy_fen
       from merchants m join merchant_month_totals t on t.merchant_id = m.id and t.month between $2 and $3
      where m.supervisor_path <@ $1::ltree
      group by 1, 2`,
    [path, fromMonth, toMonth],
  );
  return res.rows;
}
