import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, okSchema, permissionCatalogSchema, roleCreateSchema, roleListSchema, rolePatchSchema, roleSchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './roles.service';

export const roleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['roles'];
  app.get(
    '/permissions',
    { config: { access: 'role:read' }, schema: { tags, summary: 'The permission and scope catalogue', response: { 200: permissionCatalogSchema } } },
    async () => service.permissionCatalogView(),
  );
  app.get(
    '/roles',
    { config: { access: 'role:read' }, schema: { tags, summary: 'Roles with their grants', response: { 200: roleListSchema } } },
    async () => service.listRoles(deps),
  );
  app.get(
    '/roles/:id',
    { config: { access: 'role:read' }, schema: { tags, summary: 'One role', params: idParamsSchema, response: { 200: roleSchema } } },
    async (request) => service.getRole(deps, request.params.id),
  );
  app.post(
    '/roles',
    { config: { access: 'role:write' }, schema: { tags, summary: 'Create a role', body: roleCreateSchema, response: { 201: roleSchema } } },
    async (request, reply) => reply.code(201).send(await service.createRole(deps, actorCtx(request), request.body)),
  );
  app.patch(
    '/roles/:id',
    { config: { access: 'role:write' }, schema: { tags, summary: 'Edit a custom role', params: idParamsSchema, body: rolePatchSchema, response: { 200: roleSchema } } },
    async (request) => service.updateRole(deps, actorCtx(request), request.params.id, request.body),
  );
  app.delete(
    '/roles/:id',
    { config: { access: 'role:write' }, schema: { tags, summary: 'Delete an unused custom role', params: idParamsSchema, response: { 200: okSchema } } },
    async (request) => {
      await service.deleteRole(deps, actorCtx(request), request.params.id);
      return { ok: true as const };
    },
  );
};
