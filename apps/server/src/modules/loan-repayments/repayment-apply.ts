import { allocateRepayment, type Allocation, type PeriodPosition } from '@tongxing/domain';
import type { DbOrTx } from '@tongxing/db';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { earnInterestSubsidies } from '../loan-subsidies/interest-subsidy';
import type { MoneyLoan } from './loan-money-access';
import * as repo from './repayments.repository';

/**
 * One repayment applied to one locked loan: checked, allocated (packages/domain/src/loan-allocation.ts),
 * written with its allocations, the loan's outstanding principal and next due date kept exact, the loan
 * settled when the last fen of principal comes in, interest subsidies earned for periods completed on time.
 * The manual entry and the bank's file import both come through here.
 */
export type RepaymentProblem =
  | { problem: 'state' }
  | { problem: 'future' | 'beforeDisbursement' | 'beforeLast'; field: 'paidOn' }
  | { problem: 'exceeds'; maxFen: number };

export interface RepaymentPlan {
  allocations: Allocation[];
  periods: PeriodPosition[];
  completed: { k: number; onTime: boolean }[];
  principalOutstandingFen: number;
  nextDueOn: string | null;
  settled: boolean;
}

export function planRepayment(
  loan: MoneyLoan,
  periods: readonly PeriodPosition[],
  lastPaidOn: string | null,
  today: string,
  input: { amountFen: number; paidOn: string },
): { ok: true; plan: RepaymentPlan } | ({ ok: false } & RepaymentProblem) {
  if (loan.state !== 'repaying') return { ok: false, problem: 'state' };
  if (input.paidOn > today) return { ok: false, problem: 'future', field: 'paidOn' };
  if (loan.disbursedOn && input.paidOn < loan.disbursedOn) return { ok: false, problem: 'beforeDisbursement', field: 'paidOn' };
  // Allocation follows time: a payment dated before one already applied would be judged against a state it never met.
  if (lastPaidOn && input.paidOn < lastPaidOn) return { ok: false, problem: 'beforeLast', field: 'paidOn' };
  const r = allocateRepayment(periods, input.amountFen, input.paidOn);
  if (!r.ok) return r.reason === 'exceeds' ? { ok: false, problem: 'exceeds', maxFen: r.maxFen } : { ok: false, problem: 'state' };
  return { ok: true, plan: r };
}

const dateCodes = { future: 'money.dateFuture', beforeDisbursement: 'money.dateBeforeDisbursement', beforeLast: 'money.dateBeforeLastRepayment' } as const;

export function problemError(p: RepaymentProblem): AppError {
  switch (p.problem) {
    case 'state':
      return new AppError('LOAN_TRANSITION_INVALID');
    case 'exceeds':
      return new AppError('REPAYMENT_EXCEEDS_DUE', { params: { maxFen: p.maxFen }, fields: [{ path: 'amountFen', code: 'REPAYMENT_EXCEEDS_DUE' }] });
    default:
      return new AppError('REPAYMENT_DATE_INVALID', { fields: [{ path: 'paidOn', code: dateCodes[p.problem] }] });
  }
}

export interface WrittenRepayment {
  repaymentId: number;
  allocations: Allocation[];
  principalOutstandingFen: number;
  nextDueOn: string | null;
  state: 'repaying' | 'settled';
  subsidies: { k: number; amountFen: number }[];
}

export async function writeRepayment(
  tx: DbOrTx,
  ctx: ActorContext,
  now: Date,
  loan: MoneyLoan,
  plan: RepaymentPlan,
  input: { amountFen: number; paidOn: string; bankTxnRef: string | null; source: 'manual' | 'import' | 'api' },
  opts: { audit: boolean },
): Promise<WrittenRepayment | null> {
  const repaymentId = await repo.insertRepayment(tx, { loanId: loan.id, paidOn: input.paidOn, amountFen: input.amountFen, source: input.source, bankTxnRef: input.bankTxnRef, recordedBy: ctx.actor.userId, recordedAt: now });
  // The bank's reference is already recorded for this loan: the same payment, never applied twice.
  if (repaymentId === null) return null;
  await repo.insertAllocations(tx, repaymentId, loan.id, plan.allocations);
  await repo.updateLoanPosition(tx, loan.id, {
    principalOutstandingFen: plan.principalOutstandingFen,
    nextDueOn: plan.nextDueOn,
    settledOn: plan.settled ? input.paidOn : null,
    now,
  });
  const subsidies = await earnInterestSubsidies(tx, ctx, loan, plan.periods, plan.completed, input.paidOn);
  if (opts.audit) {
    await writeAudit(tx, ctx, {
      action: 'loan.repayment.record',
      entityType: 'loan',
      entityId: loan.id,
      after: { repaymentId, amountFen: input.amountFen, paidOn: input.paidOn, bankTxnRef: input.bankTxnRef, source: input.source, allocations: plan.allocations, principalOutstandingFen: plan.principalOutstandingFen, nextDueOn: plan.nextDueOn, subsidies },
    });
  }
  if (plan.settled) {
    await repo.insertLoanEvent(tx, {
      loanId: loan.id,
      at: now,
      event: 'settle',
      fromState: 'repaying',
      toState: 'settled',
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      actorOrgId: ctx.actor.orgId,
      data: { repaymentId, paidOn: input.paidOn },
    });
    await writeAudit(tx, ctx, { action: 'loan.settle', entityType: 'loan', entityId: loan.id, before: { state: 'repaying' }, after: { state: 'settled', settledOn: input.paidOn, repaymentId } });
  }
  loan.state = plan.settled ? 'settled' : loan.state;
  loan.principalOutstandingFen = plan.principalOutstandingFen;
  loan.nextDueOn = plan.nextDueOn;
  return { repaymentId, allocations: plan.allocations, principalOutstandingFen: plan.principalOutstandingFen, nextDueOn: plan.nextDueOn, state: plan.settled ? 'settled' : 'repaying', subsidies };
}
