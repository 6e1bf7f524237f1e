import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  loanClaimCreateSchema,
  loanClaimPaySchema,
  loanDefaultSchema,
  loanRecoverySchema,
  loanRiskSchema,
  loanWriteOffSchema,
  overdueListSchema,
  overdueQuerySchema,
} from '@tongxing/contracts';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { sendIdempotent } from '../loan-repayments/repayments.routes';
import * as service from './defaults.service';
import { listOverdue } from './overdue.service';

export const loanDefaultRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loan-defaults'];
  const riskResponse = { 200: loanRiskSchema };

  app.get(
    '/loans/overdue',
    {
      config: { access: 'loan:read' },
      schema: { tags, summary: 'Overdue loans as of a business date (days past due, bucket, amount past due) with the bucket summary', querystring: overdueQuerySchema, response: { 200: overdueListSchema } },
    },
    async (request) => listOverdue(deps, actorCtx(request), request.query),
  );
  app.get(
    '/loans/:id/claim',
    { config: { access: 'loan:read' }, schema: { tags, summary: "The loan's default and claim position", params: idParamsSchema, response: riskResponse } },
    async (request) => service.getRisk(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/loans/:id/default',
    {
      config: { access: 'loan:default' },
      schema: { tags, summary: 'Declare a loan in default: more than 90 days past due as of the date (its bank or the city; Idempotency-Key)', params: idParamsSchema, body: loanDefaultSchema, response: riskResponse },
    },
    async (request, reply) => sendIdempotent(reply, await service.declareDefault(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/loans/:id/claim',
    {
      config: { access: 'loan:default' },
      schema: { tags, summary: "The city files the claim: the loss split by the product's risk shares, the union's share owed by the fund (Idempotency-Key)", params: idParamsSchema, body: loanClaimCreateSchema, response: riskResponse },
    },
    async (request, reply) => sendIdempotent(reply, await service.claimLoan(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/loans/:id/claim/pay',
    {
      config: { access: 'loan:default' },
      schema: { tags, summary: "The city pays the union's share of the claim out of the fund (Idempotency-Key)", params: idParamsSchema, body: loanClaimPaySchema, response: riskResponse },
    },
    async (request, reply) => sendIdempotent(reply, await service.payClaim(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/loans/:id/recoveries',
    {
      config: { access: 'loan:default' },
      schema: { tags, summary: "A recovery after the claim; the union's part returns to the fund; in full, the loan is recovered (Idempotency-Key)", params: idParamsSchema, body: loanRecoverySchema, response: riskResponse },
    },
    async (request, reply) => sendIdempotent(reply, await service.recordRecovery(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/loans/:id/write-off',
    {
      config: { access: 'loan:default' },
      schema: { tags, summary: 'Write off what stays lost after the claim (Idempotency-Key)', params: idParamsSchema, body: loanWriteOffSchema, response: riskResponse },
    },
    async (request, reply) => sendIdempotent(reply, await service.writeOff(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
};
