import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from './calendar';
import { allocateRepayment, maxRepayment, nextDueDateOf, overdueAsOf, periodStatus, type PeriodPosition } from './loan-allocation';
import { interestSubsidyCapBps, shareLoss, unionRecoveryShare } from './loan-claims';
import { buildSchedule, repaymentMethods } from './loan-schedule';

function positions(principalFen = 10_000_000, months = 12, rateBps = 435): PeriodPosition[] {
  return buildSchedule({ principalFen, annualRateBps: rateBps, months, method: 'equal_instalment', startDate: '2026-01-15' }).map((r) => ({
    k: r.k,
    dueOn: r.dueDate,
    openingFen: r.openingFen,
    principalFen: r.principalFen,
    interestFen: r.interestFen,
    paidPrincipalFen: 0,
    paidInterestFen: 0,
  }));
}

function pay(periods: PeriodPosition[], amount: number, paidOn: string) {
  const r = allocateRepayment(periods, amount, paidOn);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r;
}

describe('allocating a repayment', () => {
  it('an instalment paid on its due date completes the period on time and moves the next due date', () => {
    const p = positions();
    // Period 1 of 100,000.00 at 4.35% over 12 months: 8,530.99 = 362.50 interest + 8,168.49 principal.
    const r = pay(p, 853_099, '2026-02-15');
    expect(r.allocations).toEqual([{ k: 1, interestFen: 36_250, principalFen: 816_849 }]);
    expect(r.completed).toEqual([{ k: 1, onTime: true }]);
    expect(r.principalOutstandingFen).toBe(10_000_000 - 816_849);
    expect(r.nextDueOn).toBe('2026-03-15');
    expect(r.settled).toBe(false);
  });

  it('a partial payment pays interest first, and the period stays open', () => {
    const r = pay(positions(), 50_000, '2026-02-15');
    expect(r.allocations).toEqual([{ k: 1, interestFen: 36_250, principalFen: 13_750 }]);
    expect(r.completed).toEqual([]);
    expect(r.nextDueOn).toBe('2026-02-15');
  });

  it('a late payment covers the overdue periods in due order (interest then principal each) and earns no subsidy', () => {
    const p = positions();
    const r = pay(p, 853_099 * 2, '2026-03-20');
    expect(r.allocations.map((a) => a.k)).toEqual([1, 2]);
    expect(r.allocations[0]).toEqual({ k: 1, interestFen: 36_250, principalFen: 816_849 });
    expect(r.completed).toEqual([
      { k: 1, onTime: false },
      { k: 2, onTime: false },
    ]);
    expect(r.nextDueOn).toBe('2026-04-15');
  });

  it('money beyond what is due pays the current instalment, then prepays later principal', () => {
    const r = pay(positions(), 853_099 + 1_000_000, '2026-02-15');
    // Period 1 is due; period 2 (due 15 March) is the current instalment: its interest and principal; the rest
    // prepays period 3's principal, whose interest is not owed yet.
    expect(r.allocations).toEqual([
      { k: 1, interestFen: 36_250, principalFen: 816_849 },
      { k: 2, interestFen: 33_289, principalFen: 819_810 },
      { k: 3, interestFen: 0, principalFen: 146_901 },
    ]);
    expect(r.completed).toEqual([
      { k: 1, onTime: true },
      { k: 2, onTime: true },
    ]);
    expect(r.nextDueOn).toBe('2026-04-15');
    expect(r.periods[2]!.paidInterestFen).toBe(0);
  });

  it('an instalment paid a few days early is paid on time, not turned into prepaid principal', () => {
    const r = pay(positions(), 853_099, '2026-02-10');
    expect(r.allocations).toEqual([{ k: 1, interestFen: 36_250, principalFen: 816_849 }]);
    expect(r.completed).toEqual([{ k: 1, onTime: true }]);
    expect(r.nextDueOn).toBe('2026-03-15');
    // On its due date nothing of period 1 is overdue.
    expect(overdueAsOf(r.periods, '2026-02-16').daysPastDue).toBe(0);
  });

  it('early full repayment settles the loan without charging future interest', () => {
    const p = pay(positions(), 853_099, '2026-02-15').periods;
    const max = maxRepayment(p, '2026-03-01');
    expect(max).toBe(10_000_000 - 816_849);
    const r = pay(p, max, '2026-03-01');
    expect(r.settled).toBe(true);
    expect(r.nextDueOn).toBeNull();
    expect(r.allocations.every((a) => a.interestFen === 0)).toBe(true);
    expect(r.completed).toEqual([]);
    expect(periodStatus(r.periods[5]!, '2026-03-01', true)).toBe('paid');
  });

  it('refuses more than the principal left plus the interest due, and any payment when nothing is owed', () => {
    const p = positions();
    expect(allocateRepayment(p, 10_000_000 + 36_250 + 1, '2026-02-15')).toEqual({ ok: false, reason: 'exceeds', maxFen: 10_036_250 });
    expect(allocateRepayment(p, 10_000_001, '2026-02-01')).toEqual({ ok: false, reason: 'exceeds', maxFen: 10_000_000 });
    const settled = pay(p, 10_000_000, '2026-02-01').periods;
    expect(allocateRepayment(settled, 1, '2026-02-02')).toEqual({ ok: false, reason: 'nothing_owed' });
  });

  it('overdue as of a date: days since the earliest open period, its bucket, and what is past due', () => {
    const p = positions();
    expect(overdueAsOf(p, '2026-02-15')).toMatchObject({ daysPastDue: 0, bucket: '0', overdueAmountFen: 0 });
    expect(overdueAsOf(p, '2026-02-16')).toMatchObject({ daysPastDue: 1, bucket: '1-30', overdueAmountFen: 853_099 });
    expect(overdueAsOf(p, '2026-03-17')).toMatchObject({ daysPastDue: 30, bucket: '1-30', overdueAmountFen: 853_099 * 2 });
    expect(overdueAsOf(p, '2026-03-18').bucket).toBe('31-60');
    expect(overdueAsOf(p, '2026-05-16')).toMatchObject({ daysPastDue: 90, bucket: '61-90' });
    expect(overdueAsOf(p, '2026-05-17')).toMatchObject({ daysPastDue: 91, bucket: '90+' });
    const partly = pay(p, 40_000, '2026-02-20').periods;
    expect(overdueAsOf(partly, '2026-02-21')).toMatchObject({ daysPastDue: 6, overdueAmountFen: 853_099 - 40_000 });
  });

  it('random sequences: principal never over-repaid, outstanding and next due agree with a plain recount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 50_000_000 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 1_500 }),
        fc.constantFrom(...repaymentMethods),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1_000 })), { minLength: 1, maxLength: 30 }),
        (principal, months, rate, method, steps) => {
          let periods: PeriodPosition[] = buildSchedule({ principalFen: principal, annualRateBps: rate, months, method, startDate: '2026-01-31' }).map((r) => ({
            k: r.k,
            dueOn: r.dueDate,
            openingFen: r.openingFen,
            principalFen: r.principalFen,
            interestFen: r.interestFen,
            paidPrincipalFen: 0,
            paidInterestFen: 0,
          }));
          let day = '2026-01-31';
          let paidTotal = 0;
          let interestPaid = 0;
          for (const [gapDays, permille] of steps) {
            day = addDays(day, gapDays);
            const max = maxRepayment(periods, day);
            if (max === 0) break;
            const amount = Math.max(1, Math.floor((max * permille) / 1000));
            const r = allocateRepayment(periods, amount, day);
            expect(r.ok).toBe(true);
            if (!r.ok) return;
            expect(r.allocations.reduce((s, a) => s + a.interestFen + a.principalFen, 0)).toBe(amount);
            periods = r.periods;
            paidTotal += amount;
            interestPaid += r.allocations.reduce((s, a) => s + a.interestFen, 0);
            for (const q of periods) {
              expect(q.paidPrincipalFen).toBeGreaterThanOrEqual(0);
              expect(q.paidPrincipalFen).toBeLessThanOrEqual(q.principalFen);
              expect(q.paidInterestFen).toBeLessThanOrEqual(q.interestFen);
              // Interest is paid ahead of its due date only for the instalment next in line: every earlier period is complete.
              if (q.dueOn > day && q.paidInterestFen > 0) {
                expect(periods.filter((e) => e.dueOn < q.dueOn).every((e) => e.paidPrincipalFen === e.principalFen && e.paidInterestFen === e.interestFen)).toBe(true);
              }
            }
            const outstanding = periods.reduce((s, q) => s + q.principalFen - q.paidPrincipalFen, 0);
            expect(r.principalOutstandingFen).toBe(outstanding);
            expect(paidTotal - interestPaid).toBe(principal - outstanding);
            const open = periods.find((q) => q.paidPrincipalFen < q.principalFen || q.paidInterestFen < q.interestFen);
            expect(r.nextDueOn).toBe(outstanding === 0 ? null : (open?.dueOn ?? null));
            expect(nextDueDateOf(periods)).toBe(r.nextDueOn);
            if (r.settled) break;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

describe('the union’s money rules', () => {
  it('the model-worker cap overrides the product’s when set', () => {
    expect(interestSubsidyCapBps({ borrowerRateCapBps: 150 }, { borrowerRateCapBps: 0 }, 'none')).toBe(150);
    expect(interestSubsidyCapBps({ borrowerRateCapBps: 150 }, { borrowerRateCapBps: 0 }, 'city')).toBe(0);
    expect(interestSubsidyCapBps({ borrowerRateCapBps: 150 }, { borrowerRateCapBps: null }, 'national')).toBe(150);
    expect(interestSubsidyCapBps({ borrowerRateCapBps: null }, { borrowerRateCapBps: null }, 'none')).toBeNull();
  });

  it('a loss is shared to the fen; recoveries add up to the union’s share of their total', () => {
    const shares = { union: 7000, insurer: 2500, bank: 500, guarantor: 0 };
    expect(shareLoss(1_000_001, shares)).toEqual({ union: 700_001, insurer: 250_000, bank: 50_000, guarantor: 0 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 20 }), (loss, weights) => {
        const claim = { lossFen: loss, unionShareFen: shareLoss(loss, shares).union };
        const sum = weights.reduce((a, b) => a + b, 0);
        let before = 0;
        let union = 0;
        weights.forEach((w, i) => {
          const amount = i === weights.length - 1 ? loss - before : Math.floor((loss * w) / sum);
          if (amount <= 0) return;
          const part = unionRecoveryShare(before, amount, claim);
          expect(part).toBeGreaterThanOrEqual(0);
          union += part;
          before += amount;
        });
        // Recovered in full: exactly the union's share of the loss came back.
        expect(before).toBe(loss);
        expect(union).toBe(claim.unionShareFen);
      }),
    );
  });

  it('schedule statuses as of a date', () => {
    const p = positions()[0]!;
    expect(periodStatus(p, '2026-02-14', false)).toBe('future');
    expect(periodStatus(p, '2026-02-15', false)).toBe('due');
    expect(periodStatus(p, '2026-02-16', false)).toBe('overdue');
    expect(periodStatus({ ...p, paidInterestFen: 100 }, '2026-02-10', false)).toBe('partial');
    expect(periodStatus({ ...p, paidInterestFen: p.interestFen, paidPrincipalFen: p.principalFen }, '2026-03-16', false)).toBe('paid');
    expect(addMonths('2026-01-15', 1)).toBe(p.dueOn);
  });
});
