import { maxRepayment } from '@tongxing/domain';
import type { Repayment, RepaymentResult } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { shanghaiDate } from '../../lib/local-date';
import { findMoneyLoan, requireBankParty, requireValidDates, scopeOf } from './loan-money-access';
import { planRepayment, problemError, writeRepayment } from './repayment-apply';
import * as repo from './repayments.repository';

export function toRepayment(r: repo.RepaymentRow): Repayment {
  return {
    id: r.id,
    loanId: r.loan_id,
    paidOn: r.paid_on,
    amountFen: r.amount_fen,
    source: r.source,
    bankTxnRef: r.bank_txn_ref,
    recordedByName: r.recorded_by_name,
    recordedAt: new Date(r.recorded_at).toISOString(),
    allocations: r.allocations ?? [],
  };
}

/** The loan's bank records a repayment it received (idempotent; serialised on the loan's row). */
export async function recordRepayment(deps: AppDeps, ctx: ActorContext, loanId: number, body: { amountFen: number; paidOn: string; bankTxnRef?: string | undefined }, key: string) {
  const scope = scopeOf(ctx);
  requireValidDates({ paidOn: body.paidOn });
  return runIdempotent<RepaymentResult>(deps, ctx, key, `POST /loans/${loanId}/repayments`, body, async (tx) => {
    const loan = await findMoneyLoan(tx, scope, loanId, { forUpdate: true });
    if (!loan) throw new AppError('NOT_FOUND');
    requireBankParty(ctx, loan);
    const ref = body.bankTxnRef?.trim() || null;
    if (ref && (await repo.refsAlreadyRecorded(tx, [{ loanId, ref }])).size > 0) {
      throw new AppError('REPAYMENT_DUPLICATE_REF', { fields: [{ path: 'bankTxnRef', code: 'REPAYMENT_DUPLICATE_REF' }] });
    }
    const now = deps.clock();
    const periods = await repo.loadPeriods(tx, loanId);
    const planned = planRepayment(loan, periods, await repo.lastPaidOn(tx, loanId), shanghaiDate(now), body);
    if (!planned.ok) throw problemError(planned);
    const written = await writeRepayment(tx, ctx, now, loan, planned.plan, { amountFen: body.amountFen, paidOn: body.paidOn, bankTxnRef: ref, source: 'manual' }, { audit: true });
    if (!written) throw new AppError('REPAYMENT_DUPLICATE_REF');
    const [row] = await repo.listRepayments(tx, loanId, written.repaymentId);
    return {
      status: 201,
      body: {
        repayment: toRepayment(row!),
        allocations: written.allocations,
        principalOutstandingFen: written.principalOutstandingFen,
        nextDueOn: written.nextDueOn,
        state: written.state,
        subsidies: written.subsidies,
      },
    };
  });
}

export async function listLoanRepayments(deps: AppDeps, ctx: ActorContext, loanId: number) {
  const loan = await findMoneyLoan(deps.db, scopeOf(ctx), loanId);
  if (!loan) throw new AppError('NOT_FOUND');
  const rows = await repo.listRepayments(deps.db, loanId);
  const items = rows.map(toRepayment);
  const today = shanghaiDate(deps.clock());
  const maxPayableTodayFen = loan.state === 'repaying' ? maxRepayment(await repo.loadPeriods(deps.db, loanId), today) : 0;
  return { items, total: items.length, paidFen: items.reduce((s, r) => s + r.amountFen, 0), maxPayableTodayFen };
}
