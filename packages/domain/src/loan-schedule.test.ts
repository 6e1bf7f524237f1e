import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from './calendar';
import { buildSchedule, equalInstalment, interestSubsidy, repaymentMethods } from './loan-schedule';
import { splitByBps } from './money';

describe('fixed examples, checked by hand', () => {
  it('100,000.00 yuan at 4.35% over 12 months in equal instalments pays 8,530.99 a month', () => {
    // r = 0.0435/12 = 0.003625; (1+r)^12 = 1.044398…; 10,000,000 × 0.003625 × 1.044398 / 0.044398 = 853,099.4… fen
    expect(equalInstalment(10_000_000, 435, 12)).toBe(853_099n);
    const rows = buildSchedule({ principalFen: 10_000_000, annualRateBps: 435, months: 12, method: 'equal_instalment', startDate: '2026-01-15' });
    // Period 1: interest 10,000,000 × 0.003625 = 36,250.00 fen exactly; principal 853,099 − 36,250 = 816,849.
    expect(rows[0]).toEqual({ k: 1, dueDate: '2026-02-15', openingFen: 10_000_000, principalFen: 816_849, interestFen: 36_250, paymentFen: 853_099, closingFen: 9_183_151 });
    // Period 2: 9,183,151 × 0.003625 = 33,288.922… → 33,289; principal 853,099 − 33,289 = 819,810.
    expect(rows[1]).toMatchObject({ openingFen: 9_183_151, interestFen: 33_289, principalFen: 819_810 });
    expect(rows.slice(0, 11).every((r) => r.paymentFen === 853_099)).toBe(true);
    const last = rows[11]!;
    expect(last.closingFen).toBe(0);
    expect(last.principalFen).toBe(last.openingFen);
    expect(rows.reduce((s, r) => s + r.principalFen, 0)).toBe(10_000_000);
  });

  it('at a zero rate the instalment is P ÷ n rounded half up and the last period takes the rest', () => {
    const rows = buildSchedule({ principalFen: 1_000_000, annualRateBps: 0, months: 3, method: 'equal_instalment', startDate: '2026-03-31' });
    // 1,000,000 / 3 = 333,333.33 → 333,333; the last pays 333,334.
    expect(rows.map((r) => r.paymentFen)).toEqual([333_333, 333_333, 333_334]);
    expect(rows.map((r) => r.dueDate)).toEqual(['2026-04-30', '2026-05-31', '2026-06-30']);
  });

  it('equal principal: 50,000.00 at 3.65% over 4 months', () => {
    const rows = buildSchedule({ principalFen: 5_000_000, annualRateBps: 365, months: 4, method: 'equal_principal', startDate: '2026-01-31' });
    // principal 1,250,000 each; interest 5,000,000 × 0.0365/12 = 15,208.33 → 15,208; then 11,406.25 → 11,406; 7,604.17 → 7,604; 3,802.08 → 3,802
    expect(rows.map((r) => [r.principalFen, r.interestFen])).toEqual([
      [1_250_000, 15_208],
      [1_250_000, 11_406],
      [1_250_000, 7_604],
      [1_250_000, 3_802],
    ]);
    expect(rows.map((r) => r.dueDate)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('interest only: principal at maturity', () => {
    const rows = buildSchedule({ principalFen: 20_000_000, annualRateBps: 400, months: 3, method: 'interest_only', startDate: '2026-06-10' });
    // 20,000,000 × 0.04/12 = 66,666.67 → 66,667 every month.
    expect(rows.map((r) => [r.principalFen, r.interestFen])).toEqual([
      [0, 66_667],
      [0, 66_667],
      [20_000_000, 66_667],
    ]);
  });

  it('interest subsidy: the union pays what exceeds the borrower cap', () => {
    // Opening 10,000,000 at 4.35%: interest 36,250; at a 1.5% cap the borrower pays 10,000,000 × 0.015/12 = 12,500.
    expect(interestSubsidy({ openingFen: 10_000_000, interestFen: 36_250 }, 150)).toBe(23_750);
    expect(interestSubsidy({ openingFen: 10_000_000, interestFen: 36_250 }, 500)).toBe(0);
  });

  it('months are added from the start date, clamped to month ends', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('risk shares split a loss exactly', () => {
    expect(splitByBps(100_001, { union: 7000, bank: 2500, guarantor: 500 })).toEqual({ union: 70_001, bank: 25_000, guarantor: 5_000 });
    const parts = splitByBps(99_999, { union: 3333, insurer: 3333, bank: 3334, guarantor: 0 });
    expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBe(99_999);
  });
});

describe('schedule properties over random loans', () => {
  const loan = fc.record({
    principalFen: fc.integer({ min: 1, max: 500_000_000 }),
    annualRateBps: fc.integer({ min: 0, max: 2_400 }),
    months: fc.integer({ min: 1, max: 360 }),
    method: fc.constantFrom(...repaymentMethods),
    startDate: fc.constantFrom('2026-01-31', '2026-02-28', '2024-02-29', '2026-07-15'),
  });

  it('principal sums exactly to the loan, nothing is negative, the balance ends at zero, interest is outstanding × r', () => {
    fc.assert(
      fc.property(loan, (input) => {
        const rows = buildSchedule(input);
        expect(rows).toHaveLength(input.months);
        expect(rows.reduce((s, r) => s + r.principalFen, 0)).toBe(input.principalFen);
        expect(rows.at(-1)!.closingFen).toBe(0);
        let balance = input.principalFen;
        for (const r of rows) {
          expect(r.principalFen).toBeGreaterThanOrEqual(0);
          expect(r.interestFen).toBeGreaterThanOrEqual(0);
          expect(r.openingFen).toBe(balance);
          expect(r.paymentFen).toBe(r.principalFen + r.interestFen);
          // Interest within half a fen of the exact outstanding × rate / 12.
          expect(Math.abs(r.interestFen * 120_000 - r.openingFen * input.annualRateBps)).toBeLessThanOrEqual(60_000);
          balance -= r.principalFen;
        }
      }),
      { numRuns: 500 },
    );
    // 500 schedules of up to hundreds of months with exact arithmetic: about 4 s alone, more on a busy machine.
  }, 60_000);

  it('equal instalments are equal except the last, unless rounding repaid the loan early', () => {
    // Over hundreds of months the half-fen roundings can repay a small loan a period early: the period that
    // finds less owed than its regular principal takes what is left, and later periods are empty.
    fc.assert(
      fc.property(loan, (input) => {
        const rows = buildSchedule({ ...input, method: 'equal_instalment' });
        const instalment = Number(equalInstalment(input.principalFen, input.annualRateBps, input.months));
        let repaid = false;
        for (const r of rows.slice(0, -1)) {
          if (repaid) expect(r.paymentFen).toBe(0);
          else if (r.closingFen === 0) repaid = true;
          else expect(r.paymentFen).toBe(instalment);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
