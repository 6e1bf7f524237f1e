import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { idem, loanActors, type LoanActors } from '../../../test/support/loan-actors';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/** Maker-checker, idempotency and concurrency of the disbursement. */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
});
afterAll(async () => t.close());

const body = { amountFen: 10_000_000, disbursedOn: '2026-11-20', bankTxnRef: 'TZ-0001' };

async function recorded() {
  const { loanId } = await buildLoan(t, fx, a.city, { state: 'approved' });
  const res = await a.bank.post(`/api/v1/loans/${loanId}/disbursement`, body, idem());
  expect(res.status).toBe(201);
  return loanId;
}

const count = async (table: string, loanId: number) => (await t.pool.query(`select count(*)::int as n from ${table} where loan_id = $1`, [loanId])).rows[0].n as number;

describe('disbursement: maker and checker', () => {
  it('needs an Idempotency-Key, the approved amount, a date not in the future, and a bank officer of the loan', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'approved' });
    const url = `/api/v1/loans/${loanId}/disbursement`;
    expect((await a.bank.post(url, body)).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const wrongAmount = await a.bank.post(url, { ...body, amountFen: 9_000_000 }, idem());
    expect(wrongAmount.body.errors).toEqual([expect.objectContaining({ path: 'amountFen', code: 'loan.disbursementAmount' })]);
    expect((await a.bank.post(url, { ...body, disbursedOn: '2026-12-01' }, idem())).body.errors[0].path).toBe('disbursedOn');
    expect((await a.bank.post(url, { ...body, disbursedOn: '2026-02-30' }, idem())).body.errors[0].path).toBe('disbursedOn');
    expect((await a.bank.post(url, { ...body, extra: 1 }, idem())).body.errors[0]).toMatchObject({ path: 'extra' });
    expect((await a.city.post(url, body, idem())).status).toBe(403);
    expect((await a.insurer.post(url, body, idem())).status).toBe(403);
    expect((await a.bank.post(url, body, idem())).status).toBe(201);
    expect((await a.bank2.post(url, body, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
  });

  it('the maker cannot confirm; the checker can, once', async () => {
    const loanId = await recorded();
    const own = await a.bank.post(`/api/v1/loans/${loanId}/disbursement/confirm`, {}, idem());
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('LOAN_MAKER_CHECKER');
    expect((await a.bank.get(`/api/v1/loans/${loanId}`)).body.actions).toEqual([]);
    expect((await a.bank2.get(`/api/v1/loans/${loanId}`)).body.actions).toEqual(['confirm_disbursement']);
    const ok = await a.bank2.post(`/api/v1/loans/${loanId}/disbursement/confirm`, {}, idem());
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('repaying');
    expect((await a.bank2.post(`/api/v1/loans/${loanId}/disbursement/confirm`, {}, idem())).body.code).toBe('LOAN_TRANSITION_INVALID');
  });

  it('20 concurrent confirmations with the same key apply once; the others replay the same answer', async () => {
    const loanId = await recorded();
    const key = idem();
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.bank2.post(`/api/v1/loans/${loanId}/disbursement/confirm`, {}, key)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await count('loan_schedule', loanId)).toBe(12);
    expect(await count('loan_visits', loanId)).toBe(4);
    expect((await t.pool.query(`select count(*)::int as n from loan_events where loan_id = $1 and event = 'confirm_disbursement'`, [loanId])).rows[0].n).toBe(1);
    expect((await t.pool.query(`select count(*)::int as n from audit_log where action = 'loan.confirm_disbursement' and entity_id = $1`, [String(loanId)])).rows[0].n).toBe(1);
    const different = await a.bank2.post(`/api/v1/loans/${loanId}/disbursement/confirm`, { extra: true }, key);
    expect(different.status).toBe(400);
  });

  it('20 concurrent confirmations with different keys: exactly one succeeds, the others are 409', async () => {
    const loanId = await recorded();
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.bank2.post(`/api/v1/loans/${loanId}/disbursement/confirm`, {}, idem())));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = answers.filter((r) => r.status !== 200);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(19).fill([409, 'LOAN_TRANSITION_INVALID']));
    expect(await count('loan_schedule', loanId)).toBe(12);
    expect((await t.pool.query('select principal_outstanding_fen, state from loans where id = $1', [loanId])).rows[0]).toEqual({ principal_outstanding_fen: 10_000_000, state: 'repaying' });
  });

  it('the same key with a different body is refused with 422; with the same body it replays', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'approved' });
    const key = idem();
    const first = await a.bank.post(`/api/v1/loans/${loanId}/disbursement`, body, key);
    expect(first.status).toBe(201);
    const again = await a.bank.post(`/api/v1/loans/${loanId}/disbursement`, body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const changed = await a.bank.post(`/api/v1/loans/${loanId}/disbursement`, { ...body, bankTxnRef: 'TZ-0002' }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('loan_disbursements', loanId)).toBe(1);
  });
});
