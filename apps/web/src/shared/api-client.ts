import type { ErrorCode, Problem } from '@tongxing/contracts';
import { errorCatalog } from '@tongxing/contracts';
import i18n from './i18n';

const BASE = '/api/v1';

/** An RFC 9457 answer from the server, kept whole so pages can map field errors and params. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.title);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.problem = problem;
  }

  is(code: ErrorCode): boolean {
    return this.code === code;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type SessionListener = (code: 'UNAUTHENTICATED' | 'RESTRICTED') => void;
let sessionListener: SessionListener | null = null;

/** The app shell registers here to react when the session ends or turns restricted under a page. */
export function onSessionProblem(listener: SessionListener | null): void {
  sessionListener = listener;
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function fallbackProblem(status: number, requestId: string): Problem {
  const code: ErrorCode = status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
  const entry = errorCatalog[code];
  return {
    type: 'about:blank',
    title: i18n.language === 'en' ? entry.en : entry.zh,
    status,
    code,
    requestId,
  };
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Money writes carry an `Idempotency-Key`: the caller keeps one key per intended operation (a form's
   * retries and a double click reuse it), so the server replays the first answer instead of applying twice.
   */
  idempotencyKey?: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(BASE + path + toQueryString(opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    const entry = errorCatalog.SERVICE_UNAVAILABLE;
    throw new ProblemError({
      type: 'about:blank',
      title: i18n.language === 'en' ? entry.en : entry.zh,
      status: 0,
      code: 'SERVICE_UNAVAILABLE',
      requestId: '',
    });
  }

  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return data as T;
  throw problemOf(path, response, data);
}

/** Turns a failed answer into a ProblemError, telling the shell when the session ended or turned restricted. */
function problemOf(path: string, response: Response, data: unknown): ProblemError {
  const problem = isProblem(data) ? data : fallbackProblem(response.status, response.headers.get('x-request-id') ?? '');
  const error = new ProblemError(problem);
  const isLogin = path === '/auth/login';
  if (!isLogin && (error.is('UNAUTHENTICATED') || error.is('SESSION_EXPIRED'))) sessionListener?.('UNAUTHENTICATED');
  if (error.is('MFA_ENROLMENT_REQUIRED') || error.is('PASSWORD_CHANGE_REQUIRED')) sessionListener?.('RESTRICTED');
  return error;
}

function networkProblem(): ProblemError {
  const entry = errorCatalog.SERVICE_UNAVAILABLE;
  return new ProblemError({ type: 'about:blank', title: i18n.language === 'en' ? entry.en : entry.zh, status: 0, code: 'SERVICE_UNAVAILABLE', requestId: '' });
}

function baseHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN' };
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

/**
 * A multipart upload (`FormData`): the browser sets the boundary, so no Content-Type of ours; the CSRF
 * header and the language go along as on every other write.
 */
export async function upload<T>(path: string, form: FormData, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(BASE + path + toQueryString(query), {
      method: 'POST',
      headers: { ...baseHeaders('POST'), Accept: 'application/json, application/problem+json' },
      credentials: 'same-origin',
      body: form,
      signal: signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw networkProblem();
  }
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return data as T;
  throw problemOf(path, response, data);
}

/** The file name the server gave (`filename*=UTF-8''…` for Chinese names), else the fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** Fetches a file with the session cookie and saves it; failures come back as ProblemError like any call. */
export async function download(path: string, fallbackName: string, query?: Record<string, QueryValue>): Promise<void> {
  return saveFile(path, fallbackName, 'GET', query);
}

/** A file answered to a write (a sheet built on request with a reason, audited): POSTs the JSON body, saves the answer. */
export async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  return saveFile(path, fallbackName, 'POST', undefined, body);
}

async function saveFile(path: string, fallbackName: string, method: 'GET' | 'POST', query?: Record<string, QueryValue>, body?: unknown): Promise<void> {
  let response: Response;
  try {
    response = await fetch(BASE + path + toQueryString(query), {
      method,
      headers: {
        ...baseHeaders(method),
        Accept: 'application/octet-stream, application/problem+json, */*',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw networkProblem();
  }
  if (!response.ok) {
    const text = await response.text();
    throw problemOf(path, response, text ? safeJson(text) : undefined);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response, fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the save before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'title' in value && 'status' in value;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown, opts?: { idempotencyKey?: string }) =>
    request<T>('POST', path, { body: body ?? {}, ...(opts?.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}) }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, body === undefined ? {} : { body }),
};
