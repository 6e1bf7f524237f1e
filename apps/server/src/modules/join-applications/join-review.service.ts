import { nextJoinState, type IdType } from '@tongxing/domain';
import type { JoinApplication, JoinApplicationListItem, JoinApplicationListQuery } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import { shanghaiDate } from '../../lib/local-date';
import type { ActorContext } from '../../lib/context';
import { maskedId, maskedPhone } from '../../lib/personal';
import { canHoldMembers, nameColumns } from '../members/member-record';
import * as membersRepo from '../members/members.repository';
import { alreadyActive, uniqueViolation } from '../members/members.service';
import * as repo from './join-applications.repository';
import { notifyApplicant } from './join-applications.service';

type Found = NonNullable<Awaited<ReturnType<typeof repo.findForStaff>>>;

function scopeOf(ctx: ActorContext) {
  if (!ctx.scope) throw new Error('join application routes run with a resolved scope');
  return ctx.scope;
}

function toListItem(deps: AppDeps, r: repo.ListRow): JoinApplicationListItem {
  return {
    id: r.id,
    reference: r.reference,
    name: r.name,
    idType: r.id_type as IdType,
    idNumberMasked: maskedId(deps.crypto, r.id_enc),
    phoneMasked: maskedPhone(deps.crypto, r.phone_enc) ?? '****',
    employer: r.employer,
    orgId: r.org_id,
    orgName: r.org_name,
    status: r.status as JoinApplicationListItem['status'],
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}

function toApplication(deps: AppDeps, f: Found): JoinApplication {
  const a = f.app;
  const d = (a.details ?? {}) as repo.ApplicationDetails;
  return {
    ...toListItem(deps, {
      id: a.id,
      reference: a.reference,
      name: a.name,
      id_type: a.idType,
      id_enc: a.idEnc,
      phone_enc: a.phoneEnc,
      employer: a.employer,
      org_id: a.orgId,
      org_name: f.orgName,
      status: a.status,
      created_at: a.createdAt,
      decided_at: a.decidedAt,
    }),
    gender: d.gender ?? null,
    birthDate: d.birthDate ?? null,
    ethnicity: d.ethnicity ?? null,
    politicalStatus: d.politicalStatus ?? null,
    education: d.education ?? null,
    category: (d.category ?? null) as JoinApplication['category'],
    rejectReason: a.rejectReason,
    decidedByName: f.decidedByName,
    memberId: a.memberId,
  };
}

export async function listApplications(deps: AppDeps, ctx: ActorContext, q: JoinApplicationListQuery) {
  const { rows, total } = await repo.listApplications(deps.pool, scopeOf(ctx), q);
  return { items: rows.map((r) => toListItem(deps, r)), total };
}

export async function getApplication(deps: AppDeps, ctx: ActorContext, id: number): Promise<JoinApplication> {
  const f = await repo.findForStaff(deps.db, scopeOf(ctx), id);
  if (!f) throw new AppError('NOT_FOUND');
  return toApplication(deps, f);
}

/** Locks a pending application in scope for a decision, or says why it cannot be decided. */
async function lockPending(tx: Parameters<typeof repo.findForStaff>[0], ctx: ActorContext, id: number, event: 'approve' | 'reject') {
  const f = await repo.findForStaff(tx, scopeOf(ctx), id, { forUpdate: true });
  if (!f) throw new AppError('NOT_FOUND');
  if (!nextJoinState(f.app.status as 'pending', event)) throw new AppError('JOIN_APPLICATION_NOT_PENDING', { params: { status: f.app.status } });
  return f;
}

class PersonAlreadyActive extends Error {}

/**
 * Approval registers the applicant exactly as a cadre's registration does (same columns, same sealed
 * numbers, an event and an audit row) in one transaction with the decision. A person who became an
 * active member meanwhile is refused and the application stays pending for a rejection.
 */
export async function approveApplication(deps: AppDeps, ctx: ActorContext, id: number, body: { note?: string | undefined }) {
  const { actor } = ctx;
  const now = deps.clock();
  let idHash: string | null = null;
  let decided: { phoneEnc: Buffer; params: Record<string, string> };
  try {
    decided = await deps.db.transaction(async (tx) => {
      const f = await lockPending(tx, ctx, id, 'approve');
      const a = f.app;
      idHash = a.idHash;
      if (!canHoldMembers(f.orgKind)) throw new AppError('MEMBER_ORG_INVALID');
      if (f.orgStatus !== 'active') throw new AppError('ORG_INACTIVE');
      if (await membersRepo.findActiveByIdHash(tx, a.idHash)) throw new PersonAlreadyActive();
      const d = (a.details ?? {}) as repo.ApplicationDetails;
      const member = await membersRepo.insertMember(tx, {
        orgId: a.orgId,
        ...nameColumns(a.name),
        gender: d.gender ?? null,
        birthDate: d.birthDate ?? null,
        ethnicity: d.ethnicity ?? null,
        idType: a.idType,
        // Sealed at submission by the same functions a registration uses: copied, not re-encrypted.
        idEnc: a.idEnc,
        idHash: a.idHash,
        idLast4: a.idLast4,
        phoneEnc: a.phoneEnc,
        phoneHash: a.phoneHash,
        phoneLast4: a.phoneLast4,
        employer: a.employer,
        // A join date is the calendar day in Changzhou, not in UTC.
        joinDate: shanghaiDate(now),
        status: 'active',
        category: d.category ?? 'other',
        modelWorkerLevel: 'none',
        modelWorkerYear: null,
        politicalStatus: d.politicalStatus ?? null,
        education: d.education ?? null,
        tags: [],
        note: null,
        createdBy: actor.userId,
      });
      await membersRepo.insertEvent(tx, {
        memberId: member.id,
        type: 'joined_online',
        actorUserId: actor.userId,
        actorName: actor.displayName,
        orgId: member.orgId,
        note: body.note ? `${a.reference}：${body.note}` : a.reference,
      });
      await repo.updateApplication(tx, id, { status: 'approved', memberId: member.id, decidedBy: actor.userId, decidedAt: now });
      await writeAudit(tx, ctx, {
        action: 'member.create',
        entityType: 'member',
        entityId: member.id,
        after: { name: member.name, orgId: member.orgId, idType: member.idType, category: member.category, source: 'join_application', applicationId: id },
      });
      await writeAudit(tx, ctx, {
        action: 'join_application.approve',
        entityType: 'join_application',
        entityId: id,
        before: { status: 'pending' },
        after: { status: 'approved', memberId: member.id, note: body.note ?? null },
      });
      return { phoneEnc: a.phoneEnc, params: { name: a.name, orgName: f.orgName, reference: a.reference } };
    });
  } catch (err) {
    const racing = uniqueViolation(err) === 'members_active_person_key';
    if ((err instanceof PersonAlreadyActive || racing) && idHash) throw await alreadyActive(deps, ctx, idHash);
    throw err;
  }
  await notifyApplicant(deps, ctx, id, decided.phoneEnc, 'join_approved', decided.params);
  return getApplication(deps, ctx, id);
}

export async function rejectApplication(deps: AppDeps, ctx: ActorContext, id: number, body: { reason: string }) {
  const { actor } = ctx;
  const decided = await deps.db.transaction(async (tx) => {
    const f = await lockPending(tx, ctx, id, 'reject');
    await repo.updateApplication(tx, id, { status: 'rejected', rejectReason: body.reason, decidedBy: actor.userId, decidedAt: deps.clock() });
    await writeAudit(tx, ctx, {
      action: 'join_application.reject',
      entityType: 'join_application',
      entityId: id,
      before: { status: 'pending' },
      after: { status: 'rejected', reason: body.reason },
    });
    return { phoneEnc: f.app.phoneEnc, params: { name: f.app.name, orgName: f.orgName, reference: f.app.reference, reason: body.reason } };
  });
  await notifyApplicant(deps, ctx, id, decided.phoneEnc, 'join_rejected', decided.params);
  return getApplication(deps, ctx, id);
}
