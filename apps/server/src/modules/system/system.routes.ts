import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC, systemInfoSchema } from '@tongxing/contracts';
import { DEMO_PASSWORD, demoAccounts } from '@tongxing/db/seed/demo';
import { AppError } from '../../lib/app-error';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    { config: { access: PUBLIC }, schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/api/v1/system/info',
    { config: { access: PUBLIC }, schema: { tags: ['system'], summary: 'Platform and federation names (and demo accounts in demo mode)', security: [], response: { 200: systemInfoSchema } } },
    async () => {
      const res = await app.deps.pool.query<{ name: string; short_name: string | null }>({
        name: 'system_info_federation',
        text: `select name, short_name from org_units where kind = 'city_federation' and status = 'active' order by id limit 1`,
      });
      const root = res.rows[0];
      return {
        platform: '同行 Tongxing',
        federation: root ? { name: root.name, shortName: root.short_name } : null,
        demo: app.deps.config.DEMO
          ? { password: DEMO_PASSWORD, accounts: demoAccounts.map((a) => ({ username: a.username, zh: a.zh, en: a.en })) }
          : null,
        version: '1.0.0',
      };
    },
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
