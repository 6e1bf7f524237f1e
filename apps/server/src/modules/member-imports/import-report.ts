import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface ReportItem {
  row: number;
  column: string;
  /** Absent for ID and phone cells: the report never repeats a personal number. */
  value: string | null;
  zh: string;
  en: string;
}

/**
 * The problem list of an import as .xlsx, written by the streaming writer straight into the response
 * (a file with 100,000 bad rows gives a report of that size).
 */
export function writeReport(fileName: string, items: ReportItem[], truncated: boolean): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = [
    { key: 'row', width: 10 },
    { key: 'column', width: 16 },
    { key: 'value', width: 28 },
    { key: 'zh', width: 48 },
    { key: 'en', width: 56 },
  ];
  const run = async () => {
    const title = ws.addRow([`导入文件：${fileName}    问题共 ${items.length} 处${truncated ? '（仅列出前面部分）' : ''}`]);
    title.font = { bold: true };
    title.commit();
    const header = ws.addRow(['行号 Row', '列 Column', '填写的值 Value', '问题说明', 'Problem']);
    header.font = { bold: true };
    header.commit();
    for (const i of items) ws.addRow([i.row, i.column, i.value ?? '', i.zh, i.en]).commit();
    ws.commit();
    await wb.commit();
  };
  run().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error('report failed')));
  return out;
}
