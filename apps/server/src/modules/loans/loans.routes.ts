import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PUBLIC,
  disbursementRecordSchema,
  idParamsSchema,
  loanApplySchema,
  loanCommentSchema,
  loanDecisionSchema,
  loanListQuerySchema,
  loanListSchema,
  loanPatchSchema,
  loanSchema,
  schedulePreviewSchema,
  scheduleSchema,
} from '@tongxing/contracts';
import { z } from 'zod';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { createApplication, submitApplication, updateApplication, withdrawApplication } from './loan-apply.service';
import { confirmDisbursement, recordDisbursement } from './loan-disbursement.service';
import { decide } from './loan-review.service';
import { loanSchedule, previewSchedule } from './loan-schedule.service';
import { getStaffLoan, listStaffLoans, scopeOf } from './loans.service';

/** The loan lifecycle in the console: applications entered for members, review steps, disbursement, schedules. */
export const loanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loans'];

  app.post(
    '/loan-schedules/preview',
    {
      // The portal's public calculator: computed only, nothing stored; limited per address like a search box.
      config: { access: PUBLIC, skipCsrf: true, rateLimit: { max: deps.config.LOGIN_RATE_LIMIT * 4, timeWindow: '1 minute' } },
      schema: { tags, summary: 'A repayment schedule for the given terms (buildSchedule), creating nothing', security: [], body: schedulePreviewSchema, response: { 200: scheduleSchema } },
    },
    async (request) => previewSchedule(request.body),
  );
  app.get(
    '/loans',
    {
      config: { access: 'loan:read' },
      schema: { tags, summary: 'Loans in my scope (filters; queue=mine: what waits on my unit, model workers first)', querystring: loanListQuerySchema, response: { 200: loanListSchema } },
    },
    async (request) => listStaffLoans(deps, actorCtx(request), request.query),
  );
  app.get(
    '/loans/:id',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'One loan with its events, attachments, disbursement and my actions', params: idParamsSchema, response: { 200: loanSchema } } },
    async (request) => getStaffLoan(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/loans/:id/schedule',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'The repayment schedule with what was paid per period', params: idParamsSchema, response: { 200: scheduleSchema } } },
    async (request) => loanSchedule(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/loans',
    {
      config: { access: 'loan:apply' },
      schema: { tags, summary: 'Enter an application for a member in my scope (draft, or submitted when `submit`)', body: loanApplySchema, response: { 201: loanSchema } },
    },
    async (request, reply) => {
      const ctx = actorCtx(request);
      return reply.code(201).send(await createApplication(deps, ctx, { portal: false, scope: scopeOf(ctx) }, request.body));
    },
  );
  app.patch(
    '/loans/:id',
    { config: { access: 'loan:apply' }, schema: { tags, summary: 'Correct a draft or returned application', params: idParamsSchema, body: loanPatchSchema, response: { 200: loanSchema } } },
    async (request) => {
      const ctx = actorCtx(request);
      return updateApplication(deps, ctx, { portal: false, scope: scopeOf(ctx) }, request.params.id, request.body);
    },
  );
  for (const event of ['submit', 'resubmit'] as const) {
    app.post(
      `/loans/:id/${event}`,
      {
        config: { access: 'loan:apply' },
        schema: { tags, summary: event === 'submit' ? 'Submit a draft (eligibility checked)' : 'Resubmit a returned application to the same step', params: idParamsSchema, body: loanCommentSchema, response: { 200: loanSchema } },
      },
      async (request) => {
        const ctx = actorCtx(request);
        return submitApplication(deps, ctx, { portal: false, scope: scopeOf(ctx) }, request.params.id, event, request.body.comment);
      },
    );
  }
  app.post(
    '/loans/:id/withdraw',
    { config: { access: 'loan:apply' }, schema: { tags, summary: 'Withdraw an application', params: idParamsSchema, body: loanCommentSchema, response: { 200: loanSchema } } },
    async (request) => {
      const ctx = actorCtx(request);
      return withdrawApplication(deps, ctx, { portal: false, scope: scopeOf(ctx) }, request.params.id, request.body.comment);
    },
  );
  app.post(
    '/loans/:id/decision',
    {
      config: { access: 'loan:review' },
      schema: { tags, summary: "Approve, return or reject the loan's current step (my unit must hold it)", params: idParamsSchema, body: loanDecisionSchema, response: { 200: loanSchema } },
    },
    async (request) => decide(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/loans/:id/disbursement',
    {
      config: { access: 'loan:disburse' },
      schema: { tags, summary: 'Record the disbursement (maker; idempotent: Idempotency-Key)', params: idParamsSchema, body: disbursementRecordSchema, response: { 201: loanSchema } },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const result = await recordDisbursement(deps, actorCtx(request), key, request.params.id, request.body);
      return reply.code(201).send(result.body);
    },
  );
  app.post(
    '/loans/:id/disbursement/confirm',
    {
      config: { access: 'loan:disburse' },
      schema: { tags, summary: 'Confirm the disbursement (checker, a different officer): the loan is lent, its schedule written (idempotent)', params: idParamsSchema, body: z.object({}).strict(), response: { 200: loanSchema } },
    },
    async (request) => {
      const key = idempotencyKeyOf(request);
      return (await confirmDisbursement(deps, actorCtx(request), key, request.params.id, request.body as Record<string, never>)).body;
    },
  );
};
