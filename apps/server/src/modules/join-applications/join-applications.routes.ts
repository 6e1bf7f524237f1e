import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PUBLIC,
  idParamsSchema,
  joinApplicationCreateSchema,
  joinApplicationCreatedSchema,
  joinApplicationListQuerySchema,
  joinApplicationListSchema,
  joinApplicationSchema,
  joinApproveSchema,
  joinOutcomeSchema,
  joinRejectSchema,
  joinStatusQuerySchema,
} from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import { applicationStatus, submitApplication } from './join-applications.service';
import { approveApplication, getApplication, listApplications, rejectApplication } from './join-review.service';

/** 网上入会: the public form and status page, and the cadres' review (member:approve, scoped by the chosen unit). */
export const joinApplicationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['join-applications'];
  const limited = { rateLimit: { max: deps.config.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };

  app.post(
    '/join-applications',
    {
      config: { access: PUBLIC, skipCsrf: true, ...limited },
      schema: {
        tags,
        summary: 'Apply to join a union (the phone proven by a `join` SMS code); returns the reference to follow it',
        security: [],
        body: joinApplicationCreateSchema,
        response: { 201: joinApplicationCreatedSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await submitApplication(deps, request.ctx, request.body)),
  );
  app.get(
    '/join-applications/status',
    {
      config: { access: PUBLIC, ...limited },
      schema: {
        tags,
        summary: "The applicant's view of an application: reference and phone must match (404 otherwise)",
        security: [],
        querystring: joinStatusQuerySchema,
        response: { 200: joinOutcomeSchema },
      },
    },
    async (request) => applicationStatus(deps, request.query),
  );
  app.get(
    '/join-applications',
    {
      config: { access: 'member:approve' },
      schema: { tags, summary: 'Applications to units in my scope (numbers masked)', querystring: joinApplicationListQuerySchema, response: { 200: joinApplicationListSchema } },
    },
    async (request) => listApplications(deps, actorCtx(request), request.query),
  );
  app.get(
    '/join-applications/:id',
    { config: { access: 'member:approve' }, schema: { tags, summary: 'One application (numbers masked)', params: idParamsSchema, response: { 200: joinApplicationSchema } } },
    async (request) => getApplication(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/join-applications/:id/approve',
    {
      config: { access: 'member:approve' },
      schema: {
        tags,
        summary: 'Approve: registers the member (event joined_online) and tells the applicant by SMS',
        params: idParamsSchema,
        body: joinApproveSchema,
        response: { 200: joinApplicationSchema },
      },
    },
    async (request) => approveApplication(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/join-applications/:id/reject',
    {
      config: { access: 'member:approve' },
      schema: { tags, summary: 'Reject with a reason, told to the applicant by SMS', params: idParamsSchema, body: joinRejectSchema, response: { 200: joinApplicationSchema } },
    },
    async (request) => rejectApplication(deps, actorCtx(request), request.params.id, request.body),
  );
};
