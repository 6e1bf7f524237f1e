import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  VISIT_PHOTO_MAX_BYTES,
  alertListQuerySchema,
  alertListSchema,
  alertSchema,
  idParamsSchema,
  loanVisitListQuerySchema,
  loanVisitListSchema,
  loanVisitRecordSchema,
  loanVisitSchema,
  visitPhotoParamsSchema,
} from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { actorCtx } from '../auth/auth.routes';
import * as service from './loan-visits.service';

/** The one photo of the upload form (field `file`), read into memory up to the size limit. */
async function readPhotoUpload(request: FastifyRequest): Promise<{ fileName: string | undefined; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw new AppError('LOAN_VISIT_PHOTO_MISSING');
    return { fileName: part.filename, data: await part.toBuffer() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('LOAN_VISIT_PHOTO_TOO_LARGE', { params: { maxBytes: VISIT_PHOTO_MAX_BYTES } });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_REQUEST');
  }
}

export const loanVisitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loan-visits'];
  // Scoped to this plugin: the rest of the API keeps speaking JSON only.
  await app.register(multipart, { limits: { fileSize: VISIT_PHOTO_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });

  app.get(
    '/loan-visits',
    {
      config: { access: 'loan:read' },
      schema: {
        tags,
        summary: 'Follow-up visits in my scope: the queue (overdue + due within 30 days) or one tab, with the counts of every tab',
        querystring: loanVisitListQuerySchema,
        response: { 200: loanVisitListSchema },
      },
    },
    async (request) => service.listVisits(deps, actorCtx(request), request.query),
  );
  app.get(
    '/loan-visits/:id',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'One visit with its loan and findings', params: idParamsSchema, response: { 200: loanVisitSchema } } },
    async (request) => service.getVisit(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/loan-visits/:id/record',
    {
      config: { access: 'loan:visit' },
      schema: {
        tags,
        summary: "Record a visit's findings; a risk flag alerts the loan's district union and its bank",
        params: idParamsSchema,
        body: loanVisitRecordSchema,
        response: { 200: loanVisitSchema },
      },
    },
    async (request) => service.recordVisit(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/loan-visits/:id/photos',
    {
      config: { access: 'loan:visit' },
      schema: {
        tags,
        summary: 'Add a photo (multipart field `file`: JPEG, PNG or WebP, ≤ 5 MB, at most 9 per visit)',
        consumes: ['multipart/form-data'],
        params: idParamsSchema,
        response: { 201: loanVisitSchema },
      },
    },
    async (request, reply) => {
      const upload = await readPhotoUpload(request);
      return reply.code(201).send(await service.addPhoto(deps, actorCtx(request), request.params.id, upload));
    },
  );
  app.get(
    '/loan-visits/:id/photos/:n',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'A photo of a visit (to those who may read the visit; audited)', params: visitPhotoParamsSchema } },
    async (request, reply) => {
      const photo = await service.photoFile(deps, actorCtx(request), request.params.id, request.params.n);
      return reply
        .header('content-type', photo.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(photo.data);
    },
  );

  app.get(
    '/alerts',
    {
      config: { access: 'loan:read' },
      schema: { tags: ['alerts'], summary: "Alerts for my units (a visit's risk flag alerts the district union and the bank)", querystring: alertListQuerySchema, response: { 200: alertListSchema } },
    },
    async (request) => service.listAlerts(deps, actorCtx(request), request.query),
  );
  app.post(
    '/alerts/:id/read',
    { config: { access: 'loan:read' }, schema: { tags: ['alerts'], summary: 'Mark an alert read (for its unit)', params: idParamsSchema, response: { 200: alertSchema } } },
    async (request) => service.readAlert(deps, actorCtx(request), request.params.id),
  );
};
