import { randomBytes } from 'node:crypto';
import { referenceFromBytes } from '@tongxing/domain';
import type { Lang, MerchantApplicationCreate, MerchantCreate } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext, RequestContext } from '../../lib/context';
import { safeEqual } from '../../lib/crypto';
import { shanghaiDate } from '../../lib/local-date';
import { hashPhone, sealPhone } from '../../lib/personal';
import * as repo from './merchants.repository';

const MERCHANT_UNIT_KINDS = ['district_union', 'street_federation'];

function unitField(code: 'NOT_FOUND' | 'MERCHANT_UNIT_INVALID' | 'ORG_INACTIVE') {
  return new AppError(code, { fields: [{ path: 'orgId', code }] });
}

/** The union unit a merchant belongs to: an active district union or street federation (in scope, for cadres). */
export async function merchantUnit(deps: AppDeps, orgId: number, scopePaths: string[] | 'all') {
  const unit = await repo.unionUnit(deps.db, orgId);
  if (!unit) throw unitField('NOT_FOUND');
  if (scopePaths !== 'all' && !scopePaths.some((p) => unit.path === p || unit.path.startsWith(`${p}.`))) throw unitField('NOT_FOUND');
  if (!MERCHANT_UNIT_KINDS.includes(unit.kind)) throw unitField('MERCHANT_UNIT_INVALID');
  if (unit.status !== 'active') throw unitField('ORG_INACTIVE');
  return unit;
}

function bannedDetail(from: string, lang: Lang) {
  return lang === 'en' ? `It may apply again from ${from}.` : `可于 ${from} 起重新申请。`;
}

/**
 * Refuses a credit code that is already applying or signed, or whose revoked merchant is still banned
 * (with the first day it may apply again). Runs under the code's advisory lock, inside the insert's transaction.
 */
export async function checkCreditCodeFree(tx: Parameters<typeof repo.blockersOf>[0], code: string, today: string, lang: Lang) {
  await repo.lockCreditCode(tx, code);
  const blockers = await repo.blockersOf(tx, code, today);
  const open = blockers.find((b) => b.state !== 'revoked');
  if (open) throw new AppError('MERCHANT_ALREADY_REGISTERED', { fields: [{ path: 'creditCode', code: 'MERCHANT_ALREADY_REGISTERED' }] });
  const banned = blockers.find((b) => b.state === 'revoked' && b.banned_until);
  if (banned?.banned_until) {
    throw new AppError('MERCHANT_BANNED', {
      params: { from: banned.banned_until },
      detail: bannedDetail(banned.banned_until, lang),
      fields: [{ path: 'creditCode', code: 'MERCHANT_BANNED' }],
    });
  }
}

async function insertNew(deps: AppDeps, ctx: RequestContext, body: MerchantCreate, unit: { id: number; path: string }, source: 'online' | 'cadre') {
  const today = shanghaiDate(deps.clock());
  const phone = sealPhone(deps.crypto, body.contactPhone);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await checkCreditCodeFree(tx, body.creditCode, today, ctx.lang);
    const reference = source === 'online' ? referenceFromBytes(randomBytes(12)) : null;
    const id = await repo.insertMerchant(tx, {
      supervisorOrgId: unit.id,
      supervisorPath: unit.path,
      name: body.name,
      creditCode: body.creditCode,
      category: body.category,
      address: body.address,
      lng: body.lng,
      lat: body.lat,
      openingHours: body.openingHours ?? null,
      contactName: body.contactName,
      contactPhoneEnc: phone.enc,
      contactPhoneLast4: phone.last4,
      description: body.description ?? null,
      source,
      reference,
      proposal: body.proposal ?? null,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: now,
    });
    await writeAudit(tx, ctx, {
      action: source === 'online' ? 'merchant.apply' : 'merchant.create',
      entityType: 'merchant',
      entityId: id,
      orgId: ctx.actor ? undefined : unit.id,
      after: { name: body.name, creditCode: body.creditCode, category: body.category, orgId: unit.id, source, proposal: body.proposal ?? null },
    });
    return { id, reference };
  });
}

/** 特约商户 online application: the public form. Anyone may apply; the district union reviews. */
export async function submitApplication(deps: AppDeps, ctx: RequestContext, body: MerchantApplicationCreate) {
  const unit = await merchantUnit(deps, body.orgId, 'all');
  const { reference } = await insertNew(deps, ctx, body, unit, 'online');
  return { reference: reference!, state: 'applied' as const };
}

/** A cadre enters a merchant (for its own subtree); it is reviewed like an online application. */
export async function createMerchant(deps: AppDeps, ctx: ActorContext, body: MerchantCreate) {
  const scope = ctx.scope!;
  const unit = await merchantUnit(deps, body.orgId, scope.all ? 'all' : scope.subtreePaths);
  const { id } = await insertNew(deps, ctx, body, unit, 'cadre');
  return id;
}

/** The applicant's view: reference and contact phone must both match, and anything else is the same 404. */
export async function applicationStatus(deps: AppDeps, q: { reference: string; phone: string }) {
  const found = await repo.findByReference(deps.db, q.reference);
  if (!found?.contact_phone_enc) throw new AppError('NOT_FOUND');
  const stored = hashPhone(deps.crypto, deps.crypto.decrypt(found.contact_phone_enc));
  if (!safeEqual(stored, hashPhone(deps.crypto, q.phone))) throw new AppError('NOT_FOUND');
  return {
    reference: found.reference,
    name: found.name,
    orgName: found.org_name,
    state: found.state as 'applied',
    reviewNote: found.state === 'rejected' || found.state === 'revoked' || found.state === 'suspended' ? found.review_note : null,
    bannedUntil: found.banned_until,
    createdAt: new Date(found.created_at).toISOString(),
  };
}

export async function publicUnits(deps: AppDeps) {
  const rows = await repo.publicUnits(deps.db);
  return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id })) };
}
