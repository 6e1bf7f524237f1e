import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem, loanActors, officer, partnerUnit, type LoanActors } from '../../../test/support/loan-actors';
import { ledgerFacts, loanRow } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/**
 * The bank records a repayment: who may, the date and amount rules, allocation (interest first, then
 * principal, in due order; the rest prepays later principal), settlement, idempotency and the interest
 * subsidy it earns. The test clock stands at 2026-11-28 in Shanghai; buildLoan disburses on 2026-01-15.
 *
 * The loan of every example: 100,000.00 yuan at 4.35% over 12 months in equal instalments, 8,530.99 a month.
 *   period 1 (due 2026-02-15): interest 10,000,000 × 435 / 120,000 = 36,250; principal 853,099 − 36,250 = 816,849
 *   period 2 (due 2026-03-15): opening 9,183,151; interest 9,183,151 × 435 / 120,000 = 33,288.92 → 33,289;
 *                              principal 853,099 − 33,289 = 819,810
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

const url = (loanId: number) => `/api/v1/loans/${loanId}/repayments`;
const repaying = async (o: Partial<Parameters<typeof buildLoan>[3]> = {}) => (await buildLoan(t, fx, a.city, { state: 'repaying', ...o })).loanId;
const auditCount = async (action: string, loanId: number) =>
  (await t.pool.query(`select count(*)::int as n from audit_log where action = $1 and entity_id = $2`, [action, String(loanId)])).rows[0].n as number;

describe('recording a repayment', () => {
  it('allocates interest first, then principal, in due order; a partial payment leaves the period open', async () => {
    const loanId = await repaying();
    const res = await a.bank.post(url(loanId), { amountFen: 900_000, paidOn: '2026-04-01', bankTxnRef: 'HX-0001' }, idem());
    expect(res.status).toBe(201);
    // 900,000 = period 1 in full (36,250 + 816,849) + period 2's interest 33,289 + 13,612 of its principal.
    expect(res.body.allocations).toEqual([
      { k: 1, interestFen: 36_250, principalFen: 816_849 },
      { k: 2, interestFen: 33_289, principalFen: 13_612 },
    ]);
    expect(res.body).toMatchObject({ principalOutstandingFen: 10_000_000 - 816_849 - 13_612, nextDueOn: '2026-03-15', state: 'repaying', subsidies: [] });
    expect(res.body.repayment).toMatchObject({ loanId, paidOn: '2026-04-01', amountFen: 900_000, source: 'manual', bankTxnRef: 'HX-0001', recordedByName: '周晓明' });
    expect(await loanRow(t, loanId)).toMatchObject({ state: 'repaying', principal_outstanding_fen: 9_169_539, next_due_on: '2026-03-15' });
    expect(await auditCount('loan.repayment.record', loanId)).toBe(1);

    // The rest of period 2 (806,198) and then some: period 3's interest is due too, then its principal.
    const second = await a.bank.post(url(loanId), { amountFen: 850_000, paidOn: '2026-04-20', bankTxnRef: 'HX-0002' }, idem());
    expect(second.status).toBe(201);
    // Period 3 fell due on 2026-04-15: its interest is 8,363,341 × 435 / 120,000 = 30,317.11 → 30,317.
    expect(second.body.allocations).toEqual([
      { k: 2, interestFen: 0, principalFen: 806_198 },
      { k: 3, interestFen: 30_317, principalFen: 850_000 - 806_198 - 30_317 },
    ]);
    const list = await a.bank.get(url(loanId));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, paidFen: 1_750_000 });
    expect(list.body.items.map((r: { bankTxnRef: string }) => r.bankTxnRef)).toEqual(['HX-0002', 'HX-0001']);
  });

  it('a payment before a period falls due pays that instalment (on time), then prepays principal; later interest is never charged', async () => {
    const loanId = await repaying({ disbursedOn: '2026-11-01' });
    // Nothing is due on 2026-11-20; period 1 (due 2026-12-01) is the current instalment and takes 853,099 —
    // its interest and principal — and the rest prepays period 2's principal, whose interest is not owed yet.
    const res = await a.bank.post(url(loanId), { amountFen: 1_000_000, paidOn: '2026-11-20', bankTxnRef: 'PRE-1' }, idem());
    expect(res.status).toBe(201);
    expect(res.body.allocations).toEqual([
      { k: 1, interestFen: 36_250, principalFen: 816_849 },
      { k: 2, interestFen: 0, principalFen: 146_901 },
    ]);
    expect(res.body.principalOutstandingFen).toBe(10_000_000 - 816_849 - 146_901);
    // Period 1 is paid, before its date; period 2 is next, with its interest still to come.
    expect(res.body.nextDueOn).toBe('2027-01-01');
  });

  it('early full repayment settles the loan: principal left plus the interest due by the date, and not a fen more', async () => {
    const loanId = await repaying();
    expect((await a.bank.post(url(loanId), { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: 'E-1' }, idem())).status).toBe(201);
    // On 2026-03-10 no further period is due: what is owed is the principal left, 10,000,000 − 816,849.
    const owed = 10_000_000 - 816_849;
    const over = await a.bank.post(url(loanId), { amountFen: owed + 1, paidOn: '2026-03-10', bankTxnRef: 'E-2' }, idem());
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'REPAYMENT_EXCEEDS_DUE', errors: [{ path: 'amountFen', code: 'REPAYMENT_EXCEEDS_DUE' }] });
    const full = await a.bank.post(url(loanId), { amountFen: owed, paidOn: '2026-03-10', bankTxnRef: 'E-2' }, idem());
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ state: 'settled', principalOutstandingFen: 0, nextDueOn: null });
    expect(await loanRow(t, loanId)).toMatchObject({ state: 'settled', principal_outstanding_fen: 0, next_due_on: null, settled_on: '2026-03-10' });
    expect((await t.pool.query(`select count(*)::int as n from loan_events where loan_id = $1 and event = 'settle' and to_state = 'settled'`, [loanId])).rows[0].n).toBe(1);
    expect(await auditCount('loan.settle', loanId)).toBe(1);
    // A settled loan takes no more money.
    const after = await a.bank.post(url(loanId), { amountFen: 100, paidOn: '2026-03-11', bankTxnRef: 'E-3' }, idem());
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('LOAN_TRANSITION_INVALID');
    expect((await a.bank.get(url(loanId))).body.maxPayableTodayFen).toBe(0);
  });

  it('the most a payment may be counts the overdue interest: paying everything on 2026-05-01 settles a loan three periods behind', async () => {
    const loanId = await repaying();
    // Due by 2026-05-01: periods 1–3's interest; the principal left is the whole loan.
    const list = await a.bank.get(url(loanId));
    const schedule = (await t.pool.query('select k, interest_fen from loan_schedule where loan_id = $1 order by k', [loanId])).rows as { k: number; interest_fen: number }[];
    const interestDue = schedule.filter((r) => r.k <= 3).reduce((s, r) => s + Number(r.interest_fen), 0);
    expect(interestDue).toBe(36_250 + 33_289 + 30_317);
    // Today (2026-11-28) ten periods are due.
    expect(list.body.maxPayableTodayFen).toBe(10_000_000 + schedule.filter((r) => r.k <= 10).reduce((s, r) => s + Number(r.interest_fen), 0));
    const over = await a.bank.post(url(loanId), { amountFen: 10_000_000 + interestDue + 1, paidOn: '2026-05-01', bankTxnRef: 'F-1' }, idem());
    expect(over.body).toMatchObject({ code: 'REPAYMENT_EXCEEDS_DUE', params: { maxFen: 10_000_000 + interestDue } });
    const ok = await a.bank.post(url(loanId), { amountFen: 10_000_000 + interestDue, paidOn: '2026-05-01', bankTxnRef: 'F-1' }, idem());
    expect(ok.body.state).toBe('settled');
  });

  it('dates: not in the future, not before the disbursement, not before the last repayment', async () => {
    const loanId = await repaying();
    const dateError = async (paidOn: string, ref: string) => {
      const res = await a.bank.post(url(loanId), { amountFen: 10_000, paidOn, bankTxnRef: ref }, idem());
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REPAYMENT_DATE_INVALID');
      const { path, code } = res.body.errors[0];
      return { path, code };
    };
    expect(await dateError('2026-11-29', 'D-1')).toEqual({ path: 'paidOn', code: 'money.dateFuture' });
    expect(await dateError('2026-01-14', 'D-2')).toEqual({ path: 'paidOn', code: 'money.dateBeforeDisbursement' });
    expect((await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-06-01', bankTxnRef: 'D-3' }, idem())).status).toBe(201);
    expect(await dateError('2026-05-31', 'D-4')).toEqual({ path: 'paidOn', code: 'money.dateBeforeLastRepayment' });
    // Today and the same day as the last one are fine; an impossible date is a 400.
    expect((await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-06-01', bankTxnRef: 'D-5' }, idem())).status).toBe(201);
    expect((await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-11-28', bankTxnRef: 'D-6' }, idem())).status).toBe(201);
    const fresh = await repaying();
    for (const paidOn of ['2026-02-30', '2026-13-01', '2026-3-1']) {
      const bad = await a.bank.post(url(fresh), { amountFen: 10_000, paidOn, bankTxnRef: 'D-7' }, idem());
      expect([paidOn, bad.status, bad.body.errors?.[0]?.path]).toEqual([paidOn, 400, 'paidOn']);
    }
  });

  it('a bank transaction reference is recorded once per loan', async () => {
    const loanId = await repaying();
    const other = await repaying();
    expect((await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-03-01', bankTxnRef: 'DUP-1' }, idem())).status).toBe(201);
    const dup = await a.bank.post(url(loanId), { amountFen: 20_000, paidOn: '2026-03-02', bankTxnRef: ' DUP-1 ' }, idem());
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'REPAYMENT_DUPLICATE_REF', errors: [{ path: 'bankTxnRef', code: 'REPAYMENT_DUPLICATE_REF' }] });
    // The same reference on another loan is another payment.
    expect((await a.bank.post(url(other), { amountFen: 10_000, paidOn: '2026-03-01', bankTxnRef: 'DUP-1' }, idem())).status).toBe(201);
    // Without a reference nothing is deduplicated: the Idempotency-Key is what protects a retry.
    expect((await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-03-03' }, idem())).status).toBe(201);
    expect((await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-03-03' }, idem())).status).toBe(201);
    expect((await t.pool.query('select count(*)::int as n from loan_repayments where loan_id = $1', [loanId])).rows[0].n).toBe(3);
  });

  it('needs an Idempotency-Key; the same key and body replays, the same key with another body is refused', async () => {
    const loanId = await repaying();
    const body = { amountFen: 853_099, paidOn: '2026-02-10', bankTxnRef: 'K-1' };
    const missing = await a.bank.post(url(loanId), body);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await a.bank.post(url(loanId), body, { 'idempotency-key': 'short' })).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const key = idem();
    const first = await a.bank.post(url(loanId), body, key);
    expect(first.status).toBe(201);
    const replay = await a.bank.post(url(loanId), body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const other = await a.bank.post(url(loanId), { ...body, amountFen: 1 }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The key belongs to the route too: the same key on another loan is refused, not replayed.
    const elsewhere = await a.bank.post(url(await repaying()), body, key);
    expect(elsewhere.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await t.pool.query('select count(*)::int as n from loan_repayments where loan_id = $1', [loanId])).rows[0].n).toBe(1);
    expect(await auditCount('loan.repayment.record', loanId)).toBe(1);
  });

  it('10 concurrent payments with different keys and the same reference apply once', async () => {
    const loanId = await repaying();
    const answers = await Promise.all(Array.from({ length: 10 }, () => a.bank.post(url(loanId), { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: 'C-1' }, idem())));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(Array(9).fill('REPAYMENT_DUPLICATE_REF'));
    expect(await loanRow(t, loanId)).toMatchObject({ principal_outstanding_fen: 10_000_000 - 816_849 });
    expect((await t.pool.query(`select count(*)::int as n from loan_subsidy_items where loan_id = $1 and kind = 'interest'`, [loanId])).rows[0].n).toBe(1);
  });

  it('unknown fields, a zero or fractional amount are 400', async () => {
    const loanId = await repaying();
    const extra = await a.bank.post(url(loanId), { amountFen: 100, paidOn: '2026-03-01', note: 'x' }, idem());
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0]).toMatchObject({ path: 'note' });
    expect((await a.bank.post(url(loanId), { amountFen: 0, paidOn: '2026-03-01' }, idem())).status).toBe(400);
    expect((await a.bank.post(url(loanId), { amountFen: 1.5, paidOn: '2026-03-01' }, idem())).status).toBe(400);
    expect((await a.bank.post(url(loanId), { amountFen: '100', paidOn: '2026-03-01' }, idem())).status).toBe(400);
    expect((await a.bank.post(url(loanId), { amountFen: 100, paidOn: '2026-03-01', bankTxnRef: 'x'.repeat(61) }, idem())).status).toBe(400);
    expect((await t.pool.query('select count(*)::int as n from loan_repayments where loan_id = $1', [loanId])).rows[0].n).toBe(0);
  });
});

describe('who records a repayment', () => {
  let otherBank: TestClient;
  let insurerAsBank: TestClient;
  beforeAll(async () => {
    const unit = await partnerUnit(t, { name: '另一家合作银行', kind: 'bank' });
    otherBank = await officer(t, { username: 'otherbank', displayName: '他行经办', orgId: unit, role: 'bank_officer' });
    // Someone who holds loan:repay and sees the loan (it is routed to their unit) without being its bank.
    insurerAsBank = await officer(t, { username: 'insbank', displayName: '保险兼还款', orgId: fx.insurerId, role: 'bank_officer' });
  });

  it("only the loan's bank: cadres and the insurer have no right, another bank does not see the loan, a non-bank party is refused", async () => {
    const loanId = await repaying();
    const body = { amountFen: 10_000, paidOn: '2026-03-01', bankTxnRef: 'W-1' };
    expect((await a.city.post(url(loanId), body, idem())).status).toBe(403);
    expect((await a.sanjing.post(url(loanId), body, idem())).status).toBe(403);
    expect((await a.insurer.post(url(loanId), body, idem())).status).toBe(403);
    const stranger = await otherBank.post(url(loanId), body, idem());
    expect(stranger.status).toBe(404);
    expect((await otherBank.get(url(loanId))).status).toBe(404);
    const wrongParty = await insurerAsBank.post(url(loanId), body, idem());
    expect(wrongParty.status).toBe(403);
    expect(wrongParty.body.code).toBe('LOAN_WRONG_PARTY');
    // The checker of the same branch may record one as well.
    expect((await a.bank2.post(url(loanId), body, idem())).status).toBe(201);
    expect((await a.bank.post(url(999_999), body, idem())).status).toBe(404);
    // Those who see the loan read its repayments; a district outside its chain does not.
    expect((await a.sanjing.get(url(loanId))).status).toBe(200);
    expect((await a.wujin.get(url(loanId))).status).toBe(404);
  });

  it('only a loan being repaid takes a repayment', async () => {
    for (const state of ['approved', 'defaulted', 'settled'] as const) {
      const { loanId } = await buildLoan(t, fx, a.city, { state });
      const res = await a.bank.post(url(loanId), { amountFen: 10_000, paidOn: '2026-03-01', bankTxnRef: `S-${state}` }, idem());
      expect([state, res.status, res.body.code]).toEqual([state, 409, 'LOAN_TRANSITION_INVALID']);
    }
  });
});

describe('the interest subsidy a repayment earns', () => {
  it('is earned for a period completed on or before its due date: its interest less what the borrower pays at the cap', async () => {
    const loanId = await repaying();
    // Period 1 paid on its due date: 36,250 − 10,000,000 × 150 / 120,000 (= 12,500) = 23,750.
    const onTime = await a.bank.post(url(loanId), { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: 'SUB-1' }, idem());
    expect(onTime.body.subsidies).toEqual([{ k: 1, amountFen: 23_750 }]);
    // Period 2 paid in two parts, the second after its due date: nothing.
    await a.bank.post(url(loanId), { amountFen: 400_000, paidOn: '2026-03-10', bankTxnRef: 'SUB-2' }, idem());
    const late = await a.bank.post(url(loanId), { amountFen: 453_099, paidOn: '2026-03-16', bankTxnRef: 'SUB-3' }, idem());
    expect(late.status).toBe(201);
    expect(late.body.subsidies).toEqual([]);
    // Period 3 paid in two parts, the second on its due date: opening 8,363,341, interest 30,317; the borrower's
    // part 8,363,341 × 150 / 120,000 = 10,454.18 → 10,454; the union's 19,863.
    const part = await a.bank.post(url(loanId), { amountFen: 500_000, paidOn: '2026-04-15', bankTxnRef: 'SUB-4' }, idem());
    expect(part.body.subsidies).toEqual([]);
    const rest = await a.bank.post(url(loanId), { amountFen: 353_099, paidOn: '2026-04-15', bankTxnRef: 'SUB-5' }, idem());
    expect(rest.body.subsidies).toEqual([{ k: 3, amountFen: 19_863 }]);
    const items = await t.pool.query(`select k, amount_fen, earned_on from loan_subsidy_items where loan_id = $1 and kind = 'interest' order by k`, [loanId]);
    expect(items.rows).toEqual([
      { k: 1, amount_fen: 23_750, earned_on: '2026-02-15' },
      { k: 3, amount_fen: 19_863, earned_on: '2026-04-15' },
    ]);
    const posted = await t.pool.query(
      `select e.account, e.debit_fen, e.credit_fen from ledger_transactions x join ledger_entries e on e.txn_id = x.id where x.loan_id = $1 and x.kind = 'interest_subsidy' order by e.id`,
      [loanId],
    );
    expect(posted.rows).toEqual([
      { account: 'interest_subsidy_expense', debit_fen: 23_750, credit_fen: 0 },
      { account: 'subsidies_payable', debit_fen: 0, credit_fen: 23_750 },
      { account: 'interest_subsidy_expense', debit_fen: 19_863, credit_fen: 0 },
      { account: 'subsidies_payable', debit_fen: 0, credit_fen: 19_863 },
    ]);
    expect((await ledgerFacts(t, fx.programmeId)).unbalanced).toBe(0);
  });

  it("uses the model worker's cap (0%: the union pays all the interest)", async () => {
    const loanId = await repaying({ modelWorkerLevel: 'city' });
    const res = await a.bank.post(url(loanId), { amountFen: 853_099 + 853_099, paidOn: '2026-03-15', bankTxnRef: 'MW-1' }, idem());
    // Period 1 completed late (due 02-15), period 2 on its due date: its whole interest, 33,289.
    expect(res.body.subsidies).toEqual([{ k: 2, amountFen: 33_289 }]);
  });
});
