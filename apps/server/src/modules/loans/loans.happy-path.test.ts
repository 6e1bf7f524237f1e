import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchedule } from '@tongxing/domain';
import { createTestApp, type TestApp } from '../../../test/harness';
import { idem, loanActors, portalMember, sanjingUnion, type LoanActors } from '../../../test/support/loan-actors';
import { setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { balances } from '../../lib/ledger';

/** A member applies in the portal; the union chain, the insurer and the bank act; the bank's two officers disburse. */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
});
afterAll(async () => t.close());

describe('the full happy path through the API', () => {
  it('portal application → recommend → district → city → insurer → bank → disbursed and repaying with the exact schedule', async () => {
    const member = await portalMember(t, a.sanjing, await sanjingUnion(t));
    const products = await member.client.get('/api/v1/portal/loan-products');
    expect(products.status).toBe(200);
    expect(products.body.items.find((p: { id: number }) => p.id === fx.productId)).toMatchObject({ currentRateBps: 435, myMaxAmountFen: 20_000_000 });

    const applied = await member.client.post('/api/v1/portal/loans', {
      productId: fx.productId,
      amountFen: 10_000_000,
      termMonths: 12,
      purpose: '开办社区早餐店',
      jobsExpected: 3,
      declaresNoBadCredit: true,
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ state: 'submitted', stepIndex: 0, stepName: '基层推荐', memberId: member.memberId, actions: ['withdraw', 'attach'] });
    expect(applied.body.reference).toMatch(/^DK2026\d{6}$/);
    const id = applied.body.id as number;

    const queue = await a.sanjing.get('/api/v1/loans?queue=mine');
    expect(queue.body.items.map((l: { id: number }) => l.id)).toContain(id);
    expect((await a.xinbei.get('/api/v1/loans?queue=mine')).body.items.map((l: { id: number }) => l.id)).not.toContain(id);
    const seen = await a.sanjing.get(`/api/v1/loans/${id}`);
    expect(seen.body.actions).toEqual(expect.arrayContaining(['approve_step', 'return', 'reject']));

    const steps: [keyof LoanActors, Record<string, unknown>, string, number | null][] = [
      ['sanjing', { comment: '经营场所已核实，同意推荐' }, 'in_review', 1],
      ['xinbei', { comment: '材料齐全' }, 'in_review', 2],
      ['city', { approvedAmountFen: 10_000_000 }, 'in_review', 3],
      ['insurer', { policyNo: 'AX-2026-0001' }, 'in_review', 4],
      ['bank', { contractNo: 'TZ-JK-2026-118', comment: '同意放款' }, 'approved', null],
    ];
    for (const [who, body, state, stepIndex] of steps) {
      const res = await a[who].post(`/api/v1/loans/${id}/decision`, { decision: 'approve', ...body });
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body).toMatchObject({ state, stepIndex });
    }
    const approved = await a.bank.get(`/api/v1/loans/${id}`);
    expect(approved.body).toMatchObject({ approvedAmountFen: 10_000_000, annualRateBps: 435, termMonths: 12, repaymentMethod: 'equal_instalment', policyNo: 'AX-2026-0001', contractNo: 'TZ-JK-2026-118', actions: ['record_disbursement'] });

    // The insurer's approval earned the union's premium subsidy: 5% of the amount, owed to the insurer.
    const premium = await t.pool.query(`select amount_fen, k from loan_subsidy_items where loan_id = $1 and kind = 'premium'`, [id]);
    expect(premium.rows).toEqual([{ amount_fen: 500_000, k: 0 }]);
    const b = await balances(t.deps.db, fx.programmeId);
    expect(b.premium_subsidy_expense).toBe(500_000);
    expect(b.subsidies_payable).toBe(500_000);

    const recorded = await a.bank.post(`/api/v1/loans/${id}/disbursement`, { amountFen: 10_000_000, disbursedOn: '2026-11-20', bankTxnRef: 'TZ20261120001' }, idem());
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ state: 'approved', disbursement: { status: 'recorded', recordedByName: '周晓明' } });
    expect((await a.bank2.get('/api/v1/loans?queue=mine')).body.items.map((l: { id: number }) => l.id)).toContain(id);
    expect((await a.bank.get('/api/v1/loans?queue=mine')).body.items.map((l: { id: number }) => l.id)).not.toContain(id);

    const confirmed = await a.bank2.post(`/api/v1/loans/${id}/disbursement/confirm`, {}, idem());
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'repaying', disbursedOn: '2026-11-20', maturityOn: '2027-11-20', principalOutstandingFen: 10_000_000, disbursement: { status: 'confirmed', confirmedByName: '钱雨婷' } });

    const expected = buildSchedule({ principalFen: 10_000_000, annualRateBps: 435, months: 12, method: 'equal_instalment', startDate: '2026-11-20' });
    const schedule = await a.city.get(`/api/v1/loans/${id}/schedule`);
    expect(schedule.status).toBe(200);
    expect(schedule.body.rows.map((r: Record<string, unknown>) => ({ k: r.k, dueDate: r.dueDate, openingFen: r.openingFen, principalFen: r.principalFen, interestFen: r.interestFen, paymentFen: r.paymentFen, closingFen: r.closingFen }))).toEqual(expected);
    expect(schedule.body.rows[0]).toMatchObject({ paymentFen: 853_099, status: 'due', paidInterestFen: 0 });
    expect(schedule.body.totalPrincipalFen).toBe(10_000_000);

    const mine = await member.client.get(`/api/v1/portal/loans/${id}`);
    expect(mine.body).toMatchObject({ state: 'repaying', actions: [] });
    expect(mine.body.events.map((e: { event: string }) => e.event)).toEqual(['create', 'submit', 'approve_step', 'approve_step', 'approve_step', 'approve_step', 'approve_step', 'record_disbursement', 'confirm_disbursement']);
    expect(mine.body.events[2]).toMatchObject({ actorName: '刘敏', actorOrgName: '三井街道总工会', comment: '经营场所已核实，同意推荐', stepKey: 'recommend' });
    const portalSchedule = await member.client.get(`/api/v1/portal/loans/${id}/schedule`);
    expect(portalSchedule.body.rows).toHaveLength(12);
    expect((await member.client.get('/api/v1/portal/loans')).body).toMatchObject({ total: 1, items: [{ id, state: 'repaying' }] });

    const visits = await t.pool.query('select label, due_on from loan_visits where loan_id = $1 order by seq', [id]);
    expect(visits.rows).toEqual([
      { label: 'M+3', due_on: '2027-02-20' },
      { label: 'M+6', due_on: '2027-05-20' },
      { label: 'T-1', due_on: '2027-10-20' },
      { label: 'M+12', due_on: '2027-11-20' },
    ]);
    const audit = await t.pool.query(`select action from audit_log where entity_type = 'loan' and entity_id = $1 order by id`, [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['loan.create', 'loan.submit', ...Array(5).fill('loan.approve_step'), 'loan.record_disbursement', 'loan.confirm_disbursement']);
  });
});
