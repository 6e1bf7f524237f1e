import { rememberSecret, type TestApp } from '../harness';

/** The texts the outbox provider kept for one phone, newest first (decrypted as the demo console would). */
export async function smsTo(t: TestApp, phone: string): Promise<{ template: string; body: string }[]> {
  const res = await t.pool.query<{ phone_enc: Buffer; body_enc: Buffer; template: string }>('select phone_enc, body_enc, template from sms_outbox order by id desc');
  return res.rows
    .filter((r) => t.deps.crypto.decrypt(r.phone_enc) === phone)
    .map((r) => ({ template: r.template, body: t.deps.crypto.decrypt(r.body_enc) }));
}

/** The newest one-time code sent to the phone; remembered as a secret the log scan looks for. */
export async function lastCode(t: TestApp, phone: string): Promise<string> {
  const sms = (await smsTo(t, phone)).find((m) => m.template.startsWith('otp_'));
  const code = sms ? /验证码 (\d{6})/.exec(sms.body)?.[1] : undefined;
  if (!code) throw new Error('no code was sent to this phone');
  rememberSecret(code);
  return code;
}

/** A six-digit code that is not `code`. */
export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}
