import { addMonths } from './calendar';
import { divRoundHalfUp, toFen, type Fen } from './money';

export const repaymentMethods = ['equal_instalment', 'equal_principal', 'interest_only'] as const;
export type RepaymentMethod = (typeof repaymentMethods)[number];

export interface ScheduleInput {
  principalFen: Fen;
  annualRateBps: number;
  months: number;
  method: RepaymentMethod;
  /** The disbursement date; period k falls due k months after it. */
  startDate: string;
}

export interface ScheduleRow {
  k: number;
  dueDate: string;
  openingFen: Fen;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
  closingFen: Fen;
}

/** Monthly rate r = annual rate ÷ 12, as the exact fraction bps / 120000. */
const RATE_DEN = 120_000n;

/** Interest of one period: outstanding × r, rounded half up to the fen. */
export function periodInterest(outstandingFen: Fen | bigint, annualRateBps: number): bigint {
  return divRoundHalfUp(BigInt(outstandingFen) * BigInt(annualRateBps), RATE_DEN);
}

/**
 * The equal instalment P·r·(1+r)^n / ((1+r)^n − 1), rounded half up; with r = a/b it is the exact fraction
 * P·a·(b+a)^n / (b·((b+a)^n − b^n)). At a zero rate it is P ÷ n rounded half up.
 */
export function equalInstalment(principalFen: Fen, annualRateBps: number, months: number): bigint {
  const p = BigInt(principalFen);
  const n = BigInt(months);
  if (annualRateBps === 0) return divRoundHalfUp(p, n);
  const a = BigInt(annualRateBps);
  const b = RATE_DEN;
  const grow = (b + a) ** n;
  return divRoundHalfUp(p * a * grow, b * (grow - b ** n));
}

/**
 * The repayment schedule, exactly as banks and auditors check it: each period's interest is the outstanding
 * principal × r rounded half up; principal per the method; the last period's principal is whatever remains,
 * so the principal sums exactly to the loan.
 */
export function buildSchedule(input: ScheduleInput): ScheduleRow[] {
  const { principalFen, annualRateBps, months, method, startDate } = input;
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) throw new Error('principal must be a positive whole number of fen');
  if (!Number.isInteger(months) || months < 1 || months > 600) throw new Error('months must be 1 … 600');
  if (!Number.isInteger(annualRateBps) || annualRateBps < 0 || annualRateBps > 100_000) throw new Error('rate out of range');
  const instalment = method === 'equal_instalment' ? equalInstalment(principalFen, annualRateBps, months) : 0n;
  const evenPrincipal = method === 'equal_principal' ? divRoundHalfUp(BigInt(principalFen), BigInt(months)) : 0n;
  const rows: ScheduleRow[] = [];
  let balance = BigInt(principalFen);
  for (let k = 1; k <= months; k++) {
    const interest = periodInterest(balance, annualRateBps);
    let principal: bigint;
    if (k === months) principal = balance;
    else if (method === 'equal_instalment') principal = instalment - interest;
    else if (method === 'equal_principal') principal = evenPrincipal;
    else principal = 0n;
    // Rounding can leave less than a regular period's principal near the end: never pay back more than is owed.
    if (principal > balance) principal = balance;
    if (principal < 0n) principal = 0n;
    const opening = balance;
    balance -= principal;
    rows.push({
      k,
      dueDate: addMonths(startDate, k),
      openingFen: toFen(opening),
      principalFen: toFen(principal),
      interestFen: toFen(interest),
      paymentFen: toFen(principal + interest),
      closingFen: toFen(balance),
    });
  }
  return rows;
}

/**
 * The interest subsidy of one period: the borrower pays at most `capBps` a year and the union pays the rest
 * of that period's interest (only for instalments paid on time; the caller decides that).
 */
export function interestSubsidy(row: Pick<ScheduleRow, 'openingFen' | 'interestFen'>, capBps: number): Fen {
  const borrowerShare = periodInterest(row.openingFen, capBps);
  const subsidy = BigInt(row.interestFen) - borrowerShare;
  return subsidy > 0n ? toFen(subsidy) : 0;
}
