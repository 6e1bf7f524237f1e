import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { loanActors, officer, partnerUnit, type LoanActors } from '../../../test/support/loan-actors';
import { contribute } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { post } from '../../lib/ledger';

/**
 * The dashboard's figures checked against a small set of loans whose numbers are worked out by hand below
 * (test clock: 2026-11-28 in Shanghai). 新北区 (under 三井街道) and 武进区 (under 湖塘镇) each have loans.
 */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;
let ids: { xinbei: number; wujin: number; sanjingStreet: number; hutangStreet: number; city: number };
const L: Record<string, number> = {};

async function setNext(loanId: number, nextDueOn: string | null, extra = '') {
  await t.pool.query(`update loans set next_due_on = $2 ${extra} where id = $1`, [loanId, nextDueOn]);
}

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
  ids = {
    city: await t.orgIdByName('常州市总工会'),
    xinbei: await t.orgIdByName('新北区总工会'),
    wujin: await t.orgIdByName('武进区总工会'),
    sanjingStreet: await t.orgIdByName('三井街道总工会'),
    hutangStreet: await t.orgIdByName('湖塘镇总工会'),
  };
  const wujinUnion = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = $1 order by id limit 1`, [ids.hutangStreet])).rows[0].id;
  const x = (o: Parameters<typeof buildLoan>[3]) => buildLoan(t, fx, a.sanjing, o);
  // 新北区
  L.x1 = (await x({ state: 'repaying', amountFen: 10_000_000, disbursedOn: '2026-10-15' })).loanId; // next due 11-15: 13 days past due
  L.x2 = (await x({ state: 'repaying', amountFen: 20_000_000, disbursedOn: '2026-11-20', modelWorkerLevel: 'city' })).loanId; // due 12-20
  L.x3 = (await x({ state: 'settled', amountFen: 5_000_000, disbursedOn: '2026-01-15' })).loanId;
  L.x4 = (await x({ state: 'in_review', amountFen: 10_000_000, stepIndex: 1 })).loanId;
  L.x5 = (await x({ state: 'submitted', amountFen: 8_000_000 })).loanId;
  L.x6 = (await x({ state: 'defaulted', amountFen: 10_000_000, disbursedOn: '2026-01-15' })).loanId; // next due 02-15: 286 days
  // 武进区
  const w = (o: Parameters<typeof buildLoan>[3]) => buildLoan(t, fx, a.wujin, { orgId: wujinUnion, ...o });
  L.w1 = (await w({ state: 'repaying', amountFen: 30_000_000, disbursedOn: '2026-07-10', termMonths: 24 })).loanId;
  await setNext(L.w1, '2026-10-15'); // 44 days past due
  L.w2 = (await w({ state: 'draft', amountFen: 7_000_000 })).loanId;
  // Another programme's loan never counts when a programme is chosen.
  const other = await setupLoanProgramme(t);
  L.o1 = (await buildLoan(t, other, a.sanjing, { state: 'repaying', amountFen: 99_000_000 })).loanId;

  await t.pool.query(`update loans set enterprise_credit_code = '91320411MA1X2Y3W4X', jobs_created = 2 where id = $1`, [L.x1]);
  await t.pool.query(`update loans set jobs_created = 4 where id = $1`, [L.x2]);
  await t.pool.query(`update loans set enterprise_name = '湖塘织造厂', jobs_created = 10 where id = $1`, [L.w1]);

  // Visits: x1 one done, one overdue, one not yet due; w1 one done.
  const visit = (loanId: number, seq: number, dueOn: string, state: string) =>
    t.pool.query(
      `insert into loan_visits (loan_id, seq, label, due_on, org_id, org_path, state, done_on) select id, $2::int, 'M+' || $2::text, $3::date, org_id, org_path, $4::varchar, case when $4::varchar = 'done' then $3::date end from loans where id = $1`,
      [loanId, seq, dueOn, state],
    );
  await visit(L.x1, 1, '2026-11-01', 'done');
  await visit(L.x1, 2, '2026-11-20', 'planned');
  await visit(L.x1, 3, '2027-01-15', 'planned');
  await visit(L.w1, 1, '2026-10-10', 'done');

  // The fund: 1,000,000,000 fen in; subsidies: a paid premium batch (x1, w1), a paid interest batch (x2), an approved one not yet paid.
  await contribute(t, fx.programmeId, 1_000_000_000);
  const cityUser = await t.userIdByName('city');
  const batch = async (kind: string, state: string, items: [number, number][]) => {
    const total = items.reduce((s, [, f]) => s + f, 0);
    const id = (await t.pool.query(`insert into subsidy_batches (programme_id, kind, item_count, total_fen, state, prepared_by) values ($1, $2, $3, $4, $5, $6) returning id`, [fx.programmeId, kind, items.length, total, state, cityUser])).rows[0].id;
    for (const [loanId, fen] of items) {
      await t.pool.query(`insert into loan_subsidy_items (loan_id, programme_id, kind, k, amount_fen, earned_on, batch_id) values ($1, $2, $3, 1, $4, '2026-11-01', $5)`, [loanId, fx.programmeId, kind, fen, id]);
    }
    if (state === 'paid') {
      await t.deps.db.transaction((tx) =>
        post(tx, { programmeId: fx.programmeId, kind: 'subsidy_payment', batchId: id, postedOn: '2026-11-10', lines: [{ account: 'subsidies_payable', debitFen: total }, { account: 'fund_cash', creditFen: total }] }),
      );
    }
  };
  await batch('premium', 'paid', [
    [L.x1!, 500_000],
    [L.w1!, 1_500_000],
  ]);
  await batch('interest', 'paid', [[L.x2!, 12_345]]);
  await batch('interest', 'approved', [[L.x1!, 9_999]]);

  const targets = await a.city.put(`/api/v1/loan-programmes/${fx.programmeId}/targets`, [
    { orgId: ids.xinbei, lendingFen: 100_000_000, enterprises: 10, entrepreneurs: 8, jobs: 100 },
    { orgId: ids.wujin, lendingFen: 60_000_000, enterprises: 5, entrepreneurs: 5, jobs: 40 },
    { orgId: await t.orgIdByName('天宁区总工会'), lendingFen: 50_000_000, enterprises: 5, entrepreneurs: 5, jobs: 40 },
    { orgId: ids.sanjingStreet, lendingFen: 40_000_000, enterprises: 4, entrepreneurs: 4, jobs: 20 },
  ]);
  expect(targets.status, JSON.stringify(targets.body)).toBe(200);
});
afterAll(async () => t.close());

const unit = (body: { units: { orgId: number }[] }, orgId: number) => body.units.find((u) => u.orgId === orgId);
const state = (body: { states: { state: string; count: number; amountFen: number }[] }, s: string) => body.states.find((x) => x.state === s);

describe('GET /loan-dashboard', () => {
  it('the whole programme for a city cadre: states, lending, outstanding, overdue and buckets, subsidies, visits, fund and leverage, targets, per district', async () => {
    const res = await a.city.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ asOf: '2026-11-28', programmeId: fx.programmeId, org: { id: ids.city } });
    // Lent: x1 10M + x2 20M + x3 5M + x6 10M + w1 30M = 75M; outstanding on repaying and defaulted: x1, x2, x6, w1.
    expect(d).toMatchObject({ lentCount: 5, lentFen: 75_000_000, outstandingFen: 70_000_000, inReviewCount: 2, enterprises: 2, entrepreneurs: 5, jobsExpected: 15, jobsCreated: 16, modelWorkerLoans: 1 });
    expect(state(d, 'repaying')).toEqual({ state: 'repaying', count: 3, amountFen: 60_000_000 });
    expect(state(d, 'draft')).toEqual({ state: 'draft', count: 1, amountFen: 7_000_000 });
    expect(state(d, 'in_review')).toEqual({ state: 'in_review', count: 1, amountFen: 10_000_000 });
    expect(state(d, 'submitted')).toEqual({ state: 'submitted', count: 1, amountFen: 8_000_000 });
    expect(state(d, 'settled')).toEqual({ state: 'settled', count: 1, amountFen: 5_000_000 });
    expect(state(d, 'defaulted')).toEqual({ state: 'defaulted', count: 1, amountFen: 10_000_000 });
    expect(state(d, 'rejected')).toEqual({ state: 'rejected', count: 0, amountFen: 0 });
    // Overdue: x1 (13 days, 10M), w1 (44 days, 30M), x6 (286 days, 10M): 50M of 70M = 71.43 %; 3 of 4 live loans.
    expect(d.overdue).toEqual({
      count: 3,
      principalFen: 50_000_000,
      rateBps: 7143,
      countRateBps: 7500,
      buckets: [
        { bucket: '1-30', count: 1, principalFen: 10_000_000 },
        { bucket: '31-60', count: 1, principalFen: 30_000_000 },
        { bucket: '61-90', count: 0, principalFen: 0 },
        { bucket: '90+', count: 1, principalFen: 10_000_000 },
      ],
    });
    expect(d.subsidies).toEqual({ paidFen: 2_012_345, premiumPaidFen: 2_000_000, interestPaidFen: 12_345 });
    expect(d.visits).toEqual({ due: 3, done: 2, overdue: 1, doneRateBps: 6667 });
    // Fund from the ledger: 1,000,000,000 in, 2,012,345 paid out; leverage 75M ÷ 1,000M = 0.075×.
    expect(d.fund).toEqual({ fundFen: 1_000_000_000, balanceFen: 997_987_655, subsidiesPaidFen: 2_012_345, claimsPaidFen: 0, leverageBps: 750 });
    // The programme's own targets (3亿 lending, 1000 enterprises, 1000 entrepreneurs, 30000 jobs).
    expect(d.targets).toEqual({ lendingFen: 30_000_000_000, enterprises: 1000, entrepreneurs: 1000, jobs: 30000 });
    expect(d.progress).toEqual({ lendingBps: 25, enterprisesBps: 20, entrepreneursBps: 50, jobsBps: 5 });

    expect(d.units.map((u: { orgId: number }) => u.orgId).sort()).toEqual([ids.xinbei, ids.wujin, await t.orgIdByName('天宁区总工会')].sort());
    expect(unit(d, ids.xinbei)).toMatchObject({
      lentCount: 4,
      lentFen: 45_000_000,
      outstandingFen: 40_000_000,
      inReviewCount: 2,
      enterprises: 1,
      entrepreneurs: 4,
      jobsCreated: 6,
      overdueCount: 2,
      overduePrincipalFen: 20_000_000,
      visitsDue: 2,
      visitsDone: 1,
      target: { lendingFen: 100_000_000, enterprises: 10, entrepreneurs: 8, jobs: 100 },
      progress: { lendingBps: 4500, enterprisesBps: 1000, entrepreneursBps: 5000, jobsBps: 600 },
    });
    expect(unit(d, ids.wujin)).toMatchObject({ lentCount: 1, lentFen: 30_000_000, outstandingFen: 30_000_000, overdueCount: 1, enterprises: 1, visitsDue: 1, visitsDone: 1, progress: { lendingBps: 5000, jobsBps: 2500 } });
    // A district with a target and no loans still has its row.
    expect(unit(d, await t.orgIdByName('天宁区总工会'))).toMatchObject({ lentCount: 0, lentFen: 0, progress: { lendingBps: 0 } });

    const months = Object.fromEntries(d.monthly.map((m: { month: string; count: number; amountFen: number }) => [m.month, [m.count, m.amountFen]]));
    expect(d.monthly).toHaveLength(12);
    expect(d.monthly[0].month).toBe('2025-12');
    expect(months).toMatchObject({ '2026-01': [2, 15_000_000], '2026-07': [1, 30_000_000], '2026-10': [1, 10_000_000], '2026-11': [1, 20_000_000], '2026-02': [0, 0] });
  });

  it('as of another date the buckets move', async () => {
    const d = (await a.city.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&asOf=2026-12-31`)).body;
    // x1 (11-15) 46 days, x2 (12-20) 11 days, w1 (10-15) 77 days, x6 320 days.
    expect(d.overdue.buckets.map((b: { count: number }) => b.count)).toEqual([1, 1, 1, 1]);
    expect(d.overdue.principalFen).toBe(70_000_000);
    expect(d.visits).toMatchObject({ due: 3, done: 2, overdue: 1 });
    expect((await a.city.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&asOf=2026-02-30`)).status).toBe(400);
  });

  it('a district cadre sees only its district, with its target and a row per street; another district is 404', async () => {
    const res = await a.xinbei.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.org).toMatchObject({ id: ids.xinbei, name: '新北区总工会' });
    expect(d).toMatchObject({ lentCount: 4, lentFen: 45_000_000, outstandingFen: 40_000_000, inReviewCount: 2, overdueCount: 2, entrepreneurs: 4 });
    expect(d.overdue.buckets.map((b: { count: number }) => b.count)).toEqual([1, 0, 0, 1]);
    expect(d.overdue.rateBps).toBe(5000);
    expect(state(d, 'draft')!.count).toBe(0);
    expect(d.fund).toBeNull();
    // Only its own loans' paid items: x1's premium and x2's interest.
    expect(d.subsidies).toEqual({ paidFen: 512_345, premiumPaidFen: 500_000, interestPaidFen: 12_345 });
    expect(d.visits).toMatchObject({ due: 2, done: 1, overdue: 1 });
    expect(d.targets).toEqual({ lendingFen: 100_000_000, enterprises: 10, entrepreneurs: 8, jobs: 100 });
    expect(d.progress).toMatchObject({ lendingBps: 4500 });
    expect(d.units.map((u: { orgId: number }) => u.orgId)).toEqual([ids.sanjingStreet]);
    expect(unit(d, ids.sanjingStreet)).toMatchObject({ lentFen: 45_000_000, target: { lendingFen: 40_000_000 }, progress: { lendingBps: 11250 } });

    // The same view asked for by unit; a street below it; the other district and the city are out of scope.
    expect((await a.xinbei.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&orgId=${ids.xinbei}`)).body.lentFen).toBe(45_000_000);
    const street = (await a.xinbei.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&orgId=${ids.sanjingStreet}`)).body;
    expect(street).toMatchObject({ org: { id: ids.sanjingStreet }, lentFen: 45_000_000, targets: { lendingFen: 40_000_000 } });
    for (const orgId of [ids.wujin, ids.city, fx.bankBranchId]) {
      const res = await a.xinbei.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&orgId=${orgId}`);
      expect(res.status, String(orgId)).toBe(404);
    }
    // A city cadre may look at one district: the same figures the district sees.
    const byCity = (await a.city.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&orgId=${ids.xinbei}`)).body;
    expect(byCity).toMatchObject({ lentFen: 45_000_000, outstandingFen: 40_000_000, subsidies: { paidFen: 512_345 }, fund: null });
    expect((await a.wujin.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}`)).body).toMatchObject({ lentCount: 1, lentFen: 30_000_000, org: { id: ids.wujin } });
  });

  it('a partner sees only the loans routed to it, without targets or the fund', async () => {
    const bank = (await a.bank.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}`)).body;
    expect(bank).toMatchObject({ org: null, lentCount: 5, lentFen: 75_000_000, targets: null, progress: null, fund: null });
    expect(bank.units.every((u: { target: unknown }) => u.target === null)).toBe(true);

    const otherBank = await partnerUnit(t, { name: '江南示范银行常州分行', kind: 'bank' });
    const outsider = await officer(t, { username: 'bank-dash', displayName: '外行经办', orgId: otherBank, role: 'bank_officer' });
    const none = (await outsider.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}`)).body;
    expect(none).toMatchObject({ lentCount: 0, lentFen: 0, outstandingFen: 0, inReviewCount: 0, units: [], subsidies: { paidFen: 0 }, visits: { due: 0 } });
    expect(none.states.every((s: { count: number }) => s.count === 0)).toBe(true);
    expect((await a.bank.get(`/api/v1/loan-dashboard?programmeId=${fx.programmeId}&orgId=${ids.xinbei}`)).status).toBe(404);
  });

  it('an unknown programme or unknown field is refused; members and strangers may not read it', async () => {
    expect((await a.city.get('/api/v1/loan-dashboard?programmeId=99999999')).status).toBe(404);
    expect((await a.city.get('/api/v1/loan-dashboard?colour=red')).status).toBe(400);
    expect((await t.client().get('/api/v1/loan-dashboard')).status).toBe(401);
    // Without a programme: every programme together (the other programme's 99M loan included).
    const all = (await a.city.get('/api/v1/loan-dashboard')).body;
    expect(all.lentFen).toBe(75_000_000 + 99_000_000);
    expect(all.programmeId).toBeNull();
  });
});
