import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  subsidyBatchCommentSchema,
  subsidyBatchCreateSchema,
  subsidyBatchDetailSchema,
  subsidyBatchListQuerySchema,
  subsidyBatchListSchema,
  subsidyBatchPaySchema,
  subsidyPendingQuerySchema,
  subsidyPendingSchema,
} from '@tongxing/contracts';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { sendIdempotent } from '../loan-repayments/repayments.routes';
import * as service from './subsidy-batches.service';

export const subsidyBatchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['subsidy-batches'];
  const access = { access: 'loan:subsidy' } as const;

  app.get(
    '/subsidy-batches',
    { config: access, schema: { tags, summary: 'Subsidy batches, newest first', querystring: subsidyBatchListQuerySchema, response: { 200: subsidyBatchListSchema } } },
    async (request) => service.listBatches(deps, actorCtx(request), request.query),
  );
  app.get(
    '/subsidy-batches/pending',
    { config: access, schema: { tags, summary: 'What a batch prepared now would hold (earned, not in a batch, up to the date)', querystring: subsidyPendingQuerySchema, response: { 200: subsidyPendingSchema } } },
    async (request) => service.pending(deps, actorCtx(request), request.query),
  );
  app.get(
    '/subsidy-batches/:id',
    { config: access, schema: { tags, summary: 'A batch and its items', params: idParamsSchema, response: { 200: subsidyBatchDetailSchema } } },
    async (request) => service.getBatch(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/subsidy-batches',
    {
      config: access,
      schema: { tags, summary: 'Prepare a batch of the earned subsidies up to a date (maker; Idempotency-Key)', body: subsidyBatchCreateSchema, response: { 201: subsidyBatchDetailSchema, 200: subsidyBatchDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.prepareBatch(deps, actorCtx(request), request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/subsidy-batches/:id/approve',
    {
      config: access,
      schema: { tags, summary: 'Approve a prepared batch (a different cadre than the maker; Idempotency-Key)', params: idParamsSchema, body: subsidyBatchCommentSchema, response: { 200: subsidyBatchDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.approveBatch(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/subsidy-batches/:id/pay',
    {
      config: access,
      schema: { tags, summary: 'Mark an approved batch paid: subsidies_payable Dr / fund_cash Cr (Idempotency-Key)', params: idParamsSchema, body: subsidyBatchPaySchema, response: { 200: subsidyBatchDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.payBatch(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/subsidy-batches/:id/cancel',
    {
      config: access,
      schema: { tags, summary: 'Cancel a batch not yet paid; its items wait for the next batch (Idempotency-Key)', params: idParamsSchema, body: subsidyBatchCommentSchema, response: { 200: subsidyBatchDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.cancelBatch(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
};
