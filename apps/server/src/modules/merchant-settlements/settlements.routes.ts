import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  merchantSettlementCommentSchema,
  merchantSettlementCreateSchema,
  merchantSettlementDetailSchema,
  merchantSettlementListQuerySchema,
  merchantSettlementListSchema,
  merchantSettlementPaySchema,
  merchantSettlementPendingQuerySchema,
  merchantSettlementPendingSchema,
} from '@tongxing/contracts';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { sendIdempotent } from '../loan-repayments/repayments.routes';
import * as service from './settlements.service';

/** Monthly settlement of the union subsidy per merchant (merchant:settle; maker-checker; Idempotency-Key on every step). */
export const merchantSettlementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['merchant-settlements'];
  const access = { access: 'merchant:settle' } as const;

  app.get(
    '/merchant-settlements',
    { config: access, schema: { tags, summary: 'Settlements of merchants in my scope, newest month first', querystring: merchantSettlementListQuerySchema, response: { 200: merchantSettlementListSchema } } },
    async (request) => service.listSettlements(deps, actorCtx(request), request.query),
  );
  app.get(
    '/merchant-settlements/pending',
    {
      config: access,
      schema: { tags, summary: 'Merchants in my scope with unsettled transactions up to a month (what preparing would take)', querystring: merchantSettlementPendingQuerySchema, response: { 200: merchantSettlementPendingSchema } },
    },
    async (request) => service.pending(deps, actorCtx(request), request.query),
  );
  app.get(
    '/merchant-settlements/:id',
    { config: access, schema: { tags, summary: 'A settlement with its months', params: idParamsSchema, response: { 200: merchantSettlementDetailSchema } } },
    async (request) => service.getSettlement(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/merchant-settlements/:id/statement',
    { config: { access: 'merchant:read' }, schema: { tags, summary: 'The settlement statement (.xlsx), also for the merchant’s own operators', params: idParamsSchema } },
    async (request, reply) => {
      const file = await service.statement(deps, actorCtx(request), request.params.id);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(file.fileName, file.asciiName)).send(file.data);
    },
  );
  app.post(
    '/merchant-settlements',
    {
      config: access,
      schema: {
        tags,
        summary: 'Prepare a merchant’s settlement of a month that has ended: its unsettled transactions up to the month (maker; Idempotency-Key)',
        body: merchantSettlementCreateSchema,
        response: { 201: merchantSettlementDetailSchema, 200: merchantSettlementDetailSchema },
      },
    },
    async (request, reply) => sendIdempotent(reply, await service.prepareSettlement(deps, actorCtx(request), request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/merchant-settlements/:id/approve',
    {
      config: access,
      schema: { tags, summary: 'Approve (a different cadre than the maker; Idempotency-Key)', params: idParamsSchema, body: merchantSettlementCommentSchema, response: { 200: merchantSettlementDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.approveSettlement(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/merchant-settlements/:id/pay',
    {
      config: access,
      schema: { tags, summary: 'Mark an approved settlement paid with the payment reference and date (Idempotency-Key)', params: idParamsSchema, body: merchantSettlementPaySchema, response: { 200: merchantSettlementDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.paySettlement(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.post(
    '/merchant-settlements/:id/cancel',
    {
      config: access,
      schema: { tags, summary: 'Cancel a settlement not yet paid; its transactions wait for the next one (Idempotency-Key)', params: idParamsSchema, body: merchantSettlementCommentSchema, response: { 200: merchantSettlementDetailSchema } },
    },
    async (request, reply) => sendIdempotent(reply, await service.cancelSettlement(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
};
