import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, transferCreateSchema, transferDecisionSchema, transferListQuerySchema, transferListSchema, transferSchema } from '@tongxing/contracts';
import type { TransferEvent } from '@tongxing/domain';
import { actorCtx } from '../auth/auth.routes';
import * as service from './transfers.service';

export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['member-transfers'];
  app.get(
    '/member-transfers',
    {
      config: { access: 'member:transfer' },
      schema: { tags, summary: 'Transfers into and out of my unions', querystring: transferListQuerySchema, response: { 200: transferListSchema } },
    },
    async (request) => service.listTransfers(deps, actorCtx(request), request.query),
  );
  app.get(
    '/member-transfers/:id',
    { config: { access: 'member:transfer' }, schema: { tags, summary: 'One transfer', params: idParamsSchema, response: { 200: transferSchema } } },
    async (request) => service.getTransfer(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/member-transfers',
    {
      config: { access: 'member:transfer' },
      schema: { tags, summary: 'Start a transfer (sending side by member id, receiving side by ID number and name)', body: transferCreateSchema, response: { 201: transferSchema } },
    },
    async (request, reply) => reply.code(201).send(await service.startTransfer(deps, actorCtx(request), request.body)),
  );
  for (const event of ['accept', 'reject', 'cancel'] as TransferEvent[]) {
    app.post(
      `/member-transfers/:id/${event}`,
      {
        config: { access: 'member:transfer' },
        schema: { tags, summary: `${event[0]!.toUpperCase()}${event.slice(1)} a pending transfer`, params: idParamsSchema, body: transferDecisionSchema, response: { 200: transferSchema } },
      },
      async (request) => service.decideTransfer(deps, actorCtx(request), request.params.id, event, request.body.note),
    );
  }
};
