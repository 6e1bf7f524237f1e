import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { orgUnits, type DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { OrgListQuery } from '@tongxing/contracts';
import { likePattern, offsetOf } from '../../lib/pagination';
import { scopeCondition } from '../../lib/scope-sql';

export type OrgRow = typeof orgUnits.$inferSelect;

export function orgScope(scope: Scope, table = orgUnits): SQL {
  return scopeCondition(scope, { path: table.path, orgId: table.id, owner: table.createdBy });
}

// Correlated subqueries name the outer row explicitly: drizzle leaves single-table columns unqualified.
const outerId = sql.raw('"org_units"."id"');
const outerParentId = sql.raw('"org_units"."parent_id"');
const aliasCols = (a: string) => ({ path: sql.raw(`${a}.path`), orgId: sql.raw(`${a}.id`), owner: sql.raw(`${a}.created_by`) });

function childCount(scope: Scope) {
  return sql<number>`(select count(*)::int from org_units c where c.parent_id = ${outerId} and ${scopeCondition(scope, aliasCols('c'))})`;
}

export async function listOrgs(db: DbOrTx, scope: Scope, q: OrgListQuery) {
  const where: SQL[] = [orgScope(scope)];
  if (q.parentId) where.push(eq(orgUnits.parentId, q.parentId));
  if (q.subtreeOf) {
    where.push(sql`${orgUnits.path} <@ (select p.path from ${orgUnits} p where p.id = ${q.subtreeOf})`);
  }
  if (q.roots === 'true') {
    // The top of what the caller may see: units whose parent is outside the scope (or that have none).
    where.push(
      sql`(${outerParentId} is null or not exists (select 1 from org_units p where p.id = ${outerParentId} and ${scopeCondition(scope, aliasCols('p'))}))`,
    );
  }
  if (q.q) {
    const pattern = likePattern(q.q);
    where.push(
      sql`(${orgUnits.name} ilike ${pattern} or ${orgUnits.shortName} ilike ${pattern} or ${orgUnits.creditCode} = upper(${q.q}) or ${orgUnits.divisionCode} = ${q.q})`,
    );
  }
  if (q.kind) {
    const kinds = Array.isArray(q.kind) ? q.kind : [q.kind];
    where.push(sql`${orgUnits.kind} = any(${sql.param(kinds)}::varchar[])`);
  }
  if (q.status) where.push(eq(orgUnits.status, q.status));

  const rows = await db
    .select({ org: orgUnits, childCount: childCount(scope), total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(orgUnits)
    .where(and(...where))
    .orderBy(asc(orgUnits.depth), asc(orgUnits.sortOrder), asc(orgUnits.id))
    .limit(q.pageSize)
    .offset(offsetOf(q.page, q.pageSize));
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(orgUnits).where(and(...where));
    total = c?.n ?? 0;
  }
  return { rows: rows.map((r) => ({ ...r.org, childCount: r.childCount })), total };
}

export async function findOrg(db: DbOrTx, scope: Scope, id: number, opts: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ org: orgUnits, childCount: childCount(scope) })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), orgScope(scope)));
  const rows = opts.forUpdate ? await query.for('update', { of: orgUnits }) : await query;
  const r = rows[0];
  return r ? { ...r.org, childCount: r.childCount } : null;
}

export async function nextOrgId(db: DbOrTx): Promise<number> {
  const res = await db.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`);
  return Number(res.rows[0]!.id);
}

export async function insertOrg(db: DbOrTx, values: typeof orgUnits.$inferInsert) {
  const [row] = await db.insert(orgUnits).values(values).returning();
  return row!;
}

export async function updateOrg(db: DbOrTx, id: number, values: Partial<typeof orgUnits.$inferInsert>) {
  const [row] = await db.update(orgUnits).set(values).where(eq(orgUnits.id, id)).returning();
  return row!;
}

/** Re-roots a whole subtree under a new parent path, in one statement. */
export async function moveSubtree(db: DbOrTx, oldPath: string, newParentPath: string) {
  await db.execute(sql`
    update ${orgUnits}
       set path = ${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1),
           depth = nlevel(${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1)) - 1
     where path <@ ${oldPath}::ltree`);
}

export async function countOrgs(db: DbOrTx, scope: Scope, subtreeOf?: number) {
  const where: SQL[] = [orgScope(scope)];
  if (subtreeOf) where.push(sql`${orgUnits.path} <@ (select p.path from ${orgUnits} p where p.id = ${subtreeOf})`);
  return db
    .select({ kind: orgUnits.kind, status: orgUnits.status, n: sql<number>`count(*)::int` })
    .from(orgUnits)
    .where(and(...where))
    .groupBy(orgUnits.kind, orgUnits.status);
}

/** Lifts a subtree to the top of the tree (partners only). */
export async function moveSubtreeToRoot(db: DbOrTx, oldPath: string) {
  await db.execute(sql`
    update ${orgUnits}
       set path = subpath(path, nlevel(${oldPath}::ltree) - 1),
           depth = nlevel(path) - nlevel(${oldPath}::ltree)
     where path <@ ${oldPath}::ltree`);
}

export async function countActiveChildren(db: DbOrTx, id: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, id), eq(orgUnits.status, 'active')));
  return r?.n ?? 0;
}

export async function cityRootExists(db: DbOrTx): Promise<boolean> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(orgUnits).where(eq(orgUnits.kind, 'city_federation'));
  return (r?.n ?? 0) > 0;
}

export async function deleteOrg(db: DbOrTx, id: number) {
  await db.delete(orgUnits).where(eq(orgUnits.id, id));
}

export async function lockTree(db: DbOrTx) {
  // Moves are rare; one at a time keeps two crossing moves from building a cycle.
  await db.execute(sql`select pg_advisory_xact_lock(7423010)`);
}
