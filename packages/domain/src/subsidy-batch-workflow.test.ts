import { describe, expect, it } from 'vitest';
import { checkSubsidyBatchEvent, subsidyBatchEvents, subsidyBatchStates } from './subsidy-batch-workflow';

describe('subsidy batch workflow', () => {
  const allowed: Record<string, string> = {
    'prepared approve': 'approved',
    'approved pay': 'paid',
    'prepared cancel': 'cancelled',
    'approved cancel': 'cancelled',
  };
  for (const state of subsidyBatchStates) {
    for (const event of subsidyBatchEvents) {
      const to = allowed[`${state} ${event}`];
      it(`${event} from ${state}: ${to ?? 'refused'}`, () => {
        const r = checkSubsidyBatchEvent(state, event, false);
        expect(r).toEqual(to ? { ok: true, to } : { ok: false, reason: 'state' });
      });
    }
  }

  it('the maker may not approve their own batch, but may pay or cancel it', () => {
    expect(checkSubsidyBatchEvent('prepared', 'approve', true)).toEqual({ ok: false, reason: 'maker' });
    expect(checkSubsidyBatchEvent('approved', 'pay', true)).toEqual({ ok: true, to: 'paid' });
    expect(checkSubsidyBatchEvent('prepared', 'cancel', true)).toEqual({ ok: true, to: 'cancelled' });
  });
});
