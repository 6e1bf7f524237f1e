import { checkPassword, isPasswordExpired } from '@tongxing/domain';
import type { Me } from '@tongxing/contracts';
import { passwordPolicy } from '../../config';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext, RequestContext, SessionState } from '../../lib/context';
import { randomToken, sha256Hex } from '../../lib/crypto';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../lib/password';
import * as repo from './auth.repository';
import { failSignIn, refuseIfLocked, type LockoutSubject } from './lockout';
import { findSession, type SessionRow } from './session.repository';
import { checkTotp, enrolmentMaterial, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from './totp';

export interface IssuedSession {
  token: string;
  csrfToken: string;
  tokenHash: string;
}

function usernameKey(username: string) {
  return username.trim().toLowerCase().slice(0, 64);
}

/** A new server-side session for the account; members' portal sessions are made here too. */
export async function issueSession(
  deps: AppDeps,
  tx: Parameters<typeof repo.insertSession>[0],
  ctx: RequestContext,
  userId: number,
  state: SessionState,
): Promise<IssuedSession> {
  const now = deps.clock();
  const token = randomToken(32);
  const tokenHash = sha256Hex(token);
  const csrfToken = randomToken(32);
  await repo.insertSession(tx, {
    tokenHash,
    userId,
    csrfToken,
    state,
    now,
    expiresAt: new Date(now.getTime() + deps.config.SESSION_ABSOLUTE_HOURS * 3_600_000),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return { token, csrfToken, tokenHash };
}

function passwordMustChange(deps: AppDeps, u: { mustChangePassword: boolean; passwordChangedAt: Date }) {
  return u.mustChangePassword || isPasswordExpired(u.passwordChangedAt, deps.clock(), passwordPolicy(deps.config));
}

/**
 * Username + password (+ second factor). Failures count per typed name whether or not the account
 * exists, and every outcome is audited. A presented old session is ended: the token is replaced at login.
 */
export async function login(
  deps: AppDeps,
  ctx: RequestContext,
  body: { username: string; password: string; totp?: string | undefined },
  presentedToken: string | undefined,
): Promise<IssuedSession> {
  const { db, clock } = deps;
  const key = usernameKey(body.username);
  const now = clock();
  const subject: LockoutSubject = { key, action: 'auth.login', username: key };

  await refuseIfLocked(deps, ctx, subject);
  const fail = (reason: string, code: 'INVALID_CREDENTIALS' | 'TOTP_INVALID', userId?: number) => failSignIn(deps, ctx, subject, reason, code, userId);

  const user = await repo.findStaffForLogin(db, body.username.trim());
  if (!user) {
    await burnPasswordCheck(body.password);
    return fail('unknown_user', 'INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(user.passwordHash, body.password))) return fail('wrong_password', 'INVALID_CREDENTIALS', user.id);
  if (user.status !== 'active' || user.orgStatus !== 'active') {
    // Same answer as a wrong password: a disabled account must not be told apart from a wrong guess.
    return fail(user.status !== 'active' ? 'account_disabled' : 'unit_inactive', 'INVALID_CREDENTIALS', user.id);
  }

  const mfaRequired = await repo.userNeedsMfa(db, user.id);
  let totpStep: number | undefined;
  let usedRecovery = false;
  if (user.totpEnabledAt && user.totpSecretEnc) {
    if (!body.totp) {
      await writeAudit(db, ctx, { action: 'auth.login', outcome: 'denied', username: key, userId: user.id, after: { reason: 'totp_required' } });
      throw new AppError('TOTP_REQUIRED');
    }
    const secret = deps.crypto.decrypt(user.totpSecretEnc);
    if (/^\d{6}$/.test(body.totp)) {
      const step = checkTotp(secret, body.totp, now, user.totpLastStep);
      if (step === null) return fail('wrong_totp', 'TOTP_INVALID', user.id);
      totpStep = step;
    } else {
      usedRecovery = await repo.consumeRecoveryCode(db, user.id, hashRecoveryCode(body.totp), now);
      if (!usedRecovery) return fail('wrong_recovery_code', 'TOTP_INVALID', user.id);
    }
  }

  let state: SessionState = 'full';
  if (mfaRequired && !user.totpEnabledAt) state = 'mfa_enrolment';
  else if (passwordMustChange(deps, user)) state = 'password_change';

  return db.transaction(async (tx) => {
    if (presentedToken) await repo.deleteSessionByHash(tx, sha256Hex(presentedToken));
    await repo.clearAttempts(tx, key);
    await repo.markLogin(tx, user.id, now, totpStep);
    const issued = await issueSession(deps, tx, ctx, user.id, state);
    await writeAudit(tx, ctx, {
      action: 'auth.login',
      outcome: 'success',
      username: user.username,
      userId: user.id,
      orgId: user.orgId,
      entityType: 'user',
      entityId: user.id,
      after: { sessionState: state, secondFactor: totpStep !== undefined ? 'totp' : usedRecovery ? 'recovery_code' : null },
    });
    return issued;
  });
}

export async function logout(deps: AppDeps, ctx: ActorContext) {
  await deps.db.transaction(async (tx) => {
    await repo.deleteSessionByHash(tx, ctx.actor.session.tokenHash);
    await writeAudit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor.userId });
  });
}

function policyFields(problems: string[], path: string) {
  return problems.map((code) => ({ path, code }));
}

/** Changing the password ends every session of the account, then opens a fresh one for this browser. */
export async function changePassword(
  deps: AppDeps,
  ctx: ActorContext,
  body: { currentPassword: string; newPassword: string },
): Promise<IssuedSession> {
  const { actor } = ctx;
  const problems: string[] = checkPassword(body.newPassword, actor.username, passwordPolicy(deps.config));
  if (body.newPassword === body.currentPassword) problems.push('password.same');
  if (problems.length > 0) throw new AppError('PASSWORD_POLICY', { fields: policyFields(problems, 'newPassword') });
  const current = await repo.findUserSecrets(deps.db, actor.userId);
  if (!current || !(await verifyPassword(current.passwordHash, body.currentPassword))) {
    await writeAudit(deps.db, ctx, { action: 'auth.password_change', outcome: 'failure', entityType: 'user', entityId: actor.userId, after: { reason: 'wrong_current_password' } });
    throw new AppError('CURRENT_PASSWORD_WRONG', { fields: [{ path: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' }] });
  }
  const newHash = await hashPassword(body.newPassword);
  return deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, actor.userId, {
      passwordHash: newHash,
      passwordChangedAt: deps.clock(),
      mustChangePassword: false,
      updatedAt: deps.clock(),
    });
    const ended = await repo.deleteUserSessions(tx, actor.userId);
    const state: SessionState = actor.mfaRequired && !actor.totpEnabled ? 'mfa_enrolment' : 'full';
    const issued = await issueSession(deps, tx, ctx, actor.userId, state);
    await writeAudit(tx, ctx, { action: 'auth.password_change', entityType: 'user', entityId: actor.userId, after: { sessionsEnded: ended } });
    return issued;
  });
}

export async function setLocale(deps: AppDeps, ctx: ActorContext, locale: 'zh-CN' | 'en') {
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, ctx.actor.userId, { locale });
    await writeAudit(tx, ctx, { action: 'user.preferences', entityType: 'user', entityId: ctx.actor.userId, before: { locale: ctx.actor.locale }, after: { locale } });
  });
}

export async function startTotp(deps: AppDeps, ctx: ActorContext) {
  if (ctx.actor.totpEnabled) throw new AppError('TOTP_ALREADY_ENROLLED');
  const secret = newTotpSecret();
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, ctx.actor.userId, { totpPendingEnc: deps.crypto.encrypt(secret) });
    await writeAudit(tx, ctx, { action: 'auth.totp_enrol_start', entityType: 'user', entityId: ctx.actor.userId });
  });
  return enrolmentMaterial(secret, ctx.actor.username);
}

export async function confirmTotp(deps: AppDeps, ctx: ActorContext, code: string): Promise<string[]> {
  const { actor } = ctx;
  return deps.db.transaction(async (tx) => {
    const u = await repo.findUserSecrets(tx, actor.userId);
    if (!u) throw new AppError('UNAUTHENTICATED');
    if (u.totpEnabledAt) throw new AppError('TOTP_ALREADY_ENROLLED');
    if (!u.totpPendingEnc) throw new AppError('TOTP_ENROLMENT_NOT_STARTED');
    const secret = deps.crypto.decrypt(u.totpPendingEnc);
    const step = checkTotp(secret, code, deps.clock(), null);
    // Not 401: the session is fine, only the typed code is wrong.
    if (step === null) throw new AppError('TOTP_CODE_WRONG', { fields: [{ path: 'code', code: 'TOTP_CODE_WRONG' }] });
    const codes = newRecoveryCodes();
    await repo.updateUser(tx, actor.userId, {
      totpSecretEnc: u.totpPendingEnc,
      totpPendingEnc: null,
      totpEnabledAt: deps.clock(),
      totpLastStep: step,
    });
    await repo.replaceRecoveryCodes(tx, actor.userId, codes.map(hashRecoveryCode));
    if (actor.session.state === 'mfa_enrolment') {
      await repo.setSessionState(tx, actor.session.tokenHash, passwordMustChange(deps, u) ? 'password_change' : 'full');
    }
    await writeAudit(tx, ctx, { action: 'auth.totp_enrol', entityType: 'user', entityId: actor.userId });
    return codes;
  });
}

export async function regenerateRecoveryCodes(deps: AppDeps, ctx: ActorContext): Promise<string[]> {
  if (!ctx.actor.totpEnabled) throw new AppError('TOTP_ENROLMENT_NOT_STARTED');
  const codes = newRecoveryCodes();
  await deps.db.transaction(async (tx) => {
    await repo.replaceRecoveryCodes(tx, ctx.actor.userId, codes.map(hashRecoveryCode));
    await writeAudit(tx, ctx, { action: 'auth.recovery_codes', entityType: 'user', entityId: ctx.actor.userId });
  });
  return codes;
}

export async function disableTotp(deps: AppDeps, ctx: ActorContext, password: string) {
  const { actor } = ctx;
  if (actor.mfaRequired) throw new AppError('TOTP_REQUIRED_BY_ROLE');
  const u = await repo.findUserSecrets(deps.db, actor.userId);
  if (!u || !(await verifyPassword(u.passwordHash, password))) {
    throw new AppError('CURRENT_PASSWORD_WRONG', { fields: [{ path: 'password', code: 'CURRENT_PASSWORD_WRONG' }] });
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, actor.userId, { totpSecretEnc: null, totpPendingEnc: null, totpEnabledAt: null, totpLastStep: null });
    await repo.replaceRecoveryCodes(tx, actor.userId, []);
    await writeAudit(tx, ctx, { action: 'auth.totp_disable', entityType: 'user', entityId: actor.userId });
  });
}

export function unitIdOfPath(path: string): number {
  return Number(path.split('.').at(-1));
}

export function meFromSession(row: SessionRow): Me {
  const grants = row.grants.map((g) => ({
    permission: g.permission,
    scope: g.scope,
    unitIds: (g.unitPaths ?? []).map(unitIdOfPath),
  }));
  const mfaRequired = row.roles.some((r) => r.requiresMfa);
  return {
    id: row.userId,
    username: row.username,
    displayName: row.displayName,
    kind: row.kind,
    org: { id: row.orgId, name: row.orgName, kind: row.orgKind },
    roles: row.roles.map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.nameEn })),
    permissions: [...new Set(grants.map((g) => g.permission))].sort(),
    grants,
    locale: row.locale === 'en' ? 'en' : 'zh-CN',
    totpEnabled: row.totpEnabled,
    mfaRequired,
    mfaEnrolmentRequired: row.state === 'mfa_enrolment',
    passwordChangeRequired: row.state === 'password_change',
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  };
}

export async function loadMe(deps: AppDeps, tokenHash: string): Promise<Me> {
  const row = await findSession(deps.pool, tokenHash);
  if (!row) throw new AppError('UNAUTHENTICATED');
  return meFromSession(row);
}
