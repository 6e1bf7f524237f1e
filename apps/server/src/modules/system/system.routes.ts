import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC } from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    { config: { access: PUBLIC }, schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { access: PUBLIC },
      schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ready'), database: z.literal('ok') }) } },
    },
    async () => {
      try {
        await app.deps.pool.query('select 1');
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE', { detail: 'database unreachable' });
      }
      return { status: 'ready' as const, database: 'ok' as const };
    },
  );
};
