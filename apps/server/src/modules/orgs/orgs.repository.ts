import { and, eq, sql, type SQL } from 'drizzle-orm';
import { orgUnits, type DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { OrgListQuery } from '@tongxing/contracts';
import { likePattern, offsetOf } from '../../lib/pagination';
import type pg from 'pg';
import { scopeClause, scopeCondition } from '../../lib/scope-sql';

export type OrgRow = typeof orgUnits.$inferSelect;

export function orgScope(scope: Scope, table = orgUnits): SQL {
  return scopeCondition(scope, { path: table.path, orgId: table.id, owner: table.createdBy });
}

// Correlated subqueries name the outer row explicitly: drizzle leaves single-table columns unqualified.
const outerId = sql.raw('"org_units"."id"');
const aliasCols = (a: string) => ({ path: sql.raw(`${a}.path`), orgId: sql.raw(`${a}.id`), owner: sql.raw(`${a}.created_by`) });

function childCount(scope: Scope) {
  return sql<number>`(select count(*)::int from org_units c where c.parent_id = ${outerId} and ${scopeCondition(scope, aliasCols('c'))})`;
}

const LIST_COLUMNS = `o.id, o.parent_id, o.path::text as path, o.depth, o.kind, o.name, o.short_name, o.division_code,
  o.credit_code, o.contact_name, o.contact_phone, o.address, o.status, o.sort_order, o.created_by, o.created_at, o.updated_at`;

interface ListRow {
  id: number;
  parent_id: number | null;
  path: string;
  depth: number;
  kind: string;
  name: string;
  short_name: string | null;
  division_code: string | null;
  credit_code: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  address: string | null;
  status: string;
  sort_order: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  child_count: number;
  total: number;
}

/**
 * The scoped list: every tree page and search runs it, so it is hand-written SQL on the pool (no query
 * builder, no row mapping) — the hot path the `scoped-list` benchmark measures.
 */
export async function listOrgs(pool: pg.Pool, scope: Scope, q: OrgListQuery) {
  const params: unknown[] = [];
  const where: string[] = [scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, params)];
  if (q.parentId) {
    params.push(q.parentId);
    where.push(`o.parent_id = $${params.length}`);
  }
  if (q.subtreeOf) {
    params.push(q.subtreeOf);
    where.push(`o.path <@ (select p.path from org_units p where p.id = $${params.length})`);
  }
  if (q.roots === 'true') {
    // The top of what the caller may see: units whose parent is outside the scope (or that have none).
    where.push(`(o.parent_id is null or not exists (select 1 from org_units p where p.id = o.parent_id and ${scopeClause(scope, { path: 'p.path', orgId: 'p.id', owner: 'p.created_by' }, params)}))`);
  }
  if (q.q) {
    params.push(likePattern(q.q), q.q);
    const like = `$${params.length - 1}`;
    const exact = `$${params.length}`;
    where.push(`(o.name ilike ${like} or o.short_name ilike ${like} or o.credit_code = upper(${exact}) or o.division_code = ${exact})`);
  }
  if (q.kind) {
    params.push(Array.isArray(q.kind) ? q.kind : [q.kind]);
    where.push(`o.kind = any($${params.length}::varchar[])`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`o.status = $${params.length}`);
  }
  const whereParams = params.length;
  const childScope = scopeClause(scope, { path: 'c.path', orgId: 'c.id', owner: 'c.created_by' }, params);
  params.push(q.pageSize, offsetOf(q.page, q.pageSize));
  const text = `select ${LIST_COLUMNS},
      (select count(*)::int from org_units c where c.parent_id = o.id and ${childScope}) as child_count,
      count(*) over()::int as total
    from org_units o
   where ${where.join(' and ')}
   order by o.depth, o.sort_order, o.id
   limit $${params.length - 1} offset $${params.length}`;
  const res = await pool.query<ListRow>(text, params);
  let total = res.rows[0]?.total ?? 0;
  if (res.rows.length === 0 && q.page > 1) {
    const c = await pool.query<{ n: number }>(`select count(*)::int as n from org_units o where ${where.join(' and ')}`, params.slice(0, whereParams));
    total = c.rows[0]?.n ?? 0;
  }
  const rows: (OrgRow & { childCount: number })[] = res.rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    path: r.path,
    depth: r.depth,
    kind: r.kind,
    name: r.name,
    shortName: r.short_name,
    divisionCode: r.division_code,
    creditCode: r.credit_code,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    address: r.address,
    status: r.status,
    sortOrder: r.sort_order,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    childCount: r.child_count,
  }));
  return { rows, total };
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
