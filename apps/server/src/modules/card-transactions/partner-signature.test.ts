import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { addAgreement, addCard, addMember, addMerchant, addPartnerKey, setupCardFixture, signedPost, type CardFixture, type PartnerKey } from '../../../test/support/card-transactions';

/**
 * The partner API's request signature: HMAC-SHA256 over `<timestamp>.<raw body>`, keys looked up by id,
 * five minutes of clock skew, each signed request accepted once, two keys valid through a rotation.
 */
let t: TestApp;
let fx: CardFixture;
let card: { number: string };
let merchantId: number;
const key: PartnerKey = { keyId: 'sig-bank-1', secret: 'sig-bank-secret-one-0123456789' };
let serial = 0;

const batch = () => ({ items: [{ txnId: `sig-${++serial}`, cardNumber: card.number, merchantId, amountFen: 1000, occurredAt: '2026-10-01T12:00:00+08:00' }] });

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupCardFixture(t);
  card = await addCard(t, fx, await addMember(t, fx.unions[0]!.id));
  merchantId = await addMerchant(t, { supervisorOrgId: fx.unions[0]!.districtId });
  await addAgreement(t, merchantId, { subsidyBps: 1000 });
  await addPartnerKey(t, fx.bankId, key.keyId, key.secret);
});
afterAll(async () => t.close());

describe('partner request signature', () => {
  it('accepts a correctly signed batch and names the sender in the audit row', async () => {
    const res = await signedPost(t, key, batch());
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ status: 'accepted', subsidyFen: 100 });
    const audit = await t.pool.query(`select actor_username, actor_org_id, after from audit_log where action = 'card_transaction.batch' order by id desc limit 1`);
    expect(audit.rows[0]).toMatchObject({ actor_username: `partner:${key.keyId}`, actor_org_id: fx.bankId });
    expect(audit.rows[0].after).toMatchObject({ items: 1, accepted: 1, duplicate: 0, rejected: 0, subsidyFen: 100 });
  });

  it('refuses an unsigned request before reading its body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/card-transactions', payload: 'not even json', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('PARTNER_SIGNATURE_MISSING');
  });

  it('refuses an unknown key, a wrong secret and an altered body', async () => {
    expect((await signedPost(t, { keyId: 'nobody', secret: key.secret }, batch())).body.code).toBe('PARTNER_KEY_UNKNOWN');
    const wrong = await signedPost(t, { keyId: key.keyId, secret: 'not-the-secret' }, batch());
    expect([wrong.status, wrong.body.code]).toEqual([401, 'PARTNER_SIGNATURE_INVALID']);
    // Signed over one body, sent with another (a changed amount): the HMAC covers the raw bytes.
    const ts = Math.floor(t.clock().getTime() / 1000);
    const { signPartnerRequest } = await import('../../lib/partner-signature');
    const raw = JSON.stringify(batch());
    const altered = raw.replace('"amountFen":1000', '"amountFen":9000');
    const res = await signedPost(t, key, altered, { timestamp: ts, signature: signPartnerRequest(key.secret, ts, raw) });
    expect([res.status, res.body.code]).toEqual([401, 'PARTNER_SIGNATURE_INVALID']);
    // Whitespace is part of the body too.
    const spaced = await signedPost(t, key, `${raw} `, { timestamp: ts, signature: signPartnerRequest(key.secret, ts, raw) });
    expect(spaced.body.code).toBe('PARTNER_SIGNATURE_INVALID');
    const count = await t.pool.query(`select count(*)::int as n from card_transactions where amount_fen = 9000`);
    expect(count.rows[0].n).toBe(0);
  });

  it('refuses timestamps more than five minutes away, either side', async () => {
    const now = Math.floor(t.clock().getTime() / 1000);
    expect((await signedPost(t, key, batch(), { timestamp: now - 301 })).body.code).toBe('PARTNER_SIGNATURE_STALE');
    expect((await signedPost(t, key, batch(), { timestamp: now + 301 })).body.code).toBe('PARTNER_SIGNATURE_STALE');
    expect((await signedPost(t, key, batch(), { timestamp: now - 299 })).status).toBe(200);
  });

  it('refuses a replayed request, even when sent again within the window', async () => {
    const first = await signedPost(t, key, batch());
    expect(first.status).toBe(200);
    const again = await signedPost(t, key, first.raw, { timestamp: first.timestamp });
    expect([again.status, again.body.code]).toEqual([401, 'PARTNER_SIGNATURE_REPLAYED']);
    // Signed again (a new timestamp), the same batch goes through and its items answer as duplicates.
    t.clock.advance(1000);
    const resent = await signedPost(t, key, first.raw);
    expect(resent.status).toBe(200);
    expect(resent.body.results[0].status).toBe('duplicate');
    const refused = await t.pool.query(`select count(*)::int as n from audit_log where action = 'security.partner_signature_refused' and after->>'code' = 'PARTNER_SIGNATURE_REPLAYED'`);
    expect(refused.rows[0].n).toBe(1);
  });

  it('keeps working through a key rotation: both keys while both are active, the old one refused once revoked', async () => {
    const old: PartnerKey = { keyId: 'rot-old', secret: 'rotation-old-secret-0123456789' };
    const next: PartnerKey = { keyId: 'rot-new', secret: 'rotation-new-secret-0123456789' };
    await addPartnerKey(t, fx.bankId, old.keyId, old.secret);
    await addPartnerKey(t, fx.bankId, next.keyId, next.secret);
    expect((await signedPost(t, old, batch())).status).toBe(200);
    expect((await signedPost(t, next, batch())).status).toBe(200);
    await t.pool.query(`update partner_api_keys set status = 'revoked' where key_id = $1`, [old.keyId]);
    expect((await signedPost(t, old, batch())).body.code).toBe('PARTNER_KEY_UNKNOWN');
    expect((await signedPost(t, next, batch())).status).toBe(200);
    // An expired key is refused as well.
    await t.pool.query(`update partner_api_keys set expires_at = $2 where key_id = $1`, [next.keyId, new Date(t.clock().getTime() - 1000)]);
    expect((await signedPost(t, next, batch())).body.code).toBe('PARTNER_KEY_UNKNOWN');
  });

  it('rotates through the key management API: a new key is issued, both sign, the old one is revoked', async () => {
    // The bank's head office: its keys may send the cards of its branches.
    const city = await t.login('city');
    const first = await city.post('/api/v1/partner-keys', { orgId: fx.otherBankId, label: '核心系统 2026' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const old: PartnerKey = { keyId: first.body.keyId, secret: first.body.secret };
    expect((await signedPost(t, old, batch())).status).toBe(200);
    const second = await city.post('/api/v1/partner-keys', { orgId: fx.otherBankId, label: '核心系统 2027' });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const next: PartnerKey = { keyId: second.body.keyId, secret: second.body.secret };
    t.clock.advance(1000);
    expect((await signedPost(t, old, batch())).status).toBe(200);
    expect((await signedPost(t, next, batch())).status).toBe(200);
    expect((await city.post(`/api/v1/partner-keys/${first.body.id}/revoke`, {})).status).toBe(200);
    t.clock.advance(1000);
    expect((await signedPost(t, old, batch())).body.code).toBe('PARTNER_KEY_UNKNOWN');
    expect((await signedPost(t, next, batch())).status).toBe(200);
  });

  it('refuses a signed body that is not JSON, or not a batch, only after checking its signature', async () => {
    const bad = await signedPost(t, key, '{"items": [');
    expect([bad.status, bad.body.code]).toEqual([400, 'MALFORMED_BODY']);
    const empty = await signedPost(t, key, { items: [] });
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await signedPost(t, key, { items: [{}], extra: 1 });
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    const tooMany = await signedPost(t, key, { items: Array.from({ length: 1001 }, () => ({})) });
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
  });

  it('only banks and merchants may send transactions', async () => {
    const insurer = (await t.pool.query(`select id from org_units where kind = 'insurer' limit 1`)).rows[0]?.id as number | undefined;
    if (insurer === undefined) return;
    const k: PartnerKey = { keyId: 'sig-insurer', secret: 'insurer-secret-0123456789' };
    await addPartnerKey(t, insurer, k.keyId, k.secret);
    const res = await signedPost(t, k, batch());
    expect([res.status, res.body.code]).toEqual([403, 'PARTNER_KIND_NOT_ALLOWED']);
  });
});
