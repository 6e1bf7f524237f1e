import { describe, expect, it } from 'vitest';
import { checkLoanEvent, loanEvents, loanStates, overdueBucket, type LoanActor, type LoanEvent, type LoanState } from './loan-workflow';

/**
 * Every state × event × actor, against the table written out here by hand: what is listed is allowed,
 * everything else refused — for the right reason.
 */
const allowed: Record<string, LoanState> = {
  'draft submit applicant': 'submitted',
  'submitted approve_step step_party': 'in_review',
  'in_review approve_step step_party': 'in_review',
  'submitted return step_party': 'returned',
  'in_review return step_party': 'returned',
  'returned resubmit applicant': 'in_review',
  'submitted reject step_party': 'rejected',
  'in_review reject step_party': 'rejected',
  'draft withdraw applicant': 'withdrawn',
  'submitted withdraw applicant': 'withdrawn',
  'in_review withdraw applicant': 'withdrawn',
  'returned withdraw applicant': 'withdrawn',
  'approved confirm_disbursement bank': 'repaying',
  'repaying settle system': 'settled',
  'repaying settle bank': 'settled',
  'repaying declare_default bank': 'defaulted',
  'repaying declare_default city': 'defaulted',
  'defaulted claim city': 'claimed',
  'claimed recover city': 'recovered',
  'claimed write_off city': 'written_off',
};
const actors: LoanActor[] = ['applicant', 'step_party', 'bank', 'city', 'system'];

describe('loan workflow table', () => {
  for (const state of loanStates) {
    for (const event of loanEvents as readonly LoanEvent[]) {
      for (const actor of actors) {
        const key = `${state} ${event} ${actor}`;
        const expected = allowed[key];
        it(`${key} → ${expected ?? 'refused'}`, () => {
          // A loan at step 1 of a 4-step pipeline.
          const r = checkLoanEvent(state, event, [actor], { stepIndex: 1, steps: 4 });
          if (expected) expect(r).toEqual({ ok: true, to: expected });
          else {
            expect(r.ok).toBe(false);
            const stateAllows = Object.keys(allowed).some((k) => k.startsWith(`${state} ${event} `));
            if (!r.ok) expect(r.reason).toBe(stateAllows ? 'actor' : 'state');
          }
        });
      }
    }
  }

  it('the last step approves the loan; resubmitting at step 0 waits at step 0 again', () => {
    expect(checkLoanEvent('in_review', 'approve_step', ['step_party'], { stepIndex: 3, steps: 4 })).toEqual({ ok: true, to: 'approved' });
    expect(checkLoanEvent('submitted', 'approve_step', ['step_party'], { stepIndex: 0, steps: 1 })).toEqual({ ok: true, to: 'approved' });
    expect(checkLoanEvent('returned', 'resubmit', ['applicant'], { stepIndex: 0, steps: 4 })).toEqual({ ok: true, to: 'submitted' });
  });

  it('buckets days past due', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(overdueBucket)).toEqual(['0', '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', '90+']);
  });
});
