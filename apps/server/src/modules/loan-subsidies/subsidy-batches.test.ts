import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem, loanActors, type LoanActors } from '../../../test/support/loan-actors';
import { contribute, ledgerFacts } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/**
 * Subsidy batches through the API: premium subsidies earned at underwriting and interest subsidies earned by
 * on-time repayments are gathered into a batch by one city cadre, approved by another, and paid out of the
 * fund. Each test uses a programme of its own, so what is pending is known. The clock stands at 2026-11-28.
 * The product: premium 5% (model workers 6%), the borrower pays at most 1.5% (model workers 0%).
 */
let t: TestApp;
let a: LoanActors;
let city2: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  a = await loanActors(t);
  city2 = await t.login('city2');
});
afterAll(async () => t.close());

/** A loan underwritten by the insurer through the API (earning its premium subsidy). */
async function underwritten(fx: LoanFixture, o: { modelWorkerLevel?: 'city' } = {}) {
  const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3, ...o });
  const res = await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', policyNo: `AX-${loanId}` });
  expect(res.status).toBe(200);
  return loanId;
}

/** A repaying loan whose period 1 is paid on its due date (earning 23,750: 36,250 − 12,500 at the 1.5% cap). */
async function paidOnTime(fx: LoanFixture) {
  const { loanId } = await buildLoan(t, fx, a.city, { state: 'repaying' });
  const res = await a.bank.post(`/api/v1/loans/${loanId}/repayments`, { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: `R-${loanId}` }, idem());
  expect(res.body.subsidies).toEqual([{ k: 1, amountFen: 23_750 }]);
  return loanId;
}

const prepare = (c: TestClient, programmeId: number, kind: 'premium' | 'interest', upTo = '2026-11-28', key = idem()) => c.post('/api/v1/subsidy-batches', { programmeId, kind, upTo }, key);
const act = (c: TestClient, id: number, action: 'approve' | 'pay' | 'cancel', body: object = {}, key = idem()) => c.post(`/api/v1/subsidy-batches/${id}/${action}`, body, key);
const batchState = async (id: number) => (await t.pool.query('select state from subsidy_batches where id = $1', [id])).rows[0].state as string;

describe('earning', () => {
  it('the premium subsidy is earned once, at underwriting: 5% of the amount, 6% for a model worker', async () => {
    const fx = await setupLoanProgramme(t);
    const plain = await underwritten(fx);
    const model = await underwritten(fx, { modelWorkerLevel: 'city' });
    const items = await t.pool.query(`select loan_id, kind, k, amount_fen, earned_on from loan_subsidy_items where programme_id = $1 order by loan_id`, [fx.programmeId]);
    expect(items.rows).toEqual([
      { loan_id: plain, kind: 'premium', k: 0, amount_fen: 500_000, earned_on: '2026-11-28' },
      { loan_id: model, kind: 'premium', k: 0, amount_fen: 600_000, earned_on: '2026-11-28' },
    ]);
    const facts = await ledgerFacts(t, fx.programmeId);
    expect(facts.net('premium_subsidy_expense')).toBe(1_100_000);
    expect(facts.net('subsidies_payable')).toBe(-1_100_000);
    const pending = await a.city.get(`/api/v1/subsidy-batches/pending?programmeId=${fx.programmeId}&kind=premium&upTo=2026-11-28`);
    expect(pending.body).toEqual({ itemCount: 2, totalFen: 1_100_000 });
    expect((await a.city.get(`/api/v1/subsidy-batches/pending?programmeId=${fx.programmeId}&kind=premium&upTo=2026-11-27`)).body).toEqual({ itemCount: 0, totalFen: 0 });
  });
});

describe('a batch: prepared by one cadre, approved by another, paid', () => {
  it('prepare → approve (not by the maker) → pay posts subsidies_payable Dr / fund_cash Cr', async () => {
    const fx = await setupLoanProgramme(t);
    expect((await prepare(a.city, fx.programmeId, 'interest')).body.code).toBe('SUBSIDY_BATCH_EMPTY');
    expect((await t.pool.query('select count(*)::int as n from subsidy_batches where programme_id = $1', [fx.programmeId])).rows[0].n).toBe(0);
    const l1 = await paidOnTime(fx);
    const l2 = await paidOnTime(fx);
    // Earned on 2026-02-15: a batch up to 2026-02-14 holds nothing.
    expect((await prepare(a.city, fx.programmeId, 'interest', '2026-02-14')).body.code).toBe('SUBSIDY_BATCH_EMPTY');
    const made = await prepare(a.city, fx.programmeId, 'interest');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'interest', state: 'prepared', itemCount: 2, totalFen: 47_500, preparedByName: '陈卫东', actions: ['cancel'] });
    expect(made.body.items.map((i: { loanId: number; k: number; amountFen: number }) => [i.loanId, i.k, i.amountFen])).toEqual([
      [l1, 1, 23_750],
      [l2, 1, 23_750],
    ]);
    const id = made.body.id as number;
    // The items are taken: another batch finds nothing.
    expect((await prepare(city2, fx.programmeId, 'interest')).body.code).toBe('SUBSIDY_BATCH_EMPTY');
    expect((await a.city.get(`/api/v1/subsidy-batches/${id}`)).body.actions).toEqual(['cancel']);
    expect((await city2.get(`/api/v1/subsidy-batches/${id}`)).body.actions).toEqual(['approve', 'cancel']);

    expect((await act(a.city, id, 'pay', { paymentRef: 'ZF-1', paidOn: '2026-11-28' })).body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
    const own = await act(a.city, id, 'approve');
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('LOAN_MAKER_CHECKER');
    const approved = await act(city2, id, 'approve', { comment: '核对无误' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvedByName: '许文静' });
    expect((await act(city2, id, 'approve')).body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');

    // The fund must hold the money.
    const poor = await act(a.city, id, 'pay', { paymentRef: 'ZF-1', paidOn: '2026-11-28' });
    expect(poor.body.code).toBe('LEDGER_FUND_INSUFFICIENT');
    await contribute(t, fx.programmeId, 1_000_000);
    expect((await act(a.city, id, 'pay', { paymentRef: 'ZF-1', paidOn: '2026-11-29' })).body.errors[0]).toMatchObject({ path: 'paidOn', code: 'money.dateFuture' });
    expect((await act(a.city, id, 'pay', { paymentRef: 'ZF-1', paidOn: '2026-11-31' })).status).toBe(400);
    expect((await act(a.city, id, 'pay', { paidOn: '2026-11-28' })).status).toBe(400);
    const paid = await act(a.city, id, 'pay', { paymentRef: 'ZF-20261128-01', paidOn: '2026-11-28' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ state: 'paid', paymentRef: 'ZF-20261128-01', actions: [] });
    const posting = await t.pool.query(
      `select e.account, e.debit_fen, e.credit_fen from ledger_transactions x join ledger_entries e on e.txn_id = x.id where x.batch_id = $1 and x.kind = 'subsidy_payment' order by e.id`,
      [id],
    );
    expect(posting.rows).toEqual([
      { account: 'subsidies_payable', debit_fen: 47_500, credit_fen: 0 },
      { account: 'fund_cash', debit_fen: 0, credit_fen: 47_500 },
    ]);
    const facts = await ledgerFacts(t, fx.programmeId);
    expect(facts.net('fund_cash')).toBe(1_000_000 - 47_500);
    expect(facts.net('subsidies_payable')).toBe(0);
    for (const action of ['approve', 'pay', 'cancel'] as const) {
      expect((await act(city2, id, action, action === 'pay' ? { paymentRef: 'ZF-2', paidOn: '2026-11-28' } : {})).body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
    }
    const audit = await t.pool.query(`select action from audit_log where entity_type = 'subsidy_batch' and entity_id = $1 order by id`, [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['subsidy_batch.prepare', 'subsidy_batch.approve', 'subsidy_batch.pay']);
  });

  it('a cancelled batch lets go of its items: the next batch takes them; an item is never in two batches', async () => {
    const fx = await setupLoanProgramme(t);
    await underwritten(fx);
    const first = await prepare(a.city, fx.programmeId, 'premium');
    expect(first.body.itemCount).toBe(1);
    // Interest has nothing pending, premium nothing left.
    expect((await prepare(a.city, fx.programmeId, 'interest')).body.code).toBe('SUBSIDY_BATCH_EMPTY');
    const cancelled = await act(a.city, first.body.id, 'cancel', { comment: '金额待核' });
    expect(cancelled.body.state).toBe('cancelled');
    expect(cancelled.body.items).toEqual([]);
    expect((await act(city2, first.body.id, 'approve')).body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
    expect((await act(city2, first.body.id, 'cancel')).body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
    const second = await prepare(city2, fx.programmeId, 'premium');
    expect(second.body).toMatchObject({ itemCount: 1, totalFen: 500_000 });
    // An approved batch may still be cancelled.
    expect((await act(a.city, second.body.id, 'approve')).body.state).toBe('approved');
    expect((await act(a.city, second.body.id, 'cancel')).body.state).toBe('cancelled');
    const items = await t.pool.query(`select batch_id from loan_subsidy_items where programme_id = $1`, [fx.programmeId]);
    expect(items.rows).toEqual([{ batch_id: null }]);
    // No ledger posting for what was never paid.
    expect((await t.pool.query(`select count(*)::int as n from ledger_transactions where programme_id = $1 and kind = 'subsidy_payment'`, [fx.programmeId])).rows[0].n).toBe(0);
  });

  it('10 concurrent approvals with different keys apply once; 5 concurrent preparations share nothing', async () => {
    const fx = await setupLoanProgramme(t);
    await underwritten(fx);
    await underwritten(fx);
    const prepared = await Promise.all(Array.from({ length: 5 }, () => prepare(a.city, fx.programmeId, 'premium')));
    expect(prepared.filter((r) => r.status === 201)).toHaveLength(1);
    expect(prepared.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(Array(4).fill('SUBSIDY_BATCH_EMPTY'));
    const batch = prepared.find((r) => r.status === 201)!.body;
    expect(batch).toMatchObject({ itemCount: 2, totalFen: 1_000_000 });
    const approvals = await Promise.all(Array.from({ length: 10 }, () => act(city2, batch.id, 'approve')));
    expect(approvals.filter((r) => r.status === 200)).toHaveLength(1);
    expect(approvals.filter((r) => r.status !== 200).map((r) => [r.status, r.body.code])).toEqual(Array(9).fill([409, 'SUBSIDY_BATCH_STATE_INVALID']));
    expect((await t.pool.query(`select count(*)::int as n from audit_log where action = 'subsidy_batch.approve' and entity_id = $1`, [String(batch.id)])).rows[0].n).toBe(1);
    await contribute(t, fx.programmeId, 5_000_000);
    const pays = await Promise.all(Array.from({ length: 10 }, (_, i) => act(a.city, batch.id, 'pay', { paymentRef: `ZF-${i}`, paidOn: '2026-11-28' })));
    expect(pays.filter((r) => r.status === 200)).toHaveLength(1);
    expect((await t.pool.query(`select count(*)::int as n from ledger_transactions where batch_id = $1`, [batch.id])).rows[0].n).toBe(1);
    expect((await ledgerFacts(t, fx.programmeId)).net('fund_cash')).toBe(4_000_000);
    expect(await batchState(batch.id)).toBe('paid');
  });

  it('idempotency: no key is refused; the same key and body replays; the same key with another body is refused', async () => {
    const fx = await setupLoanProgramme(t);
    await underwritten(fx);
    expect((await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'premium', upTo: '2026-11-28' })).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const key = idem();
    const first = await prepare(a.city, fx.programmeId, 'premium', '2026-11-28', key);
    expect(first.status).toBe(201);
    const replay = await prepare(a.city, fx.programmeId, 'premium', '2026-11-28', key);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect((await prepare(a.city, fx.programmeId, 'premium', '2026-11-27', key)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await t.pool.query('select count(*)::int as n from subsidy_batches where programme_id = $1', [fx.programmeId])).rows[0].n).toBe(1);
    for (const action of ['approve', 'pay', 'cancel']) {
      const body = action === 'pay' ? { paymentRef: 'ZF-1', paidOn: '2026-11-28' } : {};
      expect((await city2.post(`/api/v1/subsidy-batches/${first.body.id}/${action}`, body)).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    }
    expect(await batchState(first.body.id)).toBe('prepared');
  });

  it('only city cadres with loan:subsidy; bad input is a 400, an unknown batch or programme a 404', async () => {
    const fx = await setupLoanProgramme(t);
    await underwritten(fx);
    for (const c of [a.xinbei, a.sanjing, a.bank, a.insurer]) {
      expect((await prepare(c, fx.programmeId, 'premium')).status).toBe(403);
      expect((await c.get('/api/v1/subsidy-batches')).status).toBe(403);
    }
    expect((await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'premium', upTo: '2026-11-28', all: true }, idem())).status).toBe(400);
    expect((await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'bonus', upTo: '2026-11-28' }, idem())).status).toBe(400);
    expect((await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'premium', upTo: '2026-02-30' }, idem())).status).toBe(400);
    expect((await prepare(a.city, 999_999, 'premium')).status).toBe(404);
    expect((await a.city.get('/api/v1/subsidy-batches/999999')).status).toBe(404);
    expect((await act(city2, 999_999, 'approve')).status).toBe(404);
    const made = await prepare(a.city, fx.programmeId, 'premium');
    expect((await act(city2, made.body.id, 'approve', { comment: 'ok', extra: 1 })).status).toBe(400);
    const list = await a.city.get(`/api/v1/subsidy-batches?programmeId=${fx.programmeId}`);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: made.body.id, state: 'prepared' }] });
  });
});
