import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cardImportCheckParamsSchema,
  cardImportCheckSchema,
  cardImportCommitSchema,
  cardImportListQuerySchema,
  cardImportListSchema,
  cardImportReportParamsSchema,
  cardImportSchema,
  idParamsSchema,
  idSchema,
} from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { sendIdempotent } from '../loan-repayments/repayments.routes';
import { MAX_CARD_FILE_BYTES, buildCardImportTemplate } from './card-import-file';
import * as imports from './card-imports.service';

async function readUpload(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw new AppError('IMPORT_FILE_MISSING');
    return { fileName: part.filename, data: await part.toBuffer() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { params: { maxBytes: MAX_CARD_FILE_BYTES } });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_REQUEST');
  }
}

const uploadQuerySchema = z.object({ programmeId: idSchema.optional(), bankOrgId: idSchema.optional() }).strict();

/** The bank's file of issued and activated cards: template, dry run, commit, the imports and their reports. */
export const cardImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['card-imports'];
  await app.register(multipart, { limits: { fileSize: MAX_CARD_FILE_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });

  app.get(
    '/card-bank-imports/template',
    { config: { access: 'card:issue' }, schema: { tags, summary: "The bank's card file template (.xlsx)" } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment('发卡明细导入模板.xlsx', 'card-import-template.xlsx'))
        .header('cache-control', 'no-store')
        .send(await buildCardImportTemplate()),
  );
  app.post(
    '/card-bank-imports',
    {
      config: { access: 'card:issue' },
      schema: {
        tags,
        summary: "Upload the bank's card file (multipart field `file`, .xlsx or UTF-8 .csv): a dry run that writes nothing; programme and bank default to my bank's only ones",
        consumes: ['multipart/form-data'],
        querystring: uploadQuerySchema,
        response: { 201: cardImportCheckSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await imports.checkCardFile(deps, actorCtx(request), await readUpload(request), request.query)),
  );
  app.post(
    '/card-bank-imports/:id/commit',
    {
      config: { access: 'card:issue' },
      schema: {
        tags,
        summary: 'Write the checked file (Idempotency-Key): the valid rows, or all (refused while any row is unmatched or wrong); rows already recorded change nothing',
        params: cardImportCheckParamsSchema,
        body: cardImportCommitSchema,
        response: { 200: cardImportSchema },
      },
    },
    async (request, reply) => sendIdempotent(reply, await imports.commitCardImport(deps, actorCtx(request), request.params.id, request.body.mode, idempotencyKeyOf(request))),
  );
  app.get(
    '/card-bank-imports',
    { config: { access: 'card:read' }, schema: { tags, summary: "Committed card files of my bank (the city: all banks')", querystring: cardImportListQuerySchema, response: { 200: cardImportListSchema } } },
    async (request) => imports.listImports(deps, actorCtx(request), request.query),
  );
  app.get(
    '/card-bank-imports/:id',
    { config: { access: 'card:read' }, schema: { tags, summary: 'One committed card file with its report', params: idParamsSchema, response: { 200: cardImportSchema } } },
    async (request) => imports.getImport(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/card-bank-imports/:id/report',
    {
      config: { access: 'card:read' },
      schema: { tags, summary: 'The unmatched and wrong rows as .xlsx (names and masked ID numbers), of a committed file or of a check (its id)', params: cardImportReportParamsSchema },
    },
    async (request, reply) => {
      const file = await imports.importReport(deps, actorCtx(request), request.params.id);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('cache-control', 'no-store')
        .send(file.data);
    },
  );
};
