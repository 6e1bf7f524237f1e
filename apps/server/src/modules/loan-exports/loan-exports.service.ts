import { PassThrough } from 'node:stream';
import { scopeCovers, type Scope } from '@tongxing/domain';
import type { LedgerExportQuery, LoanExportQuery } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { maskedId, maskedPhone } from '../../lib/personal';
import { writeLedger, writeLoanBook } from './export-sheets';
import { buildLoanForm } from './loan-form-pdf';
import * as repo from './loan-exports.repository';
import { loadCjkFont } from './pdf-font';

/** An .xlsx sheet ends at 1,048,576 rows; the book and the ledger stay well below. */
export const MAX_EXPORT_ROWS = 1_000_000;

export type ExportErrorLog = (err: unknown, what: string) => void;

function scopeOf(ctx: ActorContext): Scope {
  if (!ctx.scope) throw new Error('export routes run with a resolved scope');
  return ctx.scope;
}

export interface StreamedFile {
  stream: PassThrough;
  fileName: string;
  asciiName: string;
}

/**
 * Streams the loan book (the list's filter) as .xlsx: checked, counted and audited first — so refusals are
 * problem+json — then written from a cursor in one snapshot straight into the response, numbers masked.
 */
export async function exportLoanBook(deps: AppDeps, ctx: ActorContext, q: LoanExportQuery, onError: ExportErrorLog): Promise<StreamedFile> {
  const scope = scopeOf(ctx);
  const asOf = q.asOf ?? shanghaiDate(deps.clock());
  let orgPath: string | null = null;
  if (q.orgId) {
    const unit = await deps.pool.query<{ id: number; path: string }>(`select id, path::text as path from org_units where id = $1`, [q.orgId]);
    const u = unit.rows[0];
    if (!u || !scopeCovers(scope, { orgId: u.id, orgPath: u.path })) throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
    orgPath = u.path;
  }
  const total = await repo.countLoanBook(deps.pool, scope, q, orgPath, asOf);
  if (total > MAX_EXPORT_ROWS) throw new AppError('EXPORT_TOO_MANY_ROWS', { params: { max: MAX_EXPORT_ROWS, total } });
  await deps.db.transaction((tx) => writeAudit(tx, ctx, { action: 'loan.export', entityType: 'loan', after: { filter: { ...q, asOf }, rows: total } }));
  const cursor = await repo.openLoanBookCursor(deps.pool, scope, q, orgPath, asOf);
  const out = new PassThrough();
  writeLoanBook(deps.crypto, cursor, out, { asOf }).catch((err: unknown) => {
    onError(err, 'loan book');
    void cursor.close();
    out.destroy(err instanceof Error ? err : new Error('loan book export failed'));
  });
  const day = asOf.replace(/-/g, '');
  return { stream: out, fileName: `贷款台账-${day}.xlsx`, asciiName: `loan-book-${day}.xlsx` };
}

/** Streams a programme's ledger (trial balance + every line) as .xlsx; audited like every export. */
export async function exportLedger(deps: AppDeps, ctx: ActorContext, q: LedgerExportQuery, onError: ExportErrorLog): Promise<StreamedFile> {
  const scope = scopeOf(ctx);
  const name = await repo.programmeName(deps.pool, q.programmeId);
  if (!name) throw new AppError('NOT_FOUND', { fields: [{ path: 'programmeId', code: 'NOT_FOUND' }] });
  const totals = await repo.ledgerTotals(deps.pool, scope, q);
  const lines = totals.reduce((s, t) => s + t.n, 0);
  if (lines > MAX_EXPORT_ROWS) throw new AppError('EXPORT_TOO_MANY_ROWS', { params: { max: MAX_EXPORT_ROWS, total: lines } });
  await deps.db.transaction((tx) => writeAudit(tx, ctx, { action: 'ledger.export', entityType: 'loan_programme', entityId: q.programmeId, after: { filter: q, rows: lines } }));
  const cursor = await repo.openLedgerCursor(deps.pool, scope, q);
  const out = new PassThrough();
  writeLedger(cursor, totals, out).catch((err: unknown) => {
    onError(err, 'ledger');
    void cursor.close();
    out.destroy(err instanceof Error ? err : new Error('ledger export failed'));
  });
  const day = shanghaiDate(deps.clock()).replace(/-/g, '');
  return { stream: out, fileName: `${name}资金台账-${day}.xlsx`, asciiName: `ledger-${q.programmeId}-${day}.xlsx` };
}

/** The 申请审批表 of one loan as PDF (with every review), to those who may export loans in scope; audited. */
export async function loanFormPdf(deps: AppDeps, ctx: ActorContext, id: number) {
  const loan = await repo.loanForForm(deps.pool, scopeOf(ctx), id);
  if (!loan) throw new AppError('NOT_FOUND');
  // Without a CJK font the form would print as empty boxes: refuse clearly instead.
  const font = loadCjkFont();
  if (!font) throw new AppError('PDF_FONT_MISSING');
  const events = await repo.formEvents(deps.pool, id);
  const printedOn = shanghaiDate(deps.clock());
  const pdf = await buildLoanForm(font, loan, events, {
    maskedId: maskedId(deps.crypto, loan.id_enc),
    maskedPhone: maskedPhone(deps.crypto, loan.phone_enc),
    printedOn,
  });
  await deps.db.transaction((tx) => writeAudit(tx, ctx, { action: 'loan.form_pdf', entityType: 'loan', entityId: id, after: { reference: loan.reference, bytes: pdf.length } }));
  return { pdf, fileName: `申请审批表-${loan.reference}.pdf`, asciiName: `loan-form-${loan.reference}.pdf` };
}
