import {
  educationLevels,
  ethnicities,
  idTypeLabels,
  modelWorkerLevelLabels,
  politicalStatuses,
  workerCategoryLabels,
} from '@tongxing/domain';
import { memberImportColumns, type MemberImportField } from '@tongxing/contracts';

/** A cell as the readers hand it over, reduced to plain values. */
export type Cell = string | number | Date | null;

type Labels = Record<string, { zh: string; en: string }>;

/** Genders have no national dictionary in the domain package; the sheet writes 男 / 女. */
export const genderLabels: Labels = { M: { zh: '男', en: 'Male' }, F: { zh: '女', en: 'Female' } };

/** The dictionary columns: the template's dropdowns list the zh labels; parsing also takes codes. */
export const dictionaries = {
  idType: idTypeLabels as Labels,
  gender: genderLabels,
  ethnicity: ethnicities,
  category: workerCategoryLabels as Labels,
  modelWorkerLevel: modelWorkerLevelLabels as Labels,
  politicalStatus: politicalStatuses,
  education: educationLevels,
} satisfies Partial<Record<MemberImportField, Labels>>;
export type DictionaryField = keyof typeof dictionaries;

function lookupTable(labels: Labels, extra: (code: string, zh: string) => string[] = () => []): Map<string, string> {
  const map = new Map<string, string>();
  for (const [code, e] of Object.entries(labels)) {
    for (const key of [code, e.zh, e.en, ...extra(code, e.zh)]) map.set(key.toLowerCase().replace(/\s+/g, ''), code);
  }
  return map;
}

const lookups: Record<DictionaryField, Map<string, string>> = {
  idType: lookupTable(dictionaries.idType, (_c, zh) => (zh === '居民身份证' ? ['身份证'] : [])),
  gender: lookupTable(dictionaries.gender, (code) => (code === 'M' ? ['男性'] : ['女性'])),
  // 汉族 is often written 汉, and GB/T 3304 codes lose their leading zero in a number cell.
  ethnicity: lookupTable(dictionaries.ethnicity, (code, zh) => [zh.replace(/族$/, ''), String(Number(code))]),
  category: lookupTable(dictionaries.category),
  modelWorkerLevel: lookupTable(dictionaries.modelWorkerLevel),
  politicalStatus: lookupTable(dictionaries.politicalStatus, (code) => [String(Number(code))]),
  education: lookupTable(dictionaries.education),
};

/** The code for a dictionary cell (zh label, English label or code), or undefined when it is none of them. */
export function dictionaryCode(field: DictionaryField, text: string): string | undefined {
  return lookups[field].get(text.toLowerCase().replace(/\s+/g, ''));
}

function normaliseHeader(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\s+/g, '').replace(/[*＊]+$/, '').toLowerCase();
}

const headerIndex = new Map<string, MemberImportField>();
for (const c of memberImportColumns) {
  headerIndex.set(normaliseHeader(c.header), c.field);
  headerIndex.set(c.field.toLowerCase(), c.field);
}

export interface HeaderMap {
  /** Sheet column number (1-based) → field. */
  byColumn: Map<number, MemberImportField>;
  /** Field → the header text as the file writes it (for error messages). */
  text: Partial<Record<MemberImportField, string>>;
  missing: string[];
}

/** Reads a header row; unknown headers (序号, 备用 …) are ignored, a repeated one counts once. */
export function mapHeaders(values: Cell[]): HeaderMap {
  const byColumn = new Map<number, MemberImportField>();
  const text: Partial<Record<MemberImportField, string>> = {};
  values.forEach((v, col) => {
    if (v === null || v === undefined) return;
    const raw = String(v).replace(/^\uFEFF/, '').trim();
    const field = headerIndex.get(normaliseHeader(raw));
    if (!field || text[field] !== undefined) return;
    byColumn.set(col, field);
    // Messages name the column as the sheet does, without the template's required-marker.
    text[field] = raw.replace(/\s*[*＊]+$/, '');
  });
  const missing = memberImportColumns.filter((c) => c.required && text[c.field] === undefined).map((c) => c.header);
  return { byColumn, text, missing };
}

export function columnText(headers: Partial<Record<MemberImportField, string>>, field: string): string {
  const own = headers[field as MemberImportField];
  if (own) return own;
  return memberImportColumns.find((c) => c.field === field)?.header ?? field;
}

// Control characters never belong in a register; \x1f also separates the bulk insert's list values.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Reduces whatever a reader produced (rich text, formulas, hyperlinks) to a plain value. */
export function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const s = v.replace(CONTROL, ' ').trim();
    return s === '' ? null : s;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return plainCell((o.richText as { text?: string }[]).map((r) => r.text ?? '').join(''));
    if ('result' in o) return plainCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return plainCell(String(o.error));
  }
  return plainCell(String(v));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function isoFromParts(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Text of a cell; numbers as typed (a whole number without a decimal point), dates as YYYY-MM-DD. */
export function cellText(c: Cell): string | null {
  if (c === null) return null;
  if (c instanceof Date) return isoFromParts(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate()) ?? c.toISOString().slice(0, 10);
  return String(c);
}

/**
 * A date cell as YYYY-MM-DD: Excel dates (which arrive as UTC midnights), Excel serial numbers, and
 * the ways people type dates (2020-05-01, 2020/5/1, 2020.5.1, 20200501, 2020年5月1日). Undefined when invalid.
 */
export function cellDate(c: Cell): string | undefined {
  if (c === null) return undefined;
  if (c instanceof Date) return isoFromParts(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate()) ?? undefined;
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1 || c > 80_000) return undefined;
    const d = new Date(Date.UTC(1899, 11, 30) + c * 86_400_000);
    return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) ?? undefined;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(c) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(c);
  if (!m) return undefined;
  return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])) ?? undefined;
}

/** Tags are separated by 、 or a comma (either width), or a semicolon. */
export function cellTags(c: Cell): string[] {
  const t = cellText(c);
  if (!t) return [];
  return t
    .split(/[、,，;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
