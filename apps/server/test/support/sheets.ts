import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { memberImportColumns } from '@tongxing/contracts';
import { rememberSecret, type TestClient } from '../harness';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The template's header row (required columns with their asterisk). */
export const importHeaders = memberImportColumns.map((c) => (c.required ? `${c.header}*` : c.header));

type CellValue = string | number | Date | null | undefined;
export type SheetRow = Partial<Record<(typeof memberImportColumns)[number]['field'], CellValue>>;

/** An .xlsx with the template's headers and these rows; every ID and phone becomes a secret for the log scan. */
export async function buildSheet(rows: SheetRow[], opts: { headers?: string[]; sheetName?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? '会员信息');
  const headers = opts.headers ?? importHeaders;
  ws.addRow(headers);
  for (const r of rows) {
    for (const v of [r.idNumber, r.phone]) if (typeof v === 'string') rememberSecret(v);
    ws.addRow(memberImportColumns.map((c) => r[c.field] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same rows as UTF-8 CSV. */
export function buildCsv(rows: SheetRow[]): Buffer {
  const quote = (v: CellValue) => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [importHeaders.join(','), ...rows.map((r) => memberImportColumns.map((c) => quote(r[c.field])).join(','))];
  for (const r of rows) for (const v of [r.idNumber, r.phone]) if (typeof v === 'string') rememberSecret(v);
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export interface FileResponse {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  raw: Buffer;
  body: any;
}

/** A multipart upload through the signed-in client (cookie, CSRF, language). */
export async function uploadFile(
  c: TestClient,
  url: string,
  fileName: string,
  data: Buffer,
  opts: { field?: string; contentType?: string } = {},
): Promise<FileResponse> {
  const boundary = `----tongxing${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; filename="${fileName}"\r\nContent-Type: ${opts.contentType ?? XLSX_TYPE}\r\n\r\n`,
    'utf8',
  );
  const res = await c.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(c.cookie ? { cookie: `tx_session=${c.cookie}` } : {}),
      ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
      ...(c.lang ? { 'accept-language': c.lang } : {}),
    },
  });
  let body: unknown = null;
  try {
    body = res.json();
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, body };
}

/** A download as raw bytes (the JSON client would mangle a zip). */
export async function downloadFile(c: TestClient, url: string): Promise<FileResponse> {
  const res = await c.app.inject({
    method: 'GET',
    url,
    headers: { ...(c.cookie ? { cookie: `tx_session=${c.cookie}` } : {}), ...(c.lang ? { 'accept-language': c.lang } : {}) },
  });
  let body: unknown = null;
  if (String(res.headers['content-type'] ?? '').includes('json')) body = res.json();
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, body };
}

/** Every sheet of an .xlsx as rows of cell texts (row 1 first). */
export async function readSheets(data: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  const out = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const values = Array.from(row.values as unknown[]).slice(1);
      rows.push(values.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' ? JSON.stringify(v) : String(v))));
    });
    out.set(ws.name, rows);
  });
  return out;
}
