import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { joinApplications, orgUnits, users, type DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { JoinApplicationListQuery } from '@tongxing/contracts';
import { likePattern, offsetOf } from '../../lib/pagination';
import { scopeClause, scopeCondition } from '../../lib/scope-sql';

export type ApplicationRow = typeof joinApplications.$inferSelect;

/** The optional facts kept in `details`: none of them a personal number. */
export interface ApplicationDetails {
  gender?: 'M' | 'F' | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  politicalStatus?: string | null;
  education?: string | null;
  category?: string | null;
}

/** Any unit by id, unscoped: the public form may name any union of the city. */
export async function orgById(db: DbOrTx, id: number) {
  const rows = await db
    .select({ id: orgUnits.id, kind: orgUnits.kind, status: orgUnits.status, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  return rows[0] ?? null;
}

export async function findPendingByIdHash(db: DbOrTx, idHash: string) {
  const rows = await db
    .select({ id: joinApplications.id })
    .from(joinApplications)
    .where(and(eq(joinApplications.idHash, idHash), eq(joinApplications.status, 'pending')))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertApplication(db: DbOrTx, values: typeof joinApplications.$inferInsert) {
  const [row] = await db.insert(joinApplications).values(values).returning({ id: joinApplications.id, reference: joinApplications.reference });
  return row!;
}

export async function findByReference(db: DbOrTx, reference: string) {
  const rows = await db
    .select({ app: joinApplications, orgName: orgUnits.name })
    .from(joinApplications)
    .innerJoin(orgUnits, eq(orgUnits.id, joinApplications.orgId))
    .where(eq(joinApplications.reference, reference));
  return rows[0] ?? null;
}

/** One application, only when its unit lies in the scope (otherwise null, like a missing one). */
export async function findForStaff(db: DbOrTx, scope: Scope, id: number, opts: { forUpdate?: boolean } = {}) {
  const q = db
    .select({
      app: joinApplications,
      orgName: orgUnits.name,
      orgKind: orgUnits.kind,
      orgStatus: orgUnits.status,
      decidedByName: sql<string | null>`(select u.display_name from ${users} u where u.id = ${joinApplications.decidedBy})`,
    })
    .from(joinApplications)
    .innerJoin(orgUnits, eq(orgUnits.id, joinApplications.orgId))
    .where(and(eq(joinApplications.id, id), scopeCondition(scope, { path: orgUnits.path, orgId: orgUnits.id })));
  const rows = opts.forUpdate ? await q.for('update', { of: joinApplications }) : await q;
  return rows[0] ?? null;
}

export async function updateApplication(db: DbOrTx, id: number, values: Partial<typeof joinApplications.$inferInsert>) {
  await db.update(joinApplications).set(values).where(eq(joinApplications.id, id));
}

export interface ListRow {
  id: number;
  reference: string;
  name: string;
  id_type: string;
  id_enc: Buffer;
  phone_enc: Buffer;
  employer: string;
  org_id: number;
  org_name: string;
  status: string;
  created_at: Date;
  decided_at: Date | null;
}

/** The scoped list for the cadres: filter by status, unit subtree, and name (or a reference). */
export async function listApplications(pool: pg.Pool, scope: Scope, q: JoinApplicationListQuery) {
  const params: unknown[] = [];
  const where = [scopeClause(scope, { path: 'o.path', orgId: 'o.id' }, params)];
  if (q.status) {
    params.push(q.status);
    where.push(`a.status = $${params.length}`);
  }
  if (q.orgId) {
    params.push(q.orgId);
    where.push(`o.path <@ (select p.path from org_units p where p.id = $${params.length})`);
  }
  if (q.q) {
    params.push(likePattern(q.q));
    const like = params.length;
    params.push(q.q.toUpperCase());
    where.push(`(a.name ilike $${like} or a.reference = $${params.length})`);
  }
  const whereText = where.join(' and ');
  const from = 'from join_applications a join org_units o on o.id = a.org_id';
  const total = await pool.query<{ n: number }>(`select count(*)::int as n ${from} where ${whereText}`, params);
  const listParams = [...params, q.pageSize, offsetOf(q.page, q.pageSize)];
  const rows = await pool.query<ListRow>(
    `select a.id, a.reference, a.name, a.id_type, a.id_enc, a.phone_enc, a.employer, a.org_id, o.name as org_name,
            a.status, a.created_at, a.decided_at
       ${from}
      where ${whereText}
      order by a.created_at desc, a.id desc
      limit $${listParams.length - 1} offset $${listParams.length}`,
    listParams,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}
