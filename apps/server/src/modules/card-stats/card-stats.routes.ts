import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cardDashboardQuerySchema, cardDashboardSchema, cardRollupCheckSchema, cardStatsQuerySchema, cardStatsSchema } from '@tongxing/contracts';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { actorCtx } from '../auth/auth.routes';
import { exportCardStats } from './card-stats-export';
import { cardDashboard, cardStats, checkRollups } from './card-stats.service';

export const cardStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['card-stats'];
  app.get(
    '/card-stats',
    {
      config: { access: 'card:read' },
      schema: {
        tags,
        summary: '开卡率, 激活率 and 用卡率 of a union unit (default: mine) and each child unit for a month, quarter or year, from the rollups',
        querystring: cardStatsQuerySchema,
        response: { 200: cardStatsSchema },
      },
    },
    async (request) => cardStats(deps, actorCtx(request), request.query),
  );
  app.get(
    '/card-stats/export',
    {
      config: { access: 'card:read' },
      schema: { tags, summary: 'The rates table of a unit and its child units as .xlsx (audited)', querystring: cardStatsQuerySchema },
    },
    async (request, reply) => {
      const file = await exportCardStats(deps, actorCtx(request), request.query);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.data);
    },
  );
  app.get(
    '/card-stats/check',
    {
      config: { access: 'card:configure' },
      schema: { tags, summary: 'Recompute the card rollups from the raw tables and list what differs (city only)', response: { 200: cardRollupCheckSchema } },
    },
    async (request) => checkRollups(deps, actorCtx(request)),
  );
  app.get(
    '/card-dashboards',
    {
      config: { access: 'card:read' },
      schema: {
        tags,
        summary: 'The 普惠 dashboard of a union unit: funnel per child unit, twelve months of rates, new merchants against the quota, subsidy by month, top categories',
        querystring: cardDashboardQuerySchema,
        response: { 200: cardDashboardSchema },
      },
    },
    async (request) => cardDashboard(deps, actorCtx(request), request.query),
  );
};
