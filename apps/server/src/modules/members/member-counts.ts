import type pg from 'pg';
import type { Scope } from '@tongxing/domain';
import type { MemberCounts } from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { scopeClause } from '../../lib/scope-sql';

/**
 * Member counts of a unit's subtree and of each of its children's subtrees, from the per-unit counts the
 * triggers keep (never from the member rows): one pass over the subtree's count rows, grouped by the
 * child each unit falls under.
 */
export async function memberCounts(pool: pg.Pool, scope: Scope, orgId: number): Promise<MemberCounts> {
  const params: unknown[] = [orgId];
  const scopeText = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, params);
  const target = await pool.query<{ id: number; name: string; kind: string; path: string }>(
    `select o.id, o.name, o.kind, o.path::text as path from org_units o where o.id = $1 and ${scopeText}`,
    params,
  );
  const t = target.rows[0];
  if (!t) throw new AppError('NOT_FOUND');
  const level = t.path.split('.').length;
  const rows = await pool.query<{ child_path: string | null; status: string; category: string; model_worker: boolean; n: number }>(
    `select case when nlevel(o.path) > $2 then subpath(o.path, 0, $2 + 1)::text end as child_path,
            c.status, c.category, c.model_worker, sum(c.n)::int as n
       from org_member_counts c join org_units o on o.id = c.org_id
      where o.path <@ $1::ltree and c.n <> 0
      group by 1, 2, 3, 4`,
    [t.path, level],
  );
  const childParams: unknown[] = [orgId];
  const childScope = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, childParams);
  const children = await pool.query<{ id: number; name: string; kind: string; path: string }>(
    `select o.id, o.name, o.kind, o.path::text as path from org_units o where o.parent_id = $1 and ${childScope} order by o.sort_order, o.id`,
    childParams,
  );
  const byChild = new Map<string, { members: number; modelWorkers: number }>();
  const result: MemberCounts = { orgId: t.id, name: t.name, kind: t.kind, members: 0, modelWorkers: 0, byCategory: {}, byStatus: {}, children: [] };
  for (const r of rows.rows) {
    result.byStatus[r.status] = (result.byStatus[r.status] ?? 0) + r.n;
    if (r.status !== 'active') continue;
    result.members += r.n;
    if (r.model_worker) result.modelWorkers += r.n;
    result.byCategory[r.category] = (result.byCategory[r.category] ?? 0) + r.n;
    if (r.child_path) {
      const c = byChild.get(r.child_path) ?? { members: 0, modelWorkers: 0 };
      c.members += r.n;
      if (r.model_worker) c.modelWorkers += r.n;
      byChild.set(r.child_path, c);
    }
  }
  result.children = children.rows.map((c) => ({ orgId: c.id, name: c.name, kind: c.kind, ...(byChild.get(c.path) ?? { members: 0, modelWorkers: 0 }) }));
  return result;
}
