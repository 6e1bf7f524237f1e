import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  merchantQuotaPeriodCreateSchema,
  merchantQuotaPeriodListSchema,
  merchantQuotaPeriodSchema,
  merchantQuotaProgressQuerySchema,
  merchantQuotaProgressSchema,
  merchantQuotaSetSchema,
} from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './merchant-quotas.service';

/** Merchant-signing quotas handed down the tree (merchant:quota to set, merchant:read to follow). */
export const merchantQuotaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['merchant-quotas'];

  app.get(
    '/merchant-quota-periods',
    { config: { access: 'merchant:read' }, schema: { tags, summary: 'Signing periods, newest first', response: { 200: merchantQuotaPeriodListSchema } } },
    async () => service.listPeriods(deps),
  );
  app.post(
    '/merchant-quota-periods',
    { config: { access: 'merchant:quota' }, schema: { tags, summary: 'Open a signing period (the city)', body: merchantQuotaPeriodCreateSchema, response: { 201: merchantQuotaPeriodSchema } } },
    async (request, reply) => reply.code(201).send(await service.createPeriod(deps, actorCtx(request), request.body)),
  );
  app.get(
    '/merchant-quota-periods/:id',
    {
      config: { access: 'merchant:read' },
      schema: { tags, summary: 'Quota and progress of a unit (mine by default) and its children', params: idParamsSchema, querystring: merchantQuotaProgressQuerySchema, response: { 200: merchantQuotaProgressSchema } },
    },
    async (request) => service.progress(deps, actorCtx(request), request.params.id, request.query),
  );
  app.put(
    '/merchant-quota-periods/:id/quotas',
    {
      config: { access: 'merchant:quota' },
      schema: { tags, summary: 'Hand quotas down to direct children (their sum may not exceed the unit’s own quota)', params: idParamsSchema, body: merchantQuotaSetSchema, response: { 200: merchantQuotaProgressSchema } },
    },
    async (request) => service.setQuotas(deps, actorCtx(request), request.params.id, request.body),
  );
};
