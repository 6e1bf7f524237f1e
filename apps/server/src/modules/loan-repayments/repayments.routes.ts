import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  repaymentCreateSchema,
  repaymentImportCommitResultSchema,
  repaymentImportCommitSchema,
  repaymentImportIdParamsSchema,
  repaymentImportSchema,
  repaymentListSchema,
  repaymentResultSchema,
} from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { XLSX_TYPE, attachment } from '../../lib/attachment';
import { idempotencyKeyOf, type IdempotentResult } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import { MAX_REPAYMENT_FILE_BYTES } from './repayment-file';
import * as imports from './repayment-imports.service';
import * as service from './repayments.service';

/** The answer of an idempotent write: the stored status and body; a replay says so in a header. */
export function sendIdempotent<T>(reply: FastifyReply, r: IdempotentResult<T>) {
  if (r.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(r.status).send(r.body);
}

async function readUpload(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw new AppError('IMPORT_FILE_MISSING');
    return { fileName: part.filename, data: await part.toBuffer() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { params: { maxBytes: MAX_REPAYMENT_FILE_BYTES } });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_REQUEST');
  }
}

export const loanRepaymentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loan-repayments'];
  // Scoped to this plugin: the rest of the API keeps speaking JSON only.
  await app.register(multipart, { limits: { fileSize: MAX_REPAYMENT_FILE_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });

  app.post(
    '/loans/:id/repayments',
    {
      config: { access: 'loan:repay' },
      schema: {
        tags,
        summary: "The loan's bank records a repayment (Idempotency-Key): interest then principal of the periods due, in due order; the rest prepays later principal",
        params: idParamsSchema,
        body: repaymentCreateSchema,
        response: { 201: repaymentResultSchema, 200: repaymentResultSchema },
      },
    },
    async (request, reply) => sendIdempotent(reply, await service.recordRepayment(deps, actorCtx(request), request.params.id, request.body, idempotencyKeyOf(request))),
  );
  app.get(
    '/loans/:id/repayments',
    { config: { access: 'loan:read' }, schema: { tags, summary: "The loan's repayments with their allocations, newest first", params: idParamsSchema, response: { 200: repaymentListSchema } } },
    async (request) => service.listLoanRepayments(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/loan-repayment-imports/template',
    { config: { access: 'loan:repay' }, schema: { tags, summary: "The bank's repayment file template (.xlsx)" } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment('还款导入模板.xlsx', 'repayment-import-template.xlsx'))
        .header('cache-control', 'no-store')
        .send(await imports.buildRepaymentTemplate()),
  );
  app.post(
    '/loan-repayment-imports',
    {
      config: { access: 'loan:repay' },
      schema: {
        tags,
        summary: "Upload the bank's repayment file (multipart field `file`, .xlsx or UTF-8 .csv): a dry run that writes nothing",
        consumes: ['multipart/form-data'],
        response: { 201: repaymentImportSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await imports.checkRepaymentFile(deps, actorCtx(request), await readUpload(request))),
  );
  app.post(
    '/loan-repayment-imports/:id/commit',
    {
      config: { access: 'loan:repay' },
      schema: {
        tags,
        summary: 'Apply the checked rows as repayments (Idempotency-Key): all (refused while any row fails) or the valid ones; rows already recorded are skipped',
        params: repaymentImportIdParamsSchema,
        body: repaymentImportCommitSchema,
        response: { 200: repaymentImportCommitResultSchema },
      },
    },
    async (request, reply) => sendIdempotent(reply, await imports.commitRepaymentImport(deps, actorCtx(request), request.params.id, request.body.mode, idempotencyKeyOf(request))),
  );
};
