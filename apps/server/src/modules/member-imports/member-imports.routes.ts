import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  memberImportCommitResultSchema,
  memberImportCommitSchema,
  memberImportSchema,
  memberImportUploadQuerySchema,
} from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { actorCtx } from '../auth/auth.routes';
import { writeReport } from './import-report';
import { MAX_FILE_BYTES } from './import-parser';
import { buildTemplate } from './import-template';
import * as service from './member-imports.service';

/** The one file of the upload form (field `file`), read into memory up to the size limit. */
async function readUpload(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw new AppError('IMPORT_FILE_MISSING');
    const data = await part.toBuffer();
    return { fileName: part.filename, data };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMPORT_FILE_TOO_LARGE', { params: { maxBytes: MAX_FILE_BYTES } });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_REQUEST');
  }
}

export const memberImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['member-imports'];
  // Scoped to this plugin: the rest of the API keeps speaking JSON only.
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 11, fieldSize: 1024, headerPairs: 100 } });

  app.get(
    '/member-imports/template',
    { config: { access: 'member:import' }, schema: { tags, summary: 'The import template (.xlsx): headers, dropdowns, an example row, the rules' } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment('会员导入模板.xlsx', 'member-import-template.xlsx'))
        .header('cache-control', 'no-store')
        .send(await buildTemplate()),
  );
  app.post(
    '/member-imports',
    {
      config: { access: 'member:import' },
      schema: {
        tags,
        summary: 'Upload a sheet (multipart field `file`, .xlsx or UTF-8 .csv, ≤ 60 MB): the dry run checks every row and writes nothing',
        consumes: ['multipart/form-data'],
        querystring: memberImportUploadQuerySchema,
        response: { 201: memberImportSchema },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      return reply.code(201).send(await service.checkImportFile(deps, actorCtx(request), { ...upload, orgId: request.query.orgId }));
    },
  );
  app.get(
    '/member-imports/:id',
    { config: { access: 'member:import' }, schema: { tags, summary: 'An import and its check result', params: idParamsSchema, response: { 200: memberImportSchema } } },
    async (request) => service.getImport(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/member-imports/:id/report',
    { config: { access: 'member:import' }, schema: { tags, summary: 'Every problem of the check as .xlsx (row, column, value, zh-CN and English); never an ID or phone value', params: idParamsSchema } },
    async (request, reply) => {
      const report = await service.importProblems(deps, actorCtx(request), request.params.id);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(`导入问题清单-${request.params.id}.xlsx`, `import-${request.params.id}-problems.xlsx`))
        .header('cache-control', 'no-store')
        .send(writeReport(report.fileName, report.items, report.truncated));
    },
  );
  app.post(
    '/member-imports/:id/commit',
    {
      config: { access: 'member:import' },
      schema: {
        tags,
        summary: 'Write the checked rows: all (refused while any row fails) or the valid ones only; checked again in the transaction',
        params: idParamsSchema,
        body: memberImportCommitSchema,
        response: { 200: memberImportCommitResultSchema },
      },
    },
    async (request) => service.commitImport(deps, actorCtx(request), request.params.id, request.body.mode),
  );
};
