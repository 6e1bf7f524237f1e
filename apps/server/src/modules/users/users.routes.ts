import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  okSchema,
  resetPasswordSchema,
  userCreateSchema,
  userListQuerySchema,
  userListSchema,
  userPatchSchema,
  userRolesSchema,
  userSchema,
} from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './users.service';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['users'];

  app.get(
    '/users',
    { config: { access: 'user:read' }, schema: { tags, summary: 'Staff accounts within my scope', querystring: userListQuerySchema, response: { 200: userListSchema } } },
    async (request) => service.listUsers(deps, actorCtx(request), request.query),
  );
  app.get(
    '/users/:id',
    { config: { access: 'user:read' }, schema: { tags, summary: 'One account', params: idParamsSchema, response: { 200: userSchema } } },
    async (request) => service.getUser(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/users',
    { config: { access: 'user:write' }, schema: { tags, summary: 'Create an account (roles need user:grant)', body: userCreateSchema, response: { 201: userSchema } } },
    async (request, reply) => reply.code(201).send(await service.createUser(deps, actorCtx(request), request.body)),
  );
  app.patch(
    '/users/:id',
    {
      config: { access: 'user:write' },
      schema: { tags, summary: 'Edit, move, disable an account or change its roles', params: idParamsSchema, body: userPatchSchema, response: { 200: userSchema } },
    },
    async (request) => service.updateUser(deps, actorCtx(request), request.params.id, request.body),
  );
  app.put(
    '/users/:id/roles',
    {
      config: { access: 'user:grant' },
      schema: { tags, summary: 'Replace the roles of an account (ends its sessions)', params: idParamsSchema, body: userRolesSchema, response: { 200: userSchema } },
    },
    async (request) => service.setUserRoles(deps, actorCtx(request), request.params.id, request.body.roleIds),
  );
  app.post(
    '/users/:id/reset-password',
    { config: { access: 'user:write' }, schema: { tags, summary: 'Set a new password and end the sessions', params: idParamsSchema, body: resetPasswordSchema, response: { 200: okSchema } } },
    async (request) => {
      await service.resetPassword(deps, actorCtx(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/users/:id/unlock',
    { config: { access: 'user:write' }, schema: { tags, summary: 'Lift a sign-in lockout', params: idParamsSchema, response: { 200: okSchema } } },
    async (request) => {
      await service.unlockUser(deps, actorCtx(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/users/:id/end-sessions',
    { config: { access: 'user:write' }, schema: { tags, summary: 'Sign the account out everywhere', params: idParamsSchema, response: { 200: okSchema } } },
    async (request) => {
      await service.endUserSessions(deps, actorCtx(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/users/:id/reset-totp',
    { config: { access: 'user:write' }, schema: { tags, summary: 'Remove the second factor (lost phone)', params: idParamsSchema, response: { 200: okSchema } } },
    async (request) => {
      await service.resetTotp(deps, actorCtx(request), request.params.id);
      return { ok: true as const };
    },
  );
};
