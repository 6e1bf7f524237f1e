import { checkPassword, memberPasswordPolicy } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext, RequestContext } from '../../lib/context';
import { sha256Hex } from '../../lib/crypto';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../lib/password';
import { hashPhone, sealPhone } from '../../lib/personal';
import * as authRepo from '../auth/auth.repository';
import { issueSession, type IssuedSession } from '../auth/auth.service';
import { failSignIn, refuseIfLocked, type LockoutSubject } from '../auth/lockout';
import { uniqueViolation } from '../members/members.service';
import { consumeOtp, verifyOtp } from './otp.service';
import { findPortalTarget, insertMemberUser } from './portal.repository';

/** Members' lockout counts per phone, in the staff table: keyed by the phone's hash (never the number). */
function lockoutSubject(deps: AppDeps, phone: string): LockoutSubject {
  return { key: `m:${hashPhone(deps.crypto, phone).slice(0, 62)}`, action: 'portal.login', username: null, extra: { phoneLast4: phone.slice(-4) } };
}

function policyProblems(newPassword: string, username: string, current?: string) {
  const problems: string[] = checkPassword(newPassword, username, memberPasswordPolicy);
  if (current !== undefined && newPassword === current) problems.push('password.same');
  if (problems.length > 0) throw new AppError('PASSWORD_POLICY', { fields: problems.map((code) => ({ path: 'newPassword', code })) });
}

/**
 * Phone + password, with the staff lockout (per phone, whether or not a member holds it). A member who
 * never set a password, an unknown number and a wrong password all get the same answer.
 */
export async function memberLogin(
  deps: AppDeps,
  ctx: RequestContext,
  body: { phone: string; password: string },
  presentedToken: string | undefined,
): Promise<IssuedSession> {
  const subject = lockoutSubject(deps, body.phone);
  await refuseIfLocked(deps, ctx, subject);
  const target = await findPortalTarget(deps.db, hashPhone(deps.crypto, body.phone));
  if (!target?.userId || !target.passwordHash) {
    await burnPasswordCheck(body.password);
    return failSignIn(deps, ctx, subject, target ? 'no_portal_account' : 'no_member', 'MEMBER_LOGIN_FAILED');
  }
  const userId = target.userId;
  if (!(await verifyPassword(target.passwordHash, body.password))) return failSignIn(deps, ctx, subject, 'wrong_password', 'MEMBER_LOGIN_FAILED', userId);
  if (target.userStatus !== 'active' || target.orgStatus !== 'active') {
    return failSignIn(deps, ctx, subject, target.userStatus !== 'active' ? 'account_disabled' : 'unit_inactive', 'MEMBER_LOGIN_FAILED', userId);
  }
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    if (presentedToken) await authRepo.deleteSessionByHash(tx, sha256Hex(presentedToken));
    await authRepo.clearAttempts(tx, subject.key);
    await authRepo.markLogin(tx, userId, now);
    // The account follows the member's union (a transfer moves the member, not the login).
    if (target.userOrgId !== target.orgId) await authRepo.updateUser(tx, userId, { orgId: target.orgId, updatedAt: now });
    const issued = await issueSession(deps, tx, ctx, userId, 'full');
    await writeAudit(tx, ctx, {
      action: 'portal.login',
      username: `m${target.memberId}`,
      userId,
      orgId: target.orgId,
      entityType: 'user',
      entityId: userId,
      after: { phoneLast4: body.phone.slice(-4) },
    });
    return issued;
  });
}

/**
 * First sign-in and "forgot password", both proven by an SMS code to the number the register holds: the
 * first creates the member's portal account, a reset ends every other session. Either signs the member in.
 */
export async function setMemberPassword(
  deps: AppDeps,
  ctx: RequestContext,
  body: { phone: string; code: string; newPassword: string },
  presentedToken: string | undefined,
): Promise<IssuedSession> {
  policyProblems(body.newPassword, body.phone);
  const otpId = await verifyOtp(deps, ctx, body.phone, ['first_login', 'reset'], body.code);
  const phoneHash = hashPhone(deps.crypto, body.phone);
  const target = await findPortalTarget(deps.db, phoneHash);
  // A code only reaches numbers of active members; this is a member withdrawn since the code was sent.
  if (!target) throw new AppError('OTP_INVALID', { fields: [{ path: 'code', code: 'OTP_INVALID' }] });
  if (target.userId && target.userStatus !== 'active') throw new AppError('FORBIDDEN');
  const passwordHash = await hashPassword(body.newPassword);
  const phone = sealPhone(deps.crypto, body.phone);
  const now = deps.clock();
  const subject = lockoutSubject(deps, body.phone);
  try {
    return await deps.db.transaction(async (tx) => {
      await consumeOtp(deps, tx, otpId);
      let userId = target.userId;
      let sessionsEnded = 0;
      if (userId) {
        await authRepo.updateUser(tx, userId, {
          passwordHash,
          passwordChangedAt: now,
          mustChangePassword: false,
          orgId: target.orgId,
          phoneEnc: phone.enc,
          phoneHash: phone.hash,
          phoneLast4: phone.last4,
          updatedAt: now,
        });
        sessionsEnded = await authRepo.deleteUserSessions(tx, userId);
      } else {
        userId = await insertMemberUser(tx, { memberId: target.memberId, name: target.name, orgId: target.orgId, passwordHash, now, phone });
      }
      if (presentedToken) await authRepo.deleteSessionByHash(tx, sha256Hex(presentedToken));
      // Proving the phone again lifts a lockout of it.
      await authRepo.clearAttempts(tx, subject.key);
      await authRepo.markLogin(tx, userId, now);
      const issued = await issueSession(deps, tx, ctx, userId, 'full');
      await writeAudit(tx, ctx, {
        action: target.userId ? 'portal.password_reset' : 'portal.account_create',
        username: `m${target.memberId}`,
        userId,
        orgId: target.orgId,
        entityType: 'user',
        entityId: userId,
        after: { memberId: target.memberId, phoneLast4: phone.last4, sessionsEnded },
      });
      return issued;
    });
  } catch (err) {
    // Two first sign-ins at once, or the number still on another member's account.
    if (uniqueViolation(err)) throw new AppError('CONFLICT');
    throw err;
  }
}

/** Changing the password ends every session of the member, then opens a fresh one for this phone. */
export async function changeMemberPassword(
  deps: AppDeps,
  ctx: ActorContext,
  body: { currentPassword: string; newPassword: string },
): Promise<IssuedSession> {
  const { actor } = ctx;
  policyProblems(body.newPassword, actor.username, body.currentPassword);
  const current = await authRepo.findUserSecrets(deps.db, actor.userId);
  if (!current || !(await verifyPassword(current.passwordHash, body.currentPassword))) {
    await writeAudit(deps.db, ctx, { action: 'portal.password_change', outcome: 'failure', entityType: 'user', entityId: actor.userId, after: { reason: 'wrong_current_password' } });
    throw new AppError('CURRENT_PASSWORD_WRONG', { fields: [{ path: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' }] });
  }
  const newHash = await hashPassword(body.newPassword);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await authRepo.updateUser(tx, actor.userId, { passwordHash: newHash, passwordChangedAt: now, mustChangePassword: false, updatedAt: now });
    const ended = await authRepo.deleteUserSessions(tx, actor.userId);
    const issued = await issueSession(deps, tx, ctx, actor.userId, 'full');
    await writeAudit(tx, ctx, { action: 'portal.password_change', entityType: 'user', entityId: actor.userId, after: { sessionsEnded: ended } });
    return issued;
  });
}
