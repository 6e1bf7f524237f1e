import type pg from 'pg';

/**
 * The figures of GET /card-stats computed the plain way, straight from the raw tables (cards, transactions,
 * members) with no rollup: the baseline the rollups are measured against, and the exactness check of the
 * app's answers. Per unit: the unit's whole subtree, and each child unit's subtree.
 *
 * - funnel as of the period's last month, as `org_card_flow` counts it: a card counts at a stage from the
 *   month it reached it, and leaves every stage it reached in the month it closed (lost, cancelled);
 * - used: cards with more qualifying purchases in the period than refunds completing such a purchase
 *   (a refund counts in its purchase's period);
 * - members: active members in the subtree.
 */
export interface PlainFigures {
  members: number;
  collected: number;
  issued: number;
  activated: number;
  used: number;
}

const FUNNEL_SQL = `
select case when nlevel(c.org_path) > $2 then subpath(c.org_path, $2, 1)::text::int end as child,
       (count(*) filter (where card_month(c.created_at) <= $3) - count(*) filter (where card_month(c.closed_at) <= $3))::int as collected,
       (count(*) filter (where to_char(c.issued_on, 'YYYYMM')::int <= $3)
        - count(*) filter (where c.issued_on is not null and card_month(c.closed_at) <= $3))::int as issued,
       (count(*) filter (where to_char(c.activated_on, 'YYYYMM')::int <= $3)
        - count(*) filter (where c.activated_on is not null and card_month(c.closed_at) <= $3))::int as activated
  from cards c
 where c.org_path <@ $1::ltree and c.programme_id = $4
 group by 1`;

const USED_SQL = `
with marks as (
  select card_id, sum(d) as n from (
    select t.card_id, 1 as d from card_transactions t
     where t.kind = 'purchase' and t.qualifying and t.month between $5 and $3
    union all
    select t.card_id, -1 from card_transactions t join card_transactions o on o.id = t.refund_of_id
     where t.kind = 'refund' and t.qualifying and o.month between $5 and $3
  ) x
  group by card_id
  having sum(d) > 0
)
select case when nlevel(c.org_path) > $2 then subpath(c.org_path, $2, 1)::text::int end as child, count(*)::int as used
  from marks m join cards c on c.id = m.card_id
 where c.org_path <@ $1::ltree and c.programme_id = $4
 group by 1`;

const MEMBERS_SQL = `
select case when nlevel(org_path) > $2 then subpath(org_path, $2, 1)::text::int end as child, count(*)::int as members
  from members where org_path <@ $1::ltree and status = 'active'
 group by 1`;

export interface PlainQuery {
  unitPath: string;
  programmeId: number;
  fromMonth: number;
  toMonth: number;
}

/** The unit's figures (key 0) and each child's (key: the child's org id), from three plain aggregates. */
export async function plainCardStats(q: pg.ClientBase | pg.Pool, p: PlainQuery): Promise<Map<number, PlainFigures>> {
  const depth = p.unitPath.split('.').length;
  const funnel = await q.query<{ child: number | null; collected: number; issued: number; activated: number }>(FUNNEL_SQL, [p.unitPath, depth, p.toMonth, p.programmeId]);
  const used = await q.query<{ child: number | null; used: number }>(USED_SQL, [p.unitPath, depth, p.toMonth, p.programmeId, p.fromMonth]);
  const members = await q.query<{ child: number | null; members: number }>(MEMBERS_SQL, [p.unitPath, depth]);
  const out = new Map<number, PlainFigures>();
  const at = (key: number) => {
    let f = out.get(key);
    if (!f) out.set(key, (f = { members: 0, collected: 0, issued: 0, activated: 0, used: 0 }));
    return f;
  };
  const add = (child: number | null, part: Partial<PlainFigures>) => {
    for (const key of child === null ? [0] : [0, child]) {
      const f = at(key);
      for (const [k, v] of Object.entries(part) as [keyof PlainFigures, number][]) f[k] += v;
    }
  };
  for (const r of funnel.rows) add(r.child, { collected: r.collected, issued: r.issued, activated: r.activated });
  for (const r of used.rows) add(r.child, { used: r.used });
  for (const r of members.rows) add(r.child, { members: r.members });
  return out;
}
