import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, ledgerExportQuerySchema, loanExportQuerySchema } from '@tongxing/contracts';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { actorCtx } from '../auth/auth.routes';
import * as service from './loan-exports.service';

export const loanExportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loan-exports'];
  // A file breaks off mid-stream only on a server fault: the log names the export, never a value from its rows.
  const onError: service.ExportErrorLog = (err, what) => app.log.error({ err: { message: (err as Error)?.message }, export: what }, 'export failed while streaming');

  app.get(
    '/loans/export',
    {
      config: { access: 'loan:export' },
      schema: {
        tags,
        summary: 'The loan book of the current filter as .xlsx (streamed; ID and phone numbers masked; audited)',
        querystring: loanExportQuerySchema,
      },
    },
    async (request, reply) => {
      const file = await service.exportLoanBook(deps, actorCtx(request), request.query, onError);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
  app.get(
    '/ledger/export',
    {
      config: { access: 'ledger:read' },
      schema: { tags, summary: "A programme's ledger as .xlsx: trial balance and every line (streamed; audited)", querystring: ledgerExportQuerySchema },
    },
    async (request, reply) => {
      const file = await service.exportLedger(deps, actorCtx(request), request.query, onError);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
  app.get(
    '/loans/:id/form.pdf',
    {
      config: { access: 'loan:export' },
      schema: { tags, summary: 'The 申请审批表 as PDF, with every review step (who, when, decision, comment); audited', params: idParamsSchema },
    },
    async (request, reply) => {
      const file = await service.loanFormPdf(deps, actorCtx(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.pdf);
    },
  );
};
