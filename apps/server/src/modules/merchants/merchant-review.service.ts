import { checkMerchantEvent, reapplyAllowedFrom, resolveScope, type MerchantEvent, type MerchantState, type Scope } from '@tongxing/domain';
import type { MerchantAgreementCreate, MerchantDetail, MerchantListQuery, MerchantPatch } from '@tongxing/contracts';
import { MERCHANT_MAP_MAX } from '@tongxing/contracts';
import type { Tx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { sealPhone } from '../../lib/personal';
import { insertOrg, nextOrgId } from '../orgs/orgs.repository';
import { merchantUnit } from './merchant-apply.service';
import { toDetail, toSummary } from './merchant-view';
import * as repo from './merchants.repository';

const today = (deps: AppDeps) => shanghaiDate(deps.clock());

/** The scope the actor holds for another permission than the route's (e.g. may this reader also review?). */
export function scopeOf(ctx: ActorContext, permission: string): Scope | null {
  const a = ctx.actor;
  return resolveScope(a.grants, permission, { userId: a.userId, orgId: a.orgId, orgPath: a.orgPath });
}

export async function listMerchants(deps: AppDeps, ctx: ActorContext, q: MerchantListQuery) {
  const { rows, total } = await repo.listMerchants(deps.db, ctx.scope!, q, today(deps));
  return { items: rows.map((r) => toSummary(r, deps.crypto)), total };
}

export async function merchantMap(deps: AppDeps, ctx: ActorContext, q: Omit<MerchantListQuery, 'page' | 'pageSize'>) {
  const rows = await repo.mapPoints(deps.db, ctx.scope!, q, MERCHANT_MAP_MAX);
  return {
    items: rows.slice(0, MERCHANT_MAP_MAX).map((r) => ({ id: r.id, name: r.name, category: r.category as 'other', state: r.state as 'active', lng: r.lng, lat: r.lat })),
    truncated: rows.length > MERCHANT_MAP_MAX,
  };
}

export async function detailOf(deps: AppDeps, ctx: ActorContext, db: AppDeps['db'] | Tx, scope: Scope, id: number): Promise<MerchantDetail> {
  const d = today(deps);
  const row = await repo.findMerchant(db, scope, id, d);
  if (!row) throw new AppError('NOT_FOUND');
  const review = scopeOf(ctx, 'merchant:review');
  const [agreements, assessments] = [await repo.agreementsOf(db, id), await repo.assessmentsOf(db, id)];
  const mayReview = review !== null && (review.all || (await repo.findMerchant(db, review, id, d)) !== null);
  return toDetail(row, deps.crypto, { agreements, assessments, today: d, mayReview });
}

export function getMerchant(deps: AppDeps, ctx: ActorContext, id: number) {
  return detailOf(deps, ctx, deps.db, ctx.scope!, id);
}

/** The merchant's own operators: the merchant whose partner unit is theirs. */
export async function myMerchant(deps: AppDeps, ctx: ActorContext) {
  const res = await deps.pool.query<{ id: number }>('select id from merchants where partner_org_id = $1', [ctx.actor.orgId]);
  const id = res.rows[0]?.id;
  if (!id) throw new AppError('NOT_FOUND');
  return detailOf(deps, ctx, deps.db, ctx.scope!, id);
}

/** Locks the merchant (in the route's scope) for a change, or 404. */
async function lockMerchant(deps: AppDeps, tx: Tx, ctx: ActorContext, id: number) {
  const row = await repo.findMerchant(tx, ctx.scope!, id, today(deps), { forUpdate: true });
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

function checkEvent(row: repo.MerchantFullRow, event: MerchantEvent): MerchantState {
  const check = checkMerchantEvent(row.state as MerchantState, event);
  if (!check.ok) throw new AppError('MERCHANT_TRANSITION_INVALID', { params: { state: row.state, event } });
  return check.to;
}

export async function checkNoOverlap(tx: Tx, merchantId: number, a: { validFrom: string; validTo: string }) {
  const clash = await repo.overlapping(tx, merchantId, a.validFrom, a.validTo);
  if (clash.length > 0) {
    throw new AppError('MERCHANT_AGREEMENT_OVERLAP', { params: { agreementIds: clash }, fields: [{ path: 'validFrom', code: 'MERCHANT_AGREEMENT_OVERLAP' }] });
  }
}

export function agreementValues(merchantId: number, a: MerchantAgreementCreate, signedBy: number, createdAt: Date) {
  return {
    merchantId,
    discountBps: a.discountBps,
    subsidyBps: a.subsidyBps,
    capPerTxnFen: a.capPerTxnFen ?? null,
    capPerMonthFen: a.capPerMonthFen ?? null,
    validFrom: a.validFrom,
    validTo: a.validTo,
    signedBy,
    createdAt,
  };
}

/**
 * Approval signs the first agreement and gives the merchant its own partner unit (kind merchant, at the
 * top of the tree like every partner) for its operators' accounts, unless it already has one.
 */
export async function approveMerchant(deps: AppDeps, ctx: ActorContext, id: number, body: { agreement: MerchantAgreementCreate; note?: string | undefined }) {
  const now = deps.clock();
  const d = today(deps);
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    const to = checkEvent(row, 'approve');
    let partnerOrgId = row.partner_org_id;
    if (!partnerOrgId) {
      partnerOrgId = await nextOrgId(tx);
      await insertOrg(tx, { id: partnerOrgId, parentId: null, path: String(partnerOrgId), depth: 0, kind: 'merchant', name: row.name, address: row.address, createdBy: ctx.actor.userId });
      await writeAudit(tx, ctx, { action: 'org.create', entityType: 'org', entityId: partnerOrgId, after: { kind: 'merchant', name: row.name, merchantId: id } });
    }
    await checkNoOverlap(tx, id, body.agreement);
    const agreementId = await repo.insertAgreement(tx, agreementValues(id, body.agreement, ctx.actor.userId, now));
    await repo.updateMerchant(tx, id, { state: to, partner_org_id: partnerOrgId, activated_on: row.activated_on ?? d, review_note: body.note ?? null }, now);
    await writeAudit(tx, ctx, {
      action: 'merchant.approve',
      entityType: 'merchant',
      entityId: id,
      orgId: row.org_id,
      before: { state: row.state },
      after: { state: to, partnerOrgId, agreementId, ...body.agreement, note: body.note ?? null },
    });
  });
  return getMerchant(deps, ctx, id);
}

/** Reject, suspend, resume: a state change with its reason kept as the review note. */
export async function decideMerchant(deps: AppDeps, ctx: ActorContext, id: number, event: 'reject' | 'suspend' | 'resume', note: string | undefined) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    const to = checkEvent(row, event);
    await repo.updateMerchant(tx, id, { state: to, ...(note !== undefined ? { review_note: note } : {}) }, now);
    await writeAudit(tx, ctx, { action: `merchant.${event}`, entityType: 'merchant', entityId: id, orgId: row.org_id, before: { state: row.state }, after: { state: to, reason: note ?? null } });
  });
  return getMerchant(deps, ctx, id);
}

/**
 * Revocation: the merchant may not sign again before `banned_until` (MERCHANT_BAN_YEARS after the
 * revocation), and its partner API keys stop working at once.
 */
export async function revokeMerchant(deps: AppDeps, ctx: ActorContext, id: number, body: { reason: string; revokedOn?: string | undefined }) {
  const now = deps.clock();
  const d = today(deps);
  const revokedOn = body.revokedOn ?? d;
  if (revokedOn > d) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'revokedOn', code: 'merchant.revokedOn' }] });
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    const to = checkEvent(row, 'revoke');
    const bannedUntil = reapplyAllowedFrom(revokedOn, deps.config.MERCHANT_BAN_YEARS);
    await repo.updateMerchant(tx, id, { state: to, revoked_on: revokedOn, banned_until: bannedUntil, review_note: body.reason }, now);
    const keys = row.partner_org_id ? await repo.revokeKeysOf(tx, row.partner_org_id, ctx.actor.userId, now) : 0;
    await writeAudit(tx, ctx, {
      action: 'merchant.revoke',
      entityType: 'merchant',
      entityId: id,
      orgId: row.org_id,
      before: { state: row.state },
      after: { state: to, revokedOn, bannedUntil, reason: body.reason, keysRevoked: keys },
    });
  });
  return getMerchant(deps, ctx, id);
}

/** Edits the merchant's particulars (optimistic: the version read must still be current). */
export async function patchMerchant(deps: AppDeps, ctx: ActorContext, id: number, body: MerchantPatch) {
  const scope = ctx.scope!;
  const unit = body.orgId !== undefined ? await merchantUnit(deps, body.orgId, scope.all ? 'all' : scope.subtreePaths) : null;
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    if (row.version !== body.version) throw new AppError('CONFLICT', { params: { version: row.version } });
    const set: Record<string, unknown> = {};
    const changed: Record<string, unknown> = {};
    const put = (col: string, key: string, value: unknown) => {
      set[col] = value;
      changed[key] = value;
    };
    if (body.name !== undefined) put('name', 'name', body.name);
    if (body.category !== undefined) put('category', 'category', body.category);
    if (body.address !== undefined) put('address', 'address', body.address);
    if (body.lng !== undefined) put('lng', 'lng', body.lng);
    if (body.lat !== undefined) put('lat', 'lat', body.lat);
    if (body.openingHours !== undefined) put('opening_hours', 'openingHours', body.openingHours || null);
    if (body.contactName !== undefined) put('contact_name', 'contactName', body.contactName);
    if (body.description !== undefined) put('description', 'description', body.description || null);
    if (body.contactPhone !== undefined) {
      const phone = sealPhone(deps.crypto, body.contactPhone);
      set.contact_phone_enc = phone.enc;
      set.contact_phone_last4 = phone.last4;
      changed.contactPhone = '[changed]';
    }
    if (unit) {
      set.supervisor_org_id = unit.id;
      set.supervisor_path = unit.path;
      changed.orgId = unit.id;
    }
    if (Object.keys(set).length === 0) return;
    await repo.updateMerchant(tx, id, set, now);
    await writeAudit(tx, ctx, { action: 'merchant.update', entityType: 'merchant', entityId: id, orgId: row.org_id, after: changed });
  });
  return getMerchant(deps, ctx, id);
}

/** The contact's full phone for a cadre who must call: audited with the reason. */
export async function revealContact(deps: AppDeps, ctx: ActorContext, id: number, reason: string) {
  const row = await repo.findMerchant(deps.db, ctx.scope!, id, today(deps));
  if (!row) throw new AppError('NOT_FOUND');
  await writeAudit(deps.db, ctx, { action: 'merchant.reveal_contact', entityType: 'merchant', entityId: id, orgId: row.org_id, after: { reason } });
  return { contactPhone: row.contact_phone_enc ? deps.crypto.decrypt(row.contact_phone_enc) : '' };
}

export { lockMerchant };
