import { checkTransferEvent, normaliseIdNumber, scopeCovers, type Scope, type TransferEvent, type TransferSide } from '@tongxing/domain';
import type { Transfer } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { hashIdNumber, maskedId } from '../../lib/personal';
import { canHoldMembers } from '../members/member-record';
import * as members from '../members/members.repository';
import { uniqueViolation } from '../members/members.service';
import * as repo from './transfers.repository';

function scopeOf(ctx: ActorContext): Scope {
  if (!ctx.scope) throw new Error('transfer routes run with a resolved scope');
  return ctx.scope;
}

function sidesInScope(scope: Scope, t: { fromOrgId: number; fromPath: string; toOrgId: number; toPath: string }): TransferSide[] {
  const sides: TransferSide[] = [];
  if (scopeCovers(scope, { orgId: t.fromOrgId, orgPath: t.fromPath })) sides.push('sending');
  if (scopeCovers(scope, { orgId: t.toOrgId, orgPath: t.toPath })) sides.push('receiving');
  return sides;
}

function toTransfer(deps: AppDeps, scope: Scope, r: repo.TransferRow): Transfer {
  const sides = sidesInScope(scope, { fromOrgId: r.from_org_id, fromPath: r.from_path, toOrgId: r.to_org_id, toPath: r.to_path });
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    idNumberMasked: maskedId(deps.crypto, r.id_enc),
    fromOrgId: r.from_org_id,
    fromOrgName: r.from_org_name,
    toOrgId: r.to_org_id,
    toOrgName: r.to_org_name,
    initiatedBy: r.initiated_by,
    status: r.status,
    reason: r.reason,
    decisionNote: r.decision_note,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    canAccept: checkTransferEvent(r.status, 'accept', r.initiated_by, sides).ok,
    canCancel: checkTransferEvent(r.status, 'cancel', r.initiated_by, sides).ok,
  };
}

export async function listTransfers(deps: AppDeps, ctx: ActorContext, q: Parameters<typeof repo.listTransfers>[2]) {
  const scope = scopeOf(ctx);
  const { rows, total } = await repo.listTransfers(deps.pool, scope, q);
  return { items: rows.map((r) => toTransfer(deps, scope, r)), total };
}

export async function getTransfer(deps: AppDeps, ctx: ActorContext, id: number) {
  const scope = scopeOf(ctx);
  const r = await repo.findTransfer(deps.pool, scope, id);
  if (!r) throw new AppError('NOT_FOUND');
  return toTransfer(deps, scope, r);
}

/**
 * The sending union names a member it holds; the receiving union, which cannot see the member, names the
 * person by ID number and name — both must match one active member, or the answer is "not found".
 */
export async function startTransfer(
  deps: AppDeps,
  ctx: ActorContext,
  body: { memberId?: number | undefined; idType: string; idNumber?: string | undefined; name?: string | undefined; toOrgId: number; reason?: string | undefined },
) {
  const scope = scopeOf(ctx);
  const unscoped: Scope = { all: true, subtreePaths: [], unitIds: [], ownerUserId: null };
  try {
    const id = await deps.db.transaction(async (tx) => {
      const target = await members.orgForMembers(tx, unscoped, body.toOrgId);
      if (!target || target.status !== 'active') throw new AppError('NOT_FOUND', { fields: [{ path: 'toOrgId', code: 'NOT_FOUND' }] });
      if (!canHoldMembers(target.kind)) throw new AppError('MEMBER_ORG_INVALID', { fields: [{ path: 'toOrgId', code: 'MEMBER_ORG_INVALID' }] });
      let memberId: number;
      let fromOrgId: number;
      let side: TransferSide;
      if (body.memberId !== undefined) {
        const f = await members.findMember(tx, scope, body.memberId, { forUpdate: true });
        if (!f) throw new AppError('NOT_FOUND', { fields: [{ path: 'memberId', code: 'NOT_FOUND' }] });
        if (f.member.status !== 'active') throw new AppError('MEMBER_NOT_ACTIVE');
        memberId = f.member.id;
        fromOrgId = f.member.orgId;
        side = 'sending';
      } else {
        if (!scopeCovers(scope, { orgId: target.id, orgPath: target.path })) {
          throw new AppError('NOT_FOUND', { fields: [{ path: 'toOrgId', code: 'NOT_FOUND' }] });
        }
        const holder = await members.findActiveByIdHash(tx, hashIdNumber(deps.crypto, normaliseIdNumber(body.idNumber ?? '')));
        if (!holder || holder.name !== body.name?.trim()) throw new AppError('NOT_FOUND', { fields: [{ path: 'idNumber', code: 'NOT_FOUND' }] });
        memberId = holder.id;
        fromOrgId = holder.orgId;
        side = 'receiving';
      }
      if (fromOrgId === body.toOrgId) throw new AppError('TRANSFER_SAME_UNION', { fields: [{ path: 'toOrgId', code: 'TRANSFER_SAME_UNION' }] });
      const transferId = await repo.insertTransfer(tx, {
        memberId,
        fromOrgId,
        toOrgId: body.toOrgId,
        initiatedBy: side,
        reason: body.reason ?? null,
        createdBy: ctx.actor.userId,
        createdAt: deps.clock(),
      });
      await writeAudit(tx, ctx, { action: 'member.transfer_start', entityType: 'member_transfer', entityId: transferId, after: { memberId, fromOrgId, toOrgId: body.toOrgId, initiatedBy: side } });
      return transferId;
    });
    return getTransfer(deps, ctx, id);
  } catch (err) {
    if (uniqueViolation(err) === 'member_transfers_open_key') throw new AppError('TRANSFER_OPEN');
    throw err;
  }
}

/** Accept, reject or cancel, as the workflow table allows; accepting moves the member in the same transaction. */
export async function decideTransfer(deps: AppDeps, ctx: ActorContext, id: number, event: TransferEvent, note?: string) {
  const scope = scopeOf(ctx);
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockTransfer(tx, id);
    if (!locked) throw new AppError('NOT_FOUND');
    const t = locked.t;
    const sides = sidesInScope(scope, { fromOrgId: t.fromOrgId, fromPath: locked.fromPath, toOrgId: t.toOrgId, toPath: locked.toPath });
    if (sides.length === 0) throw new AppError('NOT_FOUND');
    const check = checkTransferEvent(t.status as Transfer['status'], event, t.initiatedBy as TransferSide, sides);
    if (!check.ok) throw new AppError(check.reason === 'state' ? 'TRANSFER_NOT_PENDING' : 'TRANSFER_WRONG_SIDE', { params: { status: t.status, event } });
    const now = deps.clock();
    if (event === 'accept') {
      const unscoped: Scope = { all: true, subtreePaths: [], unitIds: [], ownerUserId: null };
      const f = await members.findMember(tx, unscoped, t.memberId, { forUpdate: true });
      // The member must still be active and still where the transfer found them.
      if (!f || f.member.status !== 'active' || f.member.orgId !== t.fromOrgId) throw new AppError('MEMBER_NOT_ACTIVE');
      await members.updateMember(tx, t.memberId, { orgId: t.toOrgId, updatedAt: now });
      await members.syncPortalAccount(tx, t.memberId, { orgId: t.toOrgId });
      await members.insertEvent(tx, {
        memberId: t.memberId,
        type: 'transferred',
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        orgId: t.toOrgId,
        otherOrgId: t.fromOrgId,
        note: note ?? t.reason ?? null,
        at: now,
      });
    }
    await repo.decideTransfer(tx, id, { status: check.to, decisionNote: note ?? null, decidedBy: ctx.actor.userId, decidedAt: now });
    await writeAudit(tx, ctx, {
      action: `member.transfer_${event}`,
      entityType: 'member_transfer',
      entityId: id,
      before: { status: t.status },
      after: { status: check.to, memberId: t.memberId, fromOrgId: t.fromOrgId, toOrgId: t.toOrgId, ...(note ? { note } : {}) },
    });
  });
  return getTransfer(deps, ctx, id);
}
