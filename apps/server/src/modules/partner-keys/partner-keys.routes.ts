import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, partnerKeyCreateSchema, partnerKeyCreatedSchema, partnerKeyListQuerySchema, partnerKeyListSchema, partnerKeySchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './partner-keys.service';

/** Partners' API keys for the signed partner API (partner:keys, the city). */
export const partnerKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['partner-keys'];
  const access = { access: 'partner:keys' } as const;

  app.get(
    '/partner-keys',
    { config: access, schema: { tags, summary: 'API keys of banks and merchants (never their secrets)', querystring: partnerKeyListQuerySchema, response: { 200: partnerKeyListSchema } } },
    async (request) => service.listKeys(deps, actorCtx(request), request.query),
  );
  app.post(
    '/partner-keys',
    {
      config: access,
      schema: { tags, summary: 'Create a key for a bank or merchant unit: the secret is in this answer only (at most two active keys, for rotation)', body: partnerKeyCreateSchema, response: { 201: partnerKeyCreatedSchema } },
    },
    async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await service.createKey(deps, actorCtx(request), request.body)),
  );
  app.post(
    '/partner-keys/:id/revoke',
    { config: access, schema: { tags, summary: 'Revoke a key: requests signed with it are refused from now on', params: idParamsSchema, response: { 200: partnerKeySchema } } },
    async (request) => service.revokeKey(deps, actorCtx(request), request.params.id),
  );
};
