import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  cardImportColumns,
  cardImportIdTypes,
  cardImportRowMessage,
  cardImportRowMessages,
  cardImportStates,
  type CardImportCheck,
  type CardImportField,
} from '@tongxing/contracts';
import { checkIdNumber, idTypes, isUnderPath, maskIdNumber, normaliseIdNumber, type IdType, type Scope } from '@tongxing/domain';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { safeFileName } from '../../lib/attachment';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { shanghaiDate } from '../../lib/local-date';
import { hashIdNumber } from '../../lib/personal';
import { cellDate, cellText, type Cell } from '../member-imports/import-columns';
import { activeProgrammes, pickBank, pickProgramme, scopeOf, type ProgrammeBank } from './cards-access';
import { parseCardNumber, sealCardNumber } from './card-number';
import { readCardFile, type CardFile } from './card-import-file';
import { loadImportModel, writePlan } from './card-import-model';
import { planImport, type ParsedRow, type Plan, type RowIssue } from './card-import-plan';
import { asDate } from './db-time';

/**
 * The bank's file of issued and activated cards: a dry run that walks every row against the cards as they
 * stand (nothing written), then a commit that walks them again under lock and writes the changes, their
 * history and the import's report. The checked rows wait in the data folder, encrypted, holding keyed hashes
 * and masked numbers only (never a clear ID or card number), for the person who uploaded them.
 */
interface StoredCheck {
  v: 1;
  id: string;
  createdBy: number;
  status: 'checked' | 'committed';
  fileName: string;
  sha256: string;
  programmeId: number;
  bankOrgId: number;
  bankPath: string;
  bankName: string;
  headers: CardFile['headers'];
  totalRows: number;
  rows: ParsedRow[];
  parseIssues: RowIssue[];
}

/** An issue as kept in the import's report (the column as the file named it). */
export interface StoredIssue extends RowIssue {
  column: string;
  kind: 'unmatched' | 'error';
}

const SHOWN_ISSUES = 500;

function checkDir(deps: AppDeps) {
  return path.join(deps.config.dataDir, 'uploads', 'card-imports');
}

async function save(deps: AppDeps, s: StoredCheck) {
  await mkdir(checkDir(deps), { recursive: true, mode: 0o700 });
  await writeFile(path.join(checkDir(deps), `${s.id}.json.enc`), deps.crypto.encrypt(JSON.stringify(s)), { mode: 0o600 });
}

export async function loadCheck(deps: AppDeps, ctx: ActorContext, id: string): Promise<StoredCheck> {
  let s: StoredCheck;
  try {
    s = JSON.parse(deps.crypto.decrypt(await readFile(path.join(checkDir(deps), `${id}.json.enc`)))) as StoredCheck;
  } catch {
    throw new AppError('NOT_FOUND');
  }
  if (s.createdBy !== ctx.actor.userId) throw new AppError('NOT_FOUND');
  return s;
}

function inScope(scope: Scope, b: ProgrammeBank): boolean {
  return scope.all || scope.unitIds.includes(b.orgId) || scope.subtreePaths.some((p) => isUnderPath(b.path, p));
}

/** The programme and bank of an upload: those asked for, or the only ones the officer's bank takes part in. */
async function importBank(deps: AppDeps, scope: Scope, q: { programmeId?: number | undefined; bankOrgId?: number | undefined }) {
  const programme = await pickProgramme(deps.db, q.programmeId, (p) => p.banks.some((b) => inScope(scope, b)));
  return { programme, bank: pickBank(programme, q.bankOrgId, (b) => inScope(scope, b)) };
}

// ---------------------------------------------------------------- parsing

/** The ID type as a code (`resident_id`, …), as the bank's system sends it. */
function idTypeCode(t: string): IdType | undefined {
  return (idTypes as readonly string[]).includes(t) ? (t as IdType) : undefined;
}

function idProblem(idType: IdType | undefined, n: string): string | null {
  let types: IdType[];
  if (idType) types = [idType];
  else if (/^\d{15,19}X?$/.test(n)) types = /^8[12]/.test(n) ? ['hk_mo_residence_permit'] : /^83/.test(n) ? ['tw_residence_permit'] : ['resident_id'];
  else types = ['hk_mo_travel_permit', 'tw_travel_permit', 'passport'];
  const problems = types.map((t) => checkIdNumber(t, n));
  if (problems.some((p) => p === null)) return null;
  return problems.includes('id.checksum') ? 'cardImport.idChecksum' : 'cardImport.idFormat';
}

export function parseRows(deps: AppDeps, file: CardFile, today: string): { rows: ParsedRow[]; issues: RowIssue[] } {
  const rows: ParsedRow[] = [];
  const issues: RowIssue[] = [];
  for (const { row, cells } of file.rows) {
    const text = (f: CardImportField) => cellText((cells[f] ?? null) as Cell)?.trim() || null;
    const name = text('name');
    const rawId = text('idNumber');
    const idNumber = rawId ? normaliseIdNumber(rawId) : null;
    const idMasked = idNumber ? maskIdNumber(idNumber) : null;
    const found: RowIssue[] = [];
    const add = (field: CardImportField, code: string) => found.push({ row, field, code, name, idMasked });
    const typeText = text('idType');
    const idType = typeText ? (cardImportIdTypes[typeText.replace(/\s+/g, '')] ?? idTypeCode(typeText)) : undefined;
    if (typeText && !idType) add('idType', 'cardImport.idType');
    if (!idNumber) add('idNumber', 'cardImport.idRequired');
    else {
      const problem = idProblem(idType, idNumber);
      if (problem) add('idNumber', problem);
    }
    if (!name) add('name', 'cardImport.nameRequired');
    const stateText = text('state');
    const target = stateText ? cardImportStates[stateText.replace(/\s+/g, '').toLowerCase()] ?? cardImportStates[stateText.replace(/\s+/g, '')] : undefined;
    if (!target) add('state', 'cardImport.state');
    const rawNumber = text('cardNumber');
    const number = rawNumber ? parseCardNumber(rawNumber) : null;
    if (rawNumber && !number) add('cardNumber', 'cardImport.number');
    if (!rawNumber && (target === 'issued' || target === 'activated')) add('cardNumber', 'cardImport.numberRequired');
    const date = (f: 'issuedOn' | 'activatedOn' | 'changedOn', needed: boolean) => {
      const c = (cells[f] ?? null) as Cell;
      if (c === null) {
        if (needed) add(f, `cardImport.${f}`);
        return null;
      }
      const d = cellDate(c);
      if (!d) {
        add(f, `cardImport.${f}`);
        return null;
      }
      if (d > today) {
        add(f, 'cardImport.dateFuture');
        return null;
      }
      return d;
    };
    const issuedOn = date('issuedOn', target === 'issued' || target === 'activated');
    const activatedOn = date('activatedOn', target === 'activated');
    const changedOn = date('changedOn', false);
    if (issuedOn && activatedOn && activatedOn < issuedOn) add('activatedOn', 'cardImport.dateOrder');
    if (found.length > 0) {
      issues.push(...found);
      continue;
    }
    const sealed = number ? sealCardNumber(deps.crypto, number) : null;
    rows.push({
      row,
      name: name!,
      idHash: hashIdNumber(deps.crypto, idNumber!),
      idMasked: idMasked!,
      numberHash: sealed?.hash ?? null,
      numberLast4: sealed?.last4 ?? null,
      target: target!,
      issuedOn,
      activatedOn: target === 'activated' ? activatedOn : null,
      changedOn,
    });
  }
  return { rows, issues };
}

// ---------------------------------------------------------------- views

function columnOf(headers: CardFile['headers'], field: CardImportField): string {
  return headers[field] ?? cardImportColumns.find((c) => c.field === field)?.header ?? field;
}

function kindOf(code: string): 'unmatched' | 'error' {
  return (cardImportRowMessages as Record<string, { kind: 'unmatched' | 'error' }>)[code]?.kind ?? 'error';
}

export function storedIssues(headers: CardFile['headers'], issues: RowIssue[]): StoredIssue[] {
  return [...issues].sort((a, b) => a.row - b.row).map((i) => ({ ...i, column: columnOf(headers, i.field), kind: kindOf(i.code) }));
}

export function renderIssues(ctx: ActorContext, issues: StoredIssue[], limit = SHOWN_ISSUES) {
  return issues.slice(0, limit).map((i) => ({
    row: i.row,
    column: i.column,
    kind: i.kind,
    code: i.code,
    message: cardImportRowMessage(i.code, ctx.lang, i.params),
    name: i.name,
    idNumberMasked: i.idMasked,
  }));
}

export function counts(totalRows: number, plan: Plan, issues: StoredIssue[]) {
  const rowsOf = (kind: 'unmatched' | 'error') => new Set(issues.filter((i) => i.kind === kind).map((i) => i.row)).size;
  let applied = 0;
  let unchanged = 0;
  for (const o of plan.outcomes.values()) {
    if (o === 'applied') applied++;
    if (o === 'unchanged') unchanged++;
  }
  return { rows: totalRows, applied, unchanged, unmatched: rowsOf('unmatched'), errors: rowsOf('error'), newCards: plan.cards.filter((c) => c.isNew).length };
}

async function previousImport(deps: AppDeps, bankOrgId: number, sha256: string) {
  const res = await deps.db.execute<{ id: number; created_at: Date }>(sql`
    select id, created_at from card_bank_imports where bank_org_id = ${bankOrgId} and sha256 = ${sha256} order by id limit 1`);
  const r = res.rows[0];
  return r ? { id: r.id, createdAt: asDate(r.created_at).toISOString() } : null;
}

export async function planFor(deps: AppDeps, s: Pick<StoredCheck, 'programmeId' | 'bankOrgId' | 'bankPath' | 'rows'>, db: DbOrTx = deps.db, lock = false) {
  const model = await loadImportModel(db, s.programmeId, [...new Set(s.rows.map((r) => r.idHash))], [...new Set(s.rows.flatMap((r) => (r.numberHash ? [r.numberHash] : [])))], lock);
  return planImport(s.rows, model, { programmeId: s.programmeId, bankOrgId: s.bankOrgId, bankPath: s.bankPath, now: deps.clock() });
}

// ---------------------------------------------------------------- check and commit

export async function checkCardFile(
  deps: AppDeps,
  ctx: ActorContext,
  upload: { fileName: string; data: Buffer },
  q: { programmeId?: number | undefined; bankOrgId?: number | undefined },
): Promise<CardImportCheck> {
  const { programme, bank } = await importBank(deps, scopeOf(ctx), q);
  const fileName = safeFileName(upload.fileName, 'upload');
  const file = await readCardFile(fileName, upload.data);
  const parsed = parseRows(deps, file, shanghaiDate(deps.clock()));
  const stored: StoredCheck = {
    v: 1,
    id: randomUUID(),
    createdBy: ctx.actor.userId,
    status: 'checked',
    fileName,
    sha256: createHash('sha256').update(upload.data).digest('hex'),
    programmeId: programme.id,
    bankOrgId: bank.orgId,
    bankPath: bank.path,
    bankName: bank.name,
    headers: file.headers,
    totalRows: file.rows.length,
    rows: parsed.rows,
    parseIssues: parsed.issues,
  };
  const plan = await planFor(deps, stored);
  const issues = storedIssues(file.headers, [...parsed.issues, ...plan.issues]);
  await save(deps, stored);
  const c = counts(stored.totalRows, plan, issues);
  await writeAudit(deps.db, ctx, { action: 'card.import.check', entityType: 'card_import', entityId: stored.id, after: { fileName, bankOrgId: bank.orgId, ...c } });
  return {
    id: stored.id,
    status: 'checked',
    fileName,
    sha256: stored.sha256,
    programmeId: programme.id,
    bankOrgId: bank.orgId,
    bankName: bank.name,
    previousImport: await previousImport(deps, bank.orgId, stored.sha256),
    ...c,
    issues: renderIssues(ctx, issues),
  };
}

/**
 * Writes the checked file: the rows walked again under the cards' locks (and one lock per bank and
 * programme, so two uploads of the bank cannot interleave), the changes written, the import kept with its
 * report. `all` refuses while any row is unmatched or wrong; `valid` writes the rows that can be.
 */
export async function commitCardImport(deps: AppDeps, ctx: ActorContext, id: string, mode: 'all' | 'valid', key: string) {
  const stored = await loadCheck(deps, ctx, id);
  // The officer's bank must still be in scope and in the programme.
  const programmes = await activeProgrammes(deps.db);
  const p = programmes.find((x) => x.id === stored.programmeId);
  if (!p || !p.banks.some((b) => b.orgId === stored.bankOrgId && inScope(scopeOf(ctx), b))) throw new AppError('NOT_FOUND');
  const result = await runIdempotent(deps, ctx, key, `POST /card-bank-imports/${id}/commit`, { mode }, async (tx) => {
    if (stored.status === 'committed') throw new AppError('IMPORT_ALREADY_COMMITTED');
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('card_bank_import'), ${stored.bankOrgId} * 1000 + ${stored.programmeId})`);
    const plan = await planFor(deps, stored, tx, true);
    const issues = storedIssues(stored.headers, [...stored.parseIssues, ...plan.issues]);
    const c = counts(stored.totalRows, plan, issues);
    if (mode === 'all' && issues.length > 0) throw new AppError('IMPORT_HAS_ERRORS', { params: { errorRows: c.unmatched + c.errors } });
    const now = deps.clock();
    const importId = (
      await tx.execute<{ id: number }>(sql`
        insert into card_bank_imports (bank_org_id, programme_id, file_name, sha256, row_count, applied_count, unchanged_count, unmatched_count, error_count, report, created_by, created_at)
        values (${stored.bankOrgId}, ${stored.programmeId}, ${stored.fileName}, ${stored.sha256}, ${c.rows}, ${c.applied}, ${c.unchanged}, ${c.unmatched}, ${c.errors},
                ${JSON.stringify({ newCards: c.newCards, issues })}::jsonb, ${ctx.actor.userId}, ${now})
        returning id`)
    ).rows[0]!.id;
    await writePlan(tx, plan, { importId, actorId: ctx.actor.userId, now, createdBy: ctx.actor.userId, source: 'bank_file' });
    await writeAudit(tx, ctx, {
      action: 'card.import.commit',
      entityType: 'card_import',
      entityId: importId,
      after: { fileName: stored.fileName, sha256: stored.sha256, bankOrgId: stored.bankOrgId, mode, ...c },
    });
    return { status: 200, body: await importView(ctx, tx, importId) };
  });
  if (!result.replayed) await save(deps, { ...stored, status: 'committed' });
  return result;
}

// ---------------------------------------------------------------- committed imports

type ImportRow = {
  id: number;
  programme_id: number;
  bank_org_id: number;
  bank_name: string;
  file_name: string;
  sha256: string;
  source: 'file' | 'api';
  created_by_name: string | null;
  partner_key_id: string | null;
  created_at: Date;
  row_count: number;
  applied_count: number;
  unchanged_count: number;
  unmatched_count: number;
  error_count: number;
  report: { newCards?: number; issues?: StoredIssue[] } | StoredIssue[];
};

/** Imports of banks in scope: a bank officer sees its bank's, the city all. */
function importScopeSql(scope: Scope) {
  if (scope.all) return sql`true`;
  const parts = scope.subtreePaths.map((p) => sql`i.bank_org_id in (select id from org_units where kind = 'bank' and path <@ ${p}::ltree)`);
  if (scope.unitIds.length > 0) parts.push(sql`i.bank_org_id = any(${sql.param(scope.unitIds)}::int[])`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

const importColumns = sql`i.id, i.programme_id, i.bank_org_id, b.name as bank_name, i.source, i.file_name, i.sha256, u.display_name as created_by_name, i.partner_key_id, i.created_at,
  i.row_count, i.applied_count, i.unchanged_count, i.unmatched_count, i.error_count`;

function reportOf(r: Pick<ImportRow, 'report'>): { newCards: number; issues: StoredIssue[] } {
  if (Array.isArray(r.report)) return { newCards: 0, issues: r.report };
  return { newCards: r.report.newCards ?? 0, issues: r.report.issues ?? [] };
}

function importSummary(r: ImportRow, newCards: number) {
  return {
    id: r.id,
    programmeId: r.programme_id,
    bankOrgId: r.bank_org_id,
    bankName: r.bank_name,
    source: r.source,
    fileName: r.file_name,
    sha256: r.sha256,
    createdBy: r.created_by_name,
    partnerKeyId: r.partner_key_id,
    createdAt: asDate(r.created_at).toISOString(),
    rows: r.row_count,
    applied: r.applied_count,
    unchanged: r.unchanged_count,
    unmatched: r.unmatched_count,
    errors: r.error_count,
    newCards,
  };
}

async function findImport(db: DbOrTx, scope: Scope | null, id: number): Promise<ImportRow | null> {
  const res = await db.execute<ImportRow>(sql`
    select ${importColumns}, i.report from card_bank_imports i join org_units b on b.id = i.bank_org_id left join users u on u.id = i.created_by
     where i.id = ${id} and ${scope ? importScopeSql(scope) : sql`true`}`);
  return res.rows[0] ?? null;
}

export async function importView(ctx: ActorContext, db: DbOrTx, id: number) {
  const r = await findImport(db, null, id);
  const report = reportOf(r!);
  return { ...importSummary(r!, report.newCards), issues: renderIssues(ctx, report.issues) };
}

export async function getImport(deps: AppDeps, ctx: ActorContext, id: number) {
  const r = await findImport(deps.db, scopeOf(ctx), id);
  if (!r) throw new AppError('NOT_FOUND');
  const report = reportOf(r);
  return { ...importSummary(r, report.newCards), issues: renderIssues(ctx, report.issues) };
}

export async function listImports(deps: AppDeps, ctx: ActorContext, q: { page: number; pageSize: number }) {
  const scope = importScopeSql(scopeOf(ctx));
  const rows = await deps.db.execute<ImportRow>(sql`
    select ${importColumns}, jsonb_build_object('newCards', i.report -> 'newCards') as report
      from card_bank_imports i join org_units b on b.id = i.bank_org_id left join users u on u.id = i.created_by
     where ${scope} order by i.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const total = await deps.db.execute<{ n: number }>(sql`select count(*)::int as n from card_bank_imports i where ${scope}`);
  return { items: rows.rows.map((r) => importSummary(r, reportOf(r).newCards)), total: total.rows[0]?.n ?? 0 };
}

/** The report as a sheet: every unmatched and wrong row, with the name and masked ID number to find it by. */
export async function importReport(deps: AppDeps, ctx: ActorContext, id: string) {
  let issues: StoredIssue[];
  let label: string;
  if (/^\d+$/.test(id)) {
    const r = await findImport(deps.db, scopeOf(ctx), Number(id));
    if (!r) throw new AppError('NOT_FOUND');
    issues = reportOf(r).issues;
    label = String(r.id);
  } else {
    const s = await loadCheck(deps, ctx, id);
    const plan = await planFor(deps, s);
    issues = storedIssues(s.headers, [...s.parseIssues, ...plan.issues]);
    label = s.id.slice(0, 8);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('处理报告');
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '证件号码（脱敏）', key: 'id', width: 22 },
    { header: '列', key: 'column', width: 12 },
    { header: '结果', key: 'kind', width: 10 },
    { header: '代码', key: 'code', width: 28 },
    { header: '说明', key: 'message', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const i of renderIssues(ctx, issues, Number.MAX_SAFE_INTEGER)) {
    ws.addRow({ row: i.row, name: i.name ?? '', id: i.idNumberMasked ?? '', column: i.column, kind: i.kind === 'unmatched' ? '未匹配' : '错误', code: i.code, message: i.message });
  }
  return { fileName: `发卡文件处理报告-${label}.xlsx`, asciiName: `card-import-report-${label}.xlsx`, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}
