import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { formatYuan, type PeriodPosition } from '@tongxing/domain';
import { repaymentImportColumns, repaymentImportRowMessage, type RepaymentImport, type RepaymentImportField } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { safeFileName } from '../../lib/attachment';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { shanghaiDate } from '../../lib/local-date';
import { findMoneyLoansByRefs, isBankParty, lockMoneyLoans, scopeOf, type MoneyLoan } from './loan-money-access';
import { planRepayment, writeRepayment, type RepaymentProblem } from './repayment-apply';
import { cellDate, cellText, readRepaymentFile, yuanToFen } from './repayment-file';
import * as repo from './repayments.repository';

/**
 * The bank's repayment file: a dry run that checks every row against the loans as they stand (nothing is
 * written), then a commit that applies the rows as repayments. A row is identified by the loan and the bank's
 * transaction reference, so sending the same file again changes nothing. The checked rows wait in the data
 * folder (encrypted like every other upload) under a random id, for the person who uploaded them.
 */
interface RowIssue {
  row: number;
  field: RepaymentImportField | 'loan';
  code: string;
  params?: Record<string, string | number>;
}

interface CheckedRow {
  row: number;
  loanId: number;
  paidOn: string;
  amountFen: number;
  ref: string;
}

interface StoredImport {
  v: 1;
  id: string;
  createdBy: number;
  fileName: string;
  status: 'checked' | 'committed';
  headers: Partial<Record<RepaymentImportField, string>>;
  totalRows: number;
  duplicates: number;
  rows: CheckedRow[];
  issues: RowIssue[];
}

const SHOWN_ERRORS = 500;

function importDir(deps: AppDeps) {
  return path.join(deps.config.dataDir, 'uploads', 'repayment-imports');
}

async function save(deps: AppDeps, s: StoredImport) {
  await mkdir(importDir(deps), { recursive: true, mode: 0o700 });
  await writeFile(path.join(importDir(deps), `${s.id}.json.enc`), deps.crypto.encrypt(JSON.stringify(s)), { mode: 0o600 });
}

async function load(deps: AppDeps, ctx: ActorContext, id: string): Promise<StoredImport> {
  let s: StoredImport;
  try {
    s = JSON.parse(deps.crypto.decrypt(await readFile(path.join(importDir(deps), `${id}.json.enc`)))) as StoredImport;
  } catch {
    throw new AppError('NOT_FOUND');
  }
  // Only the person who uploaded a file commits it.
  if (s.createdBy !== ctx.actor.userId) throw new AppError('NOT_FOUND');
  return s;
}

function columnOf(s: Pick<StoredImport, 'headers'>, field: RowIssue['field']): string {
  if (field === 'loan') return s.headers.reference ?? s.headers.contractNo ?? '贷款编号';
  return s.headers[field] ?? repaymentImportColumns.find((c) => c.field === field)?.header ?? field;
}

function renderErrors(ctx: ActorContext, s: Pick<StoredImport, 'headers'>, issues: RowIssue[]) {
  return issues.slice(0, SHOWN_ERRORS).map((i) => ({ row: i.row, column: columnOf(s, i.field), code: i.code, message: repaymentImportRowMessage(i.code, ctx.lang, i.params) }));
}

function toView(ctx: ActorContext, s: StoredImport): RepaymentImport {
  return {
    id: s.id,
    fileName: s.fileName,
    status: s.status,
    rows: s.totalRows,
    valid: s.rows.length,
    duplicates: s.duplicates,
    totalFen: s.rows.reduce((sum, r) => sum + r.amountFen, 0),
    errors: renderErrors(ctx, s, s.issues),
  };
}

function problemIssue(row: number, p: RepaymentProblem): RowIssue {
  if (p.problem === 'state') return { row, field: 'loan', code: 'repaymentImport.loanNotRepaying' };
  if (p.problem === 'exceeds') return { row, field: 'amount', code: 'repaymentImport.exceeds', params: { max: formatYuan(p.maxFen) } };
  return { row, field: 'paidOn', code: 'repaymentImport.dateRange' };
}

/**
 * Applies rows to their loans in date order, as the commit would (on copies when `write` is absent): the
 * dry run and the commit share this walk, so what the check promises is what the commit does.
 */
async function walkRows(
  tx: DbOrTx,
  loans: Map<number, MoneyLoan>,
  rows: CheckedRow[],
  today: string,
  write?: (loan: MoneyLoan, plan: Extract<ReturnType<typeof planRepayment>, { ok: true }>['plan'], r: CheckedRow) => Promise<boolean>,
) {
  const issues: RowIssue[] = [];
  const applied: CheckedRow[] = [];
  const byLoan = new Map<number, CheckedRow[]>();
  for (const r of rows) byLoan.set(r.loanId, [...(byLoan.get(r.loanId) ?? []), r]);
  for (const [loanId, list] of [...byLoan].sort(([a], [b]) => a - b)) {
    const found = loans.get(loanId);
    if (!found) {
      for (const r of list) issues.push({ row: r.row, field: 'loan', code: 'repaymentImport.loanNotFound' });
      continue;
    }
    const loan = { ...found };
    let periods: PeriodPosition[] = await repo.loadPeriods(tx, loanId);
    let last = await repo.lastPaidOn(tx, loanId);
    for (const r of [...list].sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.row - b.row))) {
      const planned = planRepayment(loan, periods, last, today, r);
      if (!planned.ok) {
        issues.push(problemIssue(r.row, planned));
        continue;
      }
      if (write && !(await write(loan, planned.plan, r))) continue;
      periods = planned.plan.periods;
      last = r.paidOn;
      if (planned.plan.settled) loan.state = 'settled';
      applied.push(r);
    }
  }
  return { issues, applied };
}

export async function checkRepaymentFile(deps: AppDeps, ctx: ActorContext, upload: { fileName: string; data: Buffer }): Promise<RepaymentImport> {
  const scope = scopeOf(ctx);
  const fileName = safeFileName(upload.fileName, 'upload');
  const file = await readRepaymentFile(fileName, upload.data);
  const today = shanghaiDate(deps.clock());
  const issues: RowIssue[] = [];
  const parsed: (Omit<CheckedRow, 'loanId'> & { reference: string | null; contractNo: string | null })[] = [];
  const seenRefs = new Map<string, number>();
  for (const { row, cells } of file.rows) {
    const reference = cellText(cells.reference ?? null);
    const contractNo = cellText(cells.contractNo ?? null);
    const paidOn = cellDate(cells.paidOn ?? null);
    const amountFen = yuanToFen(cells.amount);
    const ref = cellText(cells.bankTxnRef ?? null)?.trim() ?? '';
    const before = issues.length;
    if (!reference && !contractNo) issues.push({ row, field: 'loan', code: 'repaymentImport.loanRequired' });
    if (!paidOn) issues.push({ row, field: 'paidOn', code: 'repaymentImport.date' });
    if (amountFen === undefined) issues.push({ row, field: 'amount', code: 'repaymentImport.amount' });
    if (!ref) issues.push({ row, field: 'bankTxnRef', code: 'repaymentImport.refRequired' });
    else if (ref.length > 60) issues.push({ row, field: 'bankTxnRef', code: 'repaymentImport.refTooLong' });
    else if (seenRefs.has(ref)) issues.push({ row, field: 'bankTxnRef', code: 'repaymentImport.duplicateInFile', params: { row: seenRefs.get(ref)! } });
    else seenRefs.set(ref, row);
    if (issues.length === before) parsed.push({ row, reference, contractNo, paidOn: paidOn!, amountFen: amountFen!, ref });
  }

  const found = await findMoneyLoansByRefs(deps.db, scope, [...new Set(parsed.flatMap((p) => (p.reference ? [p.reference] : [])))], [...new Set(parsed.flatMap((p) => (p.contractNo ? [p.contractNo] : [])))]);
  // A bank officer imports only their own bank's loans: others read as not found, like out of scope.
  const mine = found.filter((l) => isBankParty(ctx, l));
  const byRef = new Map(mine.map((l) => [l.reference, l]));
  const byContract = new Map(mine.filter((l) => l.contractNo).map((l) => [l.contractNo!, l]));
  const located: CheckedRow[] = [];
  for (const p of parsed) {
    const a = p.reference ? byRef.get(p.reference) : undefined;
    const b = p.contractNo ? byContract.get(p.contractNo) : undefined;
    if ((p.reference && !a) || (p.contractNo && !b && !a)) issues.push({ row: p.row, field: 'loan', code: 'repaymentImport.loanNotFound' });
    else if (a && b && a.id !== b.id) issues.push({ row: p.row, field: 'loan', code: 'repaymentImport.loanMismatch' });
    else located.push({ row: p.row, loanId: (a ?? b)!.id, paidOn: p.paidOn, amountFen: p.amountFen, ref: p.ref });
  }
  const recorded = await repo.refsAlreadyRecorded(deps.db, located.map((r) => ({ loanId: r.loanId, ref: r.ref })));
  const fresh = located.filter((r) => !recorded.has(`${r.loanId}\u0000${r.ref}`));
  const walked = await walkRows(deps.db, new Map(mine.map((l) => [l.id, l])), fresh, today);
  issues.push(...walked.issues);
  issues.sort((a, b) => a.row - b.row);

  const stored: StoredImport = {
    v: 1,
    id: randomUUID(),
    createdBy: ctx.actor.userId,
    fileName,
    status: 'checked',
    headers: file.headers,
    totalRows: file.rows.length,
    duplicates: located.length - fresh.length,
    rows: walked.applied,
    issues,
  };
  await save(deps, stored);
  await writeAudit(deps.db, ctx, {
    action: 'loan.repayment.import.check',
    entityType: 'repayment_import',
    entityId: stored.id,
    after: { fileName, rows: stored.totalRows, valid: stored.rows.length, duplicates: stored.duplicates, errors: issues.length },
  });
  return toView(ctx, stored);
}

/** Applies the checked rows (all of them, refused while any row fails; or only the valid ones), checked again under the loans' locks. */
export async function commitRepaymentImport(deps: AppDeps, ctx: ActorContext, id: string, mode: 'all' | 'valid', key: string) {
  const scope = scopeOf(ctx);
  const stored = await load(deps, ctx, id);
  const result = await runIdempotent(deps, ctx, key, `POST /loan-repayment-imports/${id}/commit`, { mode }, async (tx) => {
    // Inside the idempotent work, so the same key after a commit replays its answer rather than an error.
    if (stored.status === 'committed') throw new AppError('IMPORT_ALREADY_COMMITTED');
    if (mode === 'all' && stored.issues.length > 0) throw new AppError('IMPORT_HAS_ERRORS', { params: { errorRows: new Set(stored.issues.map((i) => i.row)).size } });
    if (stored.rows.length === 0 && stored.duplicates === 0) throw new AppError('IMPORT_NO_VALID_ROWS');
    const now = deps.clock();
    const loans = await lockMoneyLoans(tx, scope, stored.rows.map((r) => r.loanId));
    for (const [loanId, loan] of loans) if (!isBankParty(ctx, loan)) loans.delete(loanId);
    let appliedFen = 0;
    let skipped = 0;
    let settledLoans = 0;
    const walked = await walkRows(tx, loans, stored.rows, shanghaiDate(now), async (loan, plan, r) => {
      const written = await writeRepayment(tx, ctx, now, loan, plan, { amountFen: r.amountFen, paidOn: r.paidOn, bankTxnRef: r.ref, source: 'import' }, { audit: false });
      // Recorded meanwhile (the same file committed twice at once): skipped, never applied twice.
      if (!written) {
        skipped++;
        return false;
      }
      appliedFen += r.amountFen;
      if (written.state === 'settled') settledLoans++;
      return true;
    });
    if (mode === 'all' && walked.issues.length > 0) throw new AppError('IMPORT_HAS_ERRORS', { params: { errorRows: walked.issues.length } });
    const body = {
      id,
      applied: walked.applied.length,
      appliedFen,
      skipped: skipped + stored.duplicates,
      errors: renderErrors(ctx, stored, walked.issues),
      settledLoans,
    };
    await writeAudit(tx, ctx, {
      action: 'loan.repayment.import.commit',
      entityType: 'repayment_import',
      entityId: id,
      after: { fileName: stored.fileName, mode, applied: body.applied, appliedFen, skipped: body.skipped, failed: walked.issues.length, settledLoans },
    });
    return { status: 200, body };
  });
  if (!result.replayed) await save(deps, { ...stored, status: 'committed' });
  return result;
}

/** The template: the columns, an example row and the rules, in Chinese (the banks' staff fill it in). */
export async function buildRepaymentTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('还款明细');
  ws.columns = repaymentImportColumns.map((c) => ({ header: c.header, key: c.field, width: c.field === 'bankTxnRef' ? 28 : 18 }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({ reference: 'CBD2026000123', contractNo: 'TZ-2026-0456', paidOn: '2026-05-15', amount: 8530.99, bankTxnRef: '20260515000012345' });
  ws.getColumn('paidOn').numFmt = 'yyyy-mm-dd';
  ws.getColumn('amount').numFmt = '0.00';
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [{ width: 100 }];
  for (const line of [
    '1. 每行一笔还款；贷款编号与合同编号至少填写一项（两项都填时须为同一笔贷款）。',
    '2. 还款日期写作 YYYY-MM-DD（如 2026-05-15），不能晚于今天，不能早于放款日或该贷款上一笔还款。',
    '3. 还款金额以元为单位，最多两位小数；不能超过剩余本金加已到期利息。',
    '4. 银行流水号必填：同一笔贷款的同一流水号只入账一次，重复上传同一文件不会重复记账。',
    '5. 还款先还已到期各期的利息、再还本金（按到期日先后）；多余部分提前归还以后各期本金。',
  ]) {
    notes.addRow([line]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
