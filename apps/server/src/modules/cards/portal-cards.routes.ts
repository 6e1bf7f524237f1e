import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MEMBER, portalCardActionSchema, portalCardApplySchema, portalCardStatusSchema, portalCardTransactionsQuerySchema, portalCardTransactionsSchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import { portalApply, portalCardAction, portalCardStatus, portalCardTransactions } from './portal-cards.service';

/** The member's card in the portal (H5): its state, 我要办, report lost, freeze, withdraw an application. */
export const portalCardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['portal'];
  const response = { 200: portalCardStatusSchema };

  app.get(
    '/portal/card',
    { config: { access: MEMBER }, schema: { tags, summary: 'My card (masked) and its history, my earlier cards, and whether I may apply', response } },
    async (request) => portalCardStatus(deps, actorCtx(request)),
  );
  app.get(
    '/portal/card/transactions',
    {
      config: { access: MEMBER },
      schema: { tags, summary: 'My latest card transactions and the subsidy I received this month and this year', querystring: portalCardTransactionsQuerySchema, response: { 200: portalCardTransactionsSchema } },
    },
    async (request) => portalCardTransactions(deps, actorCtx(request), request.query.limit),
  );
  app.post(
    '/portal/card/apply',
    {
      config: { access: MEMBER },
      schema: { tags, summary: '我要办: apply for a card (through my street federation when my employer has no union)', body: portalCardApplySchema, response },
    },
    async (request) => portalApply(deps, actorCtx(request), request.body),
  );
  app.post(
    '/portal/card/report-lost',
    { config: { access: MEMBER }, schema: { tags, summary: 'Report my card lost (it ends; the bank issues a replacement)', body: portalCardActionSchema, response } },
    async (request) => portalCardAction(deps, actorCtx(request), 'report_lost', request.body.note),
  );
  app.post(
    '/portal/card/freeze',
    { config: { access: MEMBER }, schema: { tags, summary: 'Freeze my activated card (the bank unfreezes it)', body: portalCardActionSchema, response } },
    async (request) => portalCardAction(deps, actorCtx(request), 'freeze', request.body.note),
  );
  app.post(
    '/portal/card/cancel',
    { config: { access: MEMBER }, schema: { tags, summary: 'Withdraw my application before the bank issues the card', body: portalCardActionSchema, response } },
    async (request) => portalCardAction(deps, actorCtx(request), 'cancel', request.body.note),
  );
};
