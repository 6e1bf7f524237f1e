import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { MemberImportField } from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import { mapHeaders, plainCell, type Cell, type HeaderMap } from './import-columns';

/** One data row: its number in the spreadsheet and the cells of the columns we know. */
export interface RawRow {
  row: number;
  cells: Partial<Record<MemberImportField, Cell>>;
}

export interface ParsedSheet {
  headers: Partial<Record<MemberImportField, string>>;
  rows: RawRow[];
}

export type FileKind = 'xlsx' | 'csv';

// 200,000 rows of a filled-in template come to about 25 MB as .xlsx and more as a CSV of labels.
export const MAX_FILE_BYTES = 60 * 1024 * 1024;
export const MAX_ROWS = 200_000;
/** A title row or two above the header row is common in hand-made sheets. */
const HEADER_SEARCH_ROWS = 5;

/** What the upload is, by its name and its first bytes (browsers disagree on the MIME type of a .csv). */
export function fileKind(fileName: string, data: Buffer): FileKind {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xlsx') {
    // An .xlsx is a zip archive; anything else under that name (an .xls renamed, a web page) is unreadable.
    if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) throw new AppError('IMPORT_FILE_UNREADABLE');
    return 'xlsx';
  }
  if (ext === '.csv') return 'csv';
  throw new AppError('IMPORT_FILE_TYPE');
}

/** A row of a sheet as exceljs gives it: its number and its values (1-based, as `row.values`). */
export interface SheetRow {
  rowNumber: number;
  values: unknown[];
}

/**
 * Every row of a bank's small file (.xlsx: the first sheet; .csv: UTF-8, cells kept as text so 18- and
 * 19-digit numbers keep their digits). A broken archive or a malformed CSV is IMPORT_FILE_UNREADABLE
 * without its cause, which may quote cell contents. Used by the repayment and card files.
 */
export async function readSheetRows(fileName: string, data: Buffer): Promise<SheetRow[]> {
  const kind = fileKind(fileName, data);
  try {
    const workbook = new ExcelJS.Workbook();
    let sheet: ExcelJS.Worksheet | undefined;
    if (kind === 'csv') {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(data);
      } catch {
        throw new AppError('IMPORT_CSV_ENCODING');
      }
      sheet = await workbook.csv.read(Readable.from([text]), { map: (datum: unknown) => datum } as never);
    } else {
      await workbook.xlsx.load(data as never);
      sheet = workbook.worksheets[0];
    }
    const rows: SheetRow[] = [];
    sheet?.eachRow((row, rowNumber) => rows.push({ rowNumber, values: row.values as unknown[] }));
    return rows;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('IMPORT_FILE_UNREADABLE');
  }
}

/** A header row as a bank file reads it: each column's field, each field's header text, the required headers it lacks. */
export interface SheetHeader<F extends string> {
  byColumn: Map<number, F>;
  text: Partial<Record<F, string>>;
  missing: string[];
}

/** Header text as people type it: no asterisks or spaces, either width of brackets, any case. */
export function normaliseHeader(text: string): string {
  return text.replace(/[*＊\s]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

/**
 * A bank's small file as header and rows (the repayment and card files): the header row is the first of the
 * first rows that names every required column — otherwise IMPORT_COLUMNS_MISSING lists what the closest one
 * lacked (`allRequired` when no row named any) — then every row with a value, its cells by field.
 */
export function collectSheet<F extends string>(
  rows: SheetRow[],
  mapHeader: (values: unknown[]) => SheetHeader<F>,
  o: { maxRows: number; allRequired: string[] },
): { headers: Partial<Record<F, string>>; rows: { row: number; cells: Partial<Record<F, Cell>> }[] } {
  let header: SheetHeader<F> | null = null;
  let bestMissing: string[] | null = null;
  const out: { row: number; cells: Partial<Record<F, Cell>> }[] = [];
  for (const { rowNumber, values } of rows) {
    if (!header) {
      if (rowNumber > HEADER_SEARCH_ROWS) break;
      const h = mapHeader(values);
      if (h.missing.length === 0) header = h;
      else if (!bestMissing || h.missing.length < bestMissing.length) bestMissing = h.missing;
      continue;
    }
    const cells: Partial<Record<F, Cell>> = {};
    let any = false;
    for (const [col, field] of header.byColumn) {
      const c = plainCell(values[col]);
      if (c !== null) {
        cells[field] = c;
        any = true;
      }
    }
    if (!any) continue;
    if (out.length >= o.maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { params: { max: o.maxRows } });
    out.push({ row: rowNumber, cells });
  }
  if (!header) {
    const missing = bestMissing ?? o.allRequired;
    throw new AppError('IMPORT_COLUMNS_MISSING', { params: { columns: missing }, detail: missing.join('、') });
  }
  if (out.length === 0) throw new AppError('IMPORT_EMPTY');
  return { headers: header.text, rows: out };
}

/** Collects the data rows of the first sheet whose header row names every required column. */
class SheetCollector {
  private header: HeaderMap | null = null;
  private seen = 0;
  private bestMissing: string[] | null = null;
  readonly rows: RawRow[] = [];
  tooMany = false;

  /** Feeds one row; false once this sheet turned out not to be the member sheet. */
  add(rowNumber: number, values: unknown[]): boolean {
    if (!this.header) {
      this.seen++;
      const h = mapHeaders(values.map(plainCell));
      if (h.missing.length === 0) this.header = h;
      else if (!this.bestMissing || h.missing.length < this.bestMissing.length) this.bestMissing = h.missing;
      return this.header !== null || this.seen < HEADER_SEARCH_ROWS;
    }
    const cells: RawRow['cells'] = {};
    let any = false;
    for (const [col, field] of this.header.byColumn) {
      const c = plainCell(values[col]);
      if (c !== null) {
        cells[field] = c;
        any = true;
      }
    }
    if (!any) return true;
    if (this.rows.length >= MAX_ROWS) this.tooMany = true;
    else this.rows.push({ row: rowNumber, cells });
    return true;
  }

  get found() {
    return this.header;
  }

  get missing() {
    return this.bestMissing ?? [];
  }
}

function finish(collectors: SheetCollector[]): ParsedSheet {
  const used = collectors.find((c) => c.found);
  if (!used?.found) {
    const missing = collectors[0]?.missing ?? [];
    throw new AppError('IMPORT_COLUMNS_MISSING', { params: { columns: missing }, detail: missing.join('、') });
  }
  if (used.tooMany) throw new AppError('IMPORT_TOO_MANY_ROWS', { params: { max: MAX_ROWS } });
  if (used.rows.length === 0) throw new AppError('IMPORT_EMPTY');
  return { headers: used.found.text, rows: used.rows };
}

/**
 * Reads an .xlsx with exceljs's whole-workbook loader (through the archive's central directory). Not the
 * streaming reader: it splits multi-byte characters at chunk boundaries (exceljs #2063, #2084, #2316) —
 * about one row in a thousand came back as 专业技术���员 — and now and then throws on a valid file. Files
 * are bounded by MAX_FILE_BYTES, so holding one workbook in memory is fine.
 */
async function readXlsx(data: Buffer): Promise<ParsedSheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as never);
  const collectors: SheetCollector[] = [];
  for (const sheet of workbook.worksheets) {
    const collector = new SheetCollector();
    collectors.push(collector);
    let reading = true;
    sheet.eachRow((row, rowNumber) => {
      if (reading) reading = collector.add(rowNumber, row.values as unknown[]);
    });
    if (collector.found) break;
  }
  return finish(collectors);
}

/** CSV in UTF-8 with the template's headers; every value stays text (an ID number must not become a float). */
async function readCsv(data: Buffer): Promise<ParsedSheet> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new AppError('IMPORT_CSV_ENCODING');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = await workbook.csv.read(Readable.from([text]), { map: (datum: unknown) => datum } as never);
  const collector = new SheetCollector();
  let reading = true;
  sheet.eachRow((row, rowNumber) => {
    if (reading) reading = collector.add(rowNumber, row.values as unknown[]);
  });
  return finish([collector]);
}

export async function parseSheet(kind: FileKind, data: Buffer): Promise<ParsedSheet> {
  try {
    return kind === 'csv' ? await readCsv(data) : await readXlsx(data);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A broken archive or malformed CSV: say the file is unreadable; the cause may quote cell contents.
    throw new AppError('IMPORT_FILE_UNREADABLE');
  }
}
