import { canGrant, checkPassword, resolveScope, scopeCovers, violatesDutySeparation, type Scope } from '@tongxing/domain';
import type { User } from '@tongxing/contracts';
import { passwordPolicy } from '../../config';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { diff, writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { maskPhone } from '../../lib/crypto';
import { hashPhone } from '../../lib/personal';
import { hashPassword } from '../../lib/password';
import type { DbOrTx } from '@tongxing/db';
import { findOrg } from '../orgs/orgs.repository';
import * as repo from './users.repository';

type Found = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

export function toUser(deps: AppDeps, r: Found): User {
  const u = r.user;
  let phoneMasked: string | null = null;
  if (u.phoneEnc) phoneMasked = maskPhone(deps.crypto.decrypt(u.phoneEnc));
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    kind: u.kind as User['kind'],
    orgId: u.orgId,
    orgName: r.orgName,
    status: u.status as User['status'],
    roles: r.roles,
    phoneMasked,
    totpEnabled: u.totpEnabledAt !== null,
    locked: r.locked,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

function auditView(u: repo.UserRow, roleIds?: number[]) {
  return {
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    status: u.status,
    ...(roleIds ? { roleIds } : {}),
  };
}

function scopeOf(ctx: ActorContext): Scope {
  if (!ctx.scope) throw new Error('user routes run with a resolved scope');
  return ctx.scope;
}

/** The target unit must lie in the actor's scope for the route's permission; otherwise it "does not exist". */
async function requireOrgInScope(tx: DbOrTx, scope: Scope, orgId: number) {
  const org = await findOrg(tx, scope, orgId);
  if (!org) throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
  if (org.status !== 'active') throw new AppError('ORG_INACTIVE', { fields: [{ path: 'orgId', code: 'ORG_INACTIVE' }] });
  return org;
}

/**
 * Role changes need `user:grant` over the target's unit, and each granted or withdrawn role may carry only
 * what the actor holds (never a wider scope); the resulting account must keep the separation of duties.
 */
async function checkRoleChange(tx: DbOrTx, ctx: ActorContext, targetOrgPath: string, targetOrgId: number, before: number[], after: number[]) {
  const { actor } = ctx;
  const anchor = { userId: actor.userId, orgId: actor.orgId, orgPath: actor.orgPath };
  const grantScope = resolveScope(actor.grants, 'user:grant', anchor);
  if (!grantScope) throw new AppError('FORBIDDEN', { params: { permission: 'user:grant' } });
  if (!scopeCovers(grantScope, { orgId: targetOrgId, orgPath: targetOrgPath })) throw new AppError('NOT_FOUND');
  const unknown = after.filter((id) => !before.includes(id));
  const existing = await repo.existingRoleIds(tx, unknown);
  const missing = unknown.filter((id) => !existing.includes(id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', { fields: [{ path: 'roleIds', code: 'NOT_FOUND' }], params: { roleIds: missing } });
  const touched = [...after.filter((id) => !before.includes(id)), ...before.filter((id) => !after.includes(id))];
  const grants = await repo.roleGrants(tx, [...new Set([...touched, ...after])]);
  for (const id of touched) {
    for (const g of grants.get(id) ?? []) {
      if (!canGrant(actor.grants, g, grantScope)) {
        throw new AppError('ROLE_GRANT_FORBIDDEN', { fields: [{ path: 'roleIds', code: 'ROLE_GRANT_FORBIDDEN' }], params: { roleId: id, permission: g.permission } });
      }
    }
  }
  const finalPermissions = after.flatMap((id) => (grants.get(id) ?? []).map((g) => g.permission));
  if (violatesDutySeparation(finalPermissions)) {
    throw new AppError('ROLE_DUTY_CONFLICT', { fields: [{ path: 'roleIds', code: 'ROLE_DUTY_CONFLICT' }] });
  }
}

function passwordProblems(deps: AppDeps, password: string, username: string, path: string) {
  const problems = checkPassword(password, username, passwordPolicy(deps.config));
  if (problems.length > 0) throw new AppError('PASSWORD_POLICY', { fields: problems.map((code) => ({ path, code })) });
}

export async function listUsers(deps: AppDeps, ctx: ActorContext, query: repo.UserQuery) {
  const { rows, total } = await repo.listUsers(deps.db, scopeOf(ctx), query, deps.clock());
  return { items: rows.map((r) => toUser(deps, r)), total };
}

export async function getUser(deps: AppDeps, ctx: ActorContext, id: number) {
  const r = await repo.findUser(deps.db, scopeOf(ctx), id, deps.clock());
  if (!r) throw new AppError('NOT_FOUND');
  return toUser(deps, r);
}

export async function createUser(
  deps: AppDeps,
  ctx: ActorContext,
  body: { username: string; displayName: string; orgId: number; password: string; phone?: string | undefined; roleIds: number[]; mustChangePassword: boolean },
) {
  const scope = scopeOf(ctx);
  passwordProblems(deps, body.password, body.username, 'password');
  const passwordHash = await hashPassword(body.password);
  const id = await deps.db.transaction(async (tx) => {
    const org = await requireOrgInScope(tx, scope, body.orgId);
    if (await repo.usernameExists(tx, body.username)) {
      throw new AppError('USERNAME_TAKEN', { fields: [{ path: 'username', code: 'USERNAME_TAKEN' }] });
    }
    const roleIds = [...new Set(body.roleIds)];
    if (roleIds.length > 0) await checkRoleChange(tx, ctx, org.path, org.id, [], roleIds);
    const now = deps.clock();
    const row = await repo.insertUser(tx, {
      kind: 'staff',
      username: body.username,
      displayName: body.displayName,
      orgId: body.orgId,
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: body.mustChangePassword,
      phoneEnc: body.phone ? deps.crypto.encrypt(body.phone) : null,
      phoneHash: body.phone ? hashPhone(deps.crypto, body.phone) : null,
      phoneLast4: body.phone ? body.phone.slice(-4) : null,
      createdBy: ctx.actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.setUserRoles(tx, row.id, roleIds);
    await writeAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: row.id, after: auditView(row, roleIds) });
    return row.id;
  });
  return getUser(deps, ctx, id);
}

export async function updateUser(
  deps: AppDeps,
  ctx: ActorContext,
  id: number,
  patch: { displayName?: string | undefined; orgId?: number | undefined; phone?: string | null | undefined; status?: 'active' | 'disabled' | undefined; roleIds?: number[] | undefined; note?: string | undefined },
) {
  const scope = scopeOf(ctx);
  await deps.db.transaction(async (tx) => {
    const found = await repo.findUser(tx, scope, id, deps.clock(), { forUpdate: true });
    if (!found) throw new AppError('NOT_FOUND');
    const self = id === ctx.actor.userId;
    if (self && (patch.status === 'disabled' || patch.roleIds !== undefined || patch.orgId !== undefined)) {
      throw new AppError('USER_SELF_FORBIDDEN');
    }
    let orgPath = found.orgPath;
    if (patch.orgId !== undefined && patch.orgId !== found.user.orgId) {
      orgPath = (await requireOrgInScope(tx, scope, patch.orgId)).path;
    }
    const beforeRoles = await repo.currentRoleIds(tx, id);
    let afterRoles = beforeRoles;
    if (patch.roleIds !== undefined) {
      afterRoles = [...new Set(patch.roleIds)];
      const same = afterRoles.length === beforeRoles.length && afterRoles.every((r) => beforeRoles.includes(r));
      if (!same) await checkRoleChange(tx, ctx, orgPath, patch.orgId ?? found.user.orgId, beforeRoles, afterRoles);
    }
    const values: Record<string, unknown> = {};
    if (patch.displayName !== undefined) values.displayName = patch.displayName;
    if (patch.orgId !== undefined) values.orgId = patch.orgId;
    if (patch.status !== undefined) values.status = patch.status;
    if (patch.note !== undefined) values.note = patch.note;
    const change = diff(auditView(found.user, beforeRoles) as Record<string, unknown>, { ...values, roleIds: afterRoles });
    const phoneChanged = patch.phone !== undefined;
    if (phoneChanged) {
      values.phoneEnc = patch.phone ? deps.crypto.encrypt(patch.phone) : null;
      values.phoneHash = patch.phone ? hashPhone(deps.crypto, patch.phone) : null;
      values.phoneLast4 = patch.phone ? patch.phone.slice(-4) : null;
    }
    if (!change.changed && !phoneChanged && patch.note === undefined) return;
    await repo.updateUser(tx, id, { ...values, updatedAt: deps.clock() });
    if (patch.roleIds !== undefined) await repo.setUserRoles(tx, id, afterRoles);
    // Disabling, moving or re-roling an account ends its sessions at once, so nothing runs on old rights.
    let sessionsEnded = 0;
    if (patch.status === 'disabled' || 'orgId' in change.after || 'roleIds' in change.after) sessionsEnded = await repo.endSessions(tx, id);
    await writeAudit(tx, ctx, {
      action: patch.status === 'disabled' && found.user.status !== 'disabled' ? 'user.disable' : 'user.update',
      entityType: 'user',
      entityId: id,
      before: { ...change.before, ...(phoneChanged ? { phone: 'changed' } : {}) },
      after: { ...change.after, ...(phoneChanged ? { phone: 'changed' } : {}), sessionsEnded },
    });
  });
  return getUser(deps, ctx, id);
}

/** Role assignment on its own, for holders of `user:grant` (the security administrator has no `user:write`). */
export async function setUserRoles(deps: AppDeps, ctx: ActorContext, id: number, roleIds: number[]) {
  await deps.db.transaction(async (tx) => {
    const found = await repo.findUser(tx, scopeOf(ctx), id, deps.clock(), { forUpdate: true });
    if (!found) throw new AppError('NOT_FOUND');
    if (id === ctx.actor.userId) throw new AppError('USER_SELF_FORBIDDEN');
    const before = await repo.currentRoleIds(tx, id);
    const after = [...new Set(roleIds)];
    if (after.length === before.length && after.every((r) => before.includes(r))) return;
    await checkRoleChange(tx, ctx, found.orgPath, found.user.orgId, before, after);
    await repo.setUserRoles(tx, id, after);
    const sessionsEnded = await repo.endSessions(tx, id);
    await writeAudit(tx, ctx, { action: 'user.roles', entityType: 'user', entityId: id, before: { roleIds: before }, after: { roleIds: after, sessionsEnded } });
  });
  return getUser(deps, ctx, id);
}

async function adminAction(deps: AppDeps, ctx: ActorContext, id: number, action: string, work: (tx: DbOrTx, u: Found) => Promise<Record<string, unknown>>) {
  await deps.db.transaction(async (tx) => {
    const found = await repo.findUser(tx, scopeOf(ctx), id, deps.clock(), { forUpdate: true });
    if (!found) throw new AppError('NOT_FOUND');
    const after = await work(tx, found);
    await writeAudit(tx, ctx, { action, entityType: 'user', entityId: id, after });
  });
}

export async function resetPassword(deps: AppDeps, ctx: ActorContext, id: number, body: { newPassword: string; mustChangePassword: boolean }) {
  const target = await getUser(deps, ctx, id);
  passwordProblems(deps, body.newPassword, target.username, 'newPassword');
  const passwordHash = await hashPassword(body.newPassword);
  await adminAction(deps, ctx, id, 'user.reset_password', async (tx, u) => {
    await repo.updateUser(tx, id, { passwordHash, passwordChangedAt: deps.clock(), mustChangePassword: body.mustChangePassword, updatedAt: deps.clock() });
    await repo.clearLock(tx, u.user.username);
    return { mustChangePassword: body.mustChangePassword, sessionsEnded: await repo.endSessions(tx, id) };
  });
}

export async function unlockUser(deps: AppDeps, ctx: ActorContext, id: number) {
  await adminAction(deps, ctx, id, 'user.unlock', async (tx, u) => {
    await repo.clearLock(tx, u.user.username);
    return {};
  });
}

export async function endUserSessions(deps: AppDeps, ctx: ActorContext, id: number) {
  await adminAction(deps, ctx, id, 'user.end_sessions', async (tx) => ({ sessionsEnded: await repo.endSessions(tx, id) }));
}

/** For a lost phone: the account enrols a new authenticator at its next sign-in. */
export async function resetTotp(deps: AppDeps, ctx: ActorContext, id: number) {
  if (id === ctx.actor.userId) throw new AppError('USER_SELF_FORBIDDEN');
  await adminAction(deps, ctx, id, 'user.reset_totp', async (tx) => {
    await repo.updateUser(tx, id, { totpSecretEnc: null, totpPendingEnc: null, totpEnabledAt: null, totpLastStep: null });
    return { sessionsEnded: await repo.endSessions(tx, id) };
  });
}
