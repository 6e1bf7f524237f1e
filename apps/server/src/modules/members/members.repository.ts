import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { memberEvents, members, orgUnits, users, type DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { MemberListQuery } from '@tongxing/contracts';
import type { FieldCrypto } from '../../lib/crypto';
import { offsetOf } from '../../lib/pagination';
import { scopeClause, scopeCondition } from '../../lib/scope-sql';
import { listByKey, searchKeyFor } from './member-keyed-search';
import { buildMemberWhere, orderExpression } from './member-search';

export type MemberRow = typeof members.$inferSelect;

export interface ListRow {
  id: number;
  name: string;
  gender: 'M' | 'F' | null;
  birth_date: string | null;
  id_type: string;
  id_enc: Buffer;
  phone_enc: Buffer | null;
  org_id: number;
  org_name: string;
  employer: string | null;
  join_date: string | null;
  status: string;
  category: string;
  model_worker_level: string;
  tags: string[];
}

/**
 * Past this many matches the list says "2,000+" instead of counting on: a cadre narrows a search long
 * before page 100, and counting every match of a one-character name in a city costs more than the page.
 */
export const COUNT_CAP = 2_000;

/** Up to this many matches (known beforehand from the rollups) in a street's subtree or smaller, a page is sorted directly. */
const SORT_DIRECTLY = 10_000;

/**
 * Whether the list is confined to a street or a unit under it (tree depth ≥ 3: city, district, street):
 * there every member is cheap to fetch through the path index, whereas a district's are 200,000.
 */
function withinAStreet(scope: Scope, orgPath: string | null | undefined): boolean {
  const depth = (path: string) => path.split('.').length;
  if (orgPath) return depth(orgPath) >= 3;
  return !scope.all && scope.unitIds.length === 0 && scope.subtreePaths.length === 1 && depth(scope.subtreePaths[0]!) >= 3;
}

/** The scoped member search: hand-written SQL on the pool, the registry's hot path. */
export async function listMembers(pool: pg.Pool, crypto: FieldCrypto, scope: Scope, q: MemberListQuery) {
  const orgPath = q.orgId ? await unitPath(pool, q.orgId) : undefined;
  const key = searchKeyFor(q);
  if (key) return listByKey(pool, scope, q, key, orgPath, COUNT_CAP);
  const built = buildMemberWhere(crypto, scope, q, { orgPath });
  const { where, params } = built;
  const whereText = where.join(' and ');
  const dir = q.order === 'desc' ? 'desc' : 'asc';
  const listParams = [...params, q.pageSize, offsetOf(q.page, q.pageSize)];
  // The page is chosen on members alone and only its rows are joined to their units: joined first, the
  // planner hashed all 22,000 units for every search of a few thousand matches (13 ms of 30).
  const page = (order: string) =>
    pool.query<ListRow>(
      `select p.id, p.name, p.gender, p.birth_date, p.id_type, p.id_enc, p.phone_enc, p.org_id, o.name as org_name,
              p.employer, p.join_date, p.status, p.category, p.model_worker_level, p.tags
         from (select m.id, m.name, m.gender, m.birth_date, m.id_type, m.id_enc, m.phone_enc, m.org_id, m.employer, m.join_date,
                      m.status, m.category, m.model_worker_level, m.tags, ${order} as sort_key
                 from members m
                where ${whereText}
                order by ${order} ${dir} nulls last, m.id ${dir}
                limit $${listParams.length - 1} offset $${listParams.length}) p
         join org_units o on o.id = p.org_id
        order by p.sort_key ${dir} nulls last, p.id ${dir}`,
      listParams,
    );
  if (built.countable) {
    // The exact total comes first (from the rollups, a few milliseconds) and picks the plan: within a street,
    // a few thousand matches are sorted directly instead of met along the pinyin index, where a rare category
    // read 264,000 rows to fill page 4 (1.2 s in 1.5M members). In a district the walk stays: sorting there
    // fetches all its 200,000 members through the path index first (0.4 s).
    const total = await countFromRollups(pool, scope, q);
    const rows = await page(orderExpression(built.kind, q.sort, total.n <= SORT_DIRECTLY && withinAStreet(scope, orgPath)));
    return { rows: rows.rows, total: total.n, capped: false };
  }
  // Otherwise list and count go out together on two connections: the answer waits for the slower, not both.
  const [rows, total] = await Promise.all([page(orderExpression(built.kind, q.sort)), cappedCount(pool, whereText, params)]);
  return { rows: rows.rows, total: total.n, capped: total.capped };
}

/** The tree path of a unit (null when there is none), for the unit filter: see buildMemberWhere. */
async function unitPath(pool: pg.Pool, orgId: number): Promise<string | null> {
  const res = await pool.query<{ path: string }>('select path::text as path from org_units where id = $1', [orgId]);
  return res.rows[0]?.path ?? null;
}

async function cappedCount(pool: pg.Pool, whereText: string, params: unknown[]) {
  const res = await pool.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from members m where ${whereText} limit ${COUNT_CAP + 1}) x`,
    params,
  );
  const n = res.rows[0]?.n ?? 0;
  return { n: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** Exact totals for scope and rollup filters, from the per-unit counts instead of the member rows. */
async function countFromRollups(pool: pg.Pool, scope: Scope, q: MemberListQuery) {
  const params: unknown[] = [];
  const where = [scopeClause(scope, { path: 'o.path', orgId: 'o.id' }, params), 'c.n <> 0'];
  if (q.orgId) {
    params.push(q.orgId);
    where.push(`o.path <@ (select p.path from org_units p where p.id = $${params.length})`);
  }
  const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
  if (statuses.length > 0) {
    params.push(statuses);
    where.push(`c.status = any($${params.length}::varchar[])`);
  }
  const categories = q.category === undefined ? [] : Array.isArray(q.category) ? q.category : [q.category];
  if (categories.length > 0) {
    params.push(categories);
    where.push(`c.category = any($${params.length}::varchar[])`);
  }
  const res = await pool.query<{ n: number }>(
    `select coalesce(sum(c.n), 0)::int as n from org_member_counts c join org_units o on o.id = c.org_id where ${where.join(' and ')}`,
    params,
  );
  return { n: res.rows[0]?.n ?? 0, capped: false };
}

export function memberScope(scope: Scope) {
  return scopeCondition(scope, { path: members.orgPath, orgId: members.orgId, owner: members.createdBy });
}

export async function findMember(db: DbOrTx, scope: Scope, id: number, opts: { forUpdate?: boolean } = {}) {
  const q = db
    .select({
      member: members,
      orgName: orgUnits.name,
      orgKind: orgUnits.kind,
      hasPortalAccount: sql<boolean>`exists (select 1 from ${users} u where u.member_id = ${members.id})`,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgId))
    .where(and(eq(members.id, id), memberScope(scope)));
  const rows = opts.forUpdate ? await q.for('update', { of: members }) : await q;
  return rows[0] ?? null;
}

/** The active member with this ID number anywhere in the city (for uniqueness and transfers), unscoped. */
export async function findActiveByIdHash(db: DbOrTx, idHash: string) {
  const rows = await db
    .select({ id: members.id, name: members.name, orgId: members.orgId, orgPath: members.orgPath })
    .from(members)
    .where(and(eq(members.idHash, idHash), eq(members.status, 'active')))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertMember(db: DbOrTx, values: Omit<typeof members.$inferInsert, 'orgPath'>) {
  const [row] = await db
    .insert(members)
    .values({ ...values, orgPath: sql`(select path from org_units where id = ${values.orgId})` })
    .returning();
  return row!;
}

export async function updateMember(db: DbOrTx, id: number, values: Partial<typeof members.$inferInsert>) {
  const [row] = await db
    .update(members)
    .set({
      ...values,
      ...(values.orgId !== undefined ? { orgPath: sql`(select path from org_units where id = ${values.orgId})` } : {}),
      version: sql`${members.version} + 1`,
    })
    .where(eq(members.id, id))
    .returning();
  return row!;
}

export interface NewEvent {
  memberId: number;
  type: string;
  actorUserId: number | null;
  actorName: string | null;
  orgId: number;
  otherOrgId?: number | null;
  changes?: Record<string, { from: unknown; to: unknown }> | null;
  note?: string | null;
  at?: Date;
}

export async function insertEvent(db: DbOrTx, e: NewEvent) {
  await db.insert(memberEvents).values({
    memberId: e.memberId,
    type: e.type,
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    orgId: e.orgId,
    orgPath: sql`(select path from org_units where id = ${e.orgId})`,
    otherOrgId: e.otherOrgId ?? null,
    otherOrgPath: e.otherOrgId ? sql`(select path from org_units where id = ${e.otherOrgId})` : null,
    changes: e.changes ?? null,
    note: e.note ?? null,
    ...(e.at ? { at: e.at } : {}),
  });
}

export async function listEvents(pool: pg.Pool, memberId: number) {
  const res = await pool.query<{
    id: number;
    at: Date;
    type: string;
    actor_name: string | null;
    org_id: number;
    org_name: string | null;
    other_org_id: number | null;
    other_org_name: string | null;
    changes: Record<string, { from: unknown; to: unknown }> | null;
    note: string | null;
  }>(
    `select e.id, e.at, e.type, e.actor_name, e.org_id, o.name as org_name, e.other_org_id, x.name as other_org_name, e.changes, e.note
       from member_events e
       left join org_units o on o.id = e.org_id
       left join org_units x on x.id = e.other_org_id
      where e.member_id = $1 order by e.id`,
    [memberId],
  );
  return res.rows;
}

export async function orgForMembers(db: DbOrTx, scope: Scope, orgId: number) {
  const rows = await db
    .select({ id: orgUnits.id, kind: orgUnits.kind, status: orgUnits.status, path: orgUnits.path, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgId), scopeCondition(scope, { path: orgUnits.path, orgId: orgUnits.id, owner: orgUnits.createdBy })));
  return rows[0] ?? null;
}

export async function portalAccountOf(db: DbOrTx, memberId: number) {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.memberId, memberId));
  return rows[0] ?? null;
}

/** A member's portal account follows the member: its unit after a transfer, its sessions when membership ends. */
export async function syncPortalAccount(db: DbOrTx, memberId: number, opts: { orgId?: number; endSessions?: boolean }) {
  if (opts.orgId !== undefined) {
    await db.execute(sql`update users set org_id = ${opts.orgId} where member_id = ${memberId}`);
  }
  if (opts.endSessions) {
    await db.execute(sql`delete from sessions where user_id in (select id from users where member_id = ${memberId})`);
  }
}
