import { describe, expect, it } from 'vitest';
import { amountCap, checkEligibility, wholeMonthsBetween, type EligibilityFacts, type EligibilityProduct } from './loan-eligibility';

const product: EligibilityProduct = {
  status: 'active',
  borrowerType: 'enterprise',
  minAmountFen: 1_000_000,
  maxAmountFen: 20_000_000,
  minTermMonths: 6,
  maxTermMonths: 36,
  eligibility: { requireActiveMember: true, minOperatingMonths: 6, requireNoBadCredit: true, maxLifetimeLoans: 2, maxConcurrentLoans: 1 },
  modelWorkerMaxAmountFen: 50_000_000,
};
const facts: EligibilityFacts = {
  memberStatus: 'active',
  modelWorkerLevel: 'none',
  amountFen: 10_000_000,
  termMonths: 12,
  declaresNoBadCredit: true,
  enterpriseName: '常州青禾餐饮有限公司',
  enterpriseCreditCode: '91320411MA1XXXXXXX',
  enterpriseFoundedOn: '2026-01-15',
  lifetimeLoans: 0,
  openLoans: 0,
  today: '2026-07-15',
};
const codes = (f: Partial<EligibilityFacts>, p: Partial<EligibilityProduct> = {}) => checkEligibility({ ...product, ...p }, { ...facts, ...f }).map((r) => r.code);

describe('loan eligibility', () => {
  it('passes a complete application', () => {
    expect(codes({})).toEqual([]);
  });

  it('names every reason, each with zh and en text', () => {
    const reasons = checkEligibility(
      { ...product, status: 'closed' },
      { ...facts, memberStatus: 'retired', declaresNoBadCredit: false, lifetimeLoans: 2, openLoans: 1, amountFen: 500, termMonths: 60, enterpriseFoundedOn: '2026-03-01' },
    );
    expect(reasons.map((r) => r.code)).toEqual([
      'product_inactive',
      'member_inactive',
      'operating_too_short',
      'bad_credit_not_declared',
      'lifetime_limit',
      'concurrent_limit',
      'amount_out_of_range',
      'term_out_of_range',
    ]);
    for (const r of reasons) expect(r.zh.length > 0 && r.en.length > 0).toBe(true);
    expect(reasons.find((r) => r.code === 'amount_out_of_range')!.zh).toBe('申请金额须在 10,000 至 200,000 元之间');
  });

  it('operating months count whole months up to the business date', () => {
    expect(codes({ enterpriseFoundedOn: '2026-01-16' })).toEqual(['operating_too_short']);
    expect(codes({ enterpriseFoundedOn: '2026-01-15' })).toEqual([]);
    expect(wholeMonthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(wholeMonthsBetween('2026-01-31', '2026-02-27')).toBe(0);
    expect(wholeMonthsBetween('2026-02-01', '2026-01-01')).toBe(-1);
  });

  it('an enterprise product needs the enterprise; an individual product does not', () => {
    expect(codes({ enterpriseName: null })).toEqual(['enterprise_details_missing']);
    expect(codes({ enterpriseName: null, enterpriseCreditCode: null, enterpriseFoundedOn: null }, { borrowerType: 'individual' })).toEqual([]);
  });

  it('model workers get the higher cap, others the product cap', () => {
    expect(amountCap(product, 'none')).toBe(20_000_000);
    expect(amountCap(product, 'city')).toBe(50_000_000);
    expect(amountCap({ maxAmountFen: 20_000_000, modelWorkerMaxAmountFen: null }, 'national')).toBe(20_000_000);
    expect(codes({ amountFen: 30_000_000 })).toEqual(['amount_out_of_range']);
    expect(codes({ amountFen: 30_000_000, modelWorkerLevel: 'provincial' })).toEqual([]);
  });

  it('limits follow the rules: no bad-credit declaration needed when the rule is off', () => {
    expect(codes({ declaresNoBadCredit: false }, { eligibility: { ...product.eligibility, requireNoBadCredit: false } })).toEqual([]);
    expect(codes({ lifetimeLoans: 1 })).toEqual([]);
    expect(codes({ openLoans: 1 }, { eligibility: { ...product.eligibility, maxConcurrentLoans: 2 } })).toEqual([]);
  });
});
