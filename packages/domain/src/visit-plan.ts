import { addMonths } from './calendar';

export interface VisitPlan {
  monthsAfterDisbursement: number[];
  monthsBeforeMaturity: number;
}

export interface PlannedVisit {
  seq: number;
  /** e.g. '放款后3个月' / 'M+3', '到期前1个月' / 'T-1'. */
  label: string;
  dueOn: string;
}

/**
 * The follow-up visits (回访) a loan gets: so many months after disbursement, and one before maturity; a
 * visit that would fall after maturity, or on the same day as another, is left out.
 */
export function plannedVisits(disbursedOn: string, maturityOn: string, plan: VisitPlan): PlannedVisit[] {
  const wanted: { label: string; dueOn: string }[] = plan.monthsAfterDisbursement
    .filter((m) => m > 0)
    .sort((a, b) => a - b)
    .map((m) => ({ label: `M+${m}`, dueOn: addMonths(disbursedOn, m) }));
  if (plan.monthsBeforeMaturity > 0) wanted.push({ label: `T-${plan.monthsBeforeMaturity}`, dueOn: addMonths(maturityOn, -plan.monthsBeforeMaturity) });
  const seen = new Set<string>();
  return wanted
    .filter((v) => v.dueOn > disbursedOn && v.dueOn <= maturityOn && !seen.has(v.dueOn) && seen.add(v.dueOn))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1))
    .map((v, i) => ({ seq: i + 1, ...v }));
}
