import { PARTNER_SIGNATURE_HEADERS } from '@tongxing/contracts';
import { signPartnerRequest } from '../../src/lib/partner-signature';
import { rememberSecret, type TestApp } from '../harness';
import { makeIdNumber, makePhone } from './people';

/**
 * Fixtures for the partner API and the rates, set up by SQL (programme, cards in a given state, merchants
 * with agreements, partner keys) so they can be tested on their own. Members come through the API.
 */
export interface CardFixture {
  programmeId: number;
  /** The demo bank's branch (cards are routed to it) and its path. */
  bankId: number;
  bankPath: string;
  /** Another bank unit, not under the branch: its cards are "another bank's". */
  otherBankId: number;
  cityId: number;
  /** Two grassroots unions in 新北区 and one in 天宁区. */
  unions: { id: number; districtId: number }[];
}

let programmeSerial = 0;
let cardSerial = 0;

export async function setupCardFixture(t: TestApp, opts: { minQualifyingFen?: number; issueRateBase?: 'members' | 'collected' } = {}): Promise<CardFixture> {
  const cityId = await t.orgIdByName('常州市总工会');
  const bank = (await t.pool.query<{ id: number; path: string }>(`select id, path::text from org_units where kind = 'bank' and depth > (select min(depth) from org_units where kind = 'bank') order by id limit 1`)).rows[0]!;
  const otherBankId = (await t.pool.query<{ id: number }>(`select id from org_units where kind = 'bank' and id <> $1 order by id limit 1`, [bank.id])).rows[0]!.id;
  const programmeId = (
    await t.pool.query<{ id: number }>(
      `insert into card_programmes (code, name, min_qualifying_fen, issue_rate_base) values ($1, '测试服务卡', $2, $3) returning id`,
      [`test-${process.pid}-${++programmeSerial}`, opts.minQualifyingFen ?? 100, opts.issueRateBase ?? 'members'],
    )
  ).rows[0]!.id;
  await t.pool.query('insert into card_programme_banks (programme_id, bank_org_id) values ($1, $2), ($1, $3)', [programmeId, bank.id, otherBankId]);
  const unionsOf = (district: string, n: number) =>
    t.pool.query<{ id: number; district: number }>(
      `select id, subpath(path, 1, 1)::text::int as district from org_units
        where kind = 'grassroots_union' and status = 'active' and subpath(path, 1, 1)::text::int = (select id from org_units where name = $1)
        order by id limit $2`,
      [district, n],
    );
  const unions = [...(await unionsOf('新北区总工会', 2)).rows, ...(await unionsOf('天宁区总工会', 1)).rows].map((r) => ({ id: r.id, districtId: r.district }));
  return { programmeId, bankId: bank.id, bankPath: bank.path, otherBankId, cityId, unions };
}

/** A member registered through the API in the given union. */
export async function addMember(t: TestApp, orgId: number): Promise<number> {
  const city = await t.login('city');
  const res = await city.post('/api/v1/members', { name: '持卡会员', idNumber: makeIdNumber(), phone: makePhone(), orgId });
  if (res.status !== 201) throw new Error(`member: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export interface CardOptions {
  state?: 'collected' | 'applied' | 'issued' | 'activated' | 'frozen' | 'lost' | 'cancelled';
  bankId?: number;
  createdAt?: string;
  appliedAt?: string;
  issuedOn?: string;
  activatedOn?: string;
  closedAt?: string;
}

/** A 19-digit card number, fresh for each call (a secret: the log scan looks for it). */
export function makeTxnCardNumber(): string {
  cardSerial++;
  const n = `621788${String(process.pid % 100_000).padStart(5, '0')}${String(cardSerial).padStart(8, '0')}`;
  rememberSecret(n);
  return n;
}

/** A card for the member (by SQL, dates filled in up to its state); returns its id, full number and keyed hash. */
export async function addCard(t: TestApp, fx: CardFixture, memberId: number, o: CardOptions = {}): Promise<{ id: number; number: string; hash: string }> {
  const state = o.state ?? 'activated';
  const level = state === 'frozen' || state === 'lost' ? 3 : state === 'cancelled' ? 2 : ['collected', 'applied', 'issued', 'activated'].indexOf(state);
  const number = makeTxnCardNumber();
  const hash = t.deps.crypto.lookupHash('card', number);
  const res = await t.pool.query<{ id: number }>(
    `insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, number_last4, number_hash, created_at, applied_at, issued_on, activated_on, closed_at)
     select $1, m.id, $2, m.org_id, m.org_path, $3, 'bulk', right($4, 4), $5, $6, $7, $8, $9, $10 from members m where m.id = $11 returning id`,
    [
      fx.programmeId,
      o.bankId ?? fx.bankId,
      state,
      number,
      hash,
      o.createdAt ?? '2026-01-02T10:00:00+08:00',
      level >= 1 ? (o.appliedAt ?? '2026-01-05T10:00:00+08:00') : null,
      level >= 2 ? (o.issuedOn ?? '2026-01-10') : null,
      level >= 3 ? (o.activatedOn ?? '2026-01-15') : null,
      state === 'lost' || state === 'cancelled' ? (o.closedAt ?? '2026-06-01T10:00:00+08:00') : null,
      memberId,
    ],
  );
  return { id: res.rows[0]!.id, number, hash };
}

export interface MerchantOptions {
  supervisorOrgId: number;
  partnerOrgId?: number | null;
  state?: 'applied' | 'active' | 'suspended' | 'revoked';
  category?: string;
  activatedOn?: string;
  revokedOn?: string;
  name?: string;
}

export async function addMerchant(t: TestApp, o: MerchantOptions): Promise<number> {
  const res = await t.pool.query<{ id: number }>(
    `insert into merchants (supervisor_org_id, supervisor_path, partner_org_id, name, category, address, state, source, activated_on, revoked_on)
     select o.id, o.path, $2, $3, $4, '常州市测试路 1 号', $5, 'cadre', $6, $7 from org_units o where o.id = $1 returning id`,
    [o.supervisorOrgId, o.partnerOrgId ?? null, o.name ?? '测试商户', o.category ?? 'supermarket', o.state ?? 'active', o.activatedOn ?? '2026-01-01', o.revokedOn ?? null],
  );
  return res.rows[0]!.id;
}

export interface AgreementOptions {
  subsidyBps?: number;
  discountBps?: number;
  capPerTxnFen?: number | null;
  capPerMonthFen?: number | null;
  validFrom?: string;
  validTo?: string;
  status?: 'active' | 'ended';
}

export async function addAgreement(t: TestApp, merchantId: number, o: AgreementOptions = {}): Promise<number> {
  const res = await t.pool.query<{ id: number }>(
    `insert into merchant_agreements (merchant_id, discount_bps, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from, valid_to, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [merchantId, o.discountBps ?? 0, o.subsidyBps ?? 1000, o.capPerTxnFen ?? null, o.capPerMonthFen ?? null, o.validFrom ?? '2026-01-01', o.validTo ?? '2026-12-31', o.status ?? 'active'],
  );
  return res.rows[0]!.id;
}

/** A partner API key for a unit (the secret sealed as the key store keeps it). */
export async function addPartnerKey(t: TestApp, orgId: number, keyId: string, secret: string, o: { status?: 'active' | 'revoked'; expiresAt?: string } = {}) {
  rememberSecret(secret);
  await t.pool.query(`insert into partner_api_keys (key_id, org_id, secret_enc, status, expires_at) values ($1, $2, $3, $4, $5)`, [
    keyId,
    orgId,
    t.deps.crypto.encrypt(secret),
    o.status ?? 'active',
    o.expiresAt ?? null,
  ]);
}

export interface PartnerKey {
  keyId: string;
  secret: string;
}

/** Sends a body (object or exact text) signed with the key; `timestamp` defaults to the test clock. */
export async function signedPost(
  t: TestApp,
  key: PartnerKey,
  body: unknown,
  o: { timestamp?: number; signature?: string; url?: string; headers?: Record<string, string> } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = o.timestamp ?? Math.floor(t.clock().getTime() / 1000);
  const res = await t.app.inject({
    method: 'POST',
    url: o.url ?? '/api/v1/card-transactions',
    payload: raw,
    headers: {
      'content-type': 'application/json',
      [PARTNER_SIGNATURE_HEADERS.keyId]: key.keyId,
      [PARTNER_SIGNATURE_HEADERS.timestamp]: String(timestamp),
      [PARTNER_SIGNATURE_HEADERS.signature]: o.signature ?? signPartnerRequest(key.secret, timestamp, raw),
      ...o.headers,
    },
  });
  return { status: res.statusCode, body: res.json() as any, raw, timestamp };
}

/** Transactions, subsidy, monthly-cap sums and the city's used cards in 2026: what must not count twice. */
export async function countsOf(t: TestApp, fx: CardFixture) {
  const q = async (text: string, params: unknown[] = []) => (await t.pool.query(text, params)).rows[0];
  return {
    transactions: Number((await q('select count(*) from card_transactions')).count),
    subsidyFen: Number((await q('select coalesce(sum(subsidy_fen), 0) as s from card_transactions')).s),
    monthlyFen: Number((await q('select coalesce(sum(subsidy_fen), 0) as s from card_merchant_months')).s),
    usedCity: Number((await q(`select coalesce(sum(used), 0) as s from org_card_usage where org_id = $1 and programme_id = $2 and period = '2026'`, [fx.cityId, fx.programmeId])).s),
  };
}
