import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AUTHENTICATED,
  PUBLIC,
  changePasswordSchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  okSchema,
  preferencesSchema,
  recoveryCodesSchema,
  totpConfirmSchema,
  totpDisableSchema,
  totpStartResponseSchema,
} from '@tongxing/contracts';
import type { ActorContext } from '../../lib/context';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../../plugins/auth';
import * as service from './auth.service';

export function actorCtx(request: FastifyRequest): ActorContext {
  if (!request.ctx.actor) throw new Error('route needs an actor but none was resolved');
  return request.ctx as ActorContext;
}

const restricted = ['mfa_enrolment', 'password_change'] as ('mfa_enrolment' | 'password_change')[];
const meResponseSchema = meSchema.extend({ csrfToken: z.string() });

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) => setSessionCookie(request, reply, deps.config, token);

  app.post(
    '/auth/login',
    {
      config: {
        access: PUBLIC,
        skipCsrf: true,
        rateLimit: { max: deps.config.LOGIN_RATE_LIMIT, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password (and the second factor when the account has one)',
        security: [],
        body: loginBodySchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const issued = await service.login(deps, request.ctx, request.body, request.cookies[SESSION_COOKIE]);
      setCookie(request, reply, issued.token);
      return { user: await service.loadMe(deps, issued.tokenHash), csrfToken: issued.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: AUTHENTICATED, allowInStates: restricted },
      schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 200: okSchema } },
    },
    async (request, reply) => {
      await service.logout(deps, actorCtx(request));
      clearSessionCookie(request, reply, deps.config.COOKIE_SECURE);
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      config: { access: AUTHENTICATED, allowInStates: restricted },
      schema: { tags: ['auth'], summary: 'The signed-in account, its permissions and the CSRF token', response: { 200: meResponseSchema } },
    },
    async (request) => {
      const ctx = actorCtx(request);
      const me = await service.loadMe(deps, ctx.actor.session.tokenHash);
      return { ...me, csrfToken: ctx.actor.session.csrfToken };
    },
  );

  app.put(
    '/me/password',
    {
      config: { access: AUTHENTICATED, allowInStates: ['password_change'] },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends all my other sessions)',
        body: changePasswordSchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const issued = await service.changePassword(deps, actorCtx(request), request.body);
      setCookie(request, reply, issued.token);
      return { user: await service.loadMe(deps, issued.tokenHash), csrfToken: issued.csrfToken };
    },
  );

  app.patch(
    '/me/preferences',
    {
      config: { access: AUTHENTICATED },
      schema: { tags: ['auth'], summary: 'Set my language', body: preferencesSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.setLocale(deps, actorCtx(request), request.body.locale);
      return { ok: true as const };
    },
  );

  app.post(
    '/me/totp/start',
    {
      config: { access: AUTHENTICATED, allowInStates: ['mfa_enrolment'] },
      schema: { tags: ['auth'], summary: 'Begin authenticator enrolment: secret and QR code', response: { 200: totpStartResponseSchema } },
    },
    async (request) => service.startTotp(deps, actorCtx(request)),
  );

  app.post(
    '/me/totp/confirm',
    {
      config: { access: AUTHENTICATED, allowInStates: ['mfa_enrolment'] },
      schema: {
        tags: ['auth'],
        summary: 'Finish enrolment with a current code; returns one-time recovery codes',
        body: totpConfirmSchema,
        response: { 200: recoveryCodesSchema },
      },
    },
    async (request) => ({ recoveryCodes: await service.confirmTotp(deps, actorCtx(request), request.body.code) }),
  );

  app.post(
    '/me/totp/recovery-codes',
    {
      config: { access: AUTHENTICATED },
      schema: { tags: ['auth'], summary: 'Replace my recovery codes', response: { 200: recoveryCodesSchema } },
    },
    async (request) => ({ recoveryCodes: await service.regenerateRecoveryCodes(deps, actorCtx(request)) }),
  );

  app.delete(
    '/me/totp',
    {
      config: { access: AUTHENTICATED },
      schema: { tags: ['auth'], summary: 'Turn off my second factor (not allowed when a role requires it)', body: totpDisableSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.disableTotp(deps, actorCtx(request), request.body.password);
      return { ok: true as const };
    },
  );
};
