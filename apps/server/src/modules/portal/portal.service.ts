import type { IdType } from '@tongxing/domain';
import type { JoinOutcome, PortalMe, PortalUnit } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { maskedId, maskedPhone } from '../../lib/personal';
import * as repo from './portal.repository';

/** The signed-in member's own record and union, numbers masked (the portal never shows them in clear). */
export async function portalMe(deps: AppDeps, ctx: ActorContext): Promise<PortalMe> {
  const row = await repo.findProfile(deps.pool, ctx.actor.userId);
  if (!row) throw new AppError('NOT_FOUND');
  const ancestorIds = row.org_path.split('.').map(Number).slice(0, -1);
  const ancestors = ancestorIds.length > 0 ? await repo.unitsByIds(deps.pool, ancestorIds) : [];
  return {
    memberId: row.id,
    name: row.name,
    gender: row.gender,
    idType: row.id_type as IdType,
    idNumberMasked: maskedId(deps.crypto, row.id_enc),
    phoneMasked: maskedPhone(deps.crypto, row.phone_enc),
    employer: row.employer,
    status: row.status as PortalMe['status'],
    joinDate: row.join_date,
    category: row.category as PortalMe['category'],
    modelWorkerLevel: row.model_worker_level as PortalMe['modelWorkerLevel'],
    union: {
      id: row.org_id,
      name: row.org_name,
      shortName: row.org_short_name,
      kind: row.org_kind,
      streetName: ancestors.find((a) => a.kind === 'street_federation')?.name ?? null,
      districtName: ancestors.find((a) => a.kind === 'district_union')?.name ?? null,
      contactPhone: row.org_contact_phone,
    },
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    csrfToken: ctx.actor.session.csrfToken,
  };
}

/** The member's own join applications: those made with their phone or their ID number. */
export async function portalApplications(deps: AppDeps, ctx: ActorContext): Promise<{ items: JoinOutcome[] }> {
  const row = await repo.findProfile(deps.pool, ctx.actor.userId);
  if (!row) throw new AppError('NOT_FOUND');
  const rows = await repo.applicationsOf(deps.pool, row.phone_hash, row.id_hash);
  return {
    items: rows.map((a) => ({
      reference: a.reference,
      orgName: a.org_name,
      status: a.status as JoinOutcome['status'],
      rejectReason: a.reject_reason,
      createdAt: a.created_at.toISOString(),
      decidedAt: a.decided_at ? a.decided_at.toISOString() : null,
    })),
  };
}

export async function searchUnits(deps: AppDeps, q: { q?: string | undefined; kind?: PortalUnit['kind'] | undefined; limit: number }) {
  const rows = await repo.searchUnits(deps.pool, q);
  return { items: rows.map((r) => ({ id: r.id, name: r.name, shortName: r.short_name, kind: r.kind, districtName: r.district_name })) };
}
