import type pg from 'pg';
import type { Scope } from '@tongxing/domain';
import type { MemberCounts } from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { scopeClause } from '../../lib/scope-sql';

/**
 * Member counts of a unit's subtree and of each of its children's subtrees, read from the subtree rollups
 * the triggers keep (`org_member_rollups`): a few rows per unit, whatever the size of the subtree.
 */
export async function memberCounts(pool: pg.Pool, scope: Scope, orgId: number): Promise<MemberCounts> {
  const params: unknown[] = [orgId];
  const scopeText = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, params);
  const target = await pool.query<{ id: number; name: string; kind: string }>(
    `select o.id, o.name, o.kind from org_units o where o.id = $1 and ${scopeText}`,
    params,
  );
  const t = target.rows[0];
  if (!t) throw new AppError('NOT_FOUND');
  const childParams: unknown[] = [orgId];
  const childScope = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, childParams);
  const [own, children] = await Promise.all([
    pool.query<{ status: string; category: string; model_worker: boolean; n: number }>(
      `select status, category, model_worker, n from org_member_rollups where org_id = $1 and n <> 0`,
      [orgId],
    ),
    pool.query<{ id: number; name: string; kind: string; members: number; model_workers: number }>(
      `select o.id, o.name, o.kind,
              coalesce(sum(r.n) filter (where r.status = 'active'), 0)::int as members,
              coalesce(sum(r.n) filter (where r.status = 'active' and r.model_worker), 0)::int as model_workers
         from org_units o left join org_member_rollups r on r.org_id = o.id
        where o.parent_id = $1 and ${childScope}
        group by o.id order by min(o.sort_order), o.id`,
      childParams,
    ),
  ]);
  const result: MemberCounts = { orgId: t.id, name: t.name, kind: t.kind, members: 0, modelWorkers: 0, byCategory: {}, byStatus: {}, children: [] };
  for (const r of own.rows) {
    result.byStatus[r.status] = (result.byStatus[r.status] ?? 0) + r.n;
    if (r.status !== 'active') continue;
    result.members += r.n;
    if (r.model_worker) result.modelWorkers += r.n;
    result.byCategory[r.category] = (result.byCategory[r.category] ?? 0) + r.n;
  }
  result.children = children.rows.map((c) => ({ orgId: c.id, name: c.name, kind: c.kind, members: c.members, modelWorkers: c.model_workers }));
  return result;
}
