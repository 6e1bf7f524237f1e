import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Counter } from 'prom-client';
import { cardTransactionBatchResultSchema, cardTransactionBatchSchema, PARTNER } from '@tongxing/contracts';
import { signedHeadersSchema, useSignedJsonBodies } from '../../lib/partner-signature';
import { receiveBatch } from './card-transactions.service';

/** 1,000 items of a few hundred bytes each, with room for pretty-printing. */
const BODY_LIMIT = 4 * 1024 * 1024;

export const cardTransactionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  useSignedJsonBodies(app, BODY_LIMIT);
  const items = new Counter({
    name: 'tongxing_card_transaction_items_total',
    help: 'Partner API transaction items by outcome',
    labelNames: ['status'],
    registers: [app.metricsRegistry],
  });

  app.post(
    '/card-transactions',
    {
      config: { access: PARTNER },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['partner'],
        summary:
          'A batch of card transactions from a bank’s or merchant’s system (signed; up to 1,000 items). Each item is idempotent on (sender, txnId) and answered on its own: accepted with its subsidy, duplicate with the first answer, or rejected with a code.',
        headers: signedHeadersSchema,
        body: cardTransactionBatchSchema,
        response: { 200: cardTransactionBatchResultSchema },
      },
    },
    async (request) => {
      const out = await receiveBatch(deps, request.ctx, request.partner!, request.body.items);
      for (const [status, n] of Object.entries(out.counts)) if (n > 0) items.inc({ status }, n);
      return { results: out.results };
    },
  );
};
