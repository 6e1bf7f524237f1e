import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  MEMBER,
  PUBLIC,
  joinOutcomeListSchema,
  okSchema,
  otpRequestSchema,
  otpResponseSchema,
  portalChangePasswordSchema,
  portalLoginSchema,
  portalMeSchema,
  portalSessionSchema,
  portalSetPasswordSchema,
  portalUnitListSchema,
  portalUnitQuerySchema,
} from '@tongxing/contracts';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../../plugins/auth';
import { actorCtx } from '../auth/auth.routes';
import { logout } from '../auth/auth.service';
import { requestOtp } from './otp.service';
import { changeMemberPassword, memberLogin, setMemberPassword } from './portal-auth.service';
import { portalApplications, portalMe, searchUnits } from './portal.service';

/** The member portal (H5): SMS codes, member sign-in, and the member's own pages. */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['portal'];
  // The public routes are sign-in-like: the same per-address limit as the staff sign-in.
  const limited = { rateLimit: { max: deps.config.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };

  app.post(
    '/portal/otp',
    {
      config: { access: PUBLIC, skipCsrf: true, ...limited },
      schema: {
        tags,
        summary: 'Send a one-time SMS code (joining, first sign-in, password reset); the same answer for any number',
        security: [],
        body: otpRequestSchema,
        response: { 200: otpResponseSchema },
      },
    },
    async (request) => requestOtp(deps, request.ctx, request.body),
  );
  app.get(
    '/portal/units',
    {
      // A picker searches as the applicant types: a looser limit than sign-in.
      config: { access: PUBLIC, rateLimit: { max: deps.config.LOGIN_RATE_LIMIT * 4, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Public search of active grassroots unions and street federations by name (names only)',
        security: [],
        querystring: portalUnitQuerySchema,
        response: { 200: portalUnitListSchema },
      },
    },
    async (request) => searchUnits(deps, request.query),
  );
  app.post(
    '/portal/auth/login',
    {
      config: { access: PUBLIC, skipCsrf: true, ...limited },
      schema: { tags, summary: 'Member sign-in with mobile number and password', security: [], body: portalLoginSchema, response: { 200: portalSessionSchema } },
    },
    async (request, reply) => {
      const issued = await memberLogin(deps, request.ctx, request.body, request.cookies[SESSION_COOKIE]);
      setSessionCookie(request, reply, deps.config, issued.token);
      return { csrfToken: issued.csrfToken };
    },
  );
  app.post(
    '/portal/auth/set-password',
    {
      config: { access: PUBLIC, skipCsrf: true, ...limited },
      schema: {
        tags,
        summary: 'First sign-in or forgotten password: set the password with an SMS code (signs in; a reset ends other sessions)',
        security: [],
        body: portalSetPasswordSchema,
        response: { 200: portalSessionSchema },
      },
    },
    async (request, reply) => {
      const issued = await setMemberPassword(deps, request.ctx, request.body, request.cookies[SESSION_COOKIE]);
      setSessionCookie(request, reply, deps.config, issued.token);
      return { csrfToken: issued.csrfToken };
    },
  );
  app.post(
    '/portal/auth/logout',
    { config: { access: MEMBER }, schema: { tags, summary: 'Member sign-out', response: { 200: okSchema } } },
    async (request, reply) => {
      await logout(deps, actorCtx(request));
      clearSessionCookie(request, reply, deps.config.COOKIE_SECURE);
      return { ok: true as const };
    },
  );
  app.get(
    '/portal/me',
    { config: { access: MEMBER }, schema: { tags, summary: 'My member record and union (numbers masked) and the CSRF token', response: { 200: portalMeSchema } } },
    async (request) => portalMe(deps, actorCtx(request)),
  );
  app.get(
    '/portal/applications',
    { config: { access: MEMBER }, schema: { tags, summary: 'My join applications', response: { 200: joinOutcomeListSchema } } },
    async (request) => portalApplications(deps, actorCtx(request)),
  );
  app.put(
    '/portal/password',
    {
      config: { access: MEMBER },
      schema: { tags, summary: 'Change my portal password (ends my other sessions)', body: portalChangePasswordSchema, response: { 200: portalSessionSchema } },
    },
    async (request, reply) => {
      const issued = await changeMemberPassword(deps, actorCtx(request), request.body);
      setSessionCookie(request, reply, deps.config, issued.token);
      return { csrfToken: issued.csrfToken };
    },
  );
};
