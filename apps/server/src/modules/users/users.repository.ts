import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { loginAttempts, orgUnits, rolePermissions, roles, sessions, userRoles, users, type DbOrTx } from '@tongxing/db';
import type { Grant, Scope, ScopeKind } from '@tongxing/domain';
import { likePattern, offsetOf } from '../../lib/pagination';
import { scopeCondition } from '../../lib/scope-sql';

export type UserRow = typeof users.$inferSelect;

function userScope(scope: Scope): SQL {
  return scopeCondition(scope, { path: orgUnits.path, orgId: users.orgId, owner: users.createdBy });
}

const rolesJson = sql<{ id: number; code: string; name: string; nameEn: string | null }[]>`coalesce((select json_agg(json_build_object('id', r.id, 'code', r.code, 'name', r.name, 'nameEn', r.name_en) order by r.id) from ${userRoles} ur join ${roles} r on r.id = ur.role_id where ur.user_id = ${users.id}), '[]'::json)`;

function lockedExpr(now: Date) {
  return sql<boolean>`exists (select 1 from ${loginAttempts} la where la.username_key = lower(${users.username}) and la.locked_until > ${now})`;
}

const columns = (now: Date) => ({
  user: users,
  orgName: orgUnits.name,
  orgPath: orgUnits.path,
  roles: rolesJson,
  locked: lockedExpr(now),
});

export interface UserQuery {
  orgId?: number | undefined;
  q?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
  roleId?: number | undefined;
  page: number;
  pageSize: number;
}

export async function listUsers(db: DbOrTx, scope: Scope, q: UserQuery, now: Date) {
  const where: SQL[] = [userScope(scope), eq(users.kind, 'staff')];
  if (q.orgId) where.push(sql`${orgUnits.path} <@ (select p.path from ${orgUnits} p where p.id = ${q.orgId})`);
  if (q.q) {
    const p = likePattern(q.q);
    where.push(sql`(${users.username} ilike ${p} or ${users.displayName} ilike ${p})`);
  }
  if (q.status) where.push(eq(users.status, q.status));
  if (q.roleId) where.push(sql`exists (select 1 from ${userRoles} x where x.user_id = ${users.id} and x.role_id = ${q.roleId})`);
  const rows = await db
    .select({ ...columns(now), total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgId))
    .where(and(...where))
    .orderBy(asc(orgUnits.path), asc(users.username))
    .limit(q.pageSize)
    .offset(offsetOf(q.page, q.pageSize));
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgId))
      .where(and(...where));
    total = c?.n ?? 0;
  }
  return { rows, total };
}

export async function findUser(db: DbOrTx, scope: Scope, id: number, now: Date, opts: { forUpdate?: boolean } = {}) {
  const query = db
    .select(columns(now))
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgId))
    .where(and(eq(users.id, id), eq(users.kind, 'staff'), userScope(scope)));
  const rows = opts.forUpdate ? await query.for('update', { of: users }) : await query;
  return rows[0] ?? null;
}

export async function usernameExists(db: DbOrTx, username: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return rows.length > 0;
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUser(db: DbOrTx, id: number, values: Partial<typeof users.$inferInsert>) {
  await db.update(users).set(values).where(eq(users.id, id));
}

export async function setUserRoles(db: DbOrTx, userId: number, roleIds: number[]) {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roleIds.length > 0) await db.insert(userRoles).values(roleIds.map((roleId) => ({ userId, roleId })));
}

export async function currentRoleIds(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db.select({ id: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.id);
}

/** The grants each role carries, with chosen units as tree paths (for the grant checks). */
export async function roleGrants(db: DbOrTx, roleIds: number[]): Promise<Map<number, Grant[]>> {
  const map = new Map<number, Grant[]>();
  if (roleIds.length === 0) return map;
  const rows = await db
    .select({
      roleId: rolePermissions.roleId,
      permission: rolePermissions.permission,
      scope: rolePermissions.scope,
      unitPaths: sql<string[]>`(select coalesce(array_agg(x.path::text), '{}') from ${orgUnits} x where x.id = any(${rolePermissions.unitIds}))`,
    })
    .from(rolePermissions)
    .where(inArray(rolePermissions.roleId, roleIds));
  for (const id of roleIds) map.set(id, []);
  for (const r of rows) map.get(r.roleId)?.push({ permission: r.permission, scope: r.scope as ScopeKind, unitPaths: r.unitPaths });
  return map;
}

export async function existingRoleIds(db: DbOrTx, roleIds: number[]): Promise<number[]> {
  if (roleIds.length === 0) return [];
  const rows = await db.select({ id: roles.id }).from(roles).where(inArray(roles.id, roleIds));
  return rows.map((r) => r.id);
}

export async function endSessions(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.tokenHash });
  return rows.length;
}

export async function clearLock(db: DbOrTx, username: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.usernameKey, username.toLowerCase()));
}
