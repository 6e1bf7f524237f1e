import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { idem, loanActors, type LoanActors } from '../../../test/support/loan-actors';
import { contribute, ledgerFacts, loanRow } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/**
 * Overdue as of a business date, default, claim, claim payment, recovery and write-off, through the API.
 * The test clock stands at 2026-11-28; loans are disbursed 2026-01-15: 100,000.00 yuan at 4.35% over 12 months,
 * 8,530.99 a month, due on the 15th; interest of periods 1–4: 36,250, 33,289, 30,317, 27,335 fen.
 */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
});
afterAll(async () => t.close());

const INSTALMENT = 853_099;
const repaying = async (f: LoanFixture = fx) => (await buildLoan(t, f, a.city, { state: 'repaying' })).loanId;
const pay = (loanId: number, amountFen: number, paidOn: string, ref: string) => a.bank.post(`/api/v1/loans/${loanId}/repayments`, { amountFen, paidOn, bankTxnRef: ref }, idem());

async function overdueOf(loanId: number, asOf: string, extra = '') {
  const res = await a.city.get(`/api/v1/loans/overdue?programmeId=${fx.programmeId}&asOf=${asOf}&pageSize=100${extra}`);
  expect(res.status).toBe(200);
  return { item: res.body.items.find((i: { id: number }) => i.id === loanId) as { daysPastDue: number; bucket: string; overdueAmountFen: number; nextDueOn: string } | undefined, body: res.body };
}

describe('overdue as of a business date', () => {
  it('days past due, bucket and amount match a hand count', async () => {
    const loanId = await repaying();
    // Period 1 fell due 2026-02-15. Days from then: 02-16 → 1; 03-17 → 30; 03-18 → 31; 05-16 → 13 + 31 + 30 + 16 = 90; 05-17 → 91.
    expect((await overdueOf(loanId, '2026-02-15')).item).toBeUndefined();
    expect((await overdueOf(loanId, '2026-02-16')).item).toMatchObject({ daysPastDue: 1, bucket: '1-30', overdueAmountFen: INSTALMENT, nextDueOn: '2026-02-15' });
    expect((await overdueOf(loanId, '2026-03-17')).item).toMatchObject({ daysPastDue: 30, bucket: '1-30', overdueAmountFen: 2 * INSTALMENT });
    expect((await overdueOf(loanId, '2026-03-18')).item).toMatchObject({ daysPastDue: 31, bucket: '31-60' });
    expect((await overdueOf(loanId, '2026-05-16')).item).toMatchObject({ daysPastDue: 90, bucket: '61-90', overdueAmountFen: 4 * INSTALMENT });
    expect((await overdueOf(loanId, '2026-05-17')).item).toMatchObject({ daysPastDue: 91, bucket: '90+' });
    // The bucket filter and the summary agree with the items.
    const only = await overdueOf(loanId, '2026-03-18', '&bucket=31-60');
    expect(only.item).toBeDefined();
    expect(only.body.items.every((i: { bucket: string }) => i.bucket === '31-60')).toBe(true);
    expect((await overdueOf(loanId, '2026-03-18', '&bucket=1-30')).item).toBeUndefined();
    const summary = (await overdueOf(loanId, '2026-03-18')).body.buckets as { bucket: string; count: number }[];
    expect(summary.map((b) => b.bucket)).toEqual(['1-30', '31-60', '61-90', '90+']);
    expect(summary.find((b) => b.bucket === '31-60')!.count).toBeGreaterThanOrEqual(1);
  });

  it('a partial payment keeps the period open; paying it moves the next due date', async () => {
    const loanId = await repaying();
    await pay(loanId, 500_000, '2026-02-20', 'OD-1');
    // On 2026-03-01 period 1 is still 353,099 short: 14 days past due.
    expect((await overdueOf(loanId, '2026-03-01')).item).toMatchObject({ daysPastDue: 14, overdueAmountFen: INSTALMENT - 500_000 });
    await pay(loanId, INSTALMENT - 500_000, '2026-03-02', 'OD-2');
    expect((await overdueOf(loanId, '2026-03-10')).item).toBeUndefined();
    expect((await overdueOf(loanId, '2026-03-16')).item).toMatchObject({ daysPastDue: 1, nextDueOn: '2026-03-15', overdueAmountFen: INSTALMENT });
  });

  it('counts only the payments made by the date asked about', async () => {
    const loanId = await repaying();
    await pay(loanId, INSTALMENT, '2026-03-10', 'PAST-1');
    // On 2026-03-01 the payment of 03-10 had not come in: period 1 was 14 days past due.
    expect((await overdueOf(loanId, '2026-03-01')).item).toMatchObject({ daysPastDue: 14, bucket: '1-30', overdueAmountFen: INSTALMENT, nextDueOn: '2026-02-15' });
    expect((await overdueOf(loanId, '2026-03-12')).item).toBeUndefined();
    // A loan settled on 2026-03-10 was overdue on 2026-03-01, and is not on 2026-03-12 nor today.
    const settled = await repaying();
    const owed = (await a.bank.get(`/api/v1/loans/${settled}/repayments`)).body.maxPayableTodayFen as number;
    expect(owed).toBeGreaterThan(0);
    const schedule = (await t.pool.query('select interest_fen from loan_schedule where loan_id = $1 and k = 1', [settled])).rows[0];
    expect((await pay(settled, 10_000_000 + Number(schedule.interest_fen), '2026-03-10', 'SETTLE-1')).body.state).toBe('settled');
    expect((await overdueOf(settled, '2026-03-01')).item).toMatchObject({ daysPastDue: 14, state: 'settled' });
    expect((await overdueOf(settled, '2026-03-12')).item).toBeUndefined();
    expect((await overdueOf(settled, '2026-11-28')).item).toBeUndefined();
    // Before its disbursement a loan is not overdue.
    expect((await overdueOf(loanId, '2026-01-10')).item).toBeUndefined();
  });

  it('is scoped: a district outside the chain sees none of it; an impossible date is a 400', async () => {
    const loanId = await repaying();
    const wujin = await a.wujin.get(`/api/v1/loans/overdue?asOf=2026-05-17&pageSize=100`);
    expect(wujin.body.items.find((i: { id: number }) => i.id === loanId)).toBeUndefined();
    const xinbei = await a.xinbei.get(`/api/v1/loans/overdue?asOf=2026-05-17&pageSize=100`);
    expect(xinbei.body.items.find((i: { id: number }) => i.id === loanId)).toBeDefined();
    expect((await a.city.get('/api/v1/loans/overdue?asOf=2026-02-30')).status).toBe(400);
    expect((await a.city.get('/api/v1/loans/overdue?asOf=2026-05-17&colour=red')).status).toBe(400);
  });
});

describe('default', () => {
  it('needs more than 90 days past due as of the date: 90 is refused, 91 is accepted', async () => {
    const loanId = await repaying();
    const url = `/api/v1/loans/${loanId}/default`;
    const early = await a.bank.post(url, { asOf: '2026-05-16' }, idem());
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'LOAN_NOT_DEFAULTABLE', params: { daysPastDue: 90 } });
    expect((await a.bank.post(url, { asOf: '2026-11-29' }, idem())).body.errors[0]).toMatchObject({ path: 'asOf', code: 'money.dateFuture' });
    expect((await a.bank.post(url, { asOf: '2026-01-10' }, idem())).body.errors[0]).toMatchObject({ path: 'asOf', code: 'money.dateBeforeDisbursement' });
    expect((await a.bank.post(url, { asOf: '2026-02-30' }, idem())).status).toBe(400);
    expect((await a.bank.post(url, { asOf: '2026-05-17', extra: 1 }, idem())).status).toBe(400);
    const ok = await a.bank.post(url, { asOf: '2026-05-17', comment: '连续逾期' }, idem());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ loanId, state: 'defaulted', defaultedOn: '2026-05-17', claim: null });
    expect((await t.pool.query(`select count(*)::int as n from audit_log where action = 'loan.declare_default' and entity_id = $1`, [String(loanId)])).rows[0].n).toBe(1);
    expect((await a.bank.post(url, { asOf: '2026-05-17' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
  });

  it('judges the date asked about: a loan paid up since is still defaultable as of a date it was 91 days behind', async () => {
    const loanId = await repaying();
    await pay(loanId, 4 * INSTALMENT, '2026-05-20', 'LATE-1');
    // Today it is far behind again (periods 5–10 unpaid); as of 2026-05-17 it was 91 days behind.
    expect((await a.city.post(`/api/v1/loans/${loanId}/default`, { asOf: '2026-05-17' }, idem())).status).toBe(200);
  });

  it('is for the loan bank or the city; others are refused or do not see the loan', async () => {
    const loanId = await repaying();
    const url = `/api/v1/loans/${loanId}/default`;
    expect((await a.xinbei.post(url, { asOf: '2026-06-01' }, idem())).status).toBe(403);
    expect((await a.insurer.post(url, { asOf: '2026-06-01' }, idem())).status).toBe(403);
    expect((await a.wujin.get(`/api/v1/loans/${loanId}/claim`)).status).toBe(404);
    expect((await a.city.post(`/api/v1/loans/999999/default`, { asOf: '2026-06-01' }, idem())).status).toBe(404);
  });
});

describe('claim, payment of the union share, recovery and write-off', () => {
  async function defaulted(f: LoanFixture = fx) {
    const loanId = await repaying(f);
    expect((await a.bank.post(`/api/v1/loans/${loanId}/default`, { asOf: '2026-05-17' }, idem())).status).toBe(200);
    return loanId;
  }

  it("splits the loss by the product's risk shares, to the fen, and posts the union's share as owed", async () => {
    const loanId = await defaulted();
    const url = `/api/v1/loans/${loanId}/claim`;
    expect((await a.bank.post(url, {}, idem())).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.city.post(url, { claimedOn: '2026-05-16' }, idem())).body.errors[0]).toMatchObject({ path: 'claimedOn', code: 'money.dateBeforeDefault' });
    const res = await a.city.post(url, { claimedOn: '2026-06-01' }, idem());
    expect(res.status).toBe(200);
    // Loss = principal 10,000,000 + interest due by the default (periods 1–4) 127,191 = 10,127,191.
    // 70% = 7,089,033.70, 25% = 2,531,797.75, 5% = 506,359.55: floors sum to 10,127,189; the two fen left go to the
    // largest remainders, the insurer's (.75) and the union's (.70).
    expect(res.body).toMatchObject({ state: 'claimed' });
    expect(res.body.claim).toMatchObject({ lossFen: 10_127_191, unionShareFen: 7_089_034, insurerShareFen: 2_531_798, bankShareFen: 506_359, guarantorShareFen: 0, unionSharePaid: false });
    const c = res.body.claim;
    expect(c.unionShareFen + c.insurerShareFen + c.bankShareFen + c.guarantorShareFen).toBe(c.lossFen);
    const posted = await t.pool.query(
      `select e.account, e.debit_fen, e.credit_fen, x.posted_on from ledger_transactions x join ledger_entries e on e.txn_id = x.id where x.loan_id = $1 and x.kind = 'claim' order by e.id`,
      [loanId],
    );
    expect(posted.rows).toEqual([
      { account: 'default_loss_expense', debit_fen: 7_089_034, credit_fen: 0, posted_on: '2026-06-01' },
      { account: 'claims_payable', debit_fen: 0, credit_fen: 7_089_034, posted_on: '2026-06-01' },
    ]);
    expect((await a.city.post(url, {}, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
  });

  it('splits four ways to the fen with awkward shares', async () => {
    const productId = (
      await t.pool.query(
        `insert into loan_products (programme_id, code, name, borrower_type, min_amount_fen, max_amount_fen, min_term_months, max_term_months, rate_kind, annual_rate_bps,
           repayment_method, eligibility, subsidy, model_worker, risk_shares, visit_plan, pipeline)
         select programme_id, 'odd', '奇数分担', borrower_type, min_amount_fen, max_amount_fen, min_term_months, max_term_months, rate_kind, annual_rate_bps,
           repayment_method, eligibility, subsidy, model_worker, '{"union":3333,"insurer":3333,"bank":1667,"guarantor":1667}', visit_plan, pipeline
           from loan_products where id = $1 returning id`,
        [fx.productId],
      )
    ).rows[0].id as number;
    const loanId = await defaulted({ ...fx, productId });
    const res = await a.city.post(`/api/v1/loans/${loanId}/claim`, {}, idem());
    // 10,127,191 × 33.33% = 3,375,392.76 (×2), × 16.67% = 1,688,202.74 (×2): floors 10,127,188, three fen to the
    // remainders .76, .76, .74 in that order.
    expect(res.body.claim).toMatchObject({ lossFen: 10_127_191, unionShareFen: 3_375_393, insurerShareFen: 3_375_393, bankShareFen: 1_688_203, guarantorShareFen: 1_688_202 });
  });

  it("pays the union's share out of the fund once; a second payment with a new key is refused", async () => {
    const loanId = await defaulted();
    const payUrl = `/api/v1/loans/${loanId}/claim/pay`;
    const body = { paidOn: '2026-06-10', paymentRef: 'DC-0001' };
    expect((await a.city.post(payUrl, body, idem())).body.code).toBe('LOAN_TRANSITION_INVALID'); // no claim yet
    await a.city.post(`/api/v1/loans/${loanId}/claim`, { claimedOn: '2026-06-01' }, idem());
    const facts = await ledgerFacts(t, fx.programmeId);
    // The fund holds less than the share: refused, nothing posted.
    const cash = facts.net('fund_cash');
    if (cash < 7_089_034) {
      const poor = await a.city.post(payUrl, body, idem());
      expect(poor.status).toBe(422);
      expect(poor.body.code).toBe('LEDGER_FUND_INSUFFICIENT');
      await contribute(t, fx.programmeId, 20_000_000);
    }
    expect((await a.bank.post(payUrl, body, idem())).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.city.post(payUrl, { ...body, paidOn: '2026-11-29' }, idem())).body.errors[0]).toMatchObject({ path: 'paidOn', code: 'money.dateFuture' });
    const key = idem();
    const paid = await a.city.post(payUrl, body, key);
    expect(paid.status).toBe(200);
    expect(paid.body.claim.unionSharePaid).toBe(true);
    expect((await a.city.post(payUrl, body, key)).body).toEqual(paid.body);
    const again = await a.city.post(payUrl, body, idem());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LOAN_CLAIM_ALREADY_PAID');
    const payments = await t.pool.query(`select count(*)::int as n from ledger_transactions where loan_id = $1 and kind = 'claim_payment'`, [loanId]);
    expect(payments.rows[0].n).toBe(1);
    const after = await ledgerFacts(t, fx.programmeId);
    expect(after.unbalanced).toBe(0);
    expect(after.net('claims_payable')).toBe(facts.net('claims_payable') + 7_089_034);
    expect((await t.pool.query(`select count(*)::int as n from audit_log where action = 'loan.claim_paid' and entity_id = $1`, [String(loanId)])).rows[0].n).toBe(1);
  });

  it("recoveries: never more than the loss not yet recovered; the union's parts add up to its share; in full, the loan is recovered", async () => {
    const loanId = await defaulted();
    await a.city.post(`/api/v1/loans/${loanId}/claim`, { claimedOn: '2026-06-01' }, idem());
    const url = `/api/v1/loans/${loanId}/recoveries`;
    const before = await ledgerFacts(t, fx.programmeId);
    expect((await a.bank.post(url, { amountFen: 100, receivedOn: '2026-07-01' }, idem())).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.city.post(url, { amountFen: 100, receivedOn: '2026-05-01' }, idem())).body.errors[0]).toMatchObject({ path: 'receivedOn', code: 'money.dateBeforeDefault' });
    const first = await a.city.post(url, { amountFen: 333_333, receivedOn: '2026-07-01' }, idem());
    expect(first.status).toBe(200);
    // 333,333 × 7,089,034 / 10,127,191 = 233,333.0… → 233,333.
    expect(first.body).toMatchObject({ state: 'claimed', claim: { recoveredFen: 333_333, unionRecoveredFen: 233_333 } });
    const second = await a.city.post(url, { amountFen: 1_000_001, receivedOn: '2026-08-01' }, idem());
    expect(second.body.claim.recoveredFen).toBe(1_333_334);
    const left = 10_127_191 - 1_333_334;
    const over = await a.city.post(url, { amountFen: left + 1, receivedOn: '2026-09-01' }, idem());
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'LOAN_RECOVERY_EXCEEDS_LOSS', params: { maxFen: left } });
    const last = await a.city.post(url, { amountFen: left, receivedOn: '2026-09-01' }, idem());
    expect(last.body).toMatchObject({ state: 'recovered', claim: { recoveredFen: 10_127_191, unionRecoveredFen: 7_089_034 } });
    const after = await ledgerFacts(t, fx.programmeId);
    // What came back to the fund is exactly the union's share, in three postings.
    expect(after.net('fund_cash') - before.net('fund_cash')).toBe(7_089_034);
    expect(-(after.net('recovery_income') - before.net('recovery_income'))).toBe(7_089_034);
    expect((await t.pool.query(`select count(*)::int as n from ledger_transactions where loan_id = $1 and kind = 'recovery'`, [loanId])).rows[0].n).toBe(3);
    // A recovered loan takes no more recoveries and cannot be written off.
    expect((await a.city.post(url, { amountFen: 1, receivedOn: '2026-09-02' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
    expect((await a.city.post(`/api/v1/loans/${loanId}/write-off`, { comment: '无法追回' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
  });

  it('write-off: what stays lost after the recoveries; the loan is then closed to recoveries', async () => {
    const loanId = await defaulted();
    const wo = `/api/v1/loans/${loanId}/write-off`;
    expect((await a.city.post(wo, { comment: '无法追回' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID'); // not claimed yet
    await a.city.post(`/api/v1/loans/${loanId}/claim`, {}, idem());
    await a.city.post(`/api/v1/loans/${loanId}/recoveries`, { amountFen: 127_191, receivedOn: '2026-07-01' }, idem());
    expect((await a.city.post(wo, {}, idem())).status).toBe(400);
    expect((await a.bank.post(wo, { comment: '无法追回' }, idem())).body.code).toBe('LOAN_WRONG_PARTY');
    const res = await a.city.post(wo, { comment: '借款人失联，无法追回' }, idem());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'written_off', claim: { writtenOffFen: 10_000_000, recoveredFen: 127_191 } });
    expect((await a.city.post(`/api/v1/loans/${loanId}/recoveries`, { amountFen: 1, receivedOn: '2026-09-01' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
    expect(await loanRow(t, loanId)).toMatchObject({ state: 'written_off', defaulted_on: '2026-05-17' });
  });

  it('the workflow refuses claims, recoveries and write-offs out of order', async () => {
    const loanId = await repaying();
    expect((await a.city.post(`/api/v1/loans/${loanId}/claim`, {}, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
    expect((await a.city.post(`/api/v1/loans/${loanId}/recoveries`, { amountFen: 1, receivedOn: '2026-07-01' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
    const d = await defaulted();
    expect((await a.city.post(`/api/v1/loans/${d}/recoveries`, { amountFen: 1, receivedOn: '2026-07-01' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
    expect((await a.city.post(`/api/v1/loans/${d}/write-off`, { comment: 'x' }, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
    expect((await a.bank.get(`/api/v1/loans/${d}/claim`)).body).toMatchObject({ state: 'defaulted', claim: null });
  });
});
