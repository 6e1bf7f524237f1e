import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, rememberSecret, type TestApp, type TestClient } from '../../../test/harness';

let t: TestApp;
let city: TestClient;
let bankUnit: number;
let merchantUnit: number;

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  bankUnit = await t.orgIdByName('江苏同舟农村商业银行常州分行');
  merchantUnit = await t.orgIdByName('常州金鹰影城');
});
afterAll(async () => t.close());

describe('partner API keys', () => {
  it('shows the secret once, keeps it sealed, lists without it, and allows two active keys for a rotation', async () => {
    const first = await city.post('/api/v1/partner-keys', { orgId: bankUnit, label: '核心系统 2026' });
    expect(first.status).toBe(201);
    rememberSecret(first.body.secret);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toMatchObject({ keyId: expect.stringMatching(/^tx_bank_[0-9a-f]{16}$/), orgId: bankUnit, orgKind: 'bank', label: '核心系统 2026', status: 'active', usable: true, createdByName: '陈卫东' });
    expect(first.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = (await t.pool.query('select secret_enc from partner_api_keys where id = $1', [first.body.id])).rows[0];
    expect(row.secret_enc.toString('latin1')).not.toContain(first.body.secret);
    expect(t.deps.crypto.decrypt(row.secret_enc)).toBe(first.body.secret);

    const list = await city.get(`/api/v1/partner-keys?orgId=${bankUnit}`);
    expect(list.body.total).toBe(1);
    expect(JSON.stringify(list.body)).not.toContain(first.body.secret);
    expect(Object.keys(list.body.items[0])).not.toContain('secret');

    const second = await city.post('/api/v1/partner-keys', { orgId: bankUnit, label: '核心系统 2027', expiresAt: '2027-12-31T16:00:00Z' });
    expect(second.status).toBe(201);
    rememberSecret(second.body.secret);
    expect(second.body.secret).not.toBe(first.body.secret);
    const third = await city.post('/api/v1/partner-keys', { orgId: bankUnit });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('PARTNER_KEY_LIMIT');

    const revoked = await city.post(`/api/v1/partner-keys/${first.body.id}/revoke`);
    expect(revoked.body).toMatchObject({ status: 'revoked', usable: false, revokedAt: expect.any(String) });
    expect((await city.post(`/api/v1/partner-keys/${first.body.id}/revoke`)).body.code).toBe('PARTNER_KEY_REVOKED');
    // With the old key gone, a new one may be made.
    const third2 = await city.post('/api/v1/partner-keys', { orgId: bankUnit });
    expect(third2.status).toBe(201);
    rememberSecret(third2.body.secret);
    const audit = await t.pool.query(`select action, after::text as after from audit_log where entity_type = 'partner_api_key' order by id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['partner_key.create', 'partner_key.create', 'partner_key.revoke', 'partner_key.create']);
    for (const r of audit.rows) {
      for (const s of [first.body.secret, second.body.secret, third2.body.secret]) expect(r.after).not.toContain(s);
    }
  });

  it('issues keys to banks and merchants only, in the future only, and only to the city', async () => {
    const merchant = await city.post('/api/v1/partner-keys', { orgId: merchantUnit });
    expect(merchant.body.keyId).toMatch(/^tx_merchant_/);
    rememberSecret(merchant.body.secret);
    const union = await city.post('/api/v1/partner-keys', { orgId: await t.orgIdByName('新北区总工会') });
    expect(union.status).toBe(422);
    expect(union.body.errors).toEqual([expect.objectContaining({ path: 'orgId', code: 'PARTNER_KEY_ORG_INVALID' })]);
    const past = await city.post('/api/v1/partner-keys', { orgId: merchantUnit, expiresAt: '2026-01-01T00:00:00Z' });
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'expiresAt', code: 'partnerKey.expiresAt' })]);
    expect((await city.post('/api/v1/partner-keys', { orgId: 99999999 })).status).toBe(404);
    expect((await city.post('/api/v1/partner-keys', { orgId: merchantUnit, secret: 'mine' })).status).toBe(400);
    const xinbei = await t.login('xinbei');
    expect((await xinbei.get('/api/v1/partner-keys')).status).toBe(403);
    expect((await xinbei.post('/api/v1/partner-keys', { orgId: merchantUnit })).status).toBe(403);
  });
});
