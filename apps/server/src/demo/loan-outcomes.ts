import { addMonths, daysBetween } from '@tongxing/domain';
import type { Outcome } from './loan-life';
import { addDays, disbursedForDue } from './loan-money';

/**
 * Where each demo loan stands today, as counts of kinds: every state of the workflow, each review step,
 * the overdue buckets, and a default in each of its end states. Dates are days before the seeding day.
 */
export type OutcomeKind =
  | 'draft' | 'submitted' | 'review1' | 'review2' | 'review3' | 'review4' | 'returned' | 'rejected' | 'withdrawn' | 'approved' | 'approved_recorded'
  | 'repaying' | 'late_payer' | 'overdue_1_30' | 'overdue_31_60' | 'overdue_61_90' | 'overdue_90' | 'settled' | 'settled_early'
  | 'defaulted' | 'claimed' | 'recovered' | 'written_off';

/** The demo's 创保贷 book (about 2,370 loans) and the 劳模 programme's (about 130). */
export const cbdMix: [OutcomeKind, number][] = [
  ['draft', 40], ['submitted', 60], ['review1', 45], ['review2', 35], ['review3', 30], ['review4', 30], ['returned', 25], ['rejected', 40], ['withdrawn', 25],
  ['approved', 16], ['approved_recorded', 8], ['repaying', 1_450], ['late_payer', 110], ['overdue_1_30', 14], ['overdue_31_60', 7], ['overdue_61_90', 5],
  ['overdue_90', 3], ['settled', 360], ['settled_early', 60], ['defaulted', 1], ['claimed', 1], ['recovered', 1], ['written_off', 1],
];
export const lmMix: [OutcomeKind, number][] = [
  ['draft', 3], ['submitted', 4], ['review1', 2], ['review2', 2], ['review3', 2], ['review4', 2], ['returned', 2], ['rejected', 3], ['withdrawn', 2],
  ['approved', 2], ['approved_recorded', 1], ['repaying', 80], ['late_payer', 5], ['overdue_1_30', 2], ['settled', 12], ['settled_early', 3],
];

/** Days past due drawn for each overdue kind (as of the seeding day). */
const overdueDays: Partial<Record<OutcomeKind, [number, number]>> = {
  overdue_1_30: [3, 29], overdue_31_60: [33, 58], overdue_61_90: [63, 88], overdue_90: [95, 160],
};

/** When a defaulted loan was disbursed (months before today); it stopped paying at its fourth instalment. */
const defaultAges: Partial<Record<OutcomeKind, number>> = { defaulted: 9, claimed: 13, recovered: 15, written_off: 16 };

export function makeOutcome(kind: OutcomeKind, term: number, today: string, startsOn: string, rand: () => number): Outcome {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const sinceStart = daysBetween(startsOn, today);
  const termDays = Math.round(term * 30.4);
  switch (kind) {
    case 'draft':
      return { state: 'draft' };
    case 'submitted':
      return { state: 'submitted', step: 0 };
    case 'review1':
    case 'review2':
    case 'review3':
    case 'review4':
      return { state: 'in_review', step: Number(kind.slice(-1)) };
    case 'returned':
    case 'rejected':
      return { state: kind, step: pick([0, 1, 1, 2]) };
    case 'withdrawn':
      return { state: 'withdrawn', step: pick([null, 0, 1]) };
    case 'approved':
    case 'approved_recorded':
      return { state: 'approved', recorded: kind === 'approved_recorded' };
    case 'repaying':
    case 'late_payer':
      return { state: 'lent', disbursedOn: addDays(today, -int(3, Math.min(termDays - 8, sinceStart - 20))), behaviour: { kind: 'regular', lateShare: kind === 'late_payer' ? 0.35 : 0.03 } };
    case 'settled': {
      const span = sinceStart - termDays - 20;
      if (span > 3) return { state: 'lent', disbursedOn: addDays(today, -(termDays + int(3, span))), behaviour: { kind: 'regular', lateShare: 0.03 } };
      return makeOutcome('settled_early', term, today, startsOn, rand);
    }
    case 'settled_early': {
      const back = int(65, Math.min(termDays - 10, sinceStart - 20));
      const elapsed = Math.max(1, Math.floor(back / 30.5));
      return { state: 'lent', disbursedOn: addDays(today, -back), behaviour: { kind: 'early', atK: Math.min(int(1, elapsed), term - 1) } };
    }
    case 'overdue_1_30':
    case 'overdue_31_60':
    case 'overdue_61_90':
    case 'overdue_90': {
      const [lo, hi] = overdueDays[kind]!;
      const dpd = int(lo, hi);
      // Stop at a period late enough for a visit to have been made, early enough to be before maturity.
      const k = Math.min(term - 1, int(4, Math.max(4, Math.min(term - 2, Math.floor((sinceStart - dpd) / 30.5) - 1))));
      return { state: 'lent', disbursedOn: disbursedForDue(today, dpd, k), behaviour: { kind: 'stops', atK: k, partial: rand() < 0.5 } };
    }
    default: {
      const months = defaultAges[kind]!;
      return { state: 'lent', disbursedOn: addDays(addMonths(today, -months), -10), behaviour: { kind: 'stops', atK: 4, partial: false }, end: kind as 'defaulted' | 'claimed' | 'recovered' | 'written_off' };
    }
  }
}
