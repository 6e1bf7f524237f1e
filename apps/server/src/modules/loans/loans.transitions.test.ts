import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loanStates, type LoanState } from '@tongxing/domain';
import { createTestApp, type TestApp } from '../../../test/harness';
import { idem, loanActors, officer, partnerUnit, type LoanActors } from '../../../test/support/loan-actors';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/**
 * Every API action against a loan in every state: what the workflow table allows succeeds with the state it
 * names; everything else is 409 LOAN_TRANSITION_INVALID and changes nothing. Then the party checks.
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

type Action = 'submit' | 'resubmit' | 'withdraw' | 'approve' | 'return' | 'reject' | 'record_disbursement' | 'confirm_disbursement';
const actions: Action[] = ['submit', 'resubmit', 'withdraw', 'approve', 'return', 'reject', 'record_disbursement', 'confirm_disbursement'];

/** What is allowed: [state, action] → the state after it (and the step it waits at). */
const allowed: Record<string, { state: LoanState; stepIndex?: number | null }> = {
  'draft submit': { state: 'submitted', stepIndex: 0 },
  'returned resubmit': { state: 'in_review', stepIndex: 1 },
  'draft withdraw': { state: 'withdrawn' },
  'submitted withdraw': { state: 'withdrawn' },
  'in_review withdraw': { state: 'withdrawn' },
  'returned withdraw': { state: 'withdrawn' },
  'submitted approve': { state: 'in_review', stepIndex: 1 },
  'in_review approve': { state: 'in_review', stepIndex: 2 },
  'submitted return': { state: 'returned', stepIndex: 0 },
  'in_review return': { state: 'returned', stepIndex: 1 },
  'submitted reject': { state: 'rejected' },
  'in_review reject': { state: 'rejected' },
  'approved record_disbursement': { state: 'approved' },
  'approved confirm_disbursement': { state: 'repaying' },
};

/** Fires an action as the party that would be entitled to it (the state decides the refusal). */
async function act(id: number, state: LoanState, action: Action) {
  const reviewer = state === 'in_review' ? a.xinbei : a.sanjing;
  switch (action) {
    case 'submit':
    case 'resubmit':
    case 'withdraw':
      return a.sanjing.post(`/api/v1/loans/${id}/${action}`, {});
    case 'approve':
    case 'return':
    case 'reject':
      return reviewer.post(`/api/v1/loans/${id}/decision`, { decision: action, comment: '审核意见' });
    case 'record_disbursement':
      return a.bank.post(`/api/v1/loans/${id}/disbursement`, { amountFen: 10_000_000, disbursedOn: '2026-11-20' }, idem());
    case 'confirm_disbursement':
      if (state === 'approved') expect((await a.bank.post(`/api/v1/loans/${id}/disbursement`, { amountFen: 10_000_000, disbursedOn: '2026-11-20' }, idem())).status).toBe(201);
      return a.bank2.post(`/api/v1/loans/${id}/disbursement/confirm`, {}, idem());
  }
}

describe('every transition over the API, table-driven', () => {
  const cases = loanStates.flatMap((state) => actions.map((action) => [state, action] as const));
  it.each(cases)('%s + %s', async (state, action) => {
    const { loanId } = await buildLoan(t, fx, a.city, { state });
    const before = await t.pool.query('select state, version from loans where id = $1', [loanId]);
    const res = await act(loanId, state, action);
    const want = allowed[`${state} ${action}`];
    if (want) {
      expect(res.status, JSON.stringify(res.body)).toBe(action === 'record_disbursement' ? 201 : 200);
      expect(res.body.state).toBe(want.state);
      if (want.stepIndex !== undefined) expect(res.body.stepIndex).toBe(want.stepIndex);
      const events = await t.pool.query('select from_state, to_state from loan_events where loan_id = $1 order by id desc limit 1', [loanId]);
      expect(events.rows[0]).toEqual({ from_state: state, to_state: want.state });
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.code).toBe('LOAN_TRANSITION_INVALID');
      expect((await t.pool.query('select state, version from loans where id = $1', [loanId])).rows[0]).toEqual(before.rows[0]);
      expect((await t.pool.query('select count(*)::int as n from loan_events where loan_id = $1', [loanId])).rows[0].n).toBe(0);
    }
  });
});

describe('each step only by its party', () => {
  it('the district step: another district cannot see it (404), a street cadre is the wrong party, the district acts', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 1 });
    const approve = { decision: 'approve', comment: '同意' };
    expect((await a.wujin.post(`/api/v1/loans/${loanId}/decision`, approve)).status).toBe(404);
    expect((await a.wujin.get(`/api/v1/loans/${loanId}`)).status).toBe(404);
    const street = await a.sanjing.post(`/api/v1/loans/${loanId}/decision`, approve);
    expect(street.status).toBe(403);
    expect(street.body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.city.post(`/api/v1/loans/${loanId}/decision`, approve)).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.insurer.post(`/api/v1/loans/${loanId}/decision`, approve)).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.sanjing.get(`/api/v1/loans/${loanId}`)).body.actions).not.toContain('approve_step');
    const ok = await a.xinbei.post(`/api/v1/loans/${loanId}/decision`, approve);
    expect(ok.status).toBe(200);
    expect(ok.body.stepIndex).toBe(2);
  });

  it('the recommending step: the union chain below the district; the district is not it', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'submitted' });
    expect((await a.xinbei.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve' })).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.sanjing.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve' })).status).toBe(200);
  });

  it('the insurer step needs the policy number and the insurer; the bank step the loan’s own bank', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3 });
    expect((await a.bank.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', contractNo: 'X' })).body.code).toBe('LOAN_WRONG_PARTY');
    const noPolicy = await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve' });
    expect(noPolicy.status).toBe(400);
    expect(noPolicy.body.errors).toEqual([expect.objectContaining({ path: 'policyNo', code: 'loan.numberRequired' })]);
    expect((await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', policyNo: 'AX-1' })).body).toMatchObject({ state: 'in_review', stepIndex: 4 });

    const otherBank = await partnerUnit(t, { name: '江南示范银行常州分行', kind: 'bank' });
    const stranger = await officer(t, { username: 'bankx', displayName: '外行经办', orgId: otherBank, role: 'bank_officer' });
    expect((await stranger.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', contractNo: 'C-1' })).status).toBe(404);
    expect((await stranger.get(`/api/v1/loans/${loanId}`)).status).toBe(404);
    const insurerAtBank = await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', contractNo: 'C-1' });
    expect(insurerAtBank.body.code).toBe('LOAN_WRONG_PARTY');
    const done = await a.bank.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', contractNo: 'C-1' });
    expect(done.body).toMatchObject({ state: 'approved', contractNo: 'C-1', annualRateBps: 435 });
  });

  it('approval authority: a 500,000-yuan loan goes to the head office; the branch officer is the wrong party, the head office acts', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3, amountFen: 50_000_000, modelWorkerLevel: 'national' });
    expect((await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', policyNo: 'AX-500' })).status).toBe(200);
    const routed = await t.pool.query('select step_org_id from loans where id = $1', [loanId]);
    expect(routed.rows[0].step_org_id).toBe(fx.bankHeadId);
    const head = await officer(t, { username: 'bankhq', displayName: '总行审批人', orgId: fx.bankHeadId, role: 'bank_officer' });
    expect((await a.bank.get(`/api/v1/loans/${loanId}`)).body.stepOrgName).toBe('江苏同舟农村商业银行');
    const branch = await a.bank.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', contractNo: 'C-500' });
    expect(branch.status).toBe(403);
    expect(branch.body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.bank.get('/api/v1/loans?queue=mine')).body.items.map((l: { id: number }) => l.id)).not.toContain(loanId);
    expect((await head.get('/api/v1/loans?queue=mine')).body.items.map((l: { id: number }) => l.id)).toContain(loanId);
    const ok = await head.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', contractNo: 'C-500' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'approved', approvedAmountFen: 50_000_000 });
    // Within the branch's limit the branch holds the step itself (a loan straight from the fixture at step 4).
    const small = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 4, amountFen: 10_000_000 });
    expect((await head.post(`/api/v1/loans/${small.loanId}/decision`, { decision: 'approve', contractNo: 'C-1' })).body.code).toBe('LOAN_WRONG_PARTY');
    expect((await a.bank.post(`/api/v1/loans/${small.loanId}/decision`, { decision: 'approve', contractNo: 'C-1' })).status).toBe(200);
  });

  it('out of scope is 404 for every action, exactly like a missing loan', async () => {
    const { loanId } = await buildLoan(t, fx, a.city, { state: 'submitted' });
    for (const path of ['submit', 'withdraw', 'resubmit']) expect((await a.wujin.post(`/api/v1/loans/${loanId}/${path}`, {})).status).toBe(404);
    expect((await a.wujin.post(`/api/v1/loans/${loanId}/decision`, { decision: 'reject', comment: 'x' })).status).toBe(404);
    expect((await a.wujin.get(`/api/v1/loans/${loanId}/schedule`)).status).toBe(404);
    expect((await a.sanjing.post('/api/v1/loans/99999999/decision', { decision: 'approve' })).status).toBe(404);
  });
});
