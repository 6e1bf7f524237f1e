import path from 'node:path';

/**
 * `Content-Disposition` for a download with a Chinese file name: an ASCII fallback for old clients and
 * the real name in RFC 5987 form (`filename*=UTF-8''…`), which every current browser uses.
 */
export function attachment(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * An uploaded file's name fit to keep and to show again: the last path segment only, control characters,
 * quotes and slashes removed, at most `max` characters; `fallback` when nothing is left.
 */
export function safeFileName(name: string | undefined, fallback: string, max = 200): string {
  const base = path.basename((name ?? '').replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, max);
  return clean.length > 0 ? clean : fallback;
}
