import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { MerchantListQuery, MerchantProposal } from '@tongxing/contracts';
import { likePattern, offsetOf } from '../../lib/pagination';

/**
 * A merchant is in scope through the union unit that looks after it (`supervisor_path` under a scope root,
 * or that unit itself) or, for its own operators, through its partner unit (`unit` scope on that unit).
 */
export function merchantScope(scope: Scope, alias = 'm'): SQL {
  if (scope.all) return sql`true`;
  const a = sql.raw(alias);
  const parts: SQL[] = [];
  for (const p of scope.subtreePaths) parts.push(sql`${a}.supervisor_path <@ ${p}::ltree`);
  if (scope.unitIds.length > 0) {
    const ids = sql`${sql.param(scope.unitIds)}::int[]`;
    parts.push(sql`(${a}.partner_org_id = any(${ids}) or ${a}.supervisor_org_id = any(${ids}))`);
  }
  if (scope.ownerUserId !== null) parts.push(sql`${a}.created_by = ${scope.ownerUserId}`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

export type MerchantRow = {
  id: number;
  name: string;
  credit_code: string | null;
  category: string;
  state: string;
  source: 'online' | 'cadre';
  address: string;
  lng: number | null;
  lat: number | null;
  org_id: number;
  org_name: string;
  district_name: string | null;
  contact_name: string | null;
  contact_phone_enc: Buffer | null;
  activated_on: string | null;
  revoked_on: string | null;
  banned_until: string | null;
  discount_bps: number | null;
  subsidy_bps: number | null;
  created_at: Date;
};

export type MerchantFullRow = MerchantRow & {
  version: number;
  reference: string | null;
  partner_org_id: number | null;
  supervisor_path: string;
  opening_hours: string | null;
  description: string | null;
  proposal: MerchantProposal | null;
  review_note: string | null;
  photos: StoredMerchantPhoto[];
  contact_phone_last4: string | null;
  created_by: number | null;
};

export type StoredMerchantPhoto = {
  n: number;
  fileName: string;
  mime: string;
  sizeBytes: number;
  storedFile: string;
  sha256: string;
  uploadedAt: string;
  uploadedBy: number | null;
};

/** The district of a merchant's unit is the second label of its path (labels are unit ids from the root). */
const districtJoin = sql.raw(`left join org_units d on d.id = case when nlevel(m.supervisor_path) >= 2 then ltree2text(subpath(m.supervisor_path, 1, 1))::int end`);

function currentTerms(today: string) {
  return sql`left join lateral (
      select a.discount_bps, a.subsidy_bps from merchant_agreements a
       where a.merchant_id = m.id and a.valid_from <= ${today}::date and a.valid_to >= ${today}::date
       order by (a.status = 'active') desc, a.valid_from desc, a.id desc limit 1) ca on true`;
}

const summaryColumns = sql.raw(`m.id, m.name, m.credit_code, m.category, m.state, m.source, m.address, m.lng::float8 as lng, m.lat::float8 as lat,
  m.supervisor_org_id as org_id, o.name as org_name, d.name as district_name, m.contact_name, m.contact_phone_enc,
  m.activated_on, m.revoked_on, m.banned_until, ca.discount_bps, ca.subsidy_bps, m.created_at`);

function listWhere(scope: Scope, q: Partial<MerchantListQuery>): SQL {
  const parts: SQL[] = [merchantScope(scope)];
  if (q.state) parts.push(sql`m.state = ${q.state}`);
  if (q.category) parts.push(sql`m.category = ${q.category}`);
  if (q.orgId) parts.push(sql`m.supervisor_path <@ (select p.path from org_units p where p.id = ${q.orgId})`);
  if (q.q) parts.push(sql`(m.name ilike ${likePattern(q.q)} or m.credit_code = upper(${q.q}) or m.address ilike ${likePattern(q.q)})`);
  return sql.join(parts, sql` and `);
}

export async function listMerchants(db: DbOrTx, scope: Scope, q: MerchantListQuery, today: string) {
  const where = listWhere(scope, q);
  const rows = await db.execute<MerchantRow>(sql`
    select ${summaryColumns}
      from merchants m join org_units o on o.id = m.supervisor_org_id ${districtJoin} ${currentTerms(today)}
     where ${where}
     order by m.created_at desc, m.id desc
     limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await db.execute<{ n: number }>(sql`select count(*)::int as n from merchants m where ${where}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function mapPoints(db: DbOrTx, scope: Scope, q: Partial<MerchantListQuery>, limit: number) {
  const res = await db.execute<{ id: number; name: string; category: string; state: string; lng: number; lat: number }>(sql`
    select m.id, m.name, m.category, m.state, m.lng::float8 as lng, m.lat::float8 as lat
      from merchants m
     where ${listWhere(scope, q)} and m.lng is not null and m.lat is not null
     order by m.id limit ${limit + 1}`);
  return res.rows;
}

/** One merchant in scope; `forUpdate` locks it so two decisions on it take turns. */
export async function findMerchant(db: DbOrTx, scope: Scope, id: number, today: string, opts: { forUpdate?: boolean } = {}): Promise<MerchantFullRow | null> {
  if (opts.forUpdate) {
    const locked = await db.execute(sql`select m.id from merchants m where m.id = ${id} and ${merchantScope(scope)} for update`);
    if (locked.rows.length === 0) return null;
  }
  const res = await db.execute<MerchantFullRow>(sql`
    select ${summaryColumns}, m.version, m.reference, m.partner_org_id, m.supervisor_path::text as supervisor_path, m.opening_hours,
           m.description, m.proposal, m.review_note, m.photos, m.contact_phone_last4, m.created_by
      from merchants m join org_units o on o.id = m.supervisor_org_id ${districtJoin} ${currentTerms(today)}
     where m.id = ${id} and ${merchantScope(scope)}`);
  return res.rows[0] ?? null;
}

export async function findByReference(db: DbOrTx, reference: string) {
  const res = await db.execute<{ reference: string; name: string; org_name: string; state: string; review_note: string | null; banned_until: string | null; created_at: Date; contact_phone_enc: Buffer | null }>(sql`
    select m.reference, m.name, o.name as org_name, m.state, m.review_note, m.banned_until, m.created_at, m.contact_phone_enc
      from merchants m join org_units o on o.id = m.supervisor_org_id where m.reference = ${reference}`);
  return res.rows[0] ?? null;
}

/** Applications of one credit code take turns (the check for an open or banned merchant, then the insert). */
export async function lockCreditCode(tx: DbOrTx, code: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`merchant:${code}`}))`);
}

/** What stands in the way of a new application with this code: an open merchant, or a ban not yet over. */
export async function blockersOf(tx: DbOrTx, code: string, today: string) {
  const res = await tx.execute<{ id: number; state: string; banned_until: string | null }>(sql`
    select id, state, banned_until from merchants
     where credit_code = ${code}
       and (state in ('applied','active','suspended') or (state = 'revoked' and banned_until > ${today}::date))
     order by banned_until desc nulls first`);
  return res.rows;
}

export interface NewMerchant {
  supervisorOrgId: number;
  supervisorPath: string;
  name: string;
  creditCode: string;
  category: string;
  address: string;
  lng: number;
  lat: number;
  openingHours: string | null;
  contactName: string;
  contactPhoneEnc: Buffer;
  contactPhoneLast4: string;
  description: string | null;
  source: 'online' | 'cadre';
  reference: string | null;
  proposal: MerchantProposal | null;
  createdBy: number | null;
  createdAt: Date;
}

export async function insertMerchant(tx: DbOrTx, m: NewMerchant): Promise<number> {
  const res = await tx.execute<{ id: number }>(sql`
    insert into merchants (supervisor_org_id, supervisor_path, name, credit_code, category, address, lng, lat, opening_hours,
                           contact_name, contact_phone_enc, contact_phone_last4, description, state, source, reference, proposal,
                           created_by, created_at, updated_at)
    values (${m.supervisorOrgId}, ${m.supervisorPath}::ltree, ${m.name}, ${m.creditCode}, ${m.category}, ${m.address}, ${m.lng}, ${m.lat},
            ${m.openingHours}, ${m.contactName}, ${m.contactPhoneEnc}, ${m.contactPhoneLast4}, ${m.description}, 'applied', ${m.source},
            ${m.reference}, ${m.proposal ? JSON.stringify(m.proposal) : null}::jsonb, ${m.createdBy}, ${m.createdAt.toISOString()}, ${m.createdAt.toISOString()})
    returning id`);
  return res.rows[0]!.id;
}

/** Sets the given columns (already in SQL form) and bumps the version. */
export async function updateMerchant(tx: DbOrTx, id: number, set: Record<string, unknown>, now: Date) {
  const cols = Object.entries(set).map(([k, v]) => {
    if (k === 'supervisor_path') return sql`${sql.identifier(k)} = ${v}::ltree`;
    if (k === 'photos' || k === 'proposal') return sql`${sql.identifier(k)} = ${JSON.stringify(v)}::jsonb`;
    return sql`${sql.identifier(k)} = ${v}`;
  });
  cols.push(sql`version = version + 1`, sql`updated_at = ${now.toISOString()}`);
  await tx.execute(sql`update merchants set ${sql.join(cols, sql`, `)} where id = ${id}`);
}

export async function unionUnit(db: DbOrTx, id: number) {
  const res = await db.execute<{ id: number; kind: string; name: string; path: string; status: string; parent_id: number | null }>(sql`
    select id, kind, name, path::text as path, status, parent_id from org_units where id = ${id}`);
  return res.rows[0] ?? null;
}

/** The public form's list: active district unions and street federations. */
export async function publicUnits(db: DbOrTx) {
  const res = await db.execute<{ id: number; name: string; kind: string; parent_id: number | null }>(sql`
    select id, name, kind, parent_id from org_units
     where status = 'active' and kind in ('district_union', 'street_federation')
     order by depth, sort_order, id`);
  return res.rows;
}

// ---------------------------------------------------------------- agreements and assessments

export type AgreementRow = {
  id: number;
  discount_bps: number;
  subsidy_bps: number;
  cap_per_txn_fen: number | null;
  cap_per_month_fen: number | null;
  valid_from: string;
  valid_to: string;
  status: 'active' | 'ended';
  signed_by_name: string | null;
  created_at: Date;
};

export async function agreementsOf(db: DbOrTx, merchantId: number): Promise<AgreementRow[]> {
  const res = await db.execute<AgreementRow>(sql`
    select a.id, a.discount_bps, a.subsidy_bps, a.cap_per_txn_fen, a.cap_per_month_fen, a.valid_from, a.valid_to, a.status,
           u.display_name as signed_by_name, a.created_at
      from merchant_agreements a left join users u on u.id = a.signed_by
     where a.merchant_id = ${merchantId} order by a.valid_from desc, a.id desc`);
  return res.rows;
}

/** Agreements of the merchant whose dates meet [from, to] (ended ones keep the dates they were in force). */
export async function overlapping(db: DbOrTx, merchantId: number, from: string, to: string, exceptId?: number) {
  const res = await db.execute<{ id: number }>(sql`
    select id from merchant_agreements
     where merchant_id = ${merchantId} and valid_from <= ${to}::date and valid_to >= ${from}::date
       ${exceptId ? sql`and id <> ${exceptId}` : sql``}`);
  return res.rows.map((r) => r.id);
}

export async function insertAgreement(
  tx: DbOrTx,
  a: { merchantId: number; discountBps: number; subsidyBps: number; capPerTxnFen: number | null; capPerMonthFen: number | null; validFrom: string; validTo: string; signedBy: number; createdAt: Date },
): Promise<number> {
  const res = await tx.execute<{ id: number }>(sql`
    insert into merchant_agreements (merchant_id, discount_bps, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from, valid_to, status, signed_by, created_at)
    values (${a.merchantId}, ${a.discountBps}, ${a.subsidyBps}, ${a.capPerTxnFen}, ${a.capPerMonthFen}, ${a.validFrom}, ${a.validTo}, 'active', ${a.signedBy}, ${a.createdAt.toISOString()})
    returning id`);
  return res.rows[0]!.id;
}

export async function findAgreement(tx: DbOrTx, merchantId: number, id: number) {
  const res = await tx.execute<{ id: number; valid_from: string; valid_to: string; status: string }>(sql`
    select id, valid_from, valid_to, status from merchant_agreements where id = ${id} and merchant_id = ${merchantId} for update`);
  return res.rows[0] ?? null;
}

export async function endAgreement(tx: DbOrTx, id: number, endOn: string) {
  await tx.execute(sql`update merchant_agreements set valid_to = ${endOn}::date, status = 'ended' where id = ${id}`);
}

export async function assessmentsOf(db: DbOrTx, merchantId: number) {
  const res = await db.execute<{ id: number; year: number; result: 'excellent' | 'pass' | 'improve' | 'fail'; score: number | null; note: string | null; assessed_by_name: string | null; assessed_at: Date }>(sql`
    select s.id, s.year, s.result, s.score, s.note, u.display_name as assessed_by_name, s.assessed_at
      from merchant_assessments s left join users u on u.id = s.assessed_by
     where s.merchant_id = ${merchantId} order by s.year desc`);
  return res.rows;
}

export async function insertAssessment(tx: DbOrTx, a: { merchantId: number; year: number; result: string; score: number | null; note: string | null; by: number; at: Date }) {
  const res = await tx.execute<{ id: number }>(sql`
    insert into merchant_assessments (merchant_id, year, result, score, note, assessed_by, assessed_at)
    values (${a.merchantId}, ${a.year}, ${a.result}, ${a.score}, ${a.note}, ${a.by}, ${a.at.toISOString()})
    on conflict (merchant_id, year) do nothing returning id`);
  return res.rows[0]?.id ?? null;
}

/** Revocation ends the partner's API access: its active keys are revoked with it. */
export async function revokeKeysOf(tx: DbOrTx, orgId: number, by: number, at: Date): Promise<number> {
  const res = await tx.execute(sql`
    update partner_api_keys set status = 'revoked', revoked_by = ${by}, revoked_at = ${at.toISOString()}
     where org_id = ${orgId} and status = 'active' returning id`);
  return res.rows.length;
}
