import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { makePhone } from '../../../test/support/people';
import { lastCode } from '../../../test/support/sms';

/**
 * The outbox of the development SMS provider shows codes in clear, so it exists only in demo mode and only
 * for `sms:read` (the system administrator). Outside demo mode it answers 404, like an unknown record.
 */
let demo: TestApp;
let production: TestApp;

beforeAll(async () => {
  [demo, production] = await Promise.all([createTestApp({ DEMO: '1' }), createTestApp({ DEMO: '0' })]);
});
afterAll(async () => Promise.all([demo.close(), production.close()]));

describe('in demo mode', () => {
  it('the system administrator reads the texts with masked phones, and the read is audited', async () => {
    const phone = makePhone();
    expect((await demo.client().post('/api/v1/portal/otp', { phone, purpose: 'join' })).status).toBe(200);
    const code = await lastCode(demo, phone);
    const { client: admin } = await demo.loginFull('admin');
    const res = await admin.get('/api/v1/sms-outbox?pageSize=5');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(1);
    expect(res.body.items[0]).toMatchObject({ phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, template: 'otp_join', body: expect.stringContaining(code) });
    expect(JSON.stringify(res.body)).not.toContain(phone);
    const audit = await demo.pool.query(`select count(*)::int as n from audit_log where action = 'sms.outbox_read'`);
    expect(audit.rows[0].n).toBe(1);
  });

  it('cadres without sms:read are refused', async () => {
    const city = await demo.login('city');
    expect((await city.get('/api/v1/sms-outbox')).status).toBe(403);
  });
});

describe('outside demo mode', () => {
  it('answers 404 even to the system administrator', async () => {
    await production.client().post('/api/v1/portal/otp', { phone: makePhone(), purpose: 'join' });
    const { client: admin } = await production.loginFull('admin');
    const res = await admin.get('/api/v1/sms-outbox');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await (await production.login('city')).get('/api/v1/sms-outbox')).status).toBe(403);
  });
});
