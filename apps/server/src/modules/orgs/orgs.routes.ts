import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, okSchema, orgCountsQuerySchema, orgCountsSchema, orgCreateSchema, orgListQuerySchema, orgListSchema, orgPatchSchema, orgSchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './orgs.service';

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['orgs'];

  app.get(
    '/orgs',
    {
      config: { access: 'org:read' },
      schema: { tags, summary: 'Units within my scope', querystring: orgListQuerySchema, response: { 200: orgListSchema } },
    },
    async (request) => service.listOrgs(deps, actorCtx(request), request.query),
  );

  app.get(
    '/orgs/counts',
    {
      config: { access: 'org:read' },
      schema: { tags, summary: 'Units within my scope counted by kind and status', querystring: orgCountsQuerySchema, response: { 200: orgCountsSchema } },
    },
    async (request) => service.countOrgs(deps, actorCtx(request), request.query.subtreeOf),
  );

  app.get(
    '/orgs/:id',
    { config: { access: 'org:read' }, schema: { tags, summary: 'One unit', params: idParamsSchema, response: { 200: orgSchema } } },
    async (request) => service.getOrg(deps, actorCtx(request), request.params.id),
  );

  app.post(
    '/orgs',
    { config: { access: 'org:write' }, schema: { tags, summary: 'Create a unit', body: orgCreateSchema, response: { 201: orgSchema } } },
    async (request, reply) => {
      const org = await service.createOrg(deps, actorCtx(request), request.body);
      return reply.code(201).send(org);
    },
  );

  app.patch(
    '/orgs/:id',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        summary: 'Edit a unit; `parentId` moves its whole subtree; `status` deactivates or reactivates it',
        params: idParamsSchema,
        body: orgPatchSchema,
        response: { 200: orgSchema },
      },
    },
    async (request) => service.updateOrg(deps, actorCtx(request), request.params.id, request.body),
  );

  app.delete(
    '/orgs/:id',
    {
      config: { access: 'org:write' },
      schema: { tags, summary: 'Delete a unit nothing refers to (otherwise deactivate it)', params: idParamsSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.deleteOrg(deps, actorCtx(request), request.params.id);
      return { ok: true as const };
    },
  );
};
