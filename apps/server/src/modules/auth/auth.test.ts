import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('login', () => {
  it('answers the user and a CSRF token and sets an HttpOnly, SameSite session cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.username).toBe('city');
    expect(body.user.permissions).toContain('org:read');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'tx_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    // 256 random bits, base64url
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('marks the cookie Secure over HTTPS', async () => {
    const https = await createTestApp({ TRUST_PROXY: '1' });
    try {
      const res = await https.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'city', password: DEMO_PASSWORD },
      });
      expect(res.cookies.find((c) => c.name === 'tx_session')?.secure).toBe(true);
    } finally {
      await https.close();
    }
  });

  it('is case-insensitive on the username', async () => {
    const c = t.client();
    expect((await c.post('/api/v1/auth/login', { username: 'CITY', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await t.client().post('/api/v1/auth/login', { username: 'wujin', password: 'Wrong@2026x' });
    const unknown = await t.client().post('/api/v1/auth/login', { username: 'nobody-here', password: 'Wrong@2026x' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.title).toBe(wrong.body.title);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('rejects unknown fields and names them', async () => {
    const res = await t.client().post('/api/v1/auth/login', { username: 'city', password: DEMO_PASSWORD, remember: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'remember', code: 'unrecognized_keys' })]);
  });

  it('replaces a presented session token at login', async () => {
    const c = await t.login('city');
    const before = c.cookie;
    await c.post('/api/v1/auth/login', { username: 'city', password: DEMO_PASSWORD });
    expect(c.cookie).not.toBe(before);
    const old = t.client();
    old.cookie = before;
    expect((await old.get('/api/v1/me')).status).toBe(401);
  });
});

describe('lockout', () => {
  it('locks a name for 15 minutes after 5 failures, whether or not the account exists', async () => {
    for (const username of ['xinbei', 'ghost-user']) {
      for (let i = 0; i < 4; i++) {
        expect((await t.client().post('/api/v1/auth/login', { username, password: 'Wrong@2026x' })).body.code).toBe('INVALID_CREDENTIALS');
      }
      const fifth = await t.client().post('/api/v1/auth/login', { username, password: 'Wrong@2026x' });
      expect(fifth.status).toBe(429);
      expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
      expect(fifth.headers['retry-after']).toBe('900');
    }
    // Even the right password is refused while locked …
    const locked = await t.client().post('/api/v1/auth/login', { username: 'xinbei', password: DEMO_PASSWORD });
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(14 * 60_000);
    expect((await t.client().post('/api/v1/auth/login', { username: 'xinbei', password: DEMO_PASSWORD })).body.code).toBe('ACCOUNT_LOCKED');
    // … and accepted once the 15 minutes are over.
    t.clock.advance(61_000);
    expect((await t.client().post('/api/v1/auth/login', { username: 'xinbei', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('audits failed logins without the typed password', async () => {
    await t.client().post('/api/v1/auth/login', { username: 'wujin', password: 'Secret-Typed-1' });
    const rows = await t.pool.query(`select * from audit_log where action = 'auth.login' and outcome = 'failure' and actor_username = 'wujin'`);
    expect(rows.rowCount).toBeGreaterThan(0);
    expect(JSON.stringify(rows.rows)).not.toContain('Secret-Typed-1');
  });
});

describe('sessions', () => {
  it('end after 30 idle minutes', async () => {
    const c = await t.login('wujin');
    t.clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(30 * 60_000 + 1000);
    const res = await c.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
    expect((await c.get('/api/v1/me')).body.code).toBe('UNAUTHENTICATED');
  });

  it('end 12 hours after login however active', async () => {
    const c = await t.login('wujin');
    let minutes = 0;
    let last = await c.get('/api/v1/me');
    while (last.status === 200 && minutes < 24 * 60) {
      t.clock.advance(25 * 60_000);
      minutes += 25;
      last = await c.get('/api/v1/me');
    }
    expect(last.body.code).toBe('SESSION_EXPIRED');
    expect(minutes).toBeGreaterThan(12 * 60 - 25);
    expect(minutes).toBeLessThanOrEqual(12 * 60 + 25);
  });

  it('end at logout', async () => {
    const c = await t.login('wujin');
    const token = c.cookie;
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    const replay = t.client();
    replay.cookie = token;
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('all end when the password changes, and the changer gets a fresh one', async () => {
    const laptop = await t.login('sanjing');
    const phone = await t.login('sanjing');
    const res = await laptop.put('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Sanjing#2027' });
    expect(res.status).toBe(200);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/login', { username: 'sanjing', password: DEMO_PASSWORD })).status).toBe(401);
    const back = await t.login('sanjing', 'Sanjing#2027');
    expect((await back.put('/api/v1/me/password', { currentPassword: 'Sanjing#2027', newPassword: DEMO_PASSWORD })).status).toBe(200);
  });

  it('password change enforces the policy and the current password', async () => {
    const c = await t.login('wujin');
    const weak = await c.put('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'wujin' });
    expect(weak.body.code).toBe('PASSWORD_POLICY');
    expect(weak.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['password.classes', 'password.length', 'password.username']);
    const wrong = await c.put('/api/v1/me/password', { currentPassword: 'nope', newPassword: 'Good#Pass2027' });
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the token or with a wrong one, and audits it', async () => {
    const c = await t.login('city');
    const body = { locale: 'en' };
    expect((await c.patch('/api/v1/me/preferences', body, { 'x-csrf-token': '' })).body.code).toBe('CSRF_TOKEN_INVALID');
    expect((await c.patch('/api/v1/me/preferences', body, { 'x-csrf-token': 'forged-token-value' })).status).toBe(403);
    const noHeader = t.client();
    noHeader.cookie = c.cookie;
    expect((await noHeader.patch('/api/v1/me/preferences', body)).body.code).toBe('CSRF_TOKEN_INVALID');
    expect((await c.patch('/api/v1/me/preferences', body)).status).toBe(200);
    const audited = await t.pool.query(`select count(*)::int as n from audit_log where action = 'security.csrf_rejected'`);
    expect(audited.rows[0].n).toBeGreaterThanOrEqual(3);
    await c.patch('/api/v1/me/preferences', { locale: 'zh-CN' });
  });

  it('a token from one session does not open another', async () => {
    const a = await t.login('city');
    const b = await t.login('city');
    expect((await a.patch('/api/v1/me/preferences', { locale: 'zh-CN' }, { 'x-csrf-token': b.csrf! })).status).toBe(403);
  });
});

describe('language', () => {
  it('answers errors in English by Accept-Language or by the user preference', async () => {
    const c = t.client();
    c.lang = 'en-US,en;q=0.9';
    const res = await c.post('/api/v1/auth/login', { username: 'city', password: 'x' });
    expect(res.body.title).toBe('Wrong username or password');
    const zh = await t.client().post('/api/v1/auth/login', { username: 'city', password: 'x' });
    expect(zh.body.title).toBe('用户名或密码错误');
  });
});

describe('disabled accounts', () => {
  it('lose their sessions at once and cannot sign in', async () => {
    const victim = await t.login('wujin');
    const city = await t.login('city');
    const id = await t.userIdByName('wujin');
    expect((await city.patch(`/api/v1/users/${id}`, { status: 'disabled' })).status).toBe(200);
    expect((await victim.get('/api/v1/me')).status).toBe(401);
    expect((await t.client().post('/api/v1/auth/login', { username: 'wujin', password: DEMO_PASSWORD })).body.code).toBe('INVALID_CREDENTIALS');
    expect((await city.patch(`/api/v1/users/${id}`, { status: 'active' })).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/login', { username: 'wujin', password: DEMO_PASSWORD })).status).toBe(200);
  });
});
