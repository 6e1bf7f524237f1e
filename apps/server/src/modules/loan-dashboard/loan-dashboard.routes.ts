import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loanDashboardQuerySchema, loanDashboardSchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import { loanDashboard } from './loan-dashboard.service';

export const loanDashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  app.get(
    '/loan-dashboard',
    {
      config: { access: 'loan:read' },
      schema: {
        tags: ['loan-dashboard'],
        summary: 'Programme dashboard within my scope: states, lending, jobs, overdue as of a date, subsidies, visits, targets, a row per child unit, monthly lending',
        querystring: loanDashboardQuerySchema,
        response: { 200: loanDashboardSchema },
      },
    },
    async (request) => loanDashboard(deps, actorCtx(request), request.query),
  );
};
