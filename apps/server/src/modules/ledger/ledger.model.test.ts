import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem, loanActors, type LoanActors } from '../../../test/support/loan-actors';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/**
 * Model-based test of the fund's ledger: random sequences of money operations run through the API against
 * the real database, beside a plain model of what each account should hold, worked out here from the rules
 * (not from the server's answers): contributions, premium subsidies at underwriting (5%, 6% for model
 * workers), interest subsidies of periods paid on their due date (interest − opening × 1.5% ÷ 12, 0% for model
 * workers), batches prepared, approved, paid and cancelled, defaults with their claims (the union's 70%),
 * claim payments, recoveries (the union's part of the recovered total, half up) and reversals. After each
 * sequence: every transaction balances, every account equals the model, and the fund the API reports is the
 * sum of its entries. Each sequence runs on a programme of its own. Clock: 2026-11-28.
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

const TODAY = '2026-11-28';
const accounts = ['fund_cash', 'fund_capital', 'subsidies_payable', 'claims_payable', 'premium_subsidy_expense', 'interest_subsidy_expense', 'default_loss_expense', 'recovery_income'] as const;
type Account = (typeof accounts)[number];

/** a·b / c rounded half up, for non-negative integers. */
const mulDivHalfUp = (x: bigint, y: bigint, z: bigint) => Number((2n * x * y + z) / (2n * z));

interface Loan {
  id: number;
  capBps: number;
  /** The schedule as stored: due date, opening balance, interest, payment. */
  periods: { dueOn: string; opening: number; interest: number; payment: number }[];
  nextK: number;
}
interface Batch {
  id: number;
  kind: 'premium' | 'interest';
  total: number;
  state: 'prepared' | 'approved' | 'paid' | 'cancelled';
}
interface Claim {
  loanId: number;
  loss: number;
  union: number;
  recovered: number;
  paid: boolean;
}
interface Reversible {
  txnId: number;
  lines: [Account, number][];
  batchId?: number;
  claimLoanId?: number;
  reversed: boolean;
}

class Model {
  net = Object.fromEntries(accounts.map((x) => [x, 0])) as Record<Account, number>;
  pending = { premium: 0, interest: 0 };
  loans: Loan[] = [];
  batches: Batch[] = [];
  claims: Claim[] = [];
  reversible: Reversible[] = [];
  notReversible: number[] = [];
  /** Debit-positive net of each account. */
  post(lines: [Account, number][]) {
    for (const [account, signed] of lines) this.net[account] += signed;
  }
}

type Op =
  | { op: 'contribute'; amount: number }
  | { op: 'underwrite'; amount: number; modelWorker: boolean }
  | { op: 'newLoan'; amount: number; rateBps: number; modelWorker: boolean }
  | { op: 'repay'; pick: number; late: boolean }
  | { op: 'prepare'; kind: 'premium' | 'interest'; then: 'approve' | 'pay' | null }
  | { op: 'approve'; pick: number; batchId?: number }
  | { op: 'pay'; pick: number; batchId?: number }
  | { op: 'cancel'; pick: number }
  | { op: 'defaultAndClaim'; amount: number; thenPay: boolean }
  | { op: 'payClaim'; pick: number; loanId?: number }
  | { op: 'recover'; pick: number; part: number }
  | { op: 'reverse'; pick: number }
  | { op: 'reverseRefused'; pick: number };

const amount = fc.integer({ min: 100, max: 2000 }).map((n) => n * 10_000); // 10,000 … 200,000 yuan
const pick = fc.nat({ max: 1000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('contribute' as const), amount: fc.integer({ min: 1, max: 50_000_000 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('underwrite' as const), amount, modelWorker: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('newLoan' as const), amount, rateBps: fc.constantFrom(0, 100, 435, 600), modelWorker: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('repay' as const), pick, late: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('prepare' as const), kind: fc.constantFrom('premium' as const, 'interest' as const), then: fc.constantFrom('approve' as const, 'pay' as const, null) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('approve' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('pay' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('cancel' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('defaultAndClaim' as const), amount, thenPay: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('payClaim' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('recover' as const), pick, part: fc.integer({ min: 1, max: 100 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('reverse' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('reverseRefused' as const), pick }), weight: 1 },
);

/** Every sequence starts with some money, a loan being repaid and a loan underwritten, so that later steps have something to act on. */
const prelude: fc.Arbitrary<Op[]> = fc.tuple(
  fc.record({ op: fc.constant('contribute' as const), amount: fc.integer({ min: 1, max: 20_000_000 }) }),
  fc.record({ op: fc.constant('newLoan' as const), amount, rateBps: fc.constantFrom(0, 100, 435, 600), modelWorker: fc.boolean() }),
  fc.record({ op: fc.constant('underwrite' as const), amount, modelWorker: fc.boolean() }),
);

const choose = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
/** Mostly one the operation applies to (an even pick), sometimes any (an odd pick: the refusals get tried too). */
const chooseMostly = <T>(list: T[], fits: (x: T) => boolean, n: number): T | undefined => {
  const fitting = list.filter(fits);
  return n % 2 === 0 && fitting.length > 0 ? choose(fitting, n >> 1) : choose(list, n >> 1);
};
const addDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function schedule(loanId: number): Promise<Loan['periods']> {
  const res = await t.pool.query('select due_on, opening_fen, interest_fen, payment_fen from loan_schedule where loan_id = $1 order by k', [loanId]);
  return res.rows.map((r) => ({ dueOn: r.due_on, opening: Number(r.opening_fen), interest: Number(r.interest_fen), payment: Number(r.payment_fen) }));
}

/** Runs one operation through the API and updates the model with what the rules say it must post. */
async function run(fx: LoanFixture, m: Model, o: Op): Promise<void> {
  const programmeId = fx.programmeId;
  switch (o.op) {
    case 'contribute': {
      const res = await a.city.post(`/api/v1/loan-programmes/${programmeId}/fund-contributions`, { amountFen: o.amount, postedOn: '2026-01-02' }, idem());
      expect(res.status).toBe(201);
      const lines: [Account, number][] = [['fund_cash', o.amount], ['fund_capital', -o.amount]];
      m.post(lines);
      m.reversible.push({ txnId: res.body.transactionId, lines, reversed: false });
      return;
    }
    case 'underwrite': {
      const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3, amountFen: o.amount, modelWorkerLevel: o.modelWorker ? 'city' : 'none' });
      expect((await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', policyNo: `AX-${loanId}` })).status).toBe(200);
      const premium = mulDivHalfUp(BigInt(o.amount), o.modelWorker ? 600n : 500n, 10_000n);
      m.post([['premium_subsidy_expense', premium], ['subsidies_payable', -premium]]);
      m.pending.premium += premium;
      return;
    }
    case 'newLoan': {
      const { loanId } = await buildLoan(t, fx, a.city, { state: 'repaying', amountFen: o.amount, rateBps: o.rateBps, modelWorkerLevel: o.modelWorker ? 'city' : 'none' });
      m.loans.push({ id: loanId, capBps: o.modelWorker ? 0 : 150, periods: await schedule(loanId), nextK: 1 });
      return;
    }
    case 'repay': {
      // Periods 1–10 fall due by today; each is paid in full on its due date or three days late.
      const loan = choose(m.loans.filter((l) => l.nextK <= 10), o.pick);
      if (!loan) return;
      const p = loan.periods[loan.nextK - 1]!;
      const paidOn = o.late ? addDays(p.dueOn, 3) : p.dueOn;
      const res = await a.bank.post(`/api/v1/loans/${loan.id}/repayments`, { amountFen: p.payment, paidOn, bankTxnRef: `M-${loan.id}-${loan.nextK}` }, idem());
      expect(res.status).toBe(201);
      const subsidy = o.late ? 0 : Math.max(0, p.interest - mulDivHalfUp(BigInt(p.opening), BigInt(loan.capBps), 120_000n));
      expect(res.body.subsidies).toEqual(subsidy > 0 ? [{ k: loan.nextK, amountFen: subsidy }] : []);
      if (subsidy > 0) {
        m.post([['interest_subsidy_expense', subsidy], ['subsidies_payable', -subsidy]]);
        m.pending.interest += subsidy;
      }
      loan.nextK++;
      return;
    }
    case 'prepare': {
      const res = await a.city.post('/api/v1/subsidy-batches', { programmeId, kind: o.kind, upTo: TODAY }, idem());
      if (m.pending[o.kind] === 0) {
        expect(res.body.code).toBe('SUBSIDY_BATCH_EMPTY');
        return;
      }
      expect(res.status).toBe(201);
      expect(res.body.totalFen).toBe(m.pending[o.kind]);
      m.batches.push({ id: res.body.id, kind: o.kind, total: m.pending[o.kind], state: 'prepared' });
      m.pending[o.kind] = 0;
      // Often the batch goes on at once (a batch left for later is approved or paid by a later step).
      if (o.then) await run(fx, m, { op: 'approve', pick: 0, batchId: res.body.id });
      if (o.then === 'pay') await run(fx, m, { op: 'pay', pick: 0, batchId: res.body.id });
      return;
    }
    case 'approve': {
      const b = o.batchId ? m.batches.find((x) => x.id === o.batchId) : chooseMostly(m.batches, (x) => x.state === 'prepared', o.pick);
      if (!b) return;
      const res = await city2.post(`/api/v1/subsidy-batches/${b.id}/approve`, {}, idem());
      if (b.state !== 'prepared') {
        expect(res.body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
        return;
      }
      expect(res.status).toBe(200);
      b.state = 'approved';
      return;
    }
    case 'pay': {
      const b = o.batchId ? m.batches.find((x) => x.id === o.batchId) : chooseMostly(m.batches, (x) => x.state === 'approved', o.pick);
      if (!b) return;
      const res = await a.city.post(`/api/v1/subsidy-batches/${b.id}/pay`, { paymentRef: `ZF-${b.id}`, paidOn: TODAY }, idem());
      if (b.state !== 'approved') {
        expect(res.body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
        return;
      }
      if (m.net.fund_cash < b.total) {
        expect(res.body.code).toBe('LEDGER_FUND_INSUFFICIENT');
        return;
      }
      expect(res.status).toBe(200);
      const lines: [Account, number][] = [['subsidies_payable', b.total], ['fund_cash', -b.total]];
      m.post(lines);
      b.state = 'paid';
      const txn = await t.pool.query(`select max(id) as id from ledger_transactions where batch_id = $1 and kind = 'subsidy_payment'`, [b.id]);
      m.reversible.push({ txnId: txn.rows[0].id, lines, batchId: b.id, reversed: false });
      return;
    }
    case 'cancel': {
      const b = choose(m.batches, o.pick);
      if (!b) return;
      const res = await a.city.post(`/api/v1/subsidy-batches/${b.id}/cancel`, {}, idem());
      if (b.state !== 'prepared' && b.state !== 'approved') {
        expect(res.body.code).toBe('SUBSIDY_BATCH_STATE_INVALID');
        return;
      }
      expect(res.status).toBe(200);
      b.state = 'cancelled';
      m.pending[b.kind] += b.total;
      return;
    }
    case 'defaultAndClaim': {
      const { loanId } = await buildLoan(t, fx, a.city, { state: 'repaying', amountFen: o.amount });
      expect((await a.bank.post(`/api/v1/loans/${loanId}/default`, { asOf: '2026-05-17' }, idem())).status).toBe(200);
      const res = await a.city.post(`/api/v1/loans/${loanId}/claim`, { claimedOn: '2026-06-01' }, idem());
      expect(res.status).toBe(200);
      // The loss: all the principal plus the interest of periods 1–4 (due by 2026-05-17, none paid).
      const periods = await schedule(loanId);
      const loss = o.amount + periods.slice(0, 4).reduce((s, p) => s + p.interest, 0);
      const c = res.body.claim;
      expect(c.lossFen).toBe(loss);
      expect(c.unionShareFen + c.insurerShareFen + c.bankShareFen + c.guarantorShareFen).toBe(loss);
      // 70% to the fen: the floor, or one more when a fen is left over by the largest remainders.
      const floor = Math.floor((loss * 7) / 10);
      expect([floor, floor + 1]).toContain(c.unionShareFen);
      m.post([['default_loss_expense', c.unionShareFen], ['claims_payable', -c.unionShareFen]]);
      m.claims.push({ loanId, loss, union: c.unionShareFen, recovered: 0, paid: false });
      if (o.thenPay) await run(fx, m, { op: 'payClaim', pick: 0, loanId });
      return;
    }
    case 'payClaim': {
      const c = o.loanId ? m.claims.find((x) => x.loanId === o.loanId) : chooseMostly(m.claims, (x) => !x.paid, o.pick);
      if (!c) return;
      const res = await a.city.post(`/api/v1/loans/${c.loanId}/claim/pay`, { paidOn: TODAY, paymentRef: `DC-${c.loanId}` }, idem());
      if (c.paid) {
        expect(res.body.code).toBe('LOAN_CLAIM_ALREADY_PAID');
        return;
      }
      if (m.net.fund_cash < c.union) {
        expect(res.body.code).toBe('LEDGER_FUND_INSUFFICIENT');
        return;
      }
      expect(res.status).toBe(200);
      const lines: [Account, number][] = [['claims_payable', c.union], ['fund_cash', -c.union]];
      m.post(lines);
      c.paid = true;
      const txn = await t.pool.query(`select max(id) as id from ledger_transactions where loan_id = $1 and kind = 'claim_payment'`, [c.loanId]);
      m.reversible.push({ txnId: txn.rows[0].id, lines, claimLoanId: c.loanId, reversed: false });
      return;
    }
    case 'recover': {
      const c = chooseMostly(m.claims, (x) => x.recovered < x.loss, o.pick);
      if (!c) return;
      const left = c.loss - c.recovered;
      const amountFen = left === 0 ? 1 : Math.max(1, Math.floor((left * o.part) / 100));
      const res = await a.city.post(`/api/v1/loans/${c.loanId}/recoveries`, { amountFen, receivedOn: TODAY }, idem());
      if (left === 0) {
        expect(res.body.code).toBe('LOAN_TRANSITION_INVALID');
        return;
      }
      expect(res.status).toBe(200);
      const part = (x: number) => mulDivHalfUp(BigInt(x), BigInt(c.union), BigInt(c.loss));
      const unionPart = part(c.recovered + amountFen) - part(c.recovered);
      c.recovered += amountFen;
      expect(res.body).toMatchObject({ state: c.recovered === c.loss ? 'recovered' : 'claimed', claim: { recoveredFen: c.recovered, unionRecoveredFen: part(c.recovered) } });
      if (unionPart > 0) {
        m.post([['fund_cash', unionPart], ['recovery_income', -unionPart]]);
        m.notReversible.push((await t.pool.query(`select max(id) as id from ledger_transactions where loan_id = $1 and kind = 'recovery'`, [c.loanId])).rows[0].id);
      }
      return;
    }
    case 'reverse': {
      const r = chooseMostly(m.reversible, (x) => !x.reversed, o.pick);
      if (!r) return;
      const res = await a.city.post(`/api/v1/ledger/${r.txnId}/reverse`, { reason: '模型测试冲销' }, idem());
      if (r.reversed) {
        expect(res.body.code).toBe('LEDGER_ALREADY_REVERSED');
        return;
      }
      const cashOut = r.lines.reduce((s, [account, signed]) => s + (account === 'fund_cash' && signed > 0 ? signed : 0), 0);
      if (cashOut > m.net.fund_cash) {
        expect(res.body.code).toBe('LEDGER_FUND_INSUFFICIENT');
        return;
      }
      expect(res.status).toBe(201);
      m.post(r.lines.map(([account, signed]) => [account, 0 - signed]));
      m.notReversible.push(res.body.id);
      r.reversed = true;
      if (r.batchId !== undefined) m.batches.find((b) => b.id === r.batchId)!.state = 'approved';
      if (r.claimLoanId !== undefined) m.claims.find((c) => c.loanId === r.claimLoanId)!.paid = false;
      return;
    }
    case 'reverseRefused': {
      // Expense and income postings (and reversals themselves) are never reversed on their own.
      const id = choose(m.notReversible, o.pick) ?? (await t.pool.query(`select min(id) as id from ledger_transactions where programme_id = $1 and kind in ('premium_subsidy', 'interest_subsidy', 'claim')`, [programmeId])).rows[0].id;
      if (!id) return;
      const res = await a.city.post(`/api/v1/ledger/${id}/reverse`, { reason: '不应冲销' }, idem());
      expect(res.body.code).toBe('LEDGER_NOT_REVERSIBLE');
      return;
    }
  }
}

async function checkAgainst(fx: LoanFixture, m: Model) {
  const unbalanced = await t.pool.query(
    `select t.id from ledger_transactions t left join ledger_entries e on e.txn_id = t.id where t.programme_id = $1
      group by t.id having coalesce(sum(e.debit_fen), 0) <> coalesce(sum(e.credit_fen), 0) or count(e.id) < 2`,
    [fx.programmeId],
  );
  expect(unbalanced.rows).toEqual([]);
  const sums = await t.pool.query(`select account, (sum(debit_fen) - sum(credit_fen))::bigint as net from ledger_entries where programme_id = $1 group by account`, [fx.programmeId]);
  const db = Object.fromEntries(accounts.map((x) => [x, 0])) as Record<Account, number>;
  for (const r of sums.rows) db[r.account as Account] = Number(r.net);
  expect(db).toEqual(m.net);
  const fund = await a.city.get(`/api/v1/loan-programmes/${fx.programmeId}/fund`);
  expect(fund.status).toBe(200);
  expect(fund.body.balanceFen).toBe(m.net.fund_cash);
  expect(fund.body.fundFen).toBe(0 - m.net.fund_capital);
  expect(fund.body.committedFen).toBe(0 - m.net.subsidies_payable - m.net.claims_payable);
  expect(fund.body.recoveredFen).toBe(0 - m.net.recovery_income);
  expect(fund.body.paidFen).toBe(m.net.premium_subsidy_expense + m.net.interest_subsidy_expense + m.net.subsidies_payable + m.net.default_loss_expense + m.net.claims_payable);
  for (const x of fund.body.accounts as { account: Account; balanceFen: number }[]) {
    const debitNormal = x.account === 'fund_cash' || x.account.endsWith('_expense');
    expect([x.account, x.balanceFen]).toEqual([x.account, debitNormal ? m.net[x.account] : 0 - m.net[x.account]]);
  }
  // Nothing left the fund that it did not hold.
  expect(m.net.fund_cash).toBeGreaterThanOrEqual(0);
}

describe('the fund ledger under random sequences of operations', () => {
  it('balances every posting and agrees with the model and with the fund the API reports', async () => {
    await fc.assert(
      fc.asyncProperty(prelude, fc.array(opArb, { minLength: 3, maxLength: 9 }), async (start, ops) => {
        const fx = await setupLoanProgramme(t);
        const m = new Model();
        for (const o of [...start, ...ops]) await run(fx, m, o);
        await checkAgainst(fx, m);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
