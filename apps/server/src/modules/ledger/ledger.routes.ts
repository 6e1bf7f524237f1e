import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fundSchema, idParamsSchema, ledgerListSchema, ledgerQuerySchema, ledgerReverseSchema, ledgerTransactionSchema } from '@tongxing/contracts';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { sendIdempotent } from '../loan-repayments/repayments.routes';
import * as service from './ledger.service';

export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['ledger'];

  app.get(
    '/ledger',
    {
      config: { access: 'ledger:read' },
      schema: { tags, summary: "The programme fund's ledger: transactions with their entries, newest first", querystring: ledgerQuerySchema, response: { 200: ledgerListSchema } },
    },
    async (request) => service.listLedger(deps, actorCtx(request), request.query),
  );
  app.get(
    '/loan-programmes/:id/fund',
    {
      config: { access: 'loan:read' },
      schema: { tags, summary: 'The fund from the ledger (contributions, cash, committed, paid) with lending and leverage', params: idParamsSchema, response: { 200: fundSchema } },
    },
    async (request) => service.fundOf(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/ledger/:id/reverse',
    {
      config: { access: 'loan:configure' },
      schema: {
        tags,
        summary: 'Reverse a transaction with a correcting one (Idempotency-Key); entries are never changed',
        params: idParamsSchema,
        body: ledgerReverseSchema,
        response: { 201: ledgerTransactionSchema, 200: ledgerTransactionSchema },
      },
    },
    async (request, reply) => sendIdempotent(reply, await service.reverseTransaction(deps, actorCtx(request), request.params.id, request.body.reason, idempotencyKeyOf(request))),
  );
};
