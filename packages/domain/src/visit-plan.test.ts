import { describe, expect, it } from 'vitest';
import { plannedVisits } from './visit-plan';

describe('follow-up visit plan', () => {
  it('+3, +6, +12 months and one month before maturity', () => {
    expect(plannedVisits('2026-01-31', '2027-01-31', { monthsAfterDisbursement: [3, 6, 12], monthsBeforeMaturity: 1 })).toEqual([
      { seq: 1, label: 'M+3', dueOn: '2026-04-30' },
      { seq: 2, label: 'M+6', dueOn: '2026-07-31' },
      { seq: 3, label: 'T-1', dueOn: '2026-12-31' },
      { seq: 4, label: 'M+12', dueOn: '2027-01-31' },
    ]);
  });
  it('drops visits past maturity and duplicates', () => {
    expect(plannedVisits('2026-01-15', '2026-07-15', { monthsAfterDisbursement: [3, 6, 12], monthsBeforeMaturity: 3 }).map((v) => v.label)).toEqual(['M+3', 'M+6']);
  });
});
