import { and, eq } from 'drizzle-orm';
import { loanDisbursements, loanSchedule, type Tx } from '@tongxing/db';
import { type disbursementRecordSchema, type Loan } from '@tongxing/contracts';
import { buildSchedule, checkLoanEvent, isValidDate, type LoanState, type RepaymentMethod } from '@tongxing/domain';
import type { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { shanghaiDate } from '../../lib/local-date';
import { planVisits } from '../loan-visits/visit-plan';
import { rulesOf } from '../loan-programmes/product-view';
import { findProduct } from '../loan-programmes/programmes.repository';
import { applyTransition, leaveSteps, refuse } from './loan-transition';
import { scopeOf, staffLoanView } from './loans.service';
import { isLoanBankOfficer } from './loans.policy';
import { findLoan, liveDisbursement, unitPath, type LoanRow } from './loans.repository';

type DisbursementRecord = z.infer<typeof disbursementRecordSchema>;

/** The loan, row-locked, for a bank officer of its bank or the bank's parents (others: 404 out of scope, else 403). */
async function lockForBank(tx: Tx, ctx: ActorContext, id: number): Promise<LoanRow> {
  const loan = await findLoan(tx, id, scopeOf(ctx), true);
  if (!loan) throw new AppError('NOT_FOUND');
  const bankPath = loan.bankOrgId === null ? null : await unitPath(tx, loan.bankOrgId);
  if (!isLoanBankOfficer(ctx.actor, bankPath)) throw new AppError('LOAN_WRONG_PARTY');
  return loan;
}

/** The maker: records the money the bank paid out. The loan stays approved until a second officer confirms. */
export async function recordDisbursement(deps: AppDeps, ctx: ActorContext, key: string, id: number, body: DisbursementRecord) {
  return runIdempotent<Loan>(deps, ctx, key, `POST /loans/${id}/disbursement`, body, async (tx) => {
    const loan = await lockForBank(tx, ctx, id);
    if (loan.state !== 'approved') throw new AppError('LOAN_TRANSITION_INVALID');
    if (await liveDisbursement(tx, id, true)) throw new AppError('LOAN_TRANSITION_INVALID');
    const today = shanghaiDate(deps.clock());
    if (!isValidDate(body.disbursedOn)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'disbursedOn', code: 'date.format' }] });
    if (body.disbursedOn > today) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'disbursedOn', code: 'loan.dateRange' }] });
    if (body.amountFen !== loan.approvedAmountFen) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'amountFen', code: 'loan.disbursementAmount' }] });
    const [row] = await tx
      .insert(loanDisbursements)
      .values({ loanId: id, amountFen: body.amountFen, disbursedOn: body.disbursedOn, bankTxnRef: body.bankTxnRef || null, recordedBy: ctx.actor.userId, recordedAt: deps.clock() })
      .returning({ id: loanDisbursements.id });
    await applyTransition(deps, tx, ctx, loan, {
      event: 'record_disbursement',
      to: 'approved',
      data: { disbursementId: row!.id, amountFen: body.amountFen, disbursedOn: body.disbursedOn, bankTxnRef: body.bankTxnRef ?? null },
    });
    return { status: 201, body: await staffLoanView(deps, tx, ctx, (await findLoan(tx, id, null))!) };
  });
}

/**
 * The checker: a different officer confirms; only then is the loan lent. The schedule comes from
 * buildSchedule (the one rule) on the approved terms from the disbursement date, and the visits are planned.
 * Concurrent confirmations queue on the loan's row lock: the first moves it to repaying, the rest find it
 * no longer approved (409); repeats with the same key replay the first answer.
 */
export async function confirmDisbursement(deps: AppDeps, ctx: ActorContext, key: string, id: number, body: Record<string, never>) {
  return runIdempotent<Loan>(deps, ctx, key, `POST /loans/${id}/disbursement/confirm`, body, async (tx) => {
    const loan = await lockForBank(tx, ctx, id);
    const check = checkLoanEvent(loan.state as LoanState, 'confirm_disbursement', ['bank'], { stepIndex: null, steps: 0 });
    if (!check.ok) throw refuse(check);
    const d = await liveDisbursement(tx, id, true);
    if (!d || d.status !== 'recorded') throw new AppError('LOAN_TRANSITION_INVALID');
    if (d.recorded_by === ctx.actor.userId) throw new AppError('LOAN_MAKER_CHECKER');
    const amount = loan.approvedAmountFen;
    if (amount === null || loan.annualRateBps === null || loan.termMonths === null || loan.repaymentMethod === null) throw new AppError('LOAN_TRANSITION_INVALID');
    const rows = buildSchedule({ principalFen: amount, annualRateBps: loan.annualRateBps, months: loan.termMonths, method: loan.repaymentMethod as RepaymentMethod, startDate: d.disbursed_on });
    await tx
      .update(loanDisbursements)
      .set({ status: 'confirmed', confirmedBy: ctx.actor.userId, confirmedAt: deps.clock() })
      .where(and(eq(loanDisbursements.id, d.id), eq(loanDisbursements.status, 'recorded')));
    await tx.insert(loanSchedule).values(
      rows.map((r) => ({ loanId: id, k: r.k, dueOn: r.dueDate, openingFen: r.openingFen, principalFen: r.principalFen, interestFen: r.interestFen, paymentFen: r.paymentFen })),
    );
    const maturityOn = rows[rows.length - 1]!.dueDate;
    const product = (await findProduct(tx, loan.productId))!;
    const visits = await planVisits(tx, { id, orgId: loan.orgId, disbursedOn: d.disbursed_on, maturityOn }, rulesOf(product).visitPlan);
    await applyTransition(deps, tx, ctx, loan, {
      event: 'confirm_disbursement',
      to: check.to,
      set: { ...leaveSteps, disbursedOn: d.disbursed_on, maturityOn, principalOutstandingFen: amount, nextDueOn: rows[0]!.dueDate },
      data: { disbursementId: d.id, amountFen: amount, disbursedOn: d.disbursed_on, maturityOn, periods: rows.length, visits },
    });
    return { status: 200, body: await staffLoanView(deps, tx, ctx, (await findLoan(tx, id, null))!) };
  });
}
