import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { lastCode, wrongCode } from '../../../test/support/sms';

/** Member sign-in, first sign-in and reset by SMS code, the portal pages, and the wall between portal and console. */
let t: TestApp;
let sanjing: TestClient;
let unionId: number;

beforeAll(async () => {
  t = await createTestApp({ OTP_IP_HOURLY_LIMIT: '100000' });
  sanjing = await t.login('sanjing');
  unionId = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '三井街道总工会') order by id limit 1`)).rows[0].id;
});
afterAll(async () => t.close());

interface Member {
  id: number;
  idNumber: string;
  phone: string;
}

async function registerMember(name = '蒋文涛'): Promise<Member> {
  const idNumber = makeIdNumber();
  const phone = makePhone();
  const res = await sanjing.post('/api/v1/members', { name, idNumber, phone, orgId: unionId, category: 'industrial' });
  expect(res.status).toBe(201);
  return { id: res.body.id, idNumber, phone };
}

async function codeFor(phone: string, purpose: 'first_login' | 'reset') {
  t.clock.advance(61_000);
  expect((await t.client().post('/api/v1/portal/otp', { phone, purpose })).status).toBe(200);
  return lastCode(t, phone);
}

/** A member with a portal password, signed in. */
async function signedInMember(password = 'jiang2026'): Promise<{ m: Member; c: TestClient }> {
  const m = await registerMember();
  const c = t.client();
  const res = await c.post('/api/v1/portal/auth/set-password', { phone: m.phone, code: await codeFor(m.phone, 'first_login'), newPassword: password });
  expect(res.status).toBe(200);
  return { m, c };
}

const login = (phone: string, password: string) => t.client().post('/api/v1/portal/auth/login', { phone, password });

describe('first sign-in', () => {
  it('a member without a portal password cannot sign in, sets one with an SMS code, and is signed in', async () => {
    const m = await registerMember();
    expect((await login(m.phone, 'anything1')).body.code).toBe('MEMBER_LOGIN_FAILED');
    const c = t.client();
    const weak = await c.post('/api/v1/portal/auth/set-password', { phone: m.phone, code: '123456', newPassword: 'abcdefgh' });
    expect(weak.body).toMatchObject({ code: 'PASSWORD_POLICY', errors: [{ path: 'newPassword', code: 'password.letterDigit', message: '密码需同时包含字母和数字' }] });
    const res = await c.post('/api/v1/portal/auth/set-password', { phone: m.phone, code: await codeFor(m.phone, 'first_login'), newPassword: 'jiang2026' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['csrfToken']);
    expect((await c.get('/api/v1/portal/me')).status).toBe(200);
    expect((await login(m.phone, 'jiang2026')).status).toBe(200);
    const audit = await t.pool.query(`select action from audit_log where action like 'portal.%' and entity_type = 'user' order by id desc limit 2`);
    expect(audit.rows.map((r) => r.action)).toEqual(['portal.login', 'portal.account_create']);
  });
});

describe('signing in', () => {
  it('answers alike for an unknown number, a wrong password and a member without a password', async () => {
    const { m } = await signedInMember();
    const noAccount = await registerMember();
    const answers = [await login(makePhone(), 'jiang2026'), await login(m.phone, 'wrong2026'), await login(noAccount.phone, 'jiang2026')];
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body.title).toBe('手机号或密码错误');
    }
  });

  it('locks a phone after five failures, whether or not it is a member; an SMS reset lifts it', async () => {
    const { m } = await signedInMember();
    for (let i = 0; i < 4; i++) expect((await login(m.phone, 'wrong2026')).status).toBe(401);
    const fifth = await login(m.phone, 'wrong2026');
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    expect((await login(m.phone, 'jiang2026')).body.code).toBe('ACCOUNT_LOCKED');
    const stranger = makePhone();
    for (let i = 0; i < 4; i++) await login(stranger, 'wrong2026');
    expect((await login(stranger, 'wrong2026')).body.code).toBe('ACCOUNT_LOCKED');
    const reset = await t.client().post('/api/v1/portal/auth/set-password', { phone: m.phone, code: await codeFor(m.phone, 'reset'), newPassword: 'jiang2027' });
    expect(reset.status).toBe(200);
    expect((await login(m.phone, 'jiang2027')).status).toBe(200);
  });

  it('a reset ends the other sessions and the old password', async () => {
    const { m, c: phoneA } = await signedInMember();
    const phoneB = t.client();
    expect((await phoneB.post('/api/v1/portal/auth/set-password', { phone: m.phone, code: await codeFor(m.phone, 'reset'), newPassword: 'newpass99' })).status).toBe(200);
    expect((await phoneA.get('/api/v1/portal/me')).status).toBe(401);
    expect((await phoneB.get('/api/v1/portal/me')).status).toBe(200);
    expect((await login(m.phone, 'jiang2026')).status).toBe(401);
  });

  it('a withdrawn member can no longer sign in, and open portal sessions end at once', async () => {
    const { m, c } = await signedInMember();
    expect((await sanjing.patch(`/api/v1/members/${m.id}`, { status: 'withdrawn' })).status).toBe(200);
    expect((await login(m.phone, 'jiang2026')).status).toBe(401);
    expect((await c.get('/api/v1/portal/me')).status).toBe(401);
  });
});

describe('the portal pages', () => {
  it('my profile shows masked numbers only, and my union with its street, district and office phone', async () => {
    const { m, c } = await signedInMember();
    const me = await c.get('/api/v1/portal/me');
    expect(me.body).toMatchObject({
      memberId: m.id,
      name: '蒋文涛',
      idNumberMasked: `${m.idNumber.slice(0, 6)}********${m.idNumber.slice(-4)}`,
      phoneMasked: `${m.phone.slice(0, 3)}****${m.phone.slice(-4)}`,
      status: 'active',
      category: 'industrial',
      modelWorkerLevel: 'none',
      union: { id: unionId, streetName: '三井街道总工会', districtName: '新北区总工会', contactPhone: expect.stringMatching(/^0519-/) },
    });
    const raw = JSON.stringify(me.body);
    expect(raw).not.toContain(m.idNumber);
    expect(raw).not.toContain(m.phone);
  });

  it('changing the password checks the current one and the member policy, and ends other sessions', async () => {
    const { m, c } = await signedInMember();
    const other = t.client();
    expect((await other.post('/api/v1/portal/auth/login', { phone: m.phone, password: 'jiang2026' })).status).toBe(200);
    expect((await c.put('/api/v1/portal/password', { currentPassword: 'nope', newPassword: 'better2027' })).body.code).toBe('CURRENT_PASSWORD_WRONG');
    const weak = await c.put('/api/v1/portal/password', { currentPassword: 'jiang2026', newPassword: 'short1' });
    expect(weak.body.errors.map((e: { code: string }) => e.code)).toEqual(['password.length']);
    expect((await c.put('/api/v1/portal/password', { currentPassword: 'jiang2026', newPassword: 'jiang2026' })).body.errors[0].code).toBe('password.same');
    expect((await c.put('/api/v1/portal/password', { currentPassword: 'jiang2026', newPassword: 'better2027' })).status).toBe(200);
    expect((await c.get('/api/v1/portal/me')).status).toBe(200);
    expect((await other.get('/api/v1/portal/me')).status).toBe(401);
    expect((await login(m.phone, 'better2027')).status).toBe(200);
  });

  it('signing out ends the session; writes need the CSRF token', async () => {
    const { c } = await signedInMember();
    expect((await c.post('/api/v1/portal/auth/logout', {}, { 'x-csrf-token': 'forged' })).body.code).toBe('CSRF_TOKEN_INVALID');
    expect((await c.post('/api/v1/portal/auth/logout')).status).toBe(200);
    expect((await c.get('/api/v1/portal/me')).status).toBe(401);
  });

  it('the public unit search lists unions and street federations by name, without contacts', async () => {
    const res = await t.client().get(`/api/v1/portal/units?q=${encodeURIComponent('三井')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(1);
    expect(res.body.items[0]).toEqual({ id: expect.any(Number), name: '三井街道总工会', shortName: '三井街道', kind: 'street_federation', districtName: '新北区总工会' });
    expect(res.body.items.map((u: { id: number }) => u.id)).toContain(unionId);
    for (const u of res.body.items) expect(Object.keys(u).sort()).toEqual(['districtName', 'id', 'kind', 'name', 'shortName']);
    const streets = await t.client().get('/api/v1/portal/units?kind=street_federation&limit=50');
    expect(streets.body.items.every((u: { kind: string }) => u.kind === 'street_federation')).toBe(true);
    expect((await t.client().get(`/api/v1/portal/units?q=${encodeURIComponent('新北区总工会')}`)).body.items).toEqual([]);
    expect((await t.client().get('/api/v1/portal/units?kind=district_union')).status).toBe(400);
  });
});

describe('portal and console keep to their own people', () => {
  it('member routes refuse staff sessions and anonymous callers', async () => {
    expect((await sanjing.get('/api/v1/portal/me')).status).toBe(403);
    expect((await sanjing.get('/api/v1/portal/applications')).status).toBe(403);
    expect((await sanjing.put('/api/v1/portal/password', { currentPassword: 'x', newPassword: 'y' })).status).toBe(403);
    expect((await t.client().get('/api/v1/portal/me')).status).toBe(401);
  });

  it('staff routes refuse member sessions', async () => {
    const { m, c } = await signedInMember();
    for (const url of ['/api/v1/members', `/api/v1/members/${m.id}`, '/api/v1/join-applications', '/api/v1/orgs', '/api/v1/users', '/api/v1/sms-outbox']) {
      expect((await c.get(url)).status, url).toBe(403);
    }
    expect((await c.post(`/api/v1/members/${m.id}/reveal`, { reason: '看看自己的号码' })).status).toBe(403);
  });

  it('a member session has no staff permissions in /me', async () => {
    const { c } = await signedInMember();
    const me = await c.get('/api/v1/me');
    expect(me.body).toMatchObject({ kind: 'member', permissions: [], roles: [] });
  });

  it('the member account never shows among staff accounts', async () => {
    const { m } = await signedInMember();
    const city = await t.login('city');
    const users = await city.get('/api/v1/users?pageSize=500');
    expect(users.body.items.map((u: { username: string }) => u.username)).not.toContain(`m${m.id}`);
  });

  it('wrong codes for set-password count, and the code is single use', async () => {
    const m = await registerMember();
    const code = await codeFor(m.phone, 'first_login');
    expect((await t.client().post('/api/v1/portal/auth/set-password', { phone: m.phone, code: wrongCode(code), newPassword: 'abc12345' })).body.code).toBe('OTP_INVALID');
    expect((await t.client().post('/api/v1/portal/auth/set-password', { phone: m.phone, code, newPassword: 'abc12345' })).status).toBe(200);
    expect((await t.client().post('/api/v1/portal/auth/set-password', { phone: m.phone, code, newPassword: 'abc123456' })).body.code).toBe('OTP_INVALID');
    const attempts = await t.pool.query('select attempts, consumed_at from otp_codes order by id desc limit 1');
    expect(attempts.rows[0].attempts).toBe(1);
    expect(attempts.rows[0].consumed_at).not.toBeNull();
  });
});
