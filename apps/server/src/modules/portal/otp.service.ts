import { randomInt } from 'node:crypto';
import type { ErrorCode, OtpPurpose, OtpResponse } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/context';
import { randomToken, safeEqual } from '../../lib/crypto';
import { hashPhone } from '../../lib/personal';
import * as repo from './otp.repository';
import { findPortalTarget } from './portal.repository';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const templateOf: Record<OtpPurpose, string> = { join: 'otp_join', first_login: 'otp_first_login', reset: 'otp_reset' };

/**
 * Only a keyed hash of the code is stored, bound to the phone and the purpose: a copy of the table
 * cannot be turned back into codes by trying all million of them.
 */
function codeHash(deps: AppDeps, phoneHash: string, purpose: string, code: string): string {
  return deps.crypto.lookupHash('otp', `${phoneHash}:${purpose}:${code}`);
}

interface Refusal {
  code: ErrorCode;
  reason: string;
  retryAfterSeconds: number;
}

function retryAfter(until: number, now: number) {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

/** The send limits, per address and per phone; null when this send may go. */
async function refusal(deps: AppDeps, tx: Parameters<typeof repo.countByIp>[0], ip: string | null, phoneHash: string, now: Date): Promise<Refusal | null> {
  const { config } = deps;
  const t = now.getTime();
  if (ip) {
    const byIp = await repo.countByIp(tx, ip, new Date(t - HOUR));
    if (byIp.n >= config.OTP_IP_HOURLY_LIMIT) {
      return { code: 'RATE_LIMITED', reason: 'ip_hourly_limit', retryAfterSeconds: retryAfter((byIp.oldest?.getTime() ?? t) + HOUR, t) };
    }
  }
  const byPhone = await repo.countByPhone(tx, phoneHash, new Date(t - DAY));
  const resendAt = (byPhone.latest?.getTime() ?? 0) + config.OTP_RESEND_SECONDS * 1000;
  if (byPhone.latest && resendAt > t) return { code: 'OTP_TOO_SOON', reason: 'resend_interval', retryAfterSeconds: retryAfter(resendAt, t) };
  if (byPhone.n >= config.OTP_PHONE_DAILY_LIMIT) return { code: 'OTP_DAILY_LIMIT', reason: 'phone_daily_limit', retryAfterSeconds: 3600 };
  return null;
}

/**
 * Sends a one-time code. The answer is the same whether or not the number belongs to a member: for a
 * sign-in purpose and a number no active member holds, a code row that nothing can match is stored (so
 * the limits count it alike), nothing is sent, and the audit row says so.
 */
export async function requestOtp(deps: AppDeps, ctx: RequestContext, body: { phone: string; purpose: OtpPurpose }): Promise<OtpResponse> {
  const { config } = deps;
  const now = deps.clock();
  const phoneHash = hashPhone(deps.crypto, body.phone);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const facts = { purpose: body.purpose, phoneLast4: body.phone.slice(-4) };

  const outcome = await deps.db.transaction(async (tx) => {
    await repo.lockPhone(tx, phoneHash);
    const refused = await refusal(deps, tx, ctx.ip, phoneHash, now);
    if (refused) return { refused, deliver: false };
    const deliver = body.purpose === 'join' || (await findPortalTarget(tx, phoneHash)) !== null;
    await repo.insertCode(tx, {
      phoneHash,
      purpose: body.purpose,
      codeHash: codeHash(deps, phoneHash, body.purpose, deliver ? code : `unsent:${randomToken(16)}`),
      ip: ctx.ip?.slice(0, 64) ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + config.OTP_TTL_MINUTES * 60_000),
    });
    await writeAudit(tx, ctx, { action: 'portal.otp_request', entityType: 'otp', after: { ...facts, sent: deliver, ...(deliver ? {} : { reason: 'no_member' }) } });
    return { refused: null, deliver };
  });

  if (outcome.refused) {
    const r = outcome.refused;
    await writeAudit(deps.db, ctx, { action: 'portal.otp_request', entityType: 'otp', outcome: 'denied', after: { ...facts, reason: r.reason } });
    throw new AppError(r.code, { params: { retryAfterSeconds: r.retryAfterSeconds }, headers: { 'retry-after': String(r.retryAfterSeconds) } });
  }
  if (outcome.deliver) await deps.sms.send(body.phone, templateOf[body.purpose], { code, minutes: String(config.OTP_TTL_MINUTES) });
  return { sent: true, resendAfterSeconds: config.OTP_RESEND_SECONDS, expiresInSeconds: config.OTP_TTL_MINUTES * 60 };
}

/**
 * Checks a typed code against the newest one sent for the phone and purposes, counting a wrong try in its
 * own transaction (so it sticks although the request fails). Returns the code's id for `consumeOtp`, which
 * the caller runs inside the transaction of what the code unlocks: if that fails, the code stays usable.
 */
export async function verifyOtp(deps: AppDeps, ctx: RequestContext, phone: string, purposes: OtpPurpose[], code: string): Promise<number> {
  const phoneHash = hashPhone(deps.crypto, phone);
  const now = deps.clock();
  type Check = { id: number } | { error: 'OTP_INVALID' | 'OTP_ATTEMPTS_EXCEEDED'; reason: string; attempts?: number };
  const result = await deps.db.transaction(async (tx): Promise<Check> => {
    const row = await repo.latestCode(tx, phoneHash, purposes);
    if (!row || row.consumedAt) return { error: 'OTP_INVALID', reason: row ? 'used' : 'none' };
    if (row.expiresAt.getTime() <= now.getTime()) return { error: 'OTP_INVALID', reason: 'expired' };
    if (row.attempts >= deps.config.OTP_MAX_ATTEMPTS) return { error: 'OTP_ATTEMPTS_EXCEEDED', reason: 'attempts' };
    if (!safeEqual(row.codeHash, codeHash(deps, phoneHash, row.purpose, code))) {
      await repo.addAttempt(tx, row.id);
      return { error: 'OTP_INVALID', reason: 'wrong', attempts: row.attempts + 1 };
    }
    return { id: row.id };
  });
  if ('error' in result) {
    await writeAudit(deps.db, ctx, {
      action: 'portal.otp_verify',
      entityType: 'otp',
      outcome: 'failure',
      after: { purposes, phoneLast4: phone.slice(-4), reason: result.reason, attempts: result.attempts },
    });
    throw new AppError(result.error, { fields: [{ path: 'code', code: result.error }] });
  }
  return result.id;
}

/** Uses the checked code up, inside the caller's transaction; a second use (a race) is refused. */
export async function consumeOtp(deps: AppDeps, tx: Parameters<typeof repo.consumeCode>[0], otpId: number): Promise<void> {
  if (!(await repo.consumeCode(tx, otpId, deps.clock()))) throw new AppError('OTP_INVALID', { fields: [{ path: 'code', code: 'OTP_INVALID' }] });
}
