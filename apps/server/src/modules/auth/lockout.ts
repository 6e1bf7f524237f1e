import type { ErrorCode } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/context';
import * as repo from './auth.repository';

/**
 * Sign-in lockout, shared by staff (keyed by the typed username) and members (keyed by the phone's hash):
 * failures count per key whether or not an account exists, and every refusal is audited.
 */
export interface LockoutSubject {
  /** The `login_attempts` key (at most 64 characters). */
  key: string;
  /** Audit action of the sign-in, e.g. `auth.login`. */
  action: string;
  /** What the audit row names as the actor before anyone is signed in. */
  username: string | null;
  /** Facts added to every audit row of this sign-in (never secrets). */
  extra?: Record<string, unknown>;
}

function lockedError(lockedUntil: Date, now: Date): AppError {
  const retryAfter = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
  return new AppError('ACCOUNT_LOCKED', { params: { retryAfterSeconds: retryAfter }, headers: { 'retry-after': String(retryAfter) } });
}

export async function refuseIfLocked(deps: AppDeps, ctx: RequestContext, s: LockoutSubject): Promise<void> {
  const now = deps.clock();
  const attempts = await repo.findAttempts(deps.db, s.key);
  if (attempts?.lockedUntil && attempts.lockedUntil.getTime() > now.getTime()) {
    await writeAudit(deps.db, ctx, { action: s.action, outcome: 'denied', username: s.username, after: { ...s.extra, reason: 'locked' } });
    throw lockedError(attempts.lockedUntil, now);
  }
}

/** Counts one failure (audited in the same transaction) and throws: the lock when it is reached, else `code`. */
export async function failSignIn(
  deps: AppDeps,
  ctx: RequestContext,
  s: LockoutSubject,
  reason: string,
  code: ErrorCode,
  userId?: number,
): Promise<never> {
  const { config, db } = deps;
  const now = deps.clock();
  const result = await db.transaction(async (tx) => {
    const r = await repo.recordFailure(tx, s.key, now, config.LOCKOUT_ATTEMPTS, config.LOCKOUT_MINUTES * 60_000);
    await writeAudit(tx, ctx, {
      action: s.action,
      outcome: 'failure',
      username: s.username,
      userId: userId ?? null,
      after: { ...s.extra, reason, failedCount: r.count, locked: r.lockedUntil !== null },
    });
    return r;
  });
  if (result.lockedUntil) throw lockedError(result.lockedUntil, now);
  throw new AppError(code);
}
