import { violatesDutySeparation } from '@tongxing/domain';
import { permissionCatalog, scopeKindLabels, type Role } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { diff, writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import * as repo from './roles.repository';

type Found = NonNullable<Awaited<ReturnType<typeof repo.findRole>>>;
type GrantInput = { permission: string; scope: 'all' | 'subtree' | 'unit' | 'units' | 'own'; unitIds: number[] };

export function toRole(r: Found): Role {
  return {
    id: r.role.id,
    code: r.role.code,
    name: r.role.name,
    nameEn: r.role.nameEn,
    description: r.role.description,
    builtin: r.role.builtin,
    requiresMfa: r.role.requiresMfa,
    grants: r.grants.map((g) => ({ permission: g.permission, scope: g.scope as GrantInput['scope'], unitIds: g.unitIds ?? [] })),
    userCount: r.userCount,
  };
}

export function permissionCatalogView() {
  return {
    permissions: Object.entries(permissionCatalog).map(([permission, v]) => ({ permission, module: v.module, zh: v.zh, en: v.en })),
    scopes: Object.entries(scopeKindLabels).map(([scope, v]) => ({ scope, zh: v.zh, en: v.en })),
  };
}

async function checkGrants(tx: DbOrTx, grants: GrantInput[], roleId: number | null) {
  const seen = new Set<string>();
  grants.forEach((g, i) => {
    if (seen.has(g.permission)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: `grants.${i}.permission`, code: 'duplicate' }] });
    }
    seen.add(g.permission);
  });
  const unitIds = [...new Set(grants.flatMap((g) => (g.scope === 'units' ? g.unitIds : [])))];
  const existing = await repo.existingOrgIds(tx, unitIds);
  const missing = unitIds.filter((id) => !existing.includes(id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', { fields: [{ path: 'grants', code: 'NOT_FOUND' }], params: { unitIds: missing } });
  const perms = grants.map((g) => g.permission);
  if (violatesDutySeparation(perms)) throw new AppError('ROLE_DUTY_CONFLICT', { fields: [{ path: 'grants', code: 'ROLE_DUTY_CONFLICT' }] });
  if (roleId !== null) {
    for (const others of await repo.otherPermissionsOfHolders(tx, roleId)) {
      if (violatesDutySeparation([...others, ...perms])) throw new AppError('ROLE_DUTY_CONFLICT', { fields: [{ path: 'grants', code: 'ROLE_DUTY_CONFLICT' }] });
    }
  }
}

export async function listRoles(deps: AppDeps) {
  const rows = await repo.listRoles(deps.db);
  return { items: rows.map(toRole), total: rows.length };
}

export async function getRole(deps: AppDeps, id: number) {
  const r = await repo.findRole(deps.db, id);
  if (!r) throw new AppError('NOT_FOUND');
  return toRole(r);
}

export async function createRole(
  deps: AppDeps,
  ctx: ActorContext,
  body: { code: string; name: string; nameEn?: string | undefined; description?: string | undefined; requiresMfa: boolean; grants: GrantInput[] },
) {
  const id = await deps.db.transaction(async (tx) => {
    if (await repo.codeExists(tx, body.code)) throw new AppError('ROLE_CODE_TAKEN', { fields: [{ path: 'code', code: 'ROLE_CODE_TAKEN' }] });
    await checkGrants(tx, body.grants, null);
    const row = await repo.insertRole(tx, {
      code: body.code,
      name: body.name,
      nameEn: body.nameEn ?? null,
      description: body.description ?? null,
      requiresMfa: body.requiresMfa,
      builtin: false,
    });
    await repo.replaceGrants(tx, row.id, body.grants);
    await writeAudit(tx, ctx, { action: 'role.create', entityType: 'role', entityId: row.id, after: { ...body } });
    return row.id;
  });
  return getRole(deps, id);
}

export async function updateRole(
  deps: AppDeps,
  ctx: ActorContext,
  id: number,
  patch: { name?: string | undefined; nameEn?: string | undefined; description?: string | undefined; requiresMfa?: boolean | undefined; grants?: GrantInput[] | undefined },
) {
  await deps.db.transaction(async (tx) => {
    const found = await repo.findRole(tx, id, { forUpdate: true });
    if (!found) throw new AppError('NOT_FOUND');
    if (found.role.builtin) throw new AppError('ROLE_BUILTIN_READONLY');
    if (patch.grants) await checkGrants(tx, patch.grants, id);
    const { grants, ...fields } = patch;
    const current = toRole(found);
    const change = diff(current as unknown as Record<string, unknown>, { ...fields, ...(grants ? { grants } : {}) });
    if (!change.changed) return;
    await repo.updateRole(tx, id, { ...fields, updatedAt: deps.clock() });
    if (grants) await repo.replaceGrants(tx, id, grants);
    await writeAudit(tx, ctx, { action: 'role.update', entityType: 'role', entityId: id, before: change.before, after: change.after });
  });
  return getRole(deps, id);
}

export async function deleteRole(deps: AppDeps, ctx: ActorContext, id: number) {
  await deps.db.transaction(async (tx) => {
    const found = await repo.findRole(tx, id, { forUpdate: true });
    if (!found) throw new AppError('NOT_FOUND');
    if (found.role.builtin) throw new AppError('ROLE_BUILTIN_READONLY');
    if (found.userCount > 0) throw new AppError('ROLE_IN_USE', { params: { userCount: found.userCount } });
    await repo.deleteRole(tx, id);
    await writeAudit(tx, ctx, { action: 'role.delete', entityType: 'role', entityId: id, before: toRole(found) });
  });
}
