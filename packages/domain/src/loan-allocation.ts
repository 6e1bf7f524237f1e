import { daysBetween } from './calendar';
import type { Fen } from './money';
import { overdueBucket } from './loan-workflow';

/**
 * Where a loan stands against its schedule, and how a repayment is applied to it. One rule, used by the
 * manual entry, the bank's file import and the overdue views:
 * - periods due on or before the payment date take the money first, each its interest then its principal,
 *   in due order;
 * - unless what remains repays all the principal left (an early full repayment), the current instalment —
 *   the first period not yet due — takes it next, its interest then its principal: a borrower who pays the
 *   month's instalment a few days before its date has paid that instalment, on time;
 * - what remains prepays the principal of later periods, in due order — their interest is not owed yet;
 * - nobody pays more than the outstanding principal plus the interest due on the payment date;
 * - once every fen of principal is repaid the loan is settled and the interest of periods not yet due is
 *   never charged.
 * A period is complete when its principal and interest are both paid in full; `next due` is the due date of
 * the earliest period that is not.
 */
export interface PeriodPosition {
  k: number;
  dueOn: string;
  openingFen: Fen;
  principalFen: Fen;
  interestFen: Fen;
  paidPrincipalFen: Fen;
  paidInterestFen: Fen;
}

export interface Allocation {
  k: number;
  interestFen: Fen;
  principalFen: Fen;
}

export type AllocationResult =
  | {
      ok: true;
      allocations: Allocation[];
      periods: PeriodPosition[];
      /** Periods this payment completed, and whether on or before their due date (which earns the interest subsidy). */
      completed: { k: number; onTime: boolean }[];
      principalOutstandingFen: Fen;
      nextDueOn: string | null;
      settled: boolean;
    }
  | { ok: false; reason: 'exceeds'; maxFen: Fen }
  | { ok: false; reason: 'nothing_owed' };

const byDue = (a: PeriodPosition, b: PeriodPosition) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.k - b.k);

export function isPeriodComplete(p: PeriodPosition): boolean {
  return p.paidPrincipalFen >= p.principalFen && p.paidInterestFen >= p.interestFen;
}

export function principalOutstandingOf(periods: readonly PeriodPosition[]): Fen {
  return periods.reduce((s, p) => s + (p.principalFen - p.paidPrincipalFen), 0);
}

/** Unpaid interest of the periods due on or before `onDate`. */
export function interestDueBy(periods: readonly PeriodPosition[], onDate: string): Fen {
  return periods.reduce((s, p) => s + (p.dueOn <= onDate ? p.interestFen - p.paidInterestFen : 0), 0);
}

/** The most a payment on `paidOn` may be: all principal left plus the interest due by then (early full repayment). */
export function maxRepayment(periods: readonly PeriodPosition[], paidOn: string): Fen {
  return principalOutstandingOf(periods) + interestDueBy(periods, paidOn);
}

/** The due date of the earliest period not fully paid; null once the principal is all repaid (settled). */
export function nextDueDateOf(periods: readonly PeriodPosition[]): string | null {
  if (principalOutstandingOf(periods) === 0) return null;
  const open = [...periods].sort(byDue).find((p) => !isPeriodComplete(p));
  return open?.dueOn ?? null;
}

export function allocateRepayment(periods: readonly PeriodPosition[], amountFen: Fen, paidOn: string): AllocationResult {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new Error('a repayment is a positive whole number of fen');
  const max = maxRepayment(periods, paidOn);
  if (max === 0) return { ok: false, reason: 'nothing_owed' };
  if (amountFen > max) return { ok: false, reason: 'exceeds', maxFen: max };
  const after = periods.map((p) => ({ ...p })).sort(byDue);
  const touched = new Map<number, Allocation>();
  let left = amountFen;
  const take = (p: PeriodPosition, part: 'interest' | 'principal') => {
    if (left === 0) return;
    const owed = part === 'interest' ? p.interestFen - p.paidInterestFen : p.principalFen - p.paidPrincipalFen;
    const paid = Math.min(left, owed);
    if (paid <= 0) return;
    left -= paid;
    const a = touched.get(p.k) ?? { k: p.k, interestFen: 0, principalFen: 0 };
    if (part === 'interest') {
      p.paidInterestFen += paid;
      a.interestFen += paid;
    } else {
      p.paidPrincipalFen += paid;
      a.principalFen += paid;
    }
    touched.set(p.k, a);
  };
  for (const p of after) {
    if (p.dueOn > paidOn) break;
    take(p, 'interest');
    take(p, 'principal');
  }
  const current = after.find((p) => p.dueOn > paidOn && !isPeriodComplete(p));
  if (current && left < principalOutstandingOf(after)) {
    take(current, 'interest');
    take(current, 'principal');
  }
  for (const p of after) if (p.dueOn > paidOn) take(p, 'principal');
  const before = new Map(periods.map((p) => [p.k, isPeriodComplete(p)]));
  const completed = after.filter((p) => touched.has(p.k) && !before.get(p.k) && isPeriodComplete(p)).map((p) => ({ k: p.k, onTime: paidOn <= p.dueOn }));
  const outstanding = principalOutstandingOf(after);
  return {
    ok: true,
    allocations: [...touched.values()].sort((a, b) => a.k - b.k),
    periods: after,
    completed,
    principalOutstandingFen: outstanding,
    nextDueOn: nextDueDateOf(after),
    settled: outstanding === 0,
  };
}

export type OverdueBucketKey = ReturnType<typeof overdueBucket>;

export interface OverduePosition {
  daysPastDue: number;
  bucket: OverdueBucketKey;
  /** Principal and interest of the periods due before the business date and not yet paid. */
  overdueAmountFen: Fen;
  /** The earliest period not fully paid as of the date (null when none is left). */
  nextDueOn: string | null;
}

/**
 * Overdue as of a business date, derived from the schedule and the payments made on or before that date
 * (pass only those): never a stored flag, so any date can be asked about.
 */
export function overdueAsOf(periods: readonly PeriodPosition[], asOf: string): OverduePosition {
  const next = nextDueDateOf(periods);
  const days = next !== null && next < asOf ? daysBetween(next, asOf) : 0;
  const amount = periods.reduce((s, p) => (p.dueOn < asOf ? s + (p.principalFen - p.paidPrincipalFen) + (p.interestFen - p.paidInterestFen) : s), 0);
  return { daysPastDue: days, bucket: overdueBucket(days), overdueAmountFen: next === null ? 0 : amount, nextDueOn: next };
}

/** How a period looks on the borrower's schedule as of a date. */
export function periodStatus(p: PeriodPosition, asOf: string, settled: boolean): 'paid' | 'partial' | 'overdue' | 'due' | 'future' {
  if (isPeriodComplete(p) || (settled && p.paidPrincipalFen >= p.principalFen)) return 'paid';
  if (p.dueOn < asOf) return 'overdue';
  if (p.paidPrincipalFen > 0 || p.paidInterestFen > 0) return 'partial';
  return p.dueOn === asOf ? 'due' : 'future';
}
