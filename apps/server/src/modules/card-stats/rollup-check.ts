import type pg from 'pg';

/**
 * The rate rollups checked against the raw tables: the funnel (`org_card_flow`) recomputed from every card's
 * dates, usage (`org_card_usage`) from the qualifying purchases less the refunds that complete them, and the
 * merchants' months (`merchant_month_totals`) from the transactions.
 * Returns the rows that differ (none when the rollups are right); zero rows count as absent on both sides.
 */
export interface RollupDifference {
  table: 'org_card_flow' | 'org_card_usage' | 'merchant_month_totals';
  key: string;
  stored: string;
  recomputed: string;
}

const FLOW_SQL = `
with recomputed as (
  select a::int as org_id, c.programme_id, f.month,
         sum(f.collected)::int as collected, sum(f.applied)::int as applied, sum(f.issued)::int as issued, sum(f.activated)::int as activated
    from cards c
   cross join lateral card_flow_contrib(c.created_at, c.applied_at, c.issued_on, c.activated_on, c.closed_at) f
   cross join lateral unnest(string_to_array(c.org_path::text, '.')) a
   group by 1, 2, 3
), stored as (
  select org_id, programme_id, month, collected, applied, issued, activated from org_card_flow
   where collected <> 0 or applied <> 0 or issued <> 0 or activated <> 0
), r as (
  select * from recomputed where collected <> 0 or applied <> 0 or issued <> 0 or activated <> 0
)
select coalesce(s.org_id, r.org_id) || '/' || coalesce(s.programme_id, r.programme_id) || '/' || coalesce(s.month, r.month) as key,
       coalesce(concat_ws(',', s.collected, s.applied, s.issued, s.activated), '') as stored,
       coalesce(concat_ws(',', r.collected, r.applied, r.issued, r.activated), '') as recomputed
  from stored s full join r on r.org_id = s.org_id and r.programme_id = s.programme_id and r.month = s.month
 where (s.collected, s.applied, s.issued, s.activated) is distinct from (r.collected, r.applied, r.issued, r.activated)
 order by 1
 limit 100`;

const USAGE_SQL = `
with marks as (
  select t.card_id, p.period, sum(case when t.kind = 'purchase' then 1 else -1 end) as n
    from card_transactions t
    left join card_transactions o on t.kind = 'refund' and o.id = t.refund_of_id
   cross join lateral unnest(card_periods(case when t.kind = 'purchase' then t.month else o.month end)) as p(period)
   where t.qualifying
   group by 1, 2
), recomputed as (
  select a::int as org_id, c.programme_id, m.period, count(*)::int as used
    from marks m join cards c on c.id = m.card_id
   cross join lateral unnest(string_to_array(c.org_path::text, '.')) a
   where m.n > 0
   group by 1, 2, 3
), stored as (
  select org_id, programme_id, period, used from org_card_usage where used <> 0
)
select coalesce(s.org_id, r.org_id) || '/' || coalesce(s.programme_id, r.programme_id) || '/' || coalesce(s.period, r.period) as key,
       coalesce(s.used::text, '') as stored, coalesce(r.used::text, '') as recomputed
  from stored s full join recomputed r on r.org_id = s.org_id and r.programme_id = s.programme_id and r.period = s.period
 where s.used is distinct from r.used
 order by 1
 limit 100`;

const MERCHANT_SQL = `
with recomputed as (
  select merchant_id, month, count(*) filter (where kind = 'purchase')::int as purchases, count(*) filter (where kind = 'refund')::int as refunds,
         sum(case when kind = 'purchase' then amount_fen else -amount_fen end)::bigint as amount_fen, sum(subsidy_fen)::bigint as subsidy_fen
    from card_transactions group by 1, 2
), stored as (
  select merchant_id, month, purchases, refunds, amount_fen, subsidy_fen from merchant_month_totals
   where purchases <> 0 or refunds <> 0 or amount_fen <> 0 or subsidy_fen <> 0
)
select coalesce(s.merchant_id, r.merchant_id) || '/' || coalesce(s.month, r.month) as key,
       coalesce(concat_ws(',', s.purchases, s.refunds, s.amount_fen, s.subsidy_fen), '') as stored,
       coalesce(concat_ws(',', r.purchases, r.refunds, r.amount_fen, r.subsidy_fen), '') as recomputed
  from stored s full join recomputed r on r.merchant_id = s.merchant_id and r.month = s.month
 where (s.purchases, s.refunds, s.amount_fen, s.subsidy_fen) is distinct from (r.purchases, r.refunds, r.amount_fen, r.subsidy_fen)
 order by 1
 limit 100`;

export async function checkCardRollups(pool: pg.Pool | pg.PoolClient): Promise<RollupDifference[]> {
  const flow = await pool.query<{ key: string; stored: string; recomputed: string }>(FLOW_SQL);
  const usage = await pool.query<{ key: string; stored: string; recomputed: string }>(USAGE_SQL);
  const merchant = await pool.query<{ key: string; stored: string; recomputed: string }>(MERCHANT_SQL);
  return [
    ...flow.rows.map((r) => ({ table: 'org_card_flow' as const, ...r })),
    ...usage.rows.map((r) => ({ table: 'org_card_usage' as const, ...r })),
    ...merchant.rows.map((r) => ({ table: 'merchant_month_totals' as const, ...r })),
  ];
}
