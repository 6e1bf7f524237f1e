import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, memberExportCreateSchema, memberExportSchema } from '@tongxing/contracts';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { actorCtx } from '../auth/auth.routes';
import * as service from './member-exports.service';

export const memberExportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['member-exports'];
  // The file is written after the answer: the log line names the export, never a value from its rows.
  const onError: service.ExportErrorLog = (err, exportId) => app.log.error({ err, exportId }, 'member export failed');
  app.addHook('onClose', async () => service.drainExports(deps));

  app.post(
    '/member-exports',
    {
      config: { access: 'member:export' },
      schema: {
        tags,
        summary: 'Export the filtered member list to .xlsx (numbers masked), written in the background; poll for progress',
        body: memberExportCreateSchema,
        response: { 202: memberExportSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await service.startExport(deps, actorCtx(request), request.body.filter, onError)),
  );
  app.get(
    '/member-exports/:id',
    { config: { access: 'member:export' }, schema: { tags, summary: "An export's progress (its creator only)", params: idParamsSchema, response: { 200: memberExportSchema } } },
    async (request) => service.getExport(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/member-exports/:id/file',
    { config: { access: 'member:export' }, schema: { tags, summary: 'The finished .xlsx (its creator only; audited)', params: idParamsSchema } },
    async (request, reply) => {
      const file = await service.exportFile(deps, actorCtx(request), request.params.id);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-length', file.size)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
};
