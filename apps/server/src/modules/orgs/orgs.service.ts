import { canSitUnder, GRASSROOTS_USCC_PREFIX, isUnderPath, type OrgKind } from '@tongxing/domain';
import type { Org, OrgCounts, OrgCreate, OrgListQuery, OrgPatch } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { diff, writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import * as repo from './orgs.repository';

type OrgWithCount = repo.OrgRow & { childCount: number };

export function toOrg(row: OrgWithCount): Org {
  const ids = row.path.split('.').map(Number);
  return {
    id: row.id,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind as OrgKind,
    parentId: row.parentId,
    divisionCode: row.divisionCode,
    creditCode: row.creditCode,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    address: row.address,
    status: row.status as Org['status'],
    sortOrder: row.sortOrder,
    depth: row.depth,
    ancestorIds: ids.slice(0, -1),
    childCount: row.childCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function auditView(row: repo.OrgRow) {
  const { createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
}

function scopeOf(ctx: ActorContext) {
  if (!ctx.scope) throw new Error('org routes run with a resolved scope');
  return ctx.scope;
}

function parentProblem(reason: string) {
  return new AppError('ORG_PARENT_INVALID', { fields: [{ path: 'parentId', code: 'ORG_PARENT_INVALID' }], params: { reason } });
}

function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const inner = e.code ? e : e.cause;
  return inner?.code === '23505' ? (inner.constraint ?? 'unique') : null;
}

function foreignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23503' || e.cause?.code === '23503';
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (uniqueViolation(err) === 'org_units_credit_code_key') {
      throw new AppError('CREDIT_CODE_TAKEN', { fields: [{ path: 'creditCode', code: 'CREDIT_CODE_TAKEN' }] });
    }
    throw err;
  }
}

export async function listOrgs(deps: AppDeps, ctx: ActorContext, query: OrgListQuery) {
  const { rows, total } = await repo.listOrgs(deps.pool, scopeOf(ctx), query);
  return { items: rows.map(toOrg), total };
}

export async function getOrg(deps: AppDeps, ctx: ActorContext, id: number) {
  const row = await repo.findOrg(deps.db, scopeOf(ctx), id);
  if (!row) throw new AppError('NOT_FOUND');
  return toOrg(row);
}

export async function createOrg(deps: AppDeps, ctx: ActorContext, body: OrgCreate): Promise<Org> {
  const scope = scopeOf(ctx);
  return guard(() =>
    deps.db.transaction(async (tx) => {
      let parentPath: string | null = null;
      let parentKind: OrgKind | null = null;
      if (body.parentId) {
        const parent = await repo.findOrg(tx, scope, body.parentId, { forUpdate: true });
        if (!parent) throw new AppError('NOT_FOUND', { fields: [{ path: 'parentId', code: 'NOT_FOUND' }] });
        if (parent.status !== 'active') throw new AppError('ORG_PARENT_INACTIVE');
        parentPath = parent.path;
        parentKind = parent.kind as OrgKind;
      } else if (!scope.all) {
        // A unit without a parent sits at the top of the whole tree: only an all-units scope reaches there.
        throw new AppError('FORBIDDEN');
      }
      const check = canSitUnder(body.kind, parentKind);
      if (!check.ok) throw parentProblem(check.reason);
      if (body.kind === 'city_federation' && (await repo.cityRootExists(tx))) throw new AppError('ORG_ROOT_EXISTS');

      const id = await repo.nextOrgId(tx);
      const path = parentPath ? `${parentPath}.${id}` : String(id);
      const row = await repo.insertOrg(tx, {
        id,
        parentId: body.parentId ?? null,
        path,
        depth: path.split('.').length - 1,
        kind: body.kind,
        name: body.name,
        shortName: body.shortName ?? null,
        divisionCode: body.divisionCode ?? null,
        creditCode: body.creditCode ?? null,
        contactName: body.contactName ?? null,
        contactPhone: body.contactPhone ?? null,
        address: body.address ?? null,
        sortOrder: body.sortOrder ?? 0,
        createdBy: ctx.actor.userId,
      });
      await writeAudit(tx, ctx, { action: 'org.create', entityType: 'org', entityId: id, after: auditView(row) });
      return toOrg({ ...row, childCount: 0 });
    }),
  );
}

export async function updateOrg(deps: AppDeps, ctx: ActorContext, id: number, patch: OrgPatch): Promise<Org> {
  const scope = scopeOf(ctx);
  return guard(() =>
    deps.db.transaction(async (tx) => {
      if (patch.parentId !== undefined) await repo.lockTree(tx);
      const current = await repo.findOrg(tx, scope, id, { forUpdate: true });
      if (!current) throw new AppError('NOT_FOUND');
      const kind = current.kind as OrgKind;
      const creditCode = patch.creditCode;
      if (kind === 'grassroots_union' && creditCode && !creditCode.startsWith(GRASSROOTS_USCC_PREFIX)) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'creditCode', code: 'uscc.grassroots81' }] });
      }

      let action = 'org.update';
      let newPath = current.path;
      if (patch.parentId === null && current.parentId !== null) {
        // Only partners stand at the top of the tree, and only an all-units scope reaches there.
        if (!scope.all) throw new AppError('FORBIDDEN');
        const check = canSitUnder(kind, null);
        if (!check.ok) throw parentProblem(check.reason);
        await repo.moveSubtreeToRoot(tx, current.path);
        newPath = String(current.id);
        action = 'org.move';
      } else if (typeof patch.parentId === 'number' && patch.parentId !== current.parentId) {
        const parent = await repo.findOrg(tx, scope, patch.parentId, { forUpdate: true });
        if (!parent) throw new AppError('NOT_FOUND', { fields: [{ path: 'parentId', code: 'NOT_FOUND' }] });
        if (isUnderPath(parent.path, current.path)) {
          throw new AppError('ORG_MOVE_CYCLE', { fields: [{ path: 'parentId', code: 'ORG_MOVE_CYCLE' }] });
        }
        if (parent.status !== 'active') throw new AppError('ORG_PARENT_INACTIVE');
        const check = canSitUnder(kind, parent.kind as OrgKind);
        if (!check.ok) throw parentProblem(check.reason);
        await repo.moveSubtree(tx, current.path, parent.path);
        newPath = `${parent.path}.${current.id}`;
        action = 'org.move';
      }

      if (patch.status && patch.status !== current.status) {
        if (patch.status === 'inactive' && (await repo.countActiveChildren(tx, id)) > 0) {
          throw new AppError('ORG_HAS_ACTIVE_CHILDREN');
        }
        if (patch.status === 'active' && current.parentId) {
          const parent = await repo.findOrg(tx, { all: true, subtreePaths: [], unitIds: [], ownerUserId: null }, current.parentId);
          if (parent && parent.status !== 'active') throw new AppError('ORG_PARENT_INACTIVE');
        }
        action = patch.status === 'inactive' ? 'org.deactivate' : 'org.activate';
      }

      const { parentId: _p, ...fields } = patch;
      const values = { ...fields, ...(action === 'org.move' ? { parentId: patch.parentId } : {}) };
      const change = diff(auditView(current) as Record<string, unknown>, values as Record<string, unknown>);
      if (!change.changed && action === 'org.update') return toOrg(current);
      const row = await repo.updateOrg(tx, id, { ...values, updatedAt: deps.clock() });
      await writeAudit(tx, ctx, {
        action,
        entityType: 'org',
        entityId: id,
        before: action === 'org.move' ? { ...change.before, path: current.path } : change.before,
        after: action === 'org.move' ? { ...change.after, path: newPath } : change.after,
      });
      return toOrg({ ...row, childCount: current.childCount });
    }),
  );
}

/** Deleting is only for mistakes: a unit anything refers to (children, accounts, members…) is deactivated instead. */
export async function deleteOrg(deps: AppDeps, ctx: ActorContext, id: number) {
  const scope = scopeOf(ctx);
  try {
    await deps.db.transaction(async (tx) => {
      const current = await repo.findOrg(tx, scope, id, { forUpdate: true });
      if (!current) throw new AppError('NOT_FOUND');
      if (current.childCount > 0) throw new AppError('ORG_IN_USE');
      await repo.deleteOrg(tx, id);
      await writeAudit(tx, ctx, { action: 'org.delete', entityType: 'org', entityId: id, before: auditView(current) });
    });
  } catch (err) {
    if (foreignKeyViolation(err)) throw new AppError('ORG_IN_USE');
    throw err;
  }
}

export async function countOrgs(deps: AppDeps, ctx: ActorContext, subtreeOf?: number): Promise<OrgCounts> {
  const rows = await repo.countOrgs(deps.db, scopeOf(ctx), subtreeOf);
  const counts: OrgCounts = { total: 0, active: 0, inactive: 0, byKind: {} };
  for (const r of rows) {
    counts.total += r.n;
    if (r.status === 'active') counts.active += r.n;
    else counts.inactive += r.n;
    counts.byKind[r.kind] = (counts.byKind[r.kind] ?? 0) + r.n;
  }
  return counts;
}
