import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { lastCode, smsTo, wrongCode } from '../../../test/support/sms';

/** One-time SMS codes: lifetime, single use, wrong tries, send limits, and that nothing tells who is a member. */
let t: TestApp;
let unionId: number;

beforeAll(async () => {
  t = await createTestApp();
  unionId = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '三井街道总工会') order by id limit 1`)).rows[0].id;
});
afterAll(async () => t.close());
// Each test starts outside the previous one's send windows (the address limit counts per hour).
beforeEach(() => t.clock.advance(3_600_000 + 1000));

const sendCode = (phone: string, purpose = 'join') => t.client().post('/api/v1/portal/otp', { phone, purpose });
const apply = (phone: string, code: string) =>
  t.client().post('/api/v1/join-applications', { name: '周一鸣', idNumber: makeIdNumber(), phone, code, employer: '常州新北精密机械有限公司', orgId: unionId });

describe('sending', () => {
  it('sends six digits through the provider; the answer, the database and the outbox never hold the code in clear', async () => {
    const phone = makePhone();
    const res = await sendCode(phone);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 });
    const code = await lastCode(t, phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(res)).not.toContain(code);
    const stored = (await t.pool.query('select code_hash, ip from otp_codes order by id desc limit 1')).rows[0];
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);
    const outbox = (await t.pool.query('select phone_enc, body_enc, phone_last4 from sms_outbox order by id desc limit 1')).rows[0];
    expect(outbox.body_enc.includes(Buffer.from(code))).toBe(false);
    expect(outbox.phone_enc.includes(Buffer.from(phone))).toBe(false);
    expect(outbox.phone_last4).toBe(phone.slice(-4));
  });

  it('refuses bad input with named fields', async () => {
    const res = await t.client().post('/api/v1/portal/otp', { phone: '12345', purpose: 'spam', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'phone', 'purpose']);
  });
});

describe('using a code', () => {
  it('lives five minutes', async () => {
    const phone = makePhone();
    await sendCode(phone);
    const code = await lastCode(t, phone);
    t.clock.advance(5 * 60_000 + 1000);
    const late = await apply(phone, code);
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('OTP_INVALID');
    expect(late.body.errors[0]).toMatchObject({ path: 'code', code: 'OTP_INVALID' });
  });

  it('works just before it expires, and only once', async () => {
    const phone = makePhone();
    await sendCode(phone);
    const code = await lastCode(t, phone);
    t.clock.advance(5 * 60_000 - 1000);
    expect((await apply(phone, code)).status).toBe(201);
    expect((await apply(phone, code)).body.code).toBe('OTP_INVALID');
  });

  it('allows five wrong tries; after them even the right code is refused until a new one is sent', async () => {
    const phone = makePhone();
    await sendCode(phone);
    const code = await lastCode(t, phone);
    for (let i = 0; i < 5; i++) expect((await apply(phone, wrongCode(code))).body.code).toBe('OTP_INVALID');
    expect((await apply(phone, code)).body.code).toBe('OTP_ATTEMPTS_EXCEEDED');
    t.clock.advance(61_000);
    await sendCode(phone);
    expect((await apply(phone, await lastCode(t, phone))).status).toBe(201);
  });

  it('counts only the newest code of a phone', async () => {
    const phone = makePhone();
    await sendCode(phone);
    const first = await lastCode(t, phone);
    t.clock.advance(61_000);
    await sendCode(phone);
    const second = await lastCode(t, phone);
    if (first !== second) expect((await apply(phone, first)).body.code).toBe('OTP_INVALID');
    expect((await apply(phone, second)).status).toBe(201);
  });

  it('is bound to its purpose and its phone', async () => {
    const phone = makePhone();
    const other = makePhone();
    await sendCode(phone);
    const code = await lastCode(t, phone);
    expect((await apply(other, code)).body.code).toBe('OTP_INVALID');
    const reset = await t.client().post('/api/v1/portal/auth/set-password', { phone, code, newPassword: 'abc12345' });
    expect(reset.body.code).toBe('OTP_INVALID');
  });
});

describe('send limits', () => {
  it('one send per phone per 60 seconds, with Retry-After', async () => {
    const phone = makePhone();
    expect((await sendCode(phone)).status).toBe(200);
    t.clock.advance(30_000);
    const again = await sendCode(phone, 'reset');
    expect(again.status).toBe(429);
    expect(again.body.code).toBe('OTP_TOO_SOON');
    expect(again.headers['retry-after']).toBe('30');
    t.clock.advance(31_000);
    expect((await sendCode(phone)).status).toBe(200);
    expect(await smsTo(t, phone)).toHaveLength(2);
  });

  it('ten sends per phone per day', async () => {
    const phone = makePhone();
    for (let i = 0; i < 10; i++) {
      expect((await sendCode(phone)).status).toBe(200);
      t.clock.advance(61_000);
    }
    const eleventh = await sendCode(phone);
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.code).toBe('OTP_DAILY_LIMIT');
    t.clock.advance(24 * 3_600_000);
    expect((await sendCode(phone)).status).toBe(200);
  });

  it('twenty sends per address per hour, whatever the phones', async () => {
    const from = (ip: string) => ({ method: 'POST' as const, url: '/api/v1/portal/otp', remoteAddress: ip, payload: { phone: makePhone(), purpose: 'join' } });
    for (let i = 0; i < 20; i++) expect((await t.app.inject(from('10.1.2.3'))).statusCode).toBe(200);
    const refused = await t.app.inject(from('10.1.2.3'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect((await t.app.inject(from('10.9.9.9'))).statusCode).toBe(200);
    t.clock.advance(3_600_000 + 1000);
    expect((await t.app.inject(from('10.1.2.3'))).statusCode).toBe(200);
  });
});

describe('no enumeration', () => {
  it('answers alike for a number no member holds, sends nothing to it, and audits that', async () => {
    const stranger = makePhone();
    const member = makePhone();
    const sanjing = await t.login('sanjing');
    expect((await sanjing.post('/api/v1/members', { name: '葛明亮', idNumber: makeIdNumber(), phone: member, orgId: unionId })).status).toBe(201);
    for (const purpose of ['first_login', 'reset']) {
      t.clock.advance(61_000);
      const a = await sendCode(stranger, purpose);
      const b = await sendCode(member, purpose);
      expect(a.status).toBe(200);
      expect(a.body).toEqual(b.body);
    }
    expect(await smsTo(t, stranger)).toEqual([]);
    expect((await smsTo(t, member)).map((m) => m.template)).toEqual(['otp_reset', 'otp_first_login']);
    const audit = await t.pool.query(`select after from audit_log where action = 'portal.otp_request' and after->>'phoneLast4' = $1 order by id`, [stranger.slice(-4)]);
    expect(audit.rows.map((r) => r.after)).toEqual([
      { purpose: 'first_login', phoneLast4: stranger.slice(-4), sent: false, reason: 'no_member' },
      { purpose: 'reset', phoneLast4: stranger.slice(-4), sent: false, reason: 'no_member' },
    ]);
    // Any code for the stranger's number fails exactly like a wrong code for the member's.
    const code = await lastCode(t, member);
    const forStranger = await t.client().post('/api/v1/portal/auth/set-password', { phone: stranger, code, newPassword: 'abc12345' });
    const wrongForMember = await t.client().post('/api/v1/portal/auth/set-password', { phone: member, code: wrongCode(code), newPassword: 'abc12345' });
    expect(forStranger.status).toBe(wrongForMember.status);
    expect({ ...forStranger.body, requestId: null }).toEqual({ ...wrongForMember.body, requestId: null });
  });

  it('limits a stranger number exactly like a member number', async () => {
    const stranger = makePhone();
    expect((await sendCode(stranger, 'reset')).status).toBe(200);
    expect((await sendCode(stranger, 'reset')).body.code).toBe('OTP_TOO_SOON');
  });
});
