import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LOAN_ATTACHMENT_MAX_BYTES, MEMBER, idParamsSchema, loanAttachmentParamsSchema, loanSchema } from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { attachment } from '../../lib/attachment';
import { actorCtx } from '../auth/auth.routes';
import { addAttachment, readAttachment, type Upload } from './loan-attachments.service';

/** The form: a `kind` field and one `file`. A file past the limit is cut by the parser and refused. */
async function readForm(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  let kind = '';
  let file: { fileName: string; data: Buffer } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer();
          continue;
        }
        file = { fileName: part.filename, data: await part.toBuffer() };
      } else if (part.fieldname === 'kind') {
        kind = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('LOAN_ATTACHMENT_TOO_LARGE', { fields: [{ path: 'file', code: 'loan.fileTooLarge' }] });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_REQUEST');
  }
  if (!file) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', code: 'required' }] });
  return { kind, ...file };
}

function sendFile(reply: FastifyReply, f: { data: Buffer; mime: string; fileName: string }) {
  return reply
    .header('content-type', f.mime)
    .header('content-disposition', attachment(f.fileName, `attachment.${f.mime.split('/')[1]}`))
    .header('cache-control', 'no-store')
    .send(f.data);
}

/** Application attachments (licence, plan, ID copy): uploaded by the applicant side, read by whoever sees the loan. */
export const loanAttachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loans'];
  // Scoped to this plugin: the rest of the API keeps speaking JSON only.
  await app.register(multipart, { limits: { fileSize: LOAN_ATTACHMENT_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });

  app.post(
    '/loans/:id/attachments',
    {
      config: { access: 'loan:read' },
      schema: { tags, summary: 'Attach a file (multipart: kind, file; PDF/JPG/PNG by content, ≤ 10 MB)', consumes: ['multipart/form-data'], params: idParamsSchema, response: { 201: loanSchema } },
    },
    async (request, reply) => reply.code(201).send(await addAttachment(deps, actorCtx(request), { portal: false }, request.params.id, await readForm(request))),
  );
  app.get(
    '/loans/:id/attachments/:attachmentId',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'The attached file (audited)', params: loanAttachmentParamsSchema } },
    async (request, reply) => sendFile(reply, await readAttachment(deps, actorCtx(request), { portal: false }, request.params.id, request.params.attachmentId)),
  );
  app.post(
    '/portal/loans/:id/attachments',
    {
      config: { access: MEMBER },
      schema: { tags: ['portal'], summary: 'Attach a file to my application', consumes: ['multipart/form-data'], params: idParamsSchema, response: { 201: loanSchema } },
    },
    async (request, reply) => reply.code(201).send(await addAttachment(deps, actorCtx(request), { portal: true }, request.params.id, await readForm(request))),
  );
  app.get(
    '/portal/loans/:id/attachments/:attachmentId',
    { config: { access: MEMBER }, schema: { tags: ['portal'], summary: 'A file attached to my application', params: loanAttachmentParamsSchema } },
    async (request, reply) => sendFile(reply, await readAttachment(deps, actorCtx(request), { portal: true }, request.params.id, request.params.attachmentId)),
  );
};
