import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  MERCHANT_PHOTO_MAX_BYTES,
  idParamsSchema,
  merchantAgreementCreateSchema,
  merchantAgreementEndSchema,
  merchantApproveSchema,
  merchantAssessmentCreateSchema,
  merchantCreateSchema,
  merchantDetailSchema,
  merchantListQuerySchema,
  merchantListSchema,
  merchantMapQuerySchema,
  merchantMapSchema,
  merchantNoteSchema,
  merchantPatchSchema,
  merchantPhotoParamsSchema,
  merchantReasonSchema,
  merchantRevealSchema,
  merchantRevealedSchema,
  merchantRevokeSchema,
  merchantSettlementListSchema,
  merchantTransactionListSchema,
  merchantTransactionQuerySchema,
  pageQueryShape,
} from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { actorCtx } from '../auth/auth.routes';
import { settlementsOfMerchant } from '../merchant-settlements/settlements.service';
import { createMerchant } from './merchant-apply.service';
import * as review from './merchant-review.service';
import * as terms from './merchant-terms.service';
import { merchantTransactions } from './merchant-transactions';

async function readPhotoUpload(request: FastifyRequest): Promise<{ fileName: string | undefined; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw new AppError('MERCHANT_PHOTO_MISSING');
    return { fileName: part.filename, data: await part.toBuffer() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('MERCHANT_PHOTO_TOO_LARGE', { params: { maxBytes: MERCHANT_PHOTO_MAX_BYTES } });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_REQUEST');
  }
}

const agreementParamsSchema = z.object({ id: z.coerce.number().int().positive().max(2147483647), agreementId: z.coerce.number().int().positive().max(2147483647) }).strict();
const pageQuerySchema = z.object(pageQueryShape).strict();

/**
 * Partner merchants for the unions (merchant:read to see, merchant:review to decide, scoped by the unit
 * that looks after the merchant) and for the merchant's own operators (merchant:read on their unit).
 */
export const merchantRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['merchants'];
  const read = { access: 'merchant:read' } as const;
  const reviewAccess = { access: 'merchant:review' } as const;
  await app.register(multipart, { limits: { fileSize: MERCHANT_PHOTO_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });

  app.get(
    '/merchants',
    { config: read, schema: { tags, summary: 'Merchants in my scope (filters: state, category, unit, text)', querystring: merchantListQuerySchema, response: { 200: merchantListSchema } } },
    async (request) => review.listMerchants(deps, actorCtx(request), request.query),
  );
  app.get(
    '/merchants/map',
    { config: read, schema: { tags, summary: 'Coordinates of the merchants in my scope, for the map', querystring: merchantMapQuerySchema, response: { 200: merchantMapSchema } } },
    async (request) => review.merchantMap(deps, actorCtx(request), request.query),
  );
  app.get(
    '/merchant-console/me',
    { config: read, schema: { tags, summary: 'The merchant operator’s own merchant (404 for anyone else)', response: { 200: merchantDetailSchema } } },
    async (request) => review.myMerchant(deps, actorCtx(request)),
  );
  app.get(
    '/merchants/:id',
    { config: read, schema: { tags, summary: 'One merchant with its agreements, assessments and photos (contact phone masked)', params: idParamsSchema, response: { 200: merchantDetailSchema } } },
    async (request) => review.getMerchant(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/merchants/:id/transactions',
    {
      config: read,
      schema: { tags, summary: 'The merchant’s card transactions of a month (default: this month), cards masked', params: idParamsSchema, querystring: merchantTransactionQuerySchema, response: { 200: merchantTransactionListSchema } },
    },
    async (request) => merchantTransactions(deps, actorCtx(request), request.params.id, request.query),
  );
  app.get(
    '/merchants/:id/settlements',
    { config: read, schema: { tags, summary: 'The merchant’s settlement statements', params: idParamsSchema, querystring: pageQuerySchema, response: { 200: merchantSettlementListSchema } } },
    async (request) => settlementsOfMerchant(deps, actorCtx(request), request.params.id, request.query),
  );
  app.get(
    '/merchants/:id/photos/:n',
    { config: read, schema: { tags, summary: 'A photo of the merchant', params: merchantPhotoParamsSchema } },
    async (request, reply) => {
      const photo = await terms.photoFile(deps, actorCtx(request), request.params.id, request.params.n);
      return reply.header('content-type', photo.mime).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.fileName)}`).header('cache-control', 'private, max-age=300').send(photo.data);
    },
  );

  app.post(
    '/merchants',
    { config: reviewAccess, schema: { tags, summary: 'Enter a merchant on its behalf (starts as applied, then reviewed)', body: merchantCreateSchema, response: { 201: merchantDetailSchema } } },
    async (request, reply) => {
      const ctx = actorCtx(request);
      const id = await createMerchant(deps, ctx, request.body);
      return reply.code(201).send(await review.getMerchant(deps, ctx, id));
    },
  );
  app.patch(
    '/merchants/:id',
    { config: reviewAccess, schema: { tags, summary: 'Edit the merchant’s particulars (with the version read)', params: idParamsSchema, body: merchantPatchSchema, response: { 200: merchantDetailSchema } } },
    async (request) => review.patchMerchant(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/merchants/:id/approve',
    {
      config: reviewAccess,
      schema: { tags, summary: 'Approve: signs the first agreement and creates the merchant’s own unit for its operators', params: idParamsSchema, body: merchantApproveSchema, response: { 200: merchantDetailSchema } },
    },
    async (request) => review.approveMerchant(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/merchants/:id/reject',
    { config: reviewAccess, schema: { tags, summary: 'Reject an application with the reason', params: idParamsSchema, body: merchantReasonSchema, response: { 200: merchantDetailSchema } } },
    async (request) => review.decideMerchant(deps, actorCtx(request), request.params.id, 'reject', request.body.reason),
  );
  app.post(
    '/merchants/:id/suspend',
    { config: reviewAccess, schema: { tags, summary: 'Suspend an active merchant with the reason', params: idParamsSchema, body: merchantReasonSchema, response: { 200: merchantDetailSchema } } },
    async (request) => review.decideMerchant(deps, actorCtx(request), request.params.id, 'suspend', request.body.reason),
  );
  app.post(
    '/merchants/:id/resume',
    { config: reviewAccess, schema: { tags, summary: 'Resume a suspended merchant', params: idParamsSchema, body: merchantNoteSchema, response: { 200: merchantDetailSchema } } },
    async (request) => review.decideMerchant(deps, actorCtx(request), request.params.id, 'resume', request.body.note),
  );
  app.post(
    '/merchants/:id/revoke',
    {
      config: reviewAccess,
      schema: { tags, summary: 'Revoke: banned from signing again for MERCHANT_BAN_YEARS; its API keys are revoked', params: idParamsSchema, body: merchantRevokeSchema, response: { 200: merchantDetailSchema } },
    },
    async (request) => review.revokeMerchant(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/merchants/:id/reveal-contact',
    { config: reviewAccess, schema: { tags, summary: 'The contact’s full phone number, with a reason (audited)', params: idParamsSchema, body: merchantRevealSchema, response: { 200: merchantRevealedSchema } } },
    async (request) => review.revealContact(deps, actorCtx(request), request.params.id, request.body.reason),
  );
  app.post(
    '/merchants/:id/agreements',
    {
      config: reviewAccess,
      schema: { tags, summary: 'Sign a new agreement version (dates may not overlap another agreement)', params: idParamsSchema, body: merchantAgreementCreateSchema, response: { 201: merchantDetailSchema } },
    },
    async (request, reply) => reply.code(201).send(await terms.addAgreement(deps, actorCtx(request), request.params.id, request.body)),
  );
  app.post(
    '/merchants/:id/agreements/:agreementId/end',
    { config: reviewAccess, schema: { tags, summary: 'End an agreement early (in force up to the end date)', params: agreementParamsSchema, body: merchantAgreementEndSchema, response: { 200: merchantDetailSchema } } },
    async (request) => terms.endAgreement(deps, actorCtx(request), request.params.id, request.params.agreementId, request.body),
  );
  app.post(
    '/merchants/:id/assessments',
    { config: reviewAccess, schema: { tags, summary: 'Record the annual assessment (one per year)', params: idParamsSchema, body: merchantAssessmentCreateSchema, response: { 201: merchantDetailSchema } } },
    async (request, reply) => reply.code(201).send(await terms.addAssessment(deps, actorCtx(request), request.params.id, request.body)),
  );
  app.post(
    '/merchants/:id/photos',
    {
      config: reviewAccess,
      schema: { tags, summary: 'Add a photo (multipart field `file`: JPEG, PNG or WebP, ≤ 5 MB, at most 9)', params: idParamsSchema, response: { 201: merchantDetailSchema } },
    },
    async (request, reply) => {
      const upload = await readPhotoUpload(request);
      return reply.code(201).send(await terms.addPhoto(deps, actorCtx(request), request.params.id, upload));
    },
  );
  app.delete(
    '/merchants/:id/photos/:n',
    { config: reviewAccess, schema: { tags, summary: 'Remove a photo', params: merchantPhotoParamsSchema, response: { 200: merchantDetailSchema } } },
    async (request) => terms.removePhoto(deps, actorCtx(request), request.params.id, request.params.n),
  );
};
