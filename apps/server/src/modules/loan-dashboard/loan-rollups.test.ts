import fc from 'fast-check';
import type { Scope } from '@tongxing/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import * as repo from './loan-dashboard.repository';
import { checkLoanRollups } from './rollup-check';

/**
 * The dashboard's rollups are kept by triggers in the same statement as each change (migrations 0014, 0015). Here
 * loans and visits are changed straight through SQL — state changes, disbursements, repayments changing the
 * principal outstanding, jobs, borrowers and enterprises, several loans in one statement, subsidy items joining
 * and leaving batches, batches paid and put back — and units are moved
 * through the API (their loans' and visits' paths follow); after every sequence the rollups equal a full
 * recomputation, and the dashboard's figures read from them equal those of passes over the loans.
 */
let t: TestApp;
let city: TestClient;
let fx: LoanFixture;
let fx2: LoanFixture;
let cityId: number;
const districts: number[] = [];
let street: number;
const unions: number[] = [];
const loanIds: number[] = [];
const memberIds: number[] = [];
const batchIds: number[] = [];
const states = ['draft', 'submitted', 'in_review', 'returned', 'approved', 'repaying', 'settled', 'withdrawn', 'rejected', 'defaulted', 'claimed', 'recovered', 'written_off'] as const;

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  cityId = await t.orgIdByName('常州市总工会');
  districts.push(await t.orgIdByName('天宁区总工会'), await t.orgIdByName('新北区总工会'), await t.orgIdByName('武进区总工会'));
  street = (await city.post('/api/v1/orgs', { name: '汇总测试街道总工会', kind: 'street_federation', parentId: districts[0] })).body.id as number;
  for (const name of ['汇总测试甲工会', '汇总测试乙工会']) {
    const res = await city.post('/api/v1/orgs', { name, kind: 'grassroots_union', parentId: street });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    unions.push(res.body.id as number);
  }
  unions.push((await t.pool.query(`select id from org_units where kind = 'grassroots_union' and path <@ (select path from org_units where id = $1) order by id limit 1`, [districts[2]])).rows[0].id);
  fx = await setupLoanProgramme(t, { code: 'rollup-a' });
  fx2 = await setupLoanProgramme(t, { code: 'rollup-b' });
  const plan: [LoanFixture, (typeof states)[number], number][] = [
    [fx, 'repaying', 0],
    [fx, 'repaying', 1],
    [fx, 'settled', 2],
    [fx, 'defaulted', 0],
    [fx, 'in_review', 1],
    [fx, 'draft', 2],
    [fx2, 'repaying', 0],
    [fx2, 'settled', 2],
  ];
  for (const [f, state, u] of plan) {
    const l = await buildLoan(t, f, city, { state, orgId: unions[u], disbursedOn: '2026-03-15', modelWorkerLevel: u === 1 ? 'city' : 'none' });
    loanIds.push(l.loanId);
    memberIds.push(l.memberId);
  }
  for (const id of loanIds.slice(0, 4)) {
    await t.pool.query(
      `insert into loan_visits (loan_id, seq, label, due_on, org_id, org_path) select id, 1, 'M+1', '2026-04-15', org_id, org_path from loans where id = $1`,
      [id],
    );
  }
  // Subsidy items for the lent loans, two batches (one paid, one approved) holding some of them.
  for (const [state, kind] of [['paid', 'premium'], ['approved', 'interest']]) {
    batchIds.push((await t.pool.query(`insert into subsidy_batches (programme_id, kind, item_count, total_fen, state, prepared_by) values ($1, $2, 0, 0, $3, 1) returning id`, [fx.programmeId, kind, state])).rows[0].id);
  }
  for (const [n, i] of [0, 1, 2, 3, 6, 7].entries()) {
    for (const kind of ['premium', 'interest']) {
      await t.pool.query(
        `insert into loan_subsidy_items (loan_id, programme_id, kind, k, amount_fen, earned_on, batch_id) select id, programme_id, $2, 1, $3, '2026-05-01', $4 from loans where id = $1`,
        [loanIds[i], kind, 10_000 * (n + 1) + (kind === 'premium' ? 1 : 2), n % 3 === 2 ? null : batchIds[kind === 'premium' ? 0 : 1]],
      );
    }
  }
});
afterAll(async () => t.close());

const allScope: Scope = { all: true, subtreePaths: [], unitIds: [], ownerUserId: null };

async function view(rootId: number, programmeId: number | null, asOf: string, underRoot: boolean): Promise<repo.DashboardView> {
  const path = (await t.pool.query(`select path::text as p from org_units where id = $1`, [rootId])).rows[0].p as string;
  return { scope: allScope, programmeId, root: { id: rootId, path, nlevel: path.split('.').length }, underRoot, asOf };
}

/** The figures as totals and per child, whichever way they were read. */
function normalise(f: Awaited<ReturnType<typeof repo.fromLoans>>) {
  const out: Record<string, number> = {};
  const add = (key: string, n: number) => {
    if (n !== 0) out[key] = (out[key] ?? 0) + n;
  };
  for (const r of f.states) {
    for (const who of [r.total ? 'total' : null, r.child !== null ? `c${r.child}` : null]) {
      if (!who) continue;
      add(`${who}/${r.state}/n`, r.n);
      add(`${who}/${r.state}/amount`, Number(r.amount));
      add(`${who}/${r.state}/outstanding`, Number(r.outstanding));
      add(`${who}/${r.state}/jobs`, Number(r.jobs_expected) * 1000 + Number(r.jobs_created));
      add(`${who}/${r.state}/mw`, r.model_workers);
    }
  }
  for (const d of f.distinct) {
    const who = d.total ? 'total' : d.child !== null ? `c${d.child}` : null;
    if (!who) continue;
    add(`${who}/enterprises`, d.enterprises);
    add(`${who}/entrepreneurs`, d.entrepreneurs);
  }
  for (const v of f.visits) {
    for (const who of [v.total ? 'total' : null, v.child !== null ? `c${v.child}` : null]) {
      if (!who) continue;
      add(`${who}/visits/due`, v.due);
      add(`${who}/visits/done`, v.done);
      if (who === 'total') add(`${who}/visits/overdue`, v.overdue);
    }
  }
  for (const m of f.monthly) {
    add(`month/${m.month}/n`, m.n);
    add(`month/${m.month}/amount`, Number(m.amount ?? 0));
  }
  return out;
}

async function expectSameFigures() {
  const views = [
    await view(cityId, null, '2026-11-28', false),
    await view(cityId, fx.programmeId, '2026-11-28', false),
    await view(cityId, fx2.programmeId, '2027-03-01', true),
    await view(districts[0]!, fx.programmeId, '2026-11-28', true),
    await view(districts[1]!, null, '2026-06-30', true),
    await view(street, fx.programmeId, '2026-04-15', true),
  ];
  for (const v of views) {
    const rollupView = await repo.readsRollups(t.pool, v);
    expect(rollupView, `root ${v.root.id}`).not.toBeNull();
    const fromRollups = normalise(await repo.fromRollups(t.pool, rollupView!, '2025-12'));
    const fromLoans = normalise(await repo.fromLoans(t.pool, v, '2025-12'));
    expect(fromRollups, `root ${v.root.id} programme ${v.programmeId} as of ${v.asOf}`).toEqual(fromLoans);
    expect(await repo.subsidiesPaidFromRollups(t.pool, rollupView!), `subsidies, root ${v.root.id}`).toEqual(await repo.subsidiesPaidForLoans(t.pool, v));
  }
}

describe('loan dashboard rollups', () => {
  it('hold the fixture loans and give the figures of a pass over the loans', async () => {
    expect(await checkLoanRollups(t.pool)).toEqual([]);
    const r = (await t.pool.query(`select sum(n)::int as n, sum(amount_fen)::bigint as amount from loan_rollups where org_id = $1 and programme_id = $2`, [street, fx.programmeId])).rows[0];
    // Street: repaying ×2, defaulted, in_review (unions 0 and 1), 10,000,000 fen each.
    expect({ n: r.n, amount: Number(r.amount) }).toEqual({ n: 4, amount: 40_000_000 });
    await expectSameFigures();
  });

  it('a changed rollup is found by the check', async () => {
    await t.pool.query(`update loan_rollups set n = n + 1 where org_id = $1 and programme_id = $2 and state = 'repaying'`, [street, fx.programmeId]);
    const diff = await checkLoanRollups(t.pool);
    expect(diff).toEqual([expect.objectContaining({ table: 'loan_rollups', key: `${street}/${fx.programmeId}/repaying` })]);
    await t.pool.query(`update loan_rollups set n = n - 1 where org_id = $1 and programme_id = $2 and state = 'repaying'`, [street, fx.programmeId]);
    await t.pool.query(`update loan_borrower_rollups set enterprises = enterprises + 1 where org_id = $1 and programme_id = 0`, [cityId]);
    expect((await checkLoanRollups(t.pool)).map((d) => d.table)).toEqual(['loan_borrower_rollups']);
    await t.pool.query(`update loan_borrower_rollups set enterprises = enterprises - 1 where org_id = $1 and programme_id = 0`, [cityId]);
    expect(await checkLoanRollups(t.pool)).toEqual([]);
  });

  it('equal a full recomputation after random state changes, disbursements, repayments, borrowers, visits and unit moves', async () => {
    const loan = fc.nat(loanIds.length - 1);
    const day = fc.integer({ min: 0, max: 500 }).map((d) => new Date(Date.UTC(2025, 11, 1) + d * 86_400_000).toISOString().slice(0, 10));
    const op = fc.oneof(
      fc.record({ op: fc.constant('state' as const), loan, state: fc.constantFrom(...states) }),
      fc.record({ op: fc.constant('repay' as const), loan, fen: fc.integer({ min: 0, max: 20_000_000 }) }),
      fc.record({ op: fc.constant('disburse' as const), loan, on: fc.option(day), approved: fc.option(fc.integer({ min: 1, max: 30_000_000 })) }),
      fc.record({ op: fc.constant('jobs' as const), loan, expected: fc.nat(20), created: fc.nat(20), mw: fc.boolean() }),
      fc.record({ op: fc.constant('borrower' as const), loan, member: fc.nat(memberIds.length - 1), code: fc.constantFrom(null, '91320411MA1X2Y3W4X', '91320412MA1X2Y3W5Y'), name: fc.constantFrom(null, '', '湖塘织造厂', '三井便利店') }),
      fc.record({ op: fc.constant('bulk' as const), fen: fc.integer({ min: 1, max: 1_000_000 }) }),
      fc.record({ op: fc.constant('visit' as const), loan, on: day }),
      fc.record({ op: fc.constant('visitState' as const), pick: fc.nat(50), state: fc.constantFrom('planned', 'done', 'missed'), on: day }),
      fc.record({ op: fc.constant('visitDelete' as const), pick: fc.nat(50) }),
      fc.record({ op: fc.constant('move' as const), to: fc.nat(districts.length - 1) }),
      fc.record({ op: fc.constant('link' as const), pick: fc.nat(20), batch: fc.option(fc.nat(1)), fen: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ op: fc.constant('pay' as const), batch: fc.nat(1), paid: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'state') await t.pool.query('update loans set state = $2 where id = $1', [loanIds[o.loan], o.state]);
          else if (o.op === 'repay') await t.pool.query('update loans set principal_outstanding_fen = $2 where id = $1', [loanIds[o.loan], o.fen]);
          else if (o.op === 'disburse') await t.pool.query('update loans set disbursed_on = $2, approved_amount_fen = $3 where id = $1', [loanIds[o.loan], o.on, o.approved]);
          else if (o.op === 'jobs') {
            await t.pool.query('update loans set jobs_expected = $2, jobs_created = $3, model_worker_level = $4 where id = $1', [loanIds[o.loan], o.expected, o.created, o.mw ? 'city' : 'none']);
          } else if (o.op === 'borrower') {
            await t.pool.query('update loans set member_id = $2, enterprise_credit_code = $3, enterprise_name = $4 where id = $1', [loanIds[o.loan], memberIds[o.member], o.code, o.name]);
          } else if (o.op === 'bulk') {
            // Several loans in one statement (as a batch of repayments would).
            await t.pool.query('update loans set principal_outstanding_fen = greatest(principal_outstanding_fen - $2, 0), jobs_created = jobs_created + 1 where id = any($1)', [loanIds, o.fen]);
          } else if (o.op === 'visit') {
            await t.pool.query(
              `insert into loan_visits (loan_id, seq, label, due_on, org_id, org_path)
               select id, coalesce((select max(seq) from loan_visits where loan_id = $1), 0) + 1, 'M', $2::date, org_id, org_path from loans where id = $1`,
              [loanIds[o.loan], o.on],
            );
          } else if (o.op === 'visitState') {
            await t.pool.query(
              `update loan_visits set state = $2::varchar, due_on = $3::date, done_on = case when $2::varchar = 'done' then $3::date end
                where id = (select id from loan_visits where loan_id = any($4) order by id offset $1 % greatest((select count(*) from loan_visits where loan_id = any($4)), 1) limit 1)`,
              [o.pick, o.state, o.on, loanIds],
            );
          } else if (o.op === 'visitDelete') {
            await t.pool.query(
              `delete from loan_visits where id = (select id from loan_visits where loan_id = any($2) order by id offset $1 % greatest((select count(*) from loan_visits where loan_id = any($2)), 1) limit 1)`,
              [o.pick, loanIds],
            );
          } else if (o.op === 'link') {
            await t.pool.query(
              `update loan_subsidy_items set batch_id = $2, amount_fen = $3
                where id = (select id from loan_subsidy_items where loan_id = any($4) order by id offset $1 % (select count(*) from loan_subsidy_items where loan_id = any($4)) limit 1)`,
              [o.pick, o.batch === null ? null : batchIds[o.batch], o.fen, loanIds],
            );
          } else if (o.op === 'pay') {
            await t.pool.query(`update subsidy_batches set state = $2 where id = $1`, [batchIds[o.batch], o.paid ? 'paid' : 'approved']);
          } else {
            const res = await city.patch(`/api/v1/orgs/${street}`, { parentId: districts[o.to] });
            expect(res.status, JSON.stringify(res.body)).toBe(200);
          }
        }
        expect(await checkLoanRollups(t.pool)).toEqual([]);
        await expectSameFigures();
      }),
      { numRuns: 25, seed: 20261128 },
    );
  });
});
