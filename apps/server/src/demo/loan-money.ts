import { addMonths, allocateRepayment, interestSubsidy, type Allocation, type PeriodPosition, type ScheduleRow } from '@tongxing/domain';

/**
 * A lent loan's repayments as the bank would have sent them, each applied by the money engineer's own rule
 * (allocateRepayment in packages/domain: periods due on or before the payment day take interest then
 * principal in due order, the rest prepays later principal); a period completed on or before its due date
 * earns the interest subsidy (interestSubsidy with the borrower's cap), as the repayment route does.
 */

/** How a borrower pays: on time (a few instalments late), stops at a period, or settles early at a period. */
export type Behaviour =
  | { kind: 'regular'; lateShare: number }
  | { kind: 'stops'; atK: number; partial: boolean }
  | { kind: 'early'; atK: number };

export interface Repayment {
  paidOn: string;
  amountFen: number;
  allocations: Allocation[];
}

export interface LoanMoney {
  repayments: Repayment[];
  principalOutstandingFen: number;
  /** The due date of the earliest period not fully paid; null once nothing is left. */
  nextDueOn: string | null;
  settledOn: string | null;
  interestItems: { k: number; amountFen: number; earnedOn: string }[];
  /** The schedule with what was paid against each period, as of today. */
  periods: PeriodPosition[];
}

/**
 * Plays the loan's repayments up to `today`. `capBps` is the borrower's rate cap (null: no interest
 * subsidy). Instalments are debited on their due date (paying before it would prepay principal instead);
 * late ones never reach past today, so only `stops` leaves a loan overdue.
 */
export function playRepayments(schedule: ScheduleRow[], today: string, behaviour: Behaviour, capBps: number | null, rand: () => number): LoanMoney {
  let periods: PeriodPosition[] = schedule.map((r) => ({ k: r.k, dueOn: r.dueDate, openingFen: r.openingFen, principalFen: r.principalFen, interestFen: r.interestFen, paidPrincipalFen: 0, paidInterestFen: 0 }));
  let outstanding = schedule.reduce((s, r) => s + r.principalFen, 0);
  let nextDueOn: string | null = schedule[0]?.dueDate ?? null;
  const repayments: Repayment[] = [];
  const interestItems: LoanMoney['interestItems'] = [];
  let settledOn: string | null = null;
  const pay = (amountFen: number, paidOn: string) => {
    const r = allocateRepayment(periods, amountFen, paidOn);
    if (!r.ok) throw new Error(`a payment of ${amountFen} fen on ${paidOn} is refused: ${r.reason}`);
    periods = r.periods;
    outstanding = r.principalOutstandingFen;
    nextDueOn = r.nextDueOn;
    repayments.push({ paidOn, amountFen, allocations: r.allocations });
    for (const c of r.completed) {
      if (!c.onTime || capBps === null) continue;
      const amount = interestSubsidy(periods.find((p) => p.k === c.k)!, capBps);
      if (amount > 0) interestItems.push({ k: c.k, amountFen: amount, earnedOn: paidOn });
    }
    if (r.settled) settledOn = paidOn;
  };
  for (const row of schedule) {
    if (row.dueDate > today) break;
    const owed = row.interestFen + row.principalFen;
    if (behaviour.kind === 'stops' && row.k >= behaviour.atK) {
      // A part payment: the interest and half the principal (half the interest where no principal is due yet).
      if (row.k === behaviour.atK && behaviour.partial) pay(row.principalFen > 0 ? row.interestFen + Math.floor(row.principalFen / 2) : Math.floor(row.interestFen / 2), row.dueDate);
      break;
    }
    if (behaviour.kind === 'early' && row.k === behaviour.atK) {
      pay(owed + schedule.slice(row.k).reduce((s, r) => s + r.principalFen, 0), row.dueDate);
      break;
    }
    const late = behaviour.kind === 'regular' && rand() < behaviour.lateShare ? 1 + Math.floor(rand() * 12) : 0;
    const lateOn = late > 0 ? addDays(row.dueDate, late) : row.dueDate;
    pay(owed, lateOn <= today ? lateOn : row.dueDate);
  }
  return { repayments, principalOutstandingFen: outstanding, nextDueOn, settledOn, interestItems, periods };
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The disbursement day that puts period k's due date `daysAgo` days before today. */
export function disbursedForDue(today: string, daysAgo: number, k: number): string {
  return addMonths(addDays(today, -daysAgo), -k);
}
