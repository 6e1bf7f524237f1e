import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PUBLIC,
  idParamsSchema,
  merchantApplicationCreateSchema,
  merchantApplicationCreatedSchema,
  merchantApplicationStatusQuerySchema,
  merchantApplicationStatusSchema,
  merchantDirectoryDetailSchema,
  merchantDirectoryListSchema,
  merchantDirectoryQuerySchema,
  merchantPhotoParamsSchema,
  merchantUnitListSchema,
} from '@tongxing/contracts';
import { applicationStatus, publicUnits, submitApplication } from './merchant-apply.service';
import { directoryEntry, directoryPhoto, searchDirectory } from './merchant-directory';

/**
 * What anyone may reach without signing in: the online application (limited per address like the join
 * form), its status by reference and phone, the units a merchant can belong to, and the directory of
 * active merchants (public facts only) that the member portal shows.
 */
export const merchantPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['merchant-applications'];
  const limited = { rateLimit: { max: deps.config.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };
  // Lists a page reads as the visitor browses: a looser limit.
  const browsing = { rateLimit: { max: deps.config.LOGIN_RATE_LIMIT * 4, timeWindow: '1 minute' } };

  app.post(
    '/merchant-applications',
    {
      config: { access: PUBLIC, skipCsrf: true, ...limited },
      schema: {
        tags,
        summary: 'Apply to become a partner merchant; returns the reference to follow the application',
        security: [],
        body: merchantApplicationCreateSchema,
        response: { 201: merchantApplicationCreatedSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await submitApplication(deps, request.ctx, request.body)),
  );
  app.get(
    '/merchant-applications/status',
    {
      config: { access: PUBLIC, ...limited },
      schema: { tags, summary: 'The applicant’s view: reference and contact phone must match (404 otherwise)', security: [], querystring: merchantApplicationStatusQuerySchema, response: { 200: merchantApplicationStatusSchema } },
    },
    async (request) => applicationStatus(deps, request.query),
  );
  app.get(
    '/merchant-applications/units',
    { config: { access: PUBLIC, ...browsing }, schema: { tags, summary: 'District unions and street federations a merchant can belong to (names only)', security: [], response: { 200: merchantUnitListSchema } } },
    async () => publicUnits(deps),
  );
  app.get(
    '/merchant-directory',
    {
      config: { access: PUBLIC, ...browsing },
      schema: {
        tags: ['merchant-directory'],
        summary: 'Active partner merchants by category, unit or text; nearest first when lng/lat are given',
        security: [],
        querystring: merchantDirectoryQuerySchema,
        response: { 200: merchantDirectoryListSchema },
      },
    },
    async (request) => searchDirectory(deps, request.query),
  );
  app.get(
    '/merchant-directory/:id',
    { config: { access: PUBLIC, ...browsing }, schema: { tags: ['merchant-directory'], summary: 'One active merchant with today’s terms', security: [], params: idParamsSchema, response: { 200: merchantDirectoryDetailSchema } } },
    async (request) => directoryEntry(deps, request.params.id),
  );
  app.get(
    '/merchant-directory/:id/photos/:n',
    { config: { access: PUBLIC, ...browsing }, schema: { tags: ['merchant-directory'], summary: 'A photo of an active merchant', security: [], params: merchantPhotoParamsSchema } },
    async (request, reply) => {
      const photo = await directoryPhoto(deps, request.params.id, request.params.n);
      return reply.header('content-type', photo.mime).header('cache-control', 'public, max-age=3600').send(photo.data);
    },
  );
};
