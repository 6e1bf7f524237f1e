import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cardBankEventSchema,
  cardBatchCreateSchema,
  cardBatchCreatedSchema,
  cardBatchExportSchema,
  cardBatchListQuerySchema,
  cardBatchListSchema,
  cardBatchSchema,
  cardCancelSchema,
  cardDetailSchema,
  cardListQuerySchema,
  cardListSchema,
  cardReplaceSchema,
  idParamsSchema,
} from '@tongxing/contracts';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { actorCtx } from '../auth/auth.routes';
import * as batches from './card-batches.service';
import * as service from './cards.service';

/** Cards in the console: the list and a card's page (numbers masked), applications and the bank's changes. */
export const cardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['cards'];

  app.get(
    '/cards',
    {
      config: { access: 'card:read' },
      schema: { tags, summary: 'Cards in my scope (a cadre: its members’; a bank: those routed to it), numbers masked', querystring: cardListQuerySchema, response: { 200: cardListSchema } },
    },
    async (request) => service.listStaffCards(deps, actorCtx(request), request.query),
  );
  app.get(
    '/cards/:id',
    { config: { access: 'card:read' }, schema: { tags, summary: 'One card with its history (numbers masked)', params: idParamsSchema, response: { 200: cardDetailSchema } } },
    async (request) => service.getStaffCard(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/cards/:id/cancel',
    {
      config: { access: 'card:apply' },
      schema: { tags, summary: 'Withdraw an application the bank has not issued yet', params: idParamsSchema, body: cardCancelSchema, response: { 200: cardDetailSchema } },
    },
    async (request) => service.cancelApplication(deps, actorCtx(request), request.params.id, request.body.reason),
  );
  app.post(
    '/cards/:id/events',
    {
      config: { access: 'card:issue' },
      schema: {
        tags,
        summary: 'The bank reports a change of one of its cards: issue (with the number), activate, freeze, unfreeze, report lost, cancel',
        params: idParamsSchema,
        body: cardBankEventSchema,
        response: { 200: cardDetailSchema },
      },
    },
    async (request) => service.bankCardEvent(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/cards/:id/replace',
    {
      config: { access: 'card:issue' },
      schema: {
        tags,
        summary: 'The bank issues a new card in place of this one (reported lost first if still live); answers the new card',
        params: idParamsSchema,
        body: cardReplaceSchema,
        response: { 200: cardDetailSchema },
      },
    },
    async (request) => service.replaceCard(deps, actorCtx(request), request.params.id, request.body),
  );

  app.get(
    '/card-batches',
    { config: { access: 'card:read' }, schema: { tags, summary: 'Bulk application batches in my scope', querystring: cardBatchListQuerySchema, response: { 200: cardBatchListSchema } } },
    async (request) => batches.listBatches(deps, actorCtx(request), request.query),
  );
  app.get(
    '/card-batches/:id',
    { config: { access: 'card:read' }, schema: { tags, summary: 'One batch with its cards by state', params: idParamsSchema, response: { 200: cardBatchSchema } } },
    async (request) => batches.getBatch(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/card-batches',
    {
      config: { access: 'card:apply' },
      schema: {
        tags,
        summary: 'A union applies in bulk for chosen members of its subtree, or for all its active members without a card; members with a live card are skipped and listed',
        body: cardBatchCreateSchema,
        response: { 201: cardBatchCreatedSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await batches.createBatch(deps, actorCtx(request), request.body)),
  );
  app.post(
    '/card-batches/:id/export',
    {
      config: { access: 'card:apply' },
      schema: {
        tags,
        summary: 'The bank’s application sheet (.xlsx) with full ID numbers: give a reason; audited, built on request and never stored',
        params: idParamsSchema,
        body: cardBatchExportSchema,
      },
    },
    async (request, reply) => {
      const file = await batches.exportBatchSheet(deps, actorCtx(request), request.params.id, request.body.reason);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.data);
    },
  );
};
