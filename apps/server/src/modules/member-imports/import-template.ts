import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { idCheckChar } from '@tongxing/domain';
import { memberImportColumns, type MemberImportField } from '@tongxing/contracts';
import { dictionaries, type DictionaryField } from './import-columns';
import { MAX_FILE_BYTES, MAX_ROWS } from './import-parser';

export const TEMPLATE_SHEET = '会员信息';
const HELP_SHEET = '填写说明';
const LIST_SHEET = '字典';

const WIDTHS: Partial<Record<MemberImportField, number>> = {
  name: 12, idType: 22, idNumber: 22, phone: 15, orgId: 30, employer: 26, joinDate: 12, birthDate: 12,
  category: 18, modelWorkerLevel: 14, politicalStatus: 14, education: 16, tags: 22, note: 24,
};

/** Fixed area and birth date, a fresh sequence: the example passes every check without colliding with last week's. */
function exampleIdNumber(): string {
  const body = `32041119900307${String(randomInt(0, 500) * 2 + 1).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

function exampleRow(): Partial<Record<MemberImportField, string | number | Date>> {
  return {
    name: '张三',
    idType: dictionaries.idType.resident_id!.zh,
    idNumber: exampleIdNumber(),
    phone: '13912345678',
    ethnicity: dictionaries.ethnicity['01']!.zh,
    employer: '恒远精密机械有限公司',
    joinDate: new Date(Date.UTC(2024, 4, 1)),
    category: dictionaries.category.industrial!.zh,
    modelWorkerLevel: dictionaries.modelWorkerLevel.none!.zh,
    politicalStatus: dictionaries.politicalStatus['13']!.zh,
    education: dictionaries.education.bachelor!.zh,
    tags: '技术能手、青年岗位能手',
  };
}

const HELP = [
  '会员信息导入填写说明',
  '',
  `1. 请在“${TEMPLATE_SHEET}”工作表中填写，第一行表头不要修改；带 * 的列必填。第 2 行是示例，导入前请删除或改成真实信息。`,
  '2. 证件类型默认为居民身份证；证件号码请按文本填写（本模板已设为文本格式），末位 X 大小写均可。',
  '3. 居民身份证和港澳台居民居住证的出生日期、性别从号码中读取，可不填；填了则须与号码一致。护照、通行证须填写性别和出生日期。',
  '4. 手机号为 11 位大陆手机号码。',
  '5. 所属工会填写基层工会（或镇/街道总工会）的全称或统一社会信用代码，且须在您的管理范围内；留空表示上传时选择的单位。',
  '6. 证件类型、性别、民族、职工类别、劳模级别、政治面貌、学历请从下拉列表中选择（也可填写代码）。',
  '7. 日期写作 2024-05-01（也接受 2024/5/1、20240501）；入会日期不填则为导入当天。劳模年份为四位年份。',
  '8. 标签之间用顿号“、”或逗号分隔，每个标签不超过 20 个字，最多 20 个。',
  `9. 一次最多 ${MAX_ROWS.toLocaleString('en-US')} 行，文件不超过 ${MAX_FILE_BYTES / 1024 / 1024} MB；也可另存为“CSV UTF-8”格式上传，表头相同。`,
  '10. 上传后系统先逐行检查、不写入任何数据：同一证件号码在文件中重复、已是在册会员（全市范围）、单位不存在或不在管理范围内的行都会列出行号、列名和原因，可下载问题清单。',
  '11. 确认导入时可选择“全部导入”（有任何问题行则不导入）或“只导入正确的行”。同一文件重复导入不会产生重复会员。',
];

/**
 * exceljs keeps range validations (one `sqref` for a whole column) in `worksheet.dataValidations`, which
 * its type definitions leave out; per-cell validations would mean 1.4 million entries.
 */
function rangeValidations(ws: ExcelJS.Worksheet) {
  return (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
}

/** The import template: the member sheet with dropdowns and one example row, the rules, the dictionary lists. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '同行';
  const ws = wb.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = wb.addWorksheet(HELP_SHEET);
  const lists = wb.addWorksheet(LIST_SHEET, { state: 'hidden' });

  ws.columns = memberImportColumns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: WIDTHS[c.field] ?? 10 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  memberImportColumns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFDE2E2' : 'FFE8F0FE' } };
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
  });
  const example = ws.addRow(exampleRow());
  example.font = { color: { argb: 'FF808080' }, italic: true };

  const colOf = (f: MemberImportField) => memberImportColumns.findIndex((c) => c.field === f) + 1;
  const letter = (f: MemberImportField) => ws.getColumn(colOf(f)).letter;
  // Dropdowns over the first 10,000 rows: Excel keeps a range as one entry, but other readers (WPS, the
  // exceljs loader) expand it cell by cell. Longer sheets still parse: labels and codes are read anyway.
  const lastRow = 10_001;
  // Numbers typed into a General column lose digits (an 18-digit ID becomes 3.2E+17): these columns are text.
  for (const f of ['idNumber', 'phone', 'orgId', 'modelWorkerYear'] as const) ws.getColumn(colOf(f)).numFmt = '@';
  for (const f of ['birthDate', 'joinDate'] as const) ws.getColumn(colOf(f)).numFmt = 'yyyy-mm-dd';
  ws.getCell(`${letter('joinDate')}2`).numFmt = 'yyyy-mm-dd';

  const fields = Object.keys(dictionaries) as DictionaryField[];
  fields.forEach((f, i) => {
    const labels = Object.values(dictionaries[f]).map((e) => e.zh);
    const col = lists.getColumn(i + 1);
    col.header = memberImportColumns.find((c) => c.field === f)!.header;
    col.width = 22;
    labels.forEach((l, r) => (lists.getCell(r + 2, i + 1).value = l));
    const range = `'${LIST_SHEET}'!$${col.letter}$2:$${col.letter}$${labels.length + 1}`;
    rangeValidations(ws).add(`${letter(f)}2:${letter(f)}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [range],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: '请从列表中选择',
      error: `请从下拉列表中选择${col.header}`,
    });
  });

  help.getColumn(1).width = 120;
  HELP.forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
