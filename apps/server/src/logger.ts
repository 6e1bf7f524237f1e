import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import type { Config } from './config';

/** Query values may carry names, phones or ID numbers: logs keep only the parameter names. */
export function scrubUrl(url: string): string {
  const [pathPart, query] = url.split('?', 2);
  if (!query) return pathPart ?? url;
  const keys = [...new URLSearchParams(query).keys()];
  return `${pathPart}?${keys.map((k) => `${k}=…`).join('&')}`;
}

export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["x-tongxing-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.totp',
  '*.token',
  '*.csrfToken',
  '*.secret',
  '*.phone',
  '*.idNumber',
];

/**
 * Errors are logged without the values they carry: a failed query's parameters (and the database's
 * `detail`, which quotes key values) could hold personal data.
 */
export function serializeError(err: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err), stack: '' };
  const e = err as Error & { code?: string; cause?: unknown; statusCode?: number };
  const message = e.message.split('\nparams:')[0];
  const cause = e.cause instanceof Error ? { message: e.cause.message, code: (e.cause as { code?: string }).code } : undefined;
  return { type: e.name, message: message ?? '', code: e.code, statusCode: e.statusCode, cause, stack: e.stack?.split('\nparams:')[0] ?? '' };
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const base = {
    level: config.LOG_LEVEL,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      err: serializeError,
      req(req: { method: string; url: string; ip?: string; id?: string }) {
        return { method: req.method, url: scrubUrl(req.url), ip: req.ip };
      },
    },
  };
  if (config.LOG_FILE) {
    return { ...base, stream: pino.destination({ dest: config.LOG_FILE, sync: true, mkdir: true }) } as never;
  }
  return base;
}
