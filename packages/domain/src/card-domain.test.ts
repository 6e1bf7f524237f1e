import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardEvents, cardStates, cardTransitions, checkCardEvent, maskCardNumber, normaliseCardNumber } from './card-workflow';
import { purchaseSubsidy, refundSubsidy } from './card-subsidy';
import { parseRatePeriod, periodsOfMonth, rate, shanghaiMonth } from './card-period';
import { checkMerchantEvent, merchantEvents, merchantStates, merchantTransitions, reapplyAllowedFrom } from './merchant-workflow';

describe('card workflow', () => {
  const cases = cardStates.flatMap((s) => cardEvents.map((e) => [s, e] as const));
  it.each(cases)('%s + %s follows the table', (state, event) => {
    const t = cardTransitions[event];
    for (const actor of ['union', 'bank', 'member'] as const) {
      const r = checkCardEvent(state, event, actor);
      if (!t.from.includes(state)) expect(r).toEqual({ ok: false, reason: 'state' });
      else if (!t.by.includes(actor)) expect(r).toEqual({ ok: false, reason: 'actor' });
      else expect(r).toEqual({ ok: true, to: t.to });
    }
  });
  it('only the bank issues and activates', () => {
    expect(checkCardEvent('applied', 'issue', 'union')).toEqual({ ok: false, reason: 'actor' });
    expect(checkCardEvent('issued', 'activate', 'bank')).toEqual({ ok: true, to: 'activated' });
    expect(checkCardEvent('cancelled', 'activate', 'bank')).toEqual({ ok: false, reason: 'state' });
  });
  it('reads and masks card numbers', () => {
    expect(normaliseCardNumber('6217 8801 2345 6789')).toBe('6217880123456789');
    expect(normaliseCardNumber('6217-8801-2345-6789-012')).toBe('6217880123456789012');
    expect(normaliseCardNumber('1234')).toBeNull();
    expect(normaliseCardNumber('6217a80123456789')).toBeNull();
    expect(maskCardNumber('6789')).toBe('**** **** **** 6789');
  });
});

describe('merchant workflow', () => {
  it.each(merchantStates.flatMap((s) => merchantEvents.map((e) => [s, e] as const)))('%s + %s follows the table', (state, event) => {
    const t = merchantTransitions[event];
    expect(checkMerchantEvent(state, event)).toEqual(t.from.includes(state) ? { ok: true, to: t.to } : { ok: false });
  });
  it('a revoked merchant may apply again after the ban', () => {
    expect(reapplyAllowedFrom('2026-05-31', 3)).toBe('2029-05-31');
    expect(reapplyAllowedFrom('2024-02-29', 3)).toBe('2027-02-28');
  });
});

describe('card subsidies', () => {
  const terms = { subsidyBps: 1200, capPerTxnFen: 2000, capPerMonthFen: 5000 };
  it('is the rate of the amount, rounded half up, within both caps (checked by hand)', () => {
    expect(purchaseSubsidy(10_000, terms, 0)).toBe(1200); // 100.00 × 12% = 12.00
    expect(purchaseSubsidy(10_004, terms, 0)).toBe(1200); // 1200.48 → 1200
    expect(purchaseSubsidy(10_005, terms, 0)).toBe(1201); // 1200.6 → 1201
    expect(purchaseSubsidy(50_000, terms, 0)).toBe(2000); // 60.00 capped at 20.00 a transaction
    expect(purchaseSubsidy(50_000, terms, 4500)).toBe(500); // 5.00 left of the 50.00 a month
    expect(purchaseSubsidy(50_000, terms, 5000)).toBe(0);
    expect(purchaseSubsidy(50_000, { subsidyBps: 1200, capPerTxnFen: null, capPerMonthFen: null }, 999_999)).toBe(6000);
  });
  it('gives the subsidy back in proportion on refunds, exactly in full when the whole amount is refunded', () => {
    expect(refundSubsidy(10_000, 1200, 0, 5000)).toBe(600);
    expect(refundSubsidy(10_000, 1200, 5000, 5000)).toBe(600);
    expect(refundSubsidy(3, 1, 0, 1)).toBe(0); // 0.33 → 0
    expect(refundSubsidy(3, 1, 1, 1)).toBe(1); // 0.67 → 1, less 0
    expect(() => refundSubsidy(100, 10, 90, 20)).toThrow();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), (amount, bps, parts) => {
        const subsidy = purchaseSubsidy(amount, { subsidyBps: bps, capPerTxnFen: null, capPerMonthFen: null }, 0);
        const total = parts.reduce((a, b) => a + b, 0);
        // Split the amount in the given proportions, the last part taking the rest.
        let left = amount;
        let back = 0;
        let before = 0;
        parts.forEach((p, i) => {
          const r = i === parts.length - 1 ? left : Math.min(left, Math.floor((amount * p) / total));
          if (r <= 0) return;
          const give = refundSubsidy(amount, subsidy, before, r);
          expect(give).toBeGreaterThanOrEqual(0);
          back += give;
          before += r;
          left -= r;
        });
        expect(back).toBe(subsidy);
      }),
    );
  });
});

describe('rate periods', () => {
  it('reads months, quarters and years', () => {
    expect(parseRatePeriod('2026-10')).toEqual({ code: '2026-10', kind: 'month', fromMonth: 202610, toMonth: 202610 });
    expect(parseRatePeriod('2026-Q3')).toEqual({ code: '2026-Q3', kind: 'quarter', fromMonth: 202607, toMonth: 202609 });
    expect(parseRatePeriod('2026')).toEqual({ code: '2026', kind: 'year', fromMonth: 202601, toMonth: 202612 });
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-1', '2026-q1', '']) expect(parseRatePeriod(bad)).toBeNull();
  });
  it('keys a month by its periods, in Shanghai time', () => {
    expect(periodsOfMonth(202610)).toEqual(['2026-10', '2026-Q4', '2026']);
    expect(periodsOfMonth(202603)).toEqual(['2026-03', '2026-Q1', '2026']);
    expect(shanghaiMonth(new Date('2026-09-30T16:30:00Z'))).toBe(202610);
    expect(shanghaiMonth(new Date('2026-09-30T15:59:59Z'))).toBe(202609);
  });
  it('gives rates to four decimals, none over zero', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 0)).toBeNull();
  });
});
