import type { IdType } from '@tongxing/domain';
import type { Member, MemberCreate, MemberListItem, MemberListQuery, MemberPatch } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError, type FieldError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { maskedId, maskedPhone, sealIdNumber, sealPhone } from '../../lib/personal';
import { canHoldMembers, checkIdentity, nameColumns, personalColumns } from './member-record';
import { memberCounts } from './member-counts';
import * as repo from './members.repository';

type Found = NonNullable<Awaited<ReturnType<typeof repo.findMember>>>;

function scopeOf(ctx: ActorContext) {
  if (!ctx.scope) throw new Error('member routes run with a resolved scope');
  return ctx.scope;
}

export function toListItem(deps: AppDeps, r: repo.ListRow): MemberListItem {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    idType: r.id_type as IdType,
    idNumberMasked: maskedId(deps.crypto, r.id_enc),
    phoneMasked: maskedPhone(deps.crypto, r.phone_enc),
    orgId: r.org_id,
    orgName: r.org_name,
    employer: r.employer,
    joinDate: r.join_date,
    status: r.status as MemberListItem['status'],
    category: r.category as MemberListItem['category'],
    modelWorkerLevel: r.model_worker_level as MemberListItem['modelWorkerLevel'],
    tags: r.tags,
  };
}

export function toMember(deps: AppDeps, f: Found): Member {
  const m = f.member;
  return {
    id: m.id,
    name: m.name,
    gender: m.gender as Member['gender'],
    birthDate: m.birthDate,
    idType: m.idType as IdType,
    idNumberMasked: maskedId(deps.crypto, m.idEnc),
    phoneMasked: maskedPhone(deps.crypto, m.phoneEnc),
    orgId: m.orgId,
    orgName: f.orgName,
    employer: m.employer,
    joinDate: m.joinDate,
    status: m.status as Member['status'],
    category: m.category as Member['category'],
    modelWorkerLevel: m.modelWorkerLevel as Member['modelWorkerLevel'],
    tags: m.tags,
    ethnicity: m.ethnicity,
    modelWorkerYear: m.modelWorkerYear,
    politicalStatus: m.politicalStatus,
    education: m.education,
    note: m.note,
    orgAncestorIds: m.orgPath.split('.').map(Number).slice(0, -1),
    hasPortalAccount: f.hasPortalAccount,
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const inner = e.code ? e : e.cause;
  return inner?.code === '23505' ? (inner.constraint ?? 'unique') : null;
}

/** "Already a member": names the holding union only when the actor may see it. */
export async function alreadyActive(deps: AppDeps, ctx: ActorContext, idHash: string): Promise<AppError> {
  const holder = await repo.findActiveByIdHash(deps.db, idHash);
  let orgName: string | undefined;
  if (holder) {
    const visible = await repo.orgForMembers(deps.db, scopeOf(ctx), holder.orgId);
    orgName = visible?.name;
  }
  return new AppError('MEMBER_ALREADY_ACTIVE', {
    fields: [{ path: 'idNumber', code: 'MEMBER_ALREADY_ACTIVE' }],
    ...(orgName ? { params: { orgName } } : {}),
    ...(orgName ? { detail: orgName } : {}),
  });
}

export async function listMembers(deps: AppDeps, ctx: ActorContext, q: MemberListQuery) {
  const { rows, total, capped } = await repo.listMembers(deps.pool, deps.crypto, scopeOf(ctx), q);
  return { items: rows.map((r) => toListItem(deps, r)), total, totalCapped: capped };
}

export async function getMember(deps: AppDeps, ctx: ActorContext, id: number) {
  const f = await repo.findMember(deps.db, scopeOf(ctx), id);
  if (!f) throw new AppError('NOT_FOUND');
  return toMember(deps, f);
}

export async function createMember(deps: AppDeps, ctx: ActorContext, body: MemberCreate): Promise<Member> {
  const scope = scopeOf(ctx);
  const identity = checkIdentity(body);
  if (identity.errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: identity.errors });
  const idHash = sealIdNumber(deps.crypto, identity.idNumber).hash;
  try {
    const id = await deps.db.transaction(async (tx) => {
      const org = await repo.orgForMembers(tx, scope, body.orgId);
      if (!org) throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
      if (!canHoldMembers(org.kind)) throw new AppError('MEMBER_ORG_INVALID', { fields: [{ path: 'orgId', code: 'MEMBER_ORG_INVALID' }] });
      if (org.status !== 'active') throw new AppError('ORG_INACTIVE', { fields: [{ path: 'orgId', code: 'ORG_INACTIVE' }] });
      const row = await repo.insertMember(tx, {
        orgId: body.orgId,
        ...nameColumns(body.name),
        gender: identity.gender,
        birthDate: identity.birthDate,
        ethnicity: body.ethnicity ?? null,
        idType: body.idType,
        ...personalColumns(deps.crypto, identity.idNumber, body.phone),
        employer: body.employer ?? null,
        joinDate: body.joinDate ?? shanghaiDate(deps.clock()),
        status: 'active',
        category: body.category,
        modelWorkerLevel: body.modelWorkerLevel,
        modelWorkerYear: body.modelWorkerYear ?? null,
        politicalStatus: body.politicalStatus ?? null,
        education: body.education ?? null,
        tags: [...new Set(body.tags)],
        note: body.note ?? null,
        createdBy: ctx.actor.userId,
      });
      await repo.insertEvent(tx, { memberId: row.id, type: 'created', actorUserId: ctx.actor.userId, actorName: ctx.actor.displayName, orgId: row.orgId });
      await writeAudit(tx, ctx, {
        action: 'member.create',
        entityType: 'member',
        entityId: row.id,
        after: { name: row.name, orgId: row.orgId, idType: row.idType, category: row.category, modelWorkerLevel: row.modelWorkerLevel },
      });
      return row.id;
    });
    return getMember(deps, ctx, id);
  } catch (err) {
    if (uniqueViolation(err) === 'members_active_person_key') throw await alreadyActive(deps, ctx, idHash);
    throw err;
  }
}

const EDITABLE = [
  'name', 'gender', 'birthDate', 'ethnicity', 'employer', 'joinDate', 'status', 'category',
  'modelWorkerLevel', 'modelWorkerYear', 'politicalStatus', 'education', 'tags', 'note', 'idType',
] as const;

/** Status changes a cadre may make; moving between unions in the city is a transfer instead. */
const STATUS_MOVES: Record<string, string[]> = {
  active: ['retired', 'withdrawn', 'deceased', 'transferred_out'],
  retired: ['active', 'deceased'],
  withdrawn: ['active'],
  transferred_out: ['active'],
  deceased: [],
};

export async function updateMember(deps: AppDeps, ctx: ActorContext, id: number, patch: MemberPatch): Promise<Member> {
  const scope = scopeOf(ctx);
  let newIdHash: string | null = null;
  try {
    await deps.db.transaction(async (tx) => {
      const f = await repo.findMember(tx, scope, id, { forUpdate: true });
      if (!f) throw new AppError('NOT_FOUND');
      const m = f.member;
      if (patch.version !== undefined && patch.version !== m.version) throw new AppError('CONFLICT', { params: { version: m.version } });
      if (patch.status && patch.status !== m.status && !(STATUS_MOVES[m.status] ?? []).includes(patch.status)) {
        throw new AppError('MEMBER_STATUS_INVALID', { fields: [{ path: 'status', code: 'MEMBER_STATUS_INVALID' }], params: { from: m.status, to: patch.status } });
      }
      const values: Record<string, unknown> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of EDITABLE) {
        const v = patch[key];
        if (v === undefined) continue;
        const old = m[key];
        if (JSON.stringify(old) !== JSON.stringify(v)) {
          values[key] = v;
          changes[key] = { from: old, to: v };
        }
      }
      if (values.name !== undefined) Object.assign(values, nameColumns(values.name as string));
      const idChanged = patch.idNumber !== undefined || patch.idType !== undefined || patch.gender !== undefined || patch.birthDate !== undefined;
      if (idChanged) {
        const currentId = deps.crypto.decrypt(m.idEnc);
        const identity = checkIdentity({
          idType: (patch.idType ?? m.idType) as IdType,
          idNumber: patch.idNumber ?? currentId,
          gender: patch.gender ?? (patch.idNumber ? undefined : (m.gender as 'M' | 'F' | null) ?? undefined),
          birthDate: patch.birthDate ?? (patch.idNumber ? undefined : m.birthDate ?? undefined),
        });
        if (identity.errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: identity.errors as FieldError[] });
        if (identity.idNumber !== currentId) {
          const sealed = sealIdNumber(deps.crypto, identity.idNumber);
          newIdHash = sealed.hash;
          Object.assign(values, { idEnc: sealed.enc, idHash: sealed.hash, idLast4: sealed.last4 });
          // Personal numbers never enter the history in clear: only that they changed.
          changes.idNumber = { from: '[changed]', to: '[changed]' };
        }
        if (identity.gender !== m.gender) {
          values.gender = identity.gender;
          changes.gender = { from: m.gender, to: identity.gender };
        }
        if (identity.birthDate !== m.birthDate) {
          values.birthDate = identity.birthDate;
          changes.birthDate = { from: m.birthDate, to: identity.birthDate };
        }
      }
      if (patch.phone !== undefined) {
        const current = m.phoneEnc ? deps.crypto.decrypt(m.phoneEnc) : null;
        if (current !== patch.phone) {
          const p = patch.phone ? sealPhone(deps.crypto, patch.phone) : null;
          Object.assign(values, { phoneEnc: p?.enc ?? null, phoneHash: p?.hash ?? null, phoneLast4: p?.last4 ?? null });
          changes.phone = { from: '[changed]', to: '[changed]' };
        }
      }
      if (Object.keys(changes).length === 0) return;
      await repo.updateMember(tx, id, { ...values, updatedAt: deps.clock() });
      // Membership ended (retired members keep their portal): the portal sessions end with it.
      if (changes.status && ['withdrawn', 'deceased', 'transferred_out'].includes(String(changes.status.to))) {
        await repo.syncPortalAccount(tx, id, { endSessions: true });
      }
      await repo.insertEvent(tx, {
        memberId: id,
        type: changes.status ? 'status_changed' : 'updated',
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        orgId: m.orgId,
        changes,
      });
      await writeAudit(tx, ctx, { action: 'member.update', entityType: 'member', entityId: id, before: fromSide(changes), after: toSide(changes) });
    });
  } catch (err) {
    if (uniqueViolation(err) === 'members_active_person_key' && newIdHash) throw await alreadyActive(deps, ctx, newIdHash);
    throw err;
  }
  return getMember(deps, ctx, id);
}

const fromSide = (c: Record<string, { from: unknown }>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.from]));
const toSide = (c: Record<string, { to: unknown }>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.to]));

/** The clear numbers, for a stated reason, on the record: an audit row in the same transaction. */
export async function revealMember(deps: AppDeps, ctx: ActorContext, id: number, reason: string) {
  return deps.db.transaction(async (tx) => {
    const f = await repo.findMember(tx, scopeOf(ctx), id);
    if (!f) throw new AppError('NOT_FOUND');
    await writeAudit(tx, ctx, { action: 'member.reveal', entityType: 'member', entityId: id, after: { reason, fields: ['idNumber', 'phone'] } });
    return { idNumber: deps.crypto.decrypt(f.member.idEnc), phone: f.member.phoneEnc ? deps.crypto.decrypt(f.member.phoneEnc) : null };
  });
}

export async function memberHistory(deps: AppDeps, ctx: ActorContext, id: number) {
  const f = await repo.findMember(deps.db, scopeOf(ctx), id);
  if (!f) throw new AppError('NOT_FOUND');
  const rows = await repo.listEvents(deps.pool, id);
  return {
    items: rows.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      actorName: e.actor_name,
      orgId: e.org_id,
      orgName: e.org_name,
      otherOrgId: e.other_org_id,
      otherOrgName: e.other_org_name,
      changes: e.changes,
      note: e.note,
    })),
  };
}

export async function countMembers(deps: AppDeps, ctx: ActorContext, orgId?: number) {
  const scope = scopeOf(ctx);
  // Without a unit: the top of the caller's scope (the city for an all-units scope, else the own unit).
  const target = orgId ?? (scope.all ? await cityRootId(deps) : ctx.actor.orgId);
  return memberCounts(deps.pool, scope, target);
}

async function cityRootId(deps: AppDeps): Promise<number> {
  const res = await deps.pool.query<{ id: number }>(`select id from org_units where kind = 'city_federation' order by id limit 1`);
  if (!res.rows[0]) throw new AppError('NOT_FOUND');
  return res.rows[0].id;
}
