import { asc, eq, inArray, sql } from 'drizzle-orm';
import { orgUnits, rolePermissions, roles, userRoles, type DbOrTx } from '@tongxing/db';

export type RoleRow = typeof roles.$inferSelect;

const grantsJson = sql<{ permission: string; scope: string; unitIds: number[] }[]>`coalesce((select json_agg(json_build_object('permission', rp.permission, 'scope', rp.scope, 'unitIds', rp.unit_ids) order by rp.permission) from ${rolePermissions} rp where rp.role_id = "roles"."id"), '[]'::json)`;
const userCount = sql<number>`(select count(*)::int from ${userRoles} ur where ur.role_id = "roles"."id")`;

export async function listRoles(db: DbOrTx) {
  return db.select({ role: roles, grants: grantsJson, userCount }).from(roles).orderBy(asc(roles.builtin), asc(roles.id));
}

export async function findRole(db: DbOrTx, id: number, opts: { forUpdate?: boolean } = {}) {
  const q = db.select({ role: roles, grants: grantsJson, userCount }).from(roles).where(eq(roles.id, id));
  const rows = opts.forUpdate ? await q.for('update', { of: roles }) : await q;
  return rows[0] ?? null;
}

export async function codeExists(db: DbOrTx, code: string) {
  const rows = await db.select({ id: roles.id }).from(roles).where(eq(roles.code, code));
  return rows.length > 0;
}

export async function insertRole(db: DbOrTx, values: typeof roles.$inferInsert) {
  const [row] = await db.insert(roles).values(values).returning();
  return row!;
}

export async function updateRole(db: DbOrTx, id: number, values: Partial<typeof roles.$inferInsert>) {
  await db.update(roles).set(values).where(eq(roles.id, id));
}

export async function replaceGrants(db: DbOrTx, roleId: number, grants: { permission: string; scope: string; unitIds: number[] }[]) {
  await db.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
  if (grants.length > 0) {
    await db.insert(rolePermissions).values(grants.map((g) => ({ roleId, permission: g.permission, scope: g.scope, unitIds: g.scope === 'units' ? g.unitIds : [] })));
  }
}

export async function deleteRole(db: DbOrTx, id: number) {
  await db.delete(roles).where(eq(roles.id, id));
}

export async function existingOrgIds(db: DbOrTx, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: orgUnits.id }).from(orgUnits).where(inArray(orgUnits.id, ids));
  return rows.map((r) => r.id);
}

/** For each account holding `roleId`: the permissions of its other roles (to re-check separation of duties). */
export async function otherPermissionsOfHolders(db: DbOrTx, roleId: number): Promise<string[][]> {
  const res = await db.execute<{ perms: string[] }>(sql`
    select coalesce(array_agg(distinct rp.permission) filter (where rp.permission is not null), '{}') as perms
      from ${userRoles} holder
      left join ${userRoles} other on other.user_id = holder.user_id and other.role_id <> ${roleId}
      left join ${rolePermissions} rp on rp.role_id = other.role_id
     where holder.role_id = ${roleId}
     group by holder.user_id`);
  return res.rows.map((r) => r.perms);
}
