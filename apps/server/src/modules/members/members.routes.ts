import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  memberCountsQuerySchema,
  memberCountsSchema,
  memberCreateSchema,
  memberHistorySchema,
  memberListQuerySchema,
  memberListSchema,
  memberPatchSchema,
  memberSchema,
  revealBodySchema,
  revealResponseSchema,
} from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './members.service';

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['members'];

  app.get(
    '/members',
    {
      config: { access: 'member:read' },
      schema: { tags, summary: 'Search the registry within my scope (numbers masked)', querystring: memberListQuerySchema, response: { 200: memberListSchema } },
    },
    async (request) => service.listMembers(deps, actorCtx(request), request.query),
  );
  app.get(
    '/members/counts',
    {
      config: { access: 'member:read' },
      schema: { tags, summary: "Active members in a unit's subtree and in each child's", querystring: memberCountsQuerySchema, response: { 200: memberCountsSchema } },
    },
    async (request) => service.countMembers(deps, actorCtx(request), request.query.orgId),
  );
  app.get(
    '/members/:id',
    { config: { access: 'member:read' }, schema: { tags, summary: 'One member (numbers masked)', params: idParamsSchema, response: { 200: memberSchema } } },
    async (request) => service.getMember(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/members/:id/history',
    { config: { access: 'member:read' }, schema: { tags, summary: "The member's changes and transfers", params: idParamsSchema, response: { 200: memberHistorySchema } } },
    async (request) => service.memberHistory(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/members',
    { config: { access: 'member:write' }, schema: { tags, summary: 'Register a member', body: memberCreateSchema, response: { 201: memberSchema } } },
    async (request, reply) => reply.code(201).send(await service.createMember(deps, actorCtx(request), request.body)),
  );
  app.patch(
    '/members/:id',
    { config: { access: 'member:write' }, schema: { tags, summary: 'Edit a member (status changes included)', params: idParamsSchema, body: memberPatchSchema, response: { 200: memberSchema } } },
    async (request) => service.updateMember(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/members/:id/reveal',
    {
      config: { access: 'member:reveal' },
      schema: { tags, summary: 'The clear ID and phone numbers, for a stated reason (audited)', params: idParamsSchema, body: revealBodySchema, response: { 200: revealResponseSchema } },
    },
    async (request) => service.revealMember(deps, actorCtx(request), request.params.id, request.body.reason),
  );
};
