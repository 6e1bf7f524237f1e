import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { type schedulePreviewSchema, type ScheduleRowView } from '@tongxing/contracts';
import { buildSchedule, isValidDate, type ScheduleRow } from '@tongxing/domain';
import type { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { findMemberLoan, memberIdOf, scopeOf } from './loans.service';
import { findLoan } from './loans.repository';

type Preview = z.infer<typeof schedulePreviewSchema>;

function withTotals(rows: ScheduleRowView[]) {
  return {
    rows,
    totalPrincipalFen: rows.reduce((s, r) => s + r.principalFen, 0),
    totalInterestFen: rows.reduce((s, r) => s + r.interestFen, 0),
    totalPaymentFen: rows.reduce((s, r) => s + r.paymentFen, 0),
  };
}

/** The calculator: buildSchedule's rows for the given terms, creating nothing. */
export function previewSchedule(body: Preview) {
  if (!isValidDate(body.startDate)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'startDate', code: 'date.format' }] });
  let rows: ScheduleRow[];
  try {
    rows = buildSchedule(body);
  } catch {
    // Only amounts beyond exact integer range get here (trillions of yuan at extreme rates).
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'principalFen', code: 'too_big' }] });
  }
  return withTotals(rows);
}

/** A loan's stored schedule with what its repayments paid against each period, as of today. */
async function storedSchedule(db: DbOrTx, loanId: number, today: string) {
  const res = await db.execute<{
    k: number;
    due_on: string;
    opening_fen: number;
    principal_fen: number;
    interest_fen: number;
    payment_fen: number;
    paid_interest_fen: number;
    paid_principal_fen: number;
  }>(sql`
    select s.k, s.due_on, s.opening_fen, s.principal_fen, s.interest_fen, s.payment_fen,
           coalesce(a.interest, 0)::bigint as paid_interest_fen, coalesce(a.principal, 0)::bigint as paid_principal_fen
      from loan_schedule s
      left join (select k, sum(interest_fen) as interest, sum(principal_fen) as principal
                   from loan_repayment_allocations where loan_id = ${loanId} group by k) a on a.k = s.k
     where s.loan_id = ${loanId}
     order by s.k`);
  let firstOpen = true;
  const rows: ScheduleRowView[] = res.rows.map((r) => {
    const paidAll = r.paid_interest_fen >= r.interest_fen && r.paid_principal_fen >= r.principal_fen;
    let status: ScheduleRowView['status'];
    if (paidAll) status = 'paid';
    else if (r.due_on < today) status = 'overdue';
    else if (firstOpen) status = r.paid_interest_fen + r.paid_principal_fen > 0 ? 'partial' : 'due';
    else status = r.paid_interest_fen + r.paid_principal_fen > 0 ? 'partial' : 'future';
    if (!paidAll && r.due_on >= today) firstOpen = false;
    return {
      k: r.k,
      dueDate: r.due_on,
      openingFen: r.opening_fen,
      principalFen: r.principal_fen,
      interestFen: r.interest_fen,
      paymentFen: r.payment_fen,
      closingFen: r.opening_fen - r.principal_fen,
      paidInterestFen: r.paid_interest_fen,
      paidPrincipalFen: r.paid_principal_fen,
      status,
    };
  });
  return withTotals(rows);
}

export async function loanSchedule(deps: AppDeps, ctx: ActorContext, id: number) {
  const loan = await findLoan(deps.db, id, scopeOf(ctx));
  if (!loan) throw new AppError('NOT_FOUND');
  return storedSchedule(deps.db, id, shanghaiDate(deps.clock()));
}

export async function portalLoanSchedule(deps: AppDeps, ctx: ActorContext, id: number) {
  const loan = await findMemberLoan(deps.db, await memberIdOf(deps, ctx), id);
  if (!loan) throw new AppError('NOT_FOUND');
  return storedSchedule(deps.db, id, shanghaiDate(deps.clock()));
}
