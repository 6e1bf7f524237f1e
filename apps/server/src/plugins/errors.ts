import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorCatalog, errorTitle, type ErrorCode } from '@tongxing/contracts';
import { AppError, type FieldError } from '../lib/app-error';
import { fieldMessage, isFieldMessageKey, localiseIssue } from '../lib/i18n';

/** Text for a field error: a field-message key, or a catalogue error code naming what is wrong with the field. */
function fieldText(code: string, lang: 'zh-CN' | 'en'): string {
  if (isFieldMessageKey(code)) return fieldMessage(code, lang);
  if (Object.hasOwn(errorCatalog, code)) return errorTitle(code as ErrorCode, lang);
  return code;
}

function kebab(code: string) {
  return code.toLowerCase().replace(/_/g, '-');
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  extra: { detail?: string; errors?: FieldError[]; params?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const lang = request.ctx?.lang ?? 'zh-CN';
  const status = errorCatalog[code].status;
  const errors = extra.errors?.map((e) => ({
    path: e.path,
    code: e.code,
    message: e.message ?? fieldText(e.code, lang),
  }));
  for (const [k, v] of Object.entries(extra.headers ?? {})) reply.header(k, v);
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://tongxing.dev/problems/${kebab(code)}`,
      title: errorTitle(code, lang),
      status,
      code,
      ...(extra.detail ? { detail: extra.detail } : {}),
      instance: request.url.split('?')[0],
      requestId: String(request.id),
      ...(errors && errors.length > 0 ? { errors } : {}),
      ...(extra.params ? { params: extra.params } : {}),
    });
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/** RFC 9457 problem+json for every error; 5xx bodies carry only the request id. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return sendProblem(request, reply, err.code, {
        detail: err.options.detail,
        errors: err.options.fields,
        params: err.options.params,
        headers: err.options.headers,
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const lang = request.ctx?.lang ?? 'zh-CN';
      const where = err.validationContext;
      const errors: FieldError[] = err.validation.flatMap((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const issue = { code: v.keyword, message: v.message, ...(v.params as Record<string, unknown>) };
        const code = v.message && isFieldMessageKey(v.message) ? v.message : v.keyword;
        const located = (p: string) => (where && where !== 'body' ? (p ? `${where}.${p}` : where) : p);
        if (v.keyword === 'unrecognized_keys') {
          // One entry per unknown field, each named, rather than one anonymous complaint about the object.
          const keys = ((v.params as { keys?: string[] }).keys ?? []).map(String);
          return keys.map((k) => ({
            path: located(path ? `${path}.${k}` : k),
            code,
            message: lang === 'en' ? 'Unknown field' : '不允许的字段',
          }));
        }
        return [{ path: located(path), code, message: localiseIssue(issue, lang) }];
      });
      return sendProblem(request, reply, 'VALIDATION_FAILED', { errors });
    }
    if (err.code && fastifyCodes[err.code]) {
      return sendProblem(request, reply, fastifyCodes[err.code] as ErrorCode);
    }
    if (err.statusCode === 429) return sendProblem(request, reply, 'RATE_LIMITED');
    if (err.statusCode === 400 && err.code?.startsWith('FST_')) return sendProblem(request, reply, 'MALFORMED_BODY');
    if (err.statusCode === 415) return sendProblem(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (err.statusCode === 413) return sendProblem(request, reply, 'PAYLOAD_TOO_LARGE');
    if (isResponseSerializationError(err)) {
      request.log.error({ err: { message: err.message, issues: err.cause?.issues } }, 'response does not match its schema');
      return sendProblem(request, reply, 'INTERNAL_ERROR');
    }
    const pgCode = (err as { code?: string }).code;
    if (pgCode === '40001' || pgCode === '40P01') return sendProblem(request, reply, 'CONFLICT');
    request.log.error({ err }, 'unhandled error');
    return sendProblem(request, reply, 'INTERNAL_ERROR');
  });
});
