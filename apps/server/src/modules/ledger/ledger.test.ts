import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem, loanActors, officer, type LoanActors } from '../../../test/support/loan-actors';
import { contribute, ledgerFacts } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/**
 * The fund's ledger through the API: who reads it, its filters, the fund figures as sums of entries, and
 * reversals (a correcting transaction; never twice; never of a reversal or of an expense or income posting).
 * The database's own refusal of an unbalanced posting is tested in modules/loans/ledger-db.test.ts.
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

type Txn = { id: number; kind: string; loanId: number | null; reversesId: number | null; reversedById: number | null; reversible: boolean; postedOn: string; entries: { account: string; debitFen: number; creditFen: number }[] };

/** A programme with money in it: two contributions, a premium subsidy earned, an interest subsidy earned and a batch paid. */
async function programmeWithMoney(): Promise<{ fx: LoanFixture; loanId: number; batchId: number }> {
  const fx = await setupLoanProgramme(t);
  const c1 = await a.city.post(`/api/v1/loan-programmes/${fx.programmeId}/fund-contributions`, { amountFen: 3_000_000, postedOn: '2026-01-05', memo: '财政拨入' }, idem());
  expect(c1.status).toBe(201);
  await contribute(t, fx.programmeId, 1_000_000, '2026-03-01');
  const { loanId: reviewed } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3 });
  expect((await a.insurer.post(`/api/v1/loans/${reviewed}/decision`, { decision: 'approve', policyNo: 'AX-L1' })).status).toBe(200);
  const { loanId } = await buildLoan(t, fx, a.city, { state: 'repaying' });
  expect((await a.bank.post(`/api/v1/loans/${loanId}/repayments`, { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: 'L-1' }, idem())).body.subsidies).toHaveLength(1);
  const batch = await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'interest', upTo: '2026-11-28' }, idem());
  expect((await city2.post(`/api/v1/subsidy-batches/${batch.body.id}/approve`, {}, idem())).status).toBe(200);
  expect((await a.city.post(`/api/v1/subsidy-batches/${batch.body.id}/pay`, { paymentRef: 'ZF-L1', paidOn: '2026-11-20' }, idem())).status).toBe(200);
  return { fx, loanId, batchId: batch.body.id };
}

async function ledger(c: TestClient, query: string): Promise<{ items: Txn[]; total: number }> {
  const res = await c.get(`/api/v1/ledger?${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('reading the ledger', () => {
  it('filters by programme, account, loan, kind and dates; every transaction balances', async () => {
    const { fx, loanId } = await programmeWithMoney();
    const p = `programmeId=${fx.programmeId}`;
    const all = await ledger(a.city, `${p}&pageSize=100`);
    expect(all.items.map((x) => x.kind).sort()).toEqual(['fund_contribution', 'fund_contribution', 'interest_subsidy', 'premium_subsidy', 'subsidy_payment']);
    expect(all.total).toBe(5);
    for (const x of all.items) {
      expect(x.entries.reduce((s, e) => s + e.debitFen, 0)).toBe(x.entries.reduce((s, e) => s + e.creditFen, 0));
    }
    // Newest first.
    expect(all.items.map((x) => x.id)).toEqual([...all.items.map((x) => x.id)].sort((m, n) => n - m));
    expect((await ledger(a.city, `${p}&kind=fund_contribution`)).items.map((x) => x.postedOn).sort()).toEqual(['2026-01-05', '2026-03-01']);
    expect((await ledger(a.city, `${p}&account=fund_cash`)).total).toBe(3);
    expect((await ledger(a.city, `${p}&account=recovery_income`)).total).toBe(0);
    expect((await ledger(a.city, `${p}&loanId=${loanId}`)).items.map((x) => x.kind)).toEqual(['interest_subsidy']);
    expect((await ledger(a.city, `${p}&from=2026-01-01&to=2026-02-28`)).items.map((x) => x.kind).sort()).toEqual(['fund_contribution', 'interest_subsidy']);
    expect((await ledger(a.city, `${p}&from=2026-11-20&to=2026-11-20`)).items.map((x) => x.kind)).toEqual(['subsidy_payment']);
    expect((await ledger(a.city, `${p}&pageSize=2&page=2`)).items).toHaveLength(2);
    // Bad filters are a 400.
    for (const q of ['account=petty_cash', 'from=2026-02-30', 'page=0', 'colour=red', 'programmeId=x']) {
      expect([q, (await a.city.get(`/api/v1/ledger?${q}`)).status]).toEqual([q, 400]);
    }
    expect((await ledgerFacts(t, fx.programmeId)).unbalanced).toBe(0);
  });

  it('is read with ledger:read over all units; narrower grants see nothing, others are refused', async () => {
    const { fx } = await programmeWithMoney();
    for (const c of [a.xinbei, a.sanjing, a.bank, a.insurer]) expect((await c.get(`/api/v1/ledger?programmeId=${fx.programmeId}`)).status).toBe(403);
    const role = await t.pool.query(`insert into roles (code, name) values ('ledger_district', '区级台账查看') returning id`);
    await t.pool.query(`insert into role_permissions (role_id, permission, scope) values ($1, 'ledger:read', 'subtree'), ($1, 'loan:read', 'subtree')`, [role.rows[0].id]);
    const district = await officer(t, { username: 'xbledger', displayName: '区级台账', orgId: await t.orgIdByName('新北区总工会'), role: 'ledger_district' });
    expect(await ledger(district, `programmeId=${fx.programmeId}`)).toEqual({ items: [], total: 0 });
    expect((await district.post(`/api/v1/ledger/1/reverse`, { reason: '测试冲销' }, idem())).status).toBe(403);
  });
});

describe('the fund', () => {
  it('its figures are the sums of the entries', async () => {
    const { fx } = await programmeWithMoney();
    const fund = await a.city.get(`/api/v1/loan-programmes/${fx.programmeId}/fund`);
    expect(fund.status).toBe(200);
    const facts = await ledgerFacts(t, fx.programmeId);
    // Contributions 4,000,000; premium 500,000 earned (owed); interest 23,750 earned and paid.
    expect(fund.body).toMatchObject({
      programmeId: fx.programmeId,
      fundFen: 4_000_000,
      balanceFen: 4_000_000 - 23_750,
      committedFen: 500_000,
      subsidiesPaidFen: 23_750,
      claimsPaidFen: 0,
      paidFen: 23_750,
      recoveredFen: 0,
      lentFen: 10_000_000,
      outstandingFen: 10_000_000 - 816_849,
      leverage: 2.5,
    });
    expect(fund.body.balanceFen).toBe(facts.net('fund_cash'));
    expect(fund.body.fundFen).toBe(-facts.net('fund_capital'));
    expect(fund.body.committedFen).toBe(-facts.net('subsidies_payable') - facts.net('claims_payable'));
    const byAccount = Object.fromEntries(fund.body.accounts.map((x: { account: string; balanceFen: number }) => [x.account, x.balanceFen]));
    expect(byAccount).toMatchObject({ fund_cash: 3_976_250, fund_capital: 4_000_000, subsidies_payable: 500_000, premium_subsidy_expense: 500_000, interest_subsidy_expense: 23_750 });
    expect((await a.city.get('/api/v1/loan-programmes/999999/fund')).status).toBe(404);
    // Programme-wide figures, like the ledger: districts and partners do not read them.
    for (const c of [a.xinbei, a.sanjing, a.bank, a.insurer]) expect((await c.get(`/api/v1/loan-programmes/${fx.programmeId}/fund`)).status).toBe(404);
  });
});

describe('reversing a transaction', () => {
  it('posts the mirror image once; a second reversal is refused; a reversal and an expense cannot be reversed', async () => {
    const { fx } = await programmeWithMoney();
    const contributions = (await ledger(a.city, `programmeId=${fx.programmeId}&kind=fund_contribution`)).items;
    const target = contributions.find((x) => x.postedOn === '2026-03-01')!;
    const url = `/api/v1/ledger/${target.id}/reverse`;
    expect((await a.city.post(url, { reason: '重复入账' })).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await a.city.post(url, { reason: 'x' }, idem())).status).toBe(400);
    expect((await a.city.post(url, { reason: '重复入账', extra: 1 }, idem())).status).toBe(400);
    expect((await a.xinbei.post(url, { reason: '重复入账' }, idem())).status).toBe(403);
    const key = idem();
    const rev = await a.city.post(url, { reason: '重复入账' }, key);
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({ kind: 'reversal', reversesId: target.id, reversible: false, postedOn: '2026-11-28' });
    expect(rev.body.entries.map((e: Txn['entries'][number]) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['fund_cash', 0, 1_000_000],
      ['fund_capital', 1_000_000, 0],
    ]);
    const replay = await a.city.post(url, { reason: '重复入账' }, key);
    expect(replay.body).toEqual(rev.body);
    expect((await a.city.post(url, { reason: '另一个原因' }, key)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const twice = await a.city.post(url, { reason: '重复入账' }, idem());
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('LEDGER_ALREADY_REVERSED');
    const original = (await ledger(a.city, `programmeId=${fx.programmeId}&kind=fund_contribution`)).items.find((x) => x.id === target.id)!;
    expect(original).toMatchObject({ reversedById: rev.body.id, reversible: false });
    const ofReversal = await a.city.post(`/api/v1/ledger/${rev.body.id}/reverse`, { reason: '冲销的冲销' }, idem());
    expect(ofReversal.status).toBe(409);
    expect(ofReversal.body.code).toBe('LEDGER_NOT_REVERSIBLE');
    for (const kind of ['interest_subsidy', 'premium_subsidy']) {
      const x = (await ledger(a.city, `programmeId=${fx.programmeId}&kind=${kind}`)).items[0]!;
      expect(x.reversible).toBe(false);
      const res = await a.city.post(`/api/v1/ledger/${x.id}/reverse`, { reason: '测试冲销' }, idem());
      expect([kind, res.body.code]).toEqual([kind, 'LEDGER_NOT_REVERSIBLE']);
    }
    expect((await a.city.post('/api/v1/ledger/999999/reverse', { reason: '测试冲销' }, idem())).status).toBe(404);
    const facts = await ledgerFacts(t, fx.programmeId);
    expect(facts.unbalanced).toBe(0);
    expect(facts.net('fund_cash')).toBe(3_000_000 - 23_750);
    expect((await t.pool.query(`select count(*)::int as n from audit_log where action = 'ledger.reverse' and entity_id = $1`, [String(target.id)])).rows[0].n).toBe(1);
  });

  it('reversing a batch payment puts the money back and the batch back to approved, to be paid again', async () => {
    const { fx, batchId } = await programmeWithMoney();
    const payment = (await ledger(a.city, `programmeId=${fx.programmeId}&kind=subsidy_payment`)).items[0]!;
    expect(payment.reversible).toBe(true);
    expect((await a.city.post(`/api/v1/ledger/${payment.id}/reverse`, { reason: '付款退回' }, idem())).status).toBe(201);
    expect((await a.city.get(`/api/v1/subsidy-batches/${batchId}`)).body).toMatchObject({ state: 'approved', paymentRef: null });
    expect((await ledgerFacts(t, fx.programmeId)).net('subsidies_payable')).toBe(-500_000 - 23_750);
    expect((await a.city.post(`/api/v1/subsidy-batches/${batchId}/pay`, { paymentRef: 'ZF-L2', paidOn: '2026-11-28' }, idem())).body.state).toBe('paid');
    expect((await ledgerFacts(t, fx.programmeId)).net('fund_cash')).toBe(4_000_000 - 23_750);
  });

  it("a reversed contribution comes off the programme's fund amount, as it went on", async () => {
    const fx = await setupLoanProgramme(t);
    const fundFen = async () => (await a.city.get(`/api/v1/loan-programmes/${fx.programmeId}`)).body.fundFen as number;
    const start = await fundFen();
    const c = await a.city.post(`/api/v1/loan-programmes/${fx.programmeId}/fund-contributions`, { amountFen: 500_000, postedOn: '2026-11-01' }, idem());
    expect(await fundFen()).toBe(start + 500_000);
    expect((await a.city.post(`/api/v1/ledger/${c.body.transactionId}/reverse`, { reason: '金额有误' }, idem())).status).toBe(201);
    expect(await fundFen()).toBe(start);
  });

  it('a contribution already spent cannot be reversed: the fund would go below zero', async () => {
    const fx = await setupLoanProgramme(t);
    await contribute(t, fx.programmeId, 30_000);
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'repaying' });
    await a.bank.post(`/api/v1/loans/${loanId}/repayments`, { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: 'S-1' }, idem());
    const batch = await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'interest', upTo: '2026-11-28' }, idem());
    await city2.post(`/api/v1/subsidy-batches/${batch.body.id}/approve`, {}, idem());
    expect((await a.city.post(`/api/v1/subsidy-batches/${batch.body.id}/pay`, { paymentRef: 'ZF-S', paidOn: '2026-11-28' }, idem())).status).toBe(200);
    const contribution = (await ledger(a.city, `programmeId=${fx.programmeId}&kind=fund_contribution`)).items[0]!;
    const res = await a.city.post(`/api/v1/ledger/${contribution.id}/reverse`, { reason: '拨款撤回' }, idem());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'LEDGER_FUND_INSUFFICIENT', params: { balanceFen: 30_000 - 23_750, neededFen: 30_000 } });
  });
});
