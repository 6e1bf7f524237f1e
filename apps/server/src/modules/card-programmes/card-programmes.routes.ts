import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cardProgrammeCreateSchema, cardProgrammeListSchema, cardProgrammeSchema, cardProgrammeUpdateSchema, idParamsSchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import * as service from './card-programmes.service';

/** The member service card programmes: their issuing banks, the 开卡率 denominator and the qualifying amount. */
export const cardProgrammeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['card-programmes'];

  app.get(
    '/card-programmes',
    { config: { access: 'card:read' }, schema: { tags, summary: 'Card programmes with their issuing banks', response: { 200: cardProgrammeListSchema } } },
    async () => service.listProgrammes(deps),
  );
  app.get(
    '/card-programmes/:id',
    { config: { access: 'card:read' }, schema: { tags, summary: 'One card programme', params: idParamsSchema, response: { 200: cardProgrammeSchema } } },
    async (request) => service.getProgramme(deps, request.params.id),
  );
  app.post(
    '/card-programmes',
    {
      config: { access: 'card:configure' },
      schema: { tags, summary: 'Create a card programme with its issuing banks', body: cardProgrammeCreateSchema, response: { 201: cardProgrammeSchema } },
    },
    async (request, reply) => reply.code(201).send(await service.createProgramme(deps, actorCtx(request), request.body)),
  );
  app.put(
    '/card-programmes/:id',
    {
      config: { access: 'card:configure' },
      schema: {
        tags,
        summary: 'Replace a programme’s settings and issuing banks (a bank with live cards cannot be removed)',
        params: idParamsSchema,
        body: cardProgrammeUpdateSchema,
        response: { 200: cardProgrammeSchema },
      },
    },
    async (request) => service.updateProgramme(deps, actorCtx(request), request.params.id, request.body),
  );
};
