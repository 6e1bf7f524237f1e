import { checkMerchantEvent, merchantEvents, type MerchantEvent, type MerchantState } from '@tongxing/domain';
import type { MerchantDetail, MerchantSummary } from '@tongxing/contracts';
import type { FieldCrypto } from '../../lib/crypto';
import { maskedPhone } from '../../lib/personal';
import type { AgreementRow, MerchantFullRow, MerchantRow } from './merchants.repository';

const iso = (d: Date | string) => new Date(d).toISOString();

export function toSummary(r: MerchantRow, crypto: FieldCrypto): MerchantSummary {
  return {
    id: r.id,
    name: r.name,
    creditCode: r.credit_code,
    category: r.category as MerchantSummary['category'],
    state: r.state as MerchantSummary['state'],
    source: r.source,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    orgId: r.org_id,
    orgName: r.org_name,
    districtName: r.district_name,
    contactName: r.contact_name,
    contactPhoneMasked: maskedPhone(crypto, r.contact_phone_enc),
    activatedOn: r.activated_on,
    revokedOn: r.revoked_on,
    bannedUntil: r.banned_until,
    discountBps: r.discount_bps,
    subsidyBps: r.subsidy_bps,
    createdAt: iso(r.created_at),
  };
}

export function agreementView(a: AgreementRow, category: string, today: string) {
  return {
    id: a.id,
    category: category as MerchantSummary['category'],
    discountBps: a.discount_bps,
    subsidyBps: a.subsidy_bps,
    capPerTxnFen: a.cap_per_txn_fen,
    capPerMonthFen: a.cap_per_month_fen,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    status: a.status,
    current: a.valid_from <= today && a.valid_to >= today,
    signedByName: a.signed_by_name,
    createdAt: iso(a.created_at),
  };
}

export function toDetail(
  r: MerchantFullRow,
  crypto: FieldCrypto,
  extra: {
    agreements: AgreementRow[];
    assessments: { id: number; year: number; result: 'excellent' | 'pass' | 'improve' | 'fail'; score: number | null; note: string | null; assessed_by_name: string | null; assessed_at: Date }[];
    today: string;
    mayReview: boolean;
  },
): MerchantDetail {
  const actions: MerchantEvent[] = extra.mayReview ? merchantEvents.filter((e) => checkMerchantEvent(r.state as MerchantState, e).ok) : [];
  return {
    ...toSummary(r, crypto),
    version: r.version,
    reference: r.reference,
    partnerOrgId: r.partner_org_id,
    openingHours: r.opening_hours,
    description: r.description,
    proposal: r.proposal,
    reviewNote: r.review_note,
    photos: (r.photos ?? []).map((p) => ({ n: p.n, fileName: p.fileName, mime: p.mime, sizeBytes: p.sizeBytes, uploadedAt: p.uploadedAt })),
    agreements: extra.agreements.map((a) => agreementView(a, r.category, extra.today)),
    assessments: extra.assessments.map((s) => ({ id: s.id, year: s.year, result: s.result, score: s.score, note: s.note, assessedByName: s.assessed_by_name, assessedAt: iso(s.assessed_at) })),
    actions,
  };
}
