import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { interestSubsidy, interestSubsidyCapBps, type PeriodPosition } from '@tongxing/domain';
import type { ActorContext } from '../../lib/context';
import { post } from '../../lib/ledger';
import type { MoneyLoan } from '../loan-repayments/loan-money-access';

/**
 * The interest subsidy of each period a repayment completed on or before its due date: the borrower pays at
 * most the cap (the model-worker cap for model workers, when the product sets one) and the union pays the
 * rest of that period's interest. Earned once per period (unique (loan, kind, k)); each earning posts
 * interest_subsidy_expense Dr / subsidies_payable Cr in the same transaction.
 */
export async function earnInterestSubsidies(
  tx: DbOrTx,
  ctx: ActorContext,
  loan: MoneyLoan,
  periods: readonly PeriodPosition[],
  completed: readonly { k: number; onTime: boolean }[],
  paidOn: string,
): Promise<{ k: number; amountFen: number }[]> {
  const cap = interestSubsidyCapBps(loan.subsidy, loan.modelWorker, loan.modelWorkerLevel);
  if (cap === null) return [];
  const earned: { k: number; amountFen: number }[] = [];
  for (const c of completed) {
    if (!c.onTime) continue;
    const row = periods.find((p) => p.k === c.k);
    if (!row) continue;
    const amountFen = interestSubsidy(row, cap);
    if (amountFen <= 0) continue;
    const inserted = await tx.execute<{ id: number }>(sql`
      insert into loan_subsidy_items (loan_id, programme_id, kind, k, amount_fen, earned_on)
      values (${loan.id}, ${loan.programmeId}, 'interest', ${c.k}, ${amountFen}, ${paidOn})
      on conflict (loan_id, kind, k) do nothing
      returning id`);
    if (inserted.rows.length === 0) continue;
    await post(tx, {
      programmeId: loan.programmeId,
      kind: 'interest_subsidy',
      loanId: loan.id,
      memo: `${loan.reference} 第${c.k}期贴息`,
      postedOn: paidOn,
      postedBy: ctx.actor.userId,
      lines: [
        { account: 'interest_subsidy_expense', debitFen: amountFen },
        { account: 'subsidies_payable', creditFen: amountFen },
      ],
    });
    earned.push({ k: c.k, amountFen });
  }
  return earned;
}
