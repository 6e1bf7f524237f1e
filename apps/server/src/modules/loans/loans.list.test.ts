import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { loanActors, portalMember, sanjingUnion, type LoanActors } from '../../../test/support/loan-actors';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';

/** The loan list and queues (scope, filters, paging, priority, SLA), one loan and its schedule, the public calculator. */
let t: TestApp;
let fx: LoanFixture;
let other: LoanFixture;
let a: LoanActors;
let sanjing: number;
let wujinUnion: number;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  other = await setupLoanProgramme(t);
  a = await loanActors(t);
  sanjing = await sanjingUnion(t);
  wujinUnion = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '湖塘镇总工会') order by id limit 1`)).rows[0].id;
});
afterAll(async () => t.close());

const ids = (body: { items: { id: number }[] }) => body.items.map((l) => l.id);
/** Puts a loan's entry into its step at an instant relative to the test clock. */
const enteredDaysAgo = (loanId: number, days: number) =>
  t.pool.query('update loans set step_entered_at = $2 where id = $1', [loanId, new Date(t.clock().getTime() - days * 86_400_000)]);

describe('GET /loans', () => {
  it('is limited to scope, filters by state, unit and programme, pages with {items, total}', async () => {
    const x1 = await buildLoan(t, fx, a.sanjing, { state: 'repaying' });
    const x2 = await buildLoan(t, fx, a.sanjing, { state: 'in_review', stepIndex: 1 });
    const x3 = await buildLoan(t, other, a.sanjing, { state: 'repaying' });
    const w1 = await buildLoan(t, fx, a.wujin, { state: 'repaying', orgId: wujinUnion });

    const xin = await a.xinbei.get(`/api/v1/loans?programmeId=${fx.programmeId}&pageSize=100`);
    expect(xin.status).toBe(200);
    expect(ids(xin.body).sort()).toEqual([x1.loanId, x2.loanId].sort());
    expect(xin.body.total).toBe(2);
    expect(ids((await a.wujin.get('/api/v1/loans?pageSize=100')).body)).toEqual([w1.loanId]);
    const all = await a.city.get('/api/v1/loans?pageSize=100');
    expect(ids(all.body)).toEqual(expect.arrayContaining([x1.loanId, x2.loanId, x3.loanId, w1.loanId]));
    // Newest first.
    expect(ids(all.body)).toEqual([...ids(all.body)].sort((p, q) => q - p));

    expect(ids((await a.city.get(`/api/v1/loans?state=in_review&programmeId=${fx.programmeId}`)).body)).toEqual([x2.loanId]);
    expect(ids((await a.city.get(`/api/v1/loans?state=in_review&state=repaying&programmeId=${fx.programmeId}&pageSize=100`)).body).sort()).toEqual([x1.loanId, x2.loanId, w1.loanId].sort());
    expect(ids((await a.city.get(`/api/v1/loans?orgId=${await t.orgIdByName('武进区总工会')}&pageSize=100`)).body)).toEqual([w1.loanId]);
    // A unit outside the caller's scope gives nothing, not the other district's loans.
    expect((await a.xinbei.get(`/api/v1/loans?orgId=${await t.orgIdByName('武进区总工会')}`)).body).toEqual({ items: [], total: 0 });
    // A partner sees the loans routed to it, whichever union they come from.
    expect(ids((await a.bank.get(`/api/v1/loans?programmeId=${fx.programmeId}&pageSize=100`)).body).sort()).toEqual([x1.loanId, x2.loanId, w1.loanId].sort());

    const p1 = await a.city.get(`/api/v1/loans?programmeId=${fx.programmeId}&page=1&pageSize=2`);
    const p2 = await a.city.get(`/api/v1/loans?programmeId=${fx.programmeId}&page=2&pageSize=2`);
    expect(p1.body.total).toBe(3);
    expect(p1.body.items).toHaveLength(2);
    expect(p2.body.items).toHaveLength(1);
    expect(new Set([...ids(p1.body), ...ids(p2.body)]).size).toBe(3);

    const item = p1.body.items.concat(p2.body.items).find((l: { id: number }) => l.id === x1.loanId);
    expect(item).toMatchObject({ state: 'repaying', programmeId: fx.programmeId, amountRequestedFen: 10_000_000, approvedAmountFen: 10_000_000, principalOutstandingFen: 10_000_000, bankName: '江苏同舟农村商业银行常州分行', districtName: '新北区总工会', stepIndex: null, stepName: null, daysInStep: null, overSla: false });

    for (const bad of ['state=lost', 'pageSize=0', 'pageSize=501', 'page=0', 'orgId=abc', 'colour=red', 'orgId=99999999999', 'programmeId=99999999999', 'asOf=2026-02-30', 'asOf=2026-02-30&overdue=true']) {
      const res = await a.city.get(`/api/v1/loans?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.code, bad).toBe('VALIDATION_FAILED');
    }
    expect((await t.client().get('/api/v1/loans')).status).toBe(401);
    const member = await portalMember(t, a.sanjing, sanjing);
    expect((await member.client.get('/api/v1/loans')).status).toBe(403);
  });

  it('a queue: the steps waiting on my unit, model workers first, then the longest waiting, with days in step and past-SLA flag', async () => {
    // A programme of its own, so the loans of the other tests stay out of these queues.
    const fx = await setupLoanProgramme(t);
    const old = await buildLoan(t, fx, a.sanjing, { state: 'in_review', stepIndex: 1 });
    const fresh = await buildLoan(t, fx, a.sanjing, { state: 'in_review', stepIndex: 1 });
    const worker = await buildLoan(t, fx, a.sanjing, { state: 'in_review', stepIndex: 1, modelWorkerLevel: 'provincial' });
    const atStreet = await buildLoan(t, fx, a.sanjing, { state: 'submitted' });
    const returned = await buildLoan(t, fx, a.sanjing, { state: 'returned', stepIndex: 1 });
    await enteredDaysAgo(old.loanId, 8);
    await enteredDaysAgo(fresh.loanId, 1.5);
    await enteredDaysAgo(worker.loanId, 0.2);
    await enteredDaysAgo(returned.loanId, 10);

    const q = await a.xinbei.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`);
    expect(q.status).toBe(200);
    expect(ids(q.body)).toEqual([worker.loanId, old.loanId, fresh.loanId]);
    expect(q.body.total).toBe(3);
    const [w, o, f] = q.body.items;
    expect(w).toMatchObject({ priority: true, modelWorkerLevel: 'provincial', stepIndex: 1, stepName: '区总初审', daysInStep: 0, overSla: false });
    expect(o).toMatchObject({ priority: false, daysInStep: 8, overSla: true });
    expect(f).toMatchObject({ daysInStep: 1, overSla: false });
    // English names of the step for an English caller.
    a.xinbei.lang = 'en';
    expect((await a.xinbei.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`)).body.items[0].stepName).toBe('District reviews');
    a.xinbei.lang = null;

    expect(ids((await a.sanjing.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`)).body)).toEqual([atStreet.loanId]);
    expect((await a.wujin.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`)).body.total).toBe(0);
    expect((await a.city.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`)).body.total).toBe(0);
    // A returned application waits on the applicant: in the list with its days, never past its SLA.
    const r = (await a.xinbei.get(`/api/v1/loans?state=returned&programmeId=${fx.programmeId}`)).body.items[0];
    expect(r).toMatchObject({ id: returned.loanId, daysInStep: 10, overSla: false });

    // The SLA is the step's own: at the insurer (5 days) four days is still within it.
    const insurer = await buildLoan(t, fx, a.sanjing, { state: 'in_review', stepIndex: 3 });
    await enteredDaysAgo(insurer.loanId, 4);
    expect((await a.insurer.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`)).body.items).toEqual([expect.objectContaining({ id: insurer.loanId, daysInStep: 4, overSla: false })]);
    await enteredDaysAgo(insurer.loanId, 5.1);
    expect((await a.insurer.get(`/api/v1/loans?queue=mine&programmeId=${fx.programmeId}`)).body.items[0].overSla).toBe(true);
  });
});

describe('GET /loans/:id and its schedule', () => {
  it('the loan within scope; its stored schedule with payments; outside scope 404', async () => {
    const { loanId, schedule } = await buildLoan(t, fx, a.sanjing, { state: 'repaying', disbursedOn: '2026-01-15' });
    const loan = await a.xinbei.get(`/api/v1/loans/${loanId}`);
    expect(loan.status).toBe(200);
    expect(loan.body).toMatchObject({ id: loanId, state: 'repaying', annualRateBps: 435, termMonths: 12, repaymentMethod: 'equal_instalment', disbursedOn: '2026-01-15', pipeline: expect.any(Array) });
    // The fixture's loan has paid nothing since January: past due as of the test clock.
    expect(loan.body.daysPastDue).toBe(286);
    expect(loan.body.overdueBucket).toBe('90+');

    const res = await a.bank.get(`/api/v1/loans/${loanId}/schedule`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(12);
    expect(res.body.rows[0]).toEqual({
      k: 1,
      dueDate: '2026-02-15',
      openingFen: 10_000_000,
      principalFen: 816_849,
      interestFen: 36_250,
      paymentFen: 853_099,
      closingFen: 9_183_151,
      paidInterestFen: 0,
      paidPrincipalFen: 0,
      status: 'overdue',
    });
    expect(res.body.rows.map((r: { dueDate: string }) => r.dueDate)).toEqual(schedule.map((r) => r.dueDate));
    expect(res.body.rows.at(-1)).toMatchObject({ k: 12, dueDate: '2027-01-15', closingFen: 0, status: 'future' });
    expect(res.body.rows[10]).toMatchObject({ dueDate: '2026-12-15', status: 'due' });
    expect(res.body.totalPrincipalFen).toBe(10_000_000);
    expect(res.body.totalPaymentFen).toBe(res.body.totalPrincipalFen + res.body.totalInterestFen);

    for (const url of [`/api/v1/loans/${loanId}`, `/api/v1/loans/${loanId}/schedule`]) {
      expect((await a.wujin.get(url)).status, url).toBe(404);
      expect((await a.wujin.get(url)).body.code).toBe('NOT_FOUND');
    }
    expect((await a.city.get('/api/v1/loans/99999999')).status).toBe(404);
    expect((await a.city.get('/api/v1/loans/abc')).status).toBe(400);
    const draft = await buildLoan(t, fx, a.sanjing, { state: 'in_review' });
    expect((await a.city.get(`/api/v1/loans/${draft.loanId}/schedule`)).body).toEqual({ rows: [], totalPrincipalFen: 0, totalInterestFen: 0, totalPaymentFen: 0 });
  });
});

describe('POST /loan-schedules/preview', () => {
  const preview = (body: Record<string, unknown>) => t.client().post('/api/v1/loan-schedules/preview', body);
  const base = { principalFen: 10_000_000, annualRateBps: 435, months: 12, method: 'equal_instalment', startDate: '2026-11-20' };

  it('the issue’s example: 100,000.00 yuan at 4.35% over 12 months pays 8,530.99 a month; the last principal is the balance', async () => {
    const res = await preview(base);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = res.body.rows as { k: number; dueDate: string; openingFen: number; principalFen: number; interestFen: number; paymentFen: number; closingFen: number }[];
    expect(rows).toHaveLength(12);
    for (const r of rows.slice(0, 11)) expect(r.paymentFen).toBe(853_099);
    // By hand: 10,000,000 × 0.0435 / 12 = 36,250; 9,183,151 × 0.003625 = 33,288.92 → 33,289.
    expect(rows[0]).toMatchObject({ k: 1, dueDate: '2026-12-20', interestFen: 36_250, principalFen: 816_849, closingFen: 9_183_151 });
    expect(rows[1]).toMatchObject({ k: 2, dueDate: '2027-01-20', openingFen: 9_183_151, interestFen: 33_289, principalFen: 819_810 });
    const last = rows[11]!;
    expect(last.principalFen).toBe(last.openingFen);
    expect(last.closingFen).toBe(0);
    expect(last.paymentFen).toBe(last.principalFen + last.interestFen);
    expect(Math.abs(last.paymentFen - 853_099)).toBeLessThanOrEqual(12);
    expect(res.body.totalPrincipalFen).toBe(10_000_000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.openingFen).toBe(rows[i - 1]!.closingFen);
    // Nothing was stored.
    expect((await t.pool.query('select count(*)::int as n from loan_schedule where due_on = $1', ['2026-12-20'])).rows[0].n).toBe(0);
  });

  it('a zero rate pays P ÷ n rounded half up; equal principal and interest-only follow their rules', async () => {
    const zero = await preview({ ...base, annualRateBps: 0 });
    expect(zero.body.rows.slice(0, 11).map((r: { paymentFen: number }) => r.paymentFen)).toEqual(Array(11).fill(833_333));
    expect(zero.body.rows[11]).toMatchObject({ principalFen: 833_337, interestFen: 0, paymentFen: 833_337 });
    const half = await preview({ ...base, principalFen: 100, annualRateBps: 0, months: 8 });
    // 100 ÷ 8 = 12.5 → 13; the last period takes the remaining 9.
    expect(half.body.rows.map((r: { principalFen: number }) => r.principalFen)).toEqual([13, 13, 13, 13, 13, 13, 13, 9]);

    const ep = await preview({ ...base, method: 'equal_principal' });
    expect(ep.body.rows.slice(0, 11).map((r: { principalFen: number }) => r.principalFen)).toEqual(Array(11).fill(833_333));
    expect(ep.body.rows[0]).toMatchObject({ interestFen: 36_250, paymentFen: 869_583 });
    expect(ep.body.rows[11].principalFen).toBe(833_337);

    const io = await preview({ ...base, method: 'interest_only', startDate: '2026-01-31' });
    expect(io.body.rows.slice(0, 11).every((r: { principalFen: number; interestFen: number }) => r.principalFen === 0 && r.interestFen === 36_250)).toBe(true);
    expect(io.body.rows[11]).toMatchObject({ principalFen: 10_000_000, paymentFen: 10_036_250, closingFen: 0 });
    // Due dates count months from the start: 31 January falls due on the last day of shorter months.
    expect(io.body.rows.slice(0, 3).map((r: { dueDate: string }) => r.dueDate)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('bad input is 400 with field errors, never 500', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, months: 0 }, 'months'],
      [{ ...base, months: 361 }, 'months'],
      [{ ...base, principalFen: -1 }, 'principalFen'],
      [{ ...base, principalFen: 0 }, 'principalFen'],
      [{ ...base, principalFen: 100.5 }, 'principalFen'],
      [{ ...base, principalFen: '10000' }, 'principalFen'],
      [{ ...base, annualRateBps: -5 }, 'annualRateBps'],
      [{ ...base, method: 'balloon' }, 'method'],
      [{ ...base, startDate: '2026-02-30' }, 'startDate'],
      [{ ...base, startDate: 'tomorrow' }, 'startDate'],
      [{ ...base, fee: 100 }, 'fee'],
      [{ principalFen: 10_000_000, annualRateBps: 435, method: 'equal_instalment', startDate: '2026-11-20' }, 'months'],
      [{ ...base, principalFen: Number.MAX_SAFE_INTEGER, annualRateBps: 100_000, months: 360 }, 'principalFen'],
    ];
    for (const [body, field] of cases) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { path: string }) => e.path), JSON.stringify(body)).toContain(field);
    }
  });
});
