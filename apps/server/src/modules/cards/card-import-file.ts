import ExcelJS from 'exceljs';
import { cardImportColumns, type CardImportField } from '@tongxing/contracts';
import { cellText, plainCell, type Cell } from '../member-imports/import-columns';
import { collectSheet, normaliseHeader, readSheetRows, type SheetHeader } from '../member-imports/import-parser';

/**
 * Reads the bank's card file (.xlsx or UTF-8 .csv): the header row (within the first rows; a title above it
 * is common) names 证件号码, 姓名, 卡号, 状态, 发卡日期, 激活日期 and optionally 证件类型 and 变更日期.
 * Numbers are read as text: an ID or card number stored as a spreadsheet number has lost digits already,
 * and is refused by its check digit rather than matched wrongly.
 */
export const MAX_CARD_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CARD_FILE_ROWS = 100_000;

export interface CardFileRow {
  row: number;
  cells: Partial<Record<CardImportField, Cell>>;
}

export interface CardFile {
  headers: Partial<Record<CardImportField, string>>;
  rows: CardFileRow[];
}

const headerIndex = new Map<string, CardImportField>();
for (const c of cardImportColumns) {
  headerIndex.set(normaliseHeader(c.header), c.field);
  headerIndex.set(normaliseHeader(c.en), c.field);
}
for (const [alias, field] of [
  ['身份证号码', 'idNumber'],
  ['身份证号', 'idNumber'],
  ['客户姓名', 'name'],
  ['卡号码', 'cardNumber'],
  ['服务卡卡号', 'cardNumber'],
  ['卡片状态', 'state'],
  ['开卡日期', 'issuedOn'],
  ['状态日期', 'changedOn'],
] as const) {
  headerIndex.set(normaliseHeader(alias), field);
}

const required = cardImportColumns.filter((c) => c.required);

function mapHeader(values: unknown[]): SheetHeader<CardImportField> {
  const byColumn = new Map<number, CardImportField>();
  const text: CardFile['headers'] = {};
  values.forEach((v, col) => {
    const t = cellText(plainCell(v));
    const field = t ? headerIndex.get(normaliseHeader(t)) : undefined;
    if (field && !text[field]) {
      byColumn.set(col, field);
      text[field] = t!;
    }
  });
  const missing = required.filter((c) => !text[c.field]).map((c) => c.header);
  return { byColumn, text, missing };
}

export async function readCardFile(fileName: string, data: Buffer): Promise<CardFile> {
  return collectSheet(await readSheetRows(fileName, data), mapHeader, { maxRows: MAX_CARD_FILE_ROWS, allRequired: required.map((c) => c.header) });
}

/** The template: the columns, an example row and the rules, in Chinese (the bank's staff fill it in). */
export async function buildCardImportTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('发卡明细');
  ws.columns = cardImportColumns.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.field === 'idNumber' || c.field === 'cardNumber' ? 24 : 14,
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({ idType: '居民身份证', idNumber: '320411199001011234', name: '张三', cardNumber: '6217880000000000012', state: '已激活', issuedOn: '2026-05-10', activatedOn: '2026-05-20', changedOn: '' });
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [{ width: 110 }];
  for (const line of [
    '1. 每行一张卡。证件号码、卡号请以文本格式填写（本模板已设为文本），避免表格软件把长数字改成科学计数法而丢失位数。',
    '2. 状态填写：已发卡、已激活、已冻结、已挂失、已注销（已解冻的卡填“已激活”）。',
    '3. 发卡日期、激活日期写作 YYYY-MM-DD（如 2026-05-15），不能晚于今天；激活日期不能早于发卡日期。已发卡须填发卡日期，已激活须同时填两项。',
    '4. 变更日期（选填）：冻结、挂失、注销发生的日期；不填按上传当天记。',
    '5. 按证件号码匹配工会会员：姓名须与会员登记一致。会员在本行尚无服务卡的，按本文件新发卡登记；原卡已挂失的，新卡登记为补换卡。',
    '6. 同一文件重复上传，或已登记过的行再次上传，不会重复变更；找不到会员、卡在其他银行的行会列在处理报告中。',
    '7. 换卡：先在一行中将旧卡报“已挂失”，再在其后一行填写新卡号和“已发卡”。',
  ]) {
    notes.addRow([line]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
