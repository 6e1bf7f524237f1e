import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AUTHENTICATED, MEMBER, PARTNER, PUBLIC, type Lang } from '@tongxing/contracts';
import { resolveScope } from '@tongxing/domain';
import { AppError } from '../lib/app-error';
import { writeAudit } from '../lib/audit';
import type { Actor, SessionState } from '../lib/context';
import { safeEqual, sha256Hex } from '../lib/crypto';
import { pickLang } from '../lib/i18n';
import { checkPartnerHeaders, ensurePartnerVerified } from '../lib/partner-signature';
import { deleteSession, findSession, toGrants, touchSession } from '../modules/auth/session.repository';

export const SESSION_COOKIE = 'tx_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Refresh last-seen at most this often, so most requests only read. */
const TOUCH_INTERVAL_MS = 30_000;

export function clientIp(request: FastifyRequest): string | null {
  return request.ip ?? null;
}

export function sessionCookieOptions(request: FastifyRequest, secureSetting: 'auto' | 'always' | 'never') {
  const secure = secureSetting === 'always' || (secureSetting === 'auto' && request.protocol === 'https');
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

/** The session cookie lives as long as a session may (the server ends it earlier on idle or logout). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, config: { COOKIE_SECURE: 'auto' | 'always' | 'never'; SESSION_ABSOLUTE_HOURS: number }, token: string) {
  reply.setCookie(SESSION_COOKIE, token, { ...sessionCookieOptions(request, config.COOKIE_SECURE), maxAge: config.SESSION_ABSOLUTE_HOURS * 3600 });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, secure: 'auto' | 'always' | 'never') {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, secure));
}

/**
 * Authentication and authorisation for every route, before the body is even validated:
 * the route's declared access decides; unknown access is refused (deny by default).
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  const { config, pool, clock, db } = app.deps;
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;

  app.decorateRequest('actor', null);
  app.decorateRequest('partner', null);
  app.decorateRequest('ctx', null as never);

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = {
      actor: null,
      scope: null,
      ip: clientIp(request),
      requestId: String(request.id),
      lang: pickLang(request.headers['accept-language']),
      userAgent: request.headers['user-agent']?.slice(0, 200) ?? null,
    };
    const routeConfig = request.routeOptions.config;
    // No matched route (404) or a plugin's own routes (static files, docs) declare no access here.
    if (!request.routeOptions.url) return;
    const access = routeConfig?.access;
    if (access === PUBLIC) return;
    if (!access) throw new AppError('FORBIDDEN');
    // Partner systems sign each request instead of holding a session: headers and key now, the body's
    // signature once its bytes are in (before they are parsed or validated).
    if (access === PARTNER) return checkPartnerHeaders(app.deps, request);

    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED');
    const tokenHash = sha256Hex(token);
    const row = await findSession(pool, tokenHash);
    if (!row) {
      clearSessionCookie(request, reply, config.COOKIE_SECURE);
      throw new AppError('UNAUTHENTICATED');
    }
    const now = clock();
    const idle = now.getTime() - row.lastSeenAt.getTime() > idleMs;
    const expired = now.getTime() > row.expiresAt.getTime();
    if (idle || expired || row.userStatus !== 'active' || row.orgStatus !== 'active') {
      await deleteSession(pool, tokenHash);
      clearSessionCookie(request, reply, config.COOKIE_SECURE);
      throw new AppError(idle || expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await touchSession(pool, tokenHash, now);

    const actor: Actor = {
      userId: row.userId,
      username: row.username,
      displayName: row.displayName,
      kind: row.kind,
      orgId: row.orgId,
      orgPath: row.orgPath,
      orgName: row.orgName,
      orgKind: row.orgKind,
      locale: row.locale as Lang,
      grants: toGrants(row.grants),
      roles: row.roles,
      mfaRequired: row.roles.some((r) => r.requiresMfa),
      totpEnabled: row.totpEnabled,
      lastLoginAt: row.lastLoginAt,
      session: { tokenHash, csrfToken: row.csrfToken, state: row.state as SessionState },
    };
    request.actor = actor;
    request.ctx.actor = actor;
    request.ctx.lang = pickLang(request.headers['accept-language'], actor.locale);

    if (UNSAFE.has(request.method) && !routeConfig.skipCsrf) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, row.csrfToken)) {
        await writeAudit(db, request.ctx, {
          action: 'security.csrf_rejected',
          outcome: 'denied',
          after: { method: request.method, route: request.routeOptions.url },
        });
        throw new AppError('CSRF_TOKEN_INVALID');
      }
    }

    const state = actor.session.state;
    if (state !== 'full' && !(routeConfig.allowInStates ?? []).includes(state)) {
      throw new AppError(state === 'mfa_enrolment' ? 'MFA_ENROLMENT_REQUIRED' : 'PASSWORD_CHANGE_REQUIRED');
    }
    if (access === AUTHENTICATED) return;
    // The member portal and the staff console keep to their own people.
    if (access === MEMBER) {
      if (actor.kind !== 'member') throw new AppError('FORBIDDEN');
      return;
    }

    const scope = resolveScope(actor.grants, access, { userId: actor.userId, orgId: actor.orgId, orgPath: actor.orgPath });
    if (!scope) {
      await writeAudit(db, request.ctx, {
        action: 'security.permission_denied',
        outcome: 'denied',
        after: { permission: access, method: request.method, route: request.routeOptions.url },
      });
      throw new AppError('FORBIDDEN', { params: { permission: access } });
    }
    request.ctx.scope = scope;
  });

  // A partner route's parser verifies the body it reads; a request without a body is verified here, as empty.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config?.access === PARTNER) await ensurePartnerVerified(app.deps, request);
  });
});
