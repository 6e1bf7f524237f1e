import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness';
import { checkTotp, currentTotp } from './totp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('RFC 6238', () => {
  it('matches the RFC test vector (SHA-1, T = 59 s → 94287082, 6 digits 287082)', () => {
    const secret = OTPAuth.Secret.fromUTF8('12345678901234567890').base32;
    expect(currentTotp(secret, new Date(59_000))).toBe('287082');
    expect(checkTotp(secret, '287082', new Date(59_000), null)).toBe(1);
    expect(checkTotp(secret, '287082', new Date(59_000), 1)).toBeNull();
  });
});

describe('second factor', () => {
  it('accounts whose role requires it get a restricted session until they enrol', async () => {
    const c = await t.login('admin');
    const me = await c.get('/api/v1/me');
    expect(me.body.mfaRequired).toBe(true);
    expect(me.body.mfaEnrolmentRequired).toBe(true);
    const blocked = await c.get('/api/v1/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('MFA_ENROLMENT_REQUIRED');

    const start = await c.post('/api/v1/me/totp/start');
    expect(start.status).toBe(200);
    expect(start.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(start.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = start.body.secret as string;

    const wrong = await c.post('/api/v1/me/totp/confirm', { code: '000000' === t.totp(secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('TOTP_CODE_WRONG');
    expect(wrong.body.errors[0]).toMatchObject({ path: 'code', message: '动态验证码不正确，请输入验证器当前显示的 6 位数字' });
    const ok = await c.post('/api/v1/me/totp/confirm', { code: t.totp(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect((await c.get('/api/v1/orgs')).status).toBe(200);

    // From now on the password alone is not enough.
    t.clock.advance(30_000);
    const noCode = await t.client().post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('TOTP_REQUIRED');
    const badCode = await t.client().post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD, totp: '123456' === t.totp(secret) ? '654321' : '123456' });
    expect(badCode.body.code).toBe('TOTP_INVALID');
    const code = t.totp(secret);
    expect((await t.client().post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD, totp: code })).status).toBe(200);
    // The same code cannot be used twice.
    expect((await t.client().post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD, totp: code })).body.code).toBe('TOTP_INVALID');

    // A recovery code works once.
    const recovery = ok.body.recoveryCodes[0] as string;
    expect((await t.client().post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD, totp: recovery.toUpperCase() })).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD, totp: recovery })).body.code).toBe('TOTP_INVALID');

    // A role that requires the second factor does not let it be turned off.
    const off = await c.delete('/api/v1/me/totp', { password: DEMO_PASSWORD });
    expect(off.body.code).toBe('TOTP_REQUIRED_BY_ROLE');
  });

  it('wrong codes count towards the lockout', async () => {
    const { secret } = await t.loginFull('bank');
    for (let i = 0; i < 4; i++) {
      expect((await t.client().post('/api/v1/auth/login', { username: 'bank', password: DEMO_PASSWORD, totp: '482913' === t.totp(secret!) ? '391827' : '482913' })).status).toBe(401);
    }
    const fifth = await t.client().post('/api/v1/auth/login', { username: 'bank', password: DEMO_PASSWORD, totp: '482913' === t.totp(secret!) ? '391827' : '482913' });
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(16 * 60_000);
  });

  it('cadres may enrol voluntarily, regenerate recovery codes and turn it off again', async () => {
    const c = await t.login('wujin');
    const start = await c.post('/api/v1/me/totp/start');
    await c.post('/api/v1/me/totp/confirm', { code: t.totp(start.body.secret) });
    const again = await c.post('/api/v1/me/totp/recovery-codes');
    expect(again.body.recoveryCodes).toHaveLength(10);
    expect((await c.post('/api/v1/me/totp/start')).body.code).toBe('TOTP_ALREADY_ENROLLED');
    expect((await c.delete('/api/v1/me/totp', { password: 'wrong' })).body.code).toBe('CURRENT_PASSWORD_WRONG');
    expect((await c.delete('/api/v1/me/totp', { password: DEMO_PASSWORD })).status).toBe(200);
    t.clock.advance(30_000);
    expect((await t.client().post('/api/v1/auth/login', { username: 'wujin', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('an administrator can reset a lost authenticator; the account enrols again', async () => {
    const { secret } = await t.loginFull('insurer');
    expect(secret).not.toBeNull();
    const city = await t.login('city');
    const id = await t.userIdByName('insurer');
    expect((await city.post(`/api/v1/users/${id}/reset-totp`)).status).toBe(200);
    const again = await t.login('insurer');
    expect((await again.get('/api/v1/me')).body.mfaEnrolmentRequired).toBe(true);
  });
});
