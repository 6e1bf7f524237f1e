import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cardStatusBatchResultSchema, cardStatusBatchSchema, PARTNER } from '@tongxing/contracts';
import { signedHeadersSchema, useSignedJsonBodies } from '../../lib/partner-signature';
import { receiveStatusReport } from './card-status-reports.service';

/** 1,000 items of a few hundred bytes each, with room for pretty-printing. */
const BODY_LIMIT = 2 * 1024 * 1024;

export const cardStatusReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  useSignedJsonBodies(app, BODY_LIMIT);

  app.post(
    '/card-status-reports',
    {
      config: { access: PARTNER },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['partner'],
        summary:
          'The issuing bank’s system reports cards issued, activated, frozen, lost or cancelled (signed; up to 1,000 items) — the same facts as the bank’s file. Matched by ID number and name; each item is answered on its own: applied, unchanged (the records already say so; sending again changes nothing), unmatched or rejected with a code.',
        headers: signedHeadersSchema,
        body: cardStatusBatchSchema,
        response: { 200: cardStatusBatchResultSchema },
      },
    },
    async (request) => receiveStatusReport(deps, request.ctx, request.partner!, request.body),
  );
};
