/**
 * The life of a loan as data: states, events and who may fire each. Guards that need the loan's facts
 * (the step's party, maker ≠ checker, 90 days past due) are checked by the service; this table says which
 * transitions exist at all — anything else is refused with LOAN_TRANSITION_INVALID.
 *
 * draft → submitted (waiting for step 0) → in_review (step k ≥ 1) → approved → repaying → settled,
 * and returned (back to the applicant, resubmitted to the same step), withdrawn, rejected,
 * defaulted → claimed → recovered | written_off.
 */
export const loanStates = [
  'draft',
  'submitted',
  'in_review',
  'returned',
  'approved',
  'repaying',
  'settled',
  'withdrawn',
  'rejected',
  'defaulted',
  'claimed',
  'recovered',
  'written_off',
] as const;
export type LoanState = (typeof loanStates)[number];

export const loanEvents = [
  'submit',
  'approve_step',
  'return',
  'resubmit',
  'reject',
  'withdraw',
  'confirm_disbursement',
  'settle',
  'declare_default',
  'claim',
  'recover',
  'write_off',
] as const;
export type LoanEvent = (typeof loanEvents)[number];

/** Who fires an event: the applicant side, the party of the current review step, the loan's bank, or the city union. */
export type LoanActor = 'applicant' | 'step_party' | 'bank' | 'city' | 'system';

export interface LoanTransition {
  from: readonly LoanState[];
  /** The state after the event; `next_step` resolves to in_review or approved by the pipeline's length. */
  to: LoanState | 'next_step' | 'same_step';
  by: readonly LoanActor[];
}

export const loanTransitions: Record<LoanEvent, LoanTransition> = {
  submit: { from: ['draft'], to: 'submitted', by: ['applicant'] },
  approve_step: { from: ['submitted', 'in_review'], to: 'next_step', by: ['step_party'] },
  return: { from: ['submitted', 'in_review'], to: 'returned', by: ['step_party'] },
  resubmit: { from: ['returned'], to: 'same_step', by: ['applicant'] },
  reject: { from: ['submitted', 'in_review'], to: 'rejected', by: ['step_party'] },
  withdraw: { from: ['draft', 'submitted', 'in_review', 'returned'], to: 'withdrawn', by: ['applicant'] },
  confirm_disbursement: { from: ['approved'], to: 'repaying', by: ['bank'] },
  settle: { from: ['repaying'], to: 'settled', by: ['system', 'bank'] },
  declare_default: { from: ['repaying'], to: 'defaulted', by: ['bank', 'city'] },
  claim: { from: ['defaulted'], to: 'claimed', by: ['city'] },
  recover: { from: ['claimed'], to: 'recovered', by: ['city'] },
  write_off: { from: ['claimed'], to: 'written_off', by: ['city'] },
};

export type LoanTransitionCheck = { ok: true; to: LoanState } | { ok: false; reason: 'state' | 'actor' };

/**
 * May `actors` (what the caller is, for this loan) fire `event` in `state`? `stepIndex` and `steps` resolve
 * where an approval leads: to the next step, or to approved after the last one.
 */
export function checkLoanEvent(
  state: LoanState,
  event: LoanEvent,
  actors: readonly LoanActor[],
  pipeline: { stepIndex: number | null; steps: number },
): LoanTransitionCheck {
  const t = loanTransitions[event];
  if (!t.from.includes(state)) return { ok: false, reason: 'state' };
  if (!t.by.some((a) => actors.includes(a))) return { ok: false, reason: 'actor' };
  if (t.to === 'next_step') {
    const next = (pipeline.stepIndex ?? 0) + 1;
    return { ok: true, to: next >= pipeline.steps ? 'approved' : 'in_review' };
  }
  if (t.to === 'same_step') return { ok: true, to: (pipeline.stepIndex ?? 0) === 0 ? 'submitted' : 'in_review' };
  return { ok: true, to: t.to };
}

/** States in which a loan counts as lent (disbursed and not undone). */
export const lentStates: readonly LoanState[] = ['repaying', 'settled', 'defaulted', 'claimed', 'recovered', 'written_off'];
/** States still waiting on somebody's review. */
export const reviewStates: readonly LoanState[] = ['submitted', 'in_review'];

/** Days past due as of a business date → the bucket the federation reports. */
export function overdueBucket(daysPastDue: number): '0' | '1-30' | '31-60' | '61-90' | '90+' {
  if (daysPastDue <= 0) return '0';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

/** A loan may be declared in default once it is more than 90 days past due. */
export const DEFAULT_AFTER_DAYS = 90;
