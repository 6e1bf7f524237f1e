import { z } from 'zod';
import { memberListQuerySchema } from './members';
import { fieldMessages, type Lang } from './errors';

/**
 * The columns of the member import sheet, in template order. `header` is the zh-CN header text of the
 * template (required columns carry a trailing `*`); parsing matches it with or without the asterisk,
 * and also the field key itself.
 */
export const memberImportColumns = [
  { field: 'name', header: '姓名', required: true },
  { field: 'idType', header: '证件类型', required: false },
  { field: 'idNumber', header: '证件号码', required: true },
  { field: 'phone', header: '手机号', required: true },
  { field: 'orgId', header: '所属工会', required: false },
  { field: 'gender', header: '性别', required: false },
  { field: 'birthDate', header: '出生日期', required: false },
  { field: 'ethnicity', header: '民族', required: false },
  { field: 'employer', header: '工作单位', required: false },
  { field: 'joinDate', header: '入会日期', required: false },
  { field: 'category', header: '职工类别', required: false },
  { field: 'modelWorkerLevel', header: '劳模级别', required: false },
  { field: 'modelWorkerYear', header: '劳模年份', required: false },
  { field: 'politicalStatus', header: '政治面貌', required: false },
  { field: 'education', header: '学历', required: false },
  { field: 'tags', header: '标签', required: false },
  { field: 'note', header: '备注', required: false },
] as const;
export type MemberImportField = (typeof memberImportColumns)[number]['field'];

/** One problem of one cell: `row` as the spreadsheet numbers it, `column` the header text of the file. */
export const memberImportErrorSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type MemberImportError = z.infer<typeof memberImportErrorSchema>;

export const memberImportStatusSchema = z.enum(['checked', 'committed', 'failed', 'discarded']);

/** The dry run of an upload (and its state later): nothing reaches the registry until it is committed. */
export const memberImportSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  status: memberImportStatusSchema,
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  /** Members written by the commit (0 before it). */
  importedRows: z.number().int(),
  /** The first 200 problems, by row; the .xlsx report lists them all. */
  errors: z.array(memberImportErrorSchema),
  /** Still uncommitted and at least one row can be imported. */
  canCommit: z.boolean(),
});
export type MemberImport = z.infer<typeof memberImportSchema>;

export const memberImportUploadQuerySchema = z
  .object({
    /** The unit of rows whose 所属工会 is empty. */
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
  })
  .strict();

/** `all`: every row or none (refused while any row fails); `valid_only`: the rows that pass, the rest skipped. */
export const memberImportCommitSchema = z.object({ mode: z.enum(['all', 'valid_only']) }).strict();
export type MemberImportCommit = z.infer<typeof memberImportCommitSchema>;

export const memberImportCommitResultSchema = z.object({
  id: z.number().int(),
  status: z.literal('committed'),
  importedRows: z.number().int(),
  skippedRows: z.number().int(),
});

/** The member list's filter without paging: an export holds exactly the rows the list shows. */
export const memberExportFilterSchema = memberListQuerySchema.omit({ page: true, pageSize: true });
export type MemberExportFilter = z.infer<typeof memberExportFilterSchema>;

export const memberExportCreateSchema = z.object({ filter: memberExportFilterSchema.default({ sort: 'name', order: 'asc' }) }).strict();

export const memberExportSchema = z.object({
  id: z.number().int(),
  status: z.enum(['running', 'done', 'failed']),
  totalRows: z.number().int(),
  writtenRows: z.number().int(),
});
export type MemberExport = z.infer<typeof memberExportSchema>;

/**
 * Messages of row problems. `{row}`, `{max}` and `{orgName}` are filled in; codes not listed here are
 * keys of `fieldMessages` (the registry's own checks: ID checksum, mobile format, dates).
 */
export const importRowMessages = {
  'import.required': { zh: '必填', en: 'Required' },
  'import.invalid': { zh: '填写有误', en: 'Invalid value' },
  'import.tooLong': { zh: '不能超过 {max} 个字', en: 'At most {max} characters' },
  'import.dictionary': { zh: '不是可选的值，请从下拉列表中选择', en: 'Not one of the allowed values; pick one from the list' },
  'import.date': { zh: '日期无效，应写作 YYYY-MM-DD（如 2020-05-01）', en: 'Not a valid date; write YYYY-MM-DD (e.g. 2020-05-01)' },
  'import.year': { zh: '年份应为 1950 至 2100 之间的四位数字', en: 'A year between 1950 and 2100' },
  'import.tags': { zh: '标签每个 1–20 个字，最多 20 个', en: 'Tags: 1–20 characters each, at most 20' },
  'import.idNumeric': {
    zh: '证件号码被 Excel 存成了数字，末几位已经丢失；请把该列设为“文本”格式后重新填写',
    en: 'Excel stored the ID number as a number and lost its last digits; format the column as text and type it again',
  },
  'import.duplicateInFile': { zh: '与第 {row} 行的证件号码重复', en: 'Same ID number as row {row}' },
  'import.alreadyActive': { zh: '此人已是在册会员，不能重复登记', en: 'This person is already an active member' },
  'import.alreadyActiveIn': { zh: '此人已是{orgName}的在册会员，不能重复登记', en: 'This person is already an active member of {orgName}' },
  'import.orgNotFound': { zh: '找不到该工会，或不在您的管理范围内', en: 'Unit not found or outside your scope' },
  'import.orgAmbiguous': { zh: '有多个同名单位，请改填统一社会信用代码', en: 'Several units have this name; use the unified social credit code' },
  'import.orgRequired': { zh: '请填写所属工会，或在上传时选择单位', en: 'Give the union, or choose a unit when uploading' },
  'import.orgCannotHold': {
    zh: '会员只能登记在基层工会；单位尚未建会的，登记在镇/街道总工会',
    en: 'Members belong to a grassroots union, or to a street federation when the employer has none',
  },
  'import.orgInactive': { zh: '该单位已停用', en: 'The unit is deactivated' },
} as const;
export type ImportRowMessageKey = keyof typeof importRowMessages;

/** The text of a row problem in a language, with its parameters filled in. */
export function importRowMessage(code: string, lang: Lang, params: Record<string, string | number> = {}): string {
  const entry =
    (importRowMessages as Record<string, { zh: string; en: string }>)[code] ??
    (fieldMessages as Record<string, { zh: string; en: string }>)[code] ??
    importRowMessages['import.invalid'];
  const text = lang === 'en' ? entry.en : entry.zh;
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''));
}
