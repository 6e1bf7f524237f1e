import { repaymentImportColumns, type RepaymentImportField } from '@tongxing/contracts';
import { cellDate, cellText, plainCell, type Cell } from '../member-imports/import-columns';
import { collectSheet, normaliseHeader, readSheetRows, type SheetHeader } from '../member-imports/import-parser';

/**
 * Reads a bank's repayment file (.xlsx or UTF-8 .csv): the header row (within the first rows, a title above
 * it is common) names 贷款编号 or 合同编号, 还款日期, 还款金额（元）, 银行流水号. Amounts are read as decimal text
 * and turned into fen without binary floating point.
 */
export const MAX_REPAYMENT_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_REPAYMENT_ROWS = 50_000;

export interface RepaymentFileRow {
  row: number;
  cells: Partial<Record<RepaymentImportField, Cell>>;
}

export interface RepaymentFile {
  headers: Partial<Record<RepaymentImportField, string>>;
  rows: RepaymentFileRow[];
}

const headerIndex = new Map<string, RepaymentImportField>();
for (const c of repaymentImportColumns) {
  headerIndex.set(normaliseHeader(c.header), c.field);
  headerIndex.set(normaliseHeader(c.en), c.field);
}
headerIndex.set(normaliseHeader('还款金额'), 'amount');
headerIndex.set(normaliseHeader('交易流水号'), 'bankTxnRef');

function mapHeader(values: unknown[]): SheetHeader<RepaymentImportField> {
  const byColumn = new Map<number, RepaymentImportField>();
  const text: RepaymentFile['headers'] = {};
  values.forEach((v, col) => {
    const t = cellText(plainCell(v));
    const field = t ? headerIndex.get(normaliseHeader(t)) : undefined;
    if (field && !Object.values(text).includes(t!) && !text[field]) {
      byColumn.set(col, field);
      text[field] = t!;
    }
  });
  const missing: string[] = [];
  if (!text.reference && !text.contractNo) missing.push('贷款编号/合同编号');
  if (!text.paidOn) missing.push('还款日期');
  if (!text.amount) missing.push('还款金额（元）');
  if (!text.bankTxnRef) missing.push('银行流水号');
  return { byColumn, text, missing };
}

export async function readRepaymentFile(fileName: string, data: Buffer): Promise<RepaymentFile> {
  return collectSheet(await readSheetRows(fileName, data), mapHeader, { maxRows: MAX_REPAYMENT_ROWS, allRequired: ['贷款编号/合同编号', '还款日期', '还款金额（元）', '银行流水号'] });
}

/**
 * Yuan as typed or stored (1234.5, "1,234.50", "¥1234.50") → fen; undefined unless positive with at most two
 * decimals. A number cell is read through its shortest decimal text, which is what the person typed.
 */
export function yuanToFen(c: Cell | undefined): number | undefined {
  if (c === null || c === undefined || c instanceof Date) return undefined;
  const text = (typeof c === 'number' ? String(c) : c).replace(/[,，\s¥￥元]/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 && Number.isSafeInteger(fen) ? fen : undefined;
}

export { cellDate, cellText };
