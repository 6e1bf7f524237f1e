import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyBps,
  buildSchedule,
  interestSubsidy,
  interestSubsidyCapBps,
  loanStates,
  nextDueDateOf,
  overdueBucket,
  plannedVisits,
  daysBetween,
  type PeriodPosition,
  type RepaymentMethod,
} from '@tongxing/domain';
import { seedDemoLoans, type DemoLoansSummary } from '../src/demo/demo-loans';
import { seedDemoMembers } from '../src/demo/demo-members';
import { balances } from '../src/lib/ledger';
import { shanghaiDate } from '../src/lib/local-date';
import { createTestApp, type TestApp } from './harness';

function groupBy<T extends { loan_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.loan_id, [...(out.get(r.loan_id) ?? []), r]);
  return out;
}

/** The demo loans seeded into a fresh database, checked against the domain rules and the ledger. */
describe('the demo loans', () => {
  let t: TestApp;
  let summary: DemoLoansSummary;
  let today: string;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoMembers(t.pool, t.deps.crypto);
    today = shanghaiDate(t.clock());
    summary = await seedDemoLoans(t.pool, { today });
  }, 120_000);
  afterAll(async () => t.close());

  it('loads about 2,500 loans in every state in a few seconds, each to a different member', async () => {
    expect(summary.loans).toBeGreaterThan(2_400);
    expect(summary.loans).toBeLessThan(2_600);
    // A generous bound: it catches a per-row loop creeping in (minutes), not a busy machine (it takes a few seconds alone).
    expect(summary.seconds).toBeLessThan(60);
    const states = await q<{ state: string; n: number }>(`select state, count(*)::int as n from loans group by state`);
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(loanStates));
    const repaying = states.find((s) => s.state === 'repaying')!.n;
    expect(repaying).toBeGreaterThan(summary.loans / 2);
    const [m] = await q(`select count(distinct member_id)::int as members, count(*)::int as loans,
                               count(*) filter (where l.org_path <> o.path or l.org_id <> mm.org_id)::int as misplaced
                          from loans l join members mm on mm.id = l.member_id join org_units o on o.id = l.org_id`);
    expect(m).toEqual({ members: summary.loans, loans: summary.loans, misplaced: 0 });
    const districts = await q(`select count(distinct district_id)::int as n from loans`);
    expect(districts[0].n).toBe(7);
  });

  it('has the programmes, products, partners, targets, rates and the branch limit', async () => {
    const progs = await q(`select code, fund_fen::bigint::text as fund, target_lending_fen::bigint::text as lending, target_jobs from loan_programmes order by id`);
    expect(progs).toEqual([
      { code: 'cbd', fund: '3000000000', lending: '30000000000', target_jobs: 30_000 },
      { code: 'lm', fund: '1000000000', lending: '5000000000', target_jobs: 2_000 },
    ]);
    const targets = await q(`select count(*)::int as n, sum(lending_fen)::text as lending, sum(enterprises)::int as e, sum(jobs)::int as jobs from loan_programme_targets`);
    expect(targets[0]).toEqual({ n: 7, lending: '30000000000', e: 1_000, jobs: 30_000 });
    const partners = await q(`select p.code, pp.role from loan_programme_partners pp join loan_programmes p on p.id = pp.programme_id order by 1, 2`);
    expect(partners).toEqual([{ code: 'cbd', role: 'bank' }, { code: 'cbd', role: 'insurer' }, { code: 'lm', role: 'bank' }, { code: 'lm', role: 'guarantor' }]);
    const limit = await q(`select o.name, l.max_amount_fen::text as max from partner_approval_limits l join org_units o on o.id = l.org_id`);
    expect(limit).toEqual([{ name: '江苏同舟农村商业银行常州分行', max: '30000000' }]);
    expect((await q(`select count(*)::int as n from reference_rates where name = 'LPR1Y'`))[0].n).toBeGreaterThan(0);
  });

  it('gives every lent loan the schedule buildSchedule makes from its approved terms', async () => {
    const lent = await q(`select id, approved_amount_fen::int as amount, annual_rate_bps as rate, term_months as term, repayment_method as method,
                                 disbursed_on::text as disbursed, maturity_on::text as maturity from loans where disbursed_on is not null`);
    expect(lent.length).toBeGreaterThan(2_000);
    const rows = await q(`select loan_id, k, due_on::text as due, opening_fen::int as opening, principal_fen::int as principal, interest_fen::int as interest, payment_fen::int as payment
                            from loan_schedule order by loan_id, k`);
    const byLoan = groupBy(rows);
    for (const l of lent) {
      const expected = buildSchedule({ principalFen: l.amount, annualRateBps: l.rate, months: l.term, method: l.method as RepaymentMethod, startDate: l.disbursed });
      const got = byLoan.get(l.id)!;
      expect(got.map((r) => [r.k, r.due, r.opening, r.principal, r.interest, r.payment])).toEqual(expected.map((r) => [r.k, r.dueDate, r.openingFen, r.principalFen, r.interestFen, r.paymentFen]));
      expect(got.reduce((s, r) => s + r.principal, 0)).toBe(l.amount);
      expect(l.maturity).toBe(expected.at(-1)!.dueDate);
    }
    const stray = await q(`select count(*)::int as n from loan_schedule s join loans l on l.id = s.loan_id where l.disbursed_on is null`);
    expect(stray[0].n).toBe(0);
  });

  it('allocates every repayment in full; outstanding principal and next due date are exact', async () => {
    const bad = await q(`select r.id from loan_repayments r
                          where r.amount_fen <> (select coalesce(sum(a.interest_fen + a.principal_fen), 0) from loan_repayment_allocations a where a.repayment_id = r.id)`);
    expect(bad).toEqual([]);
    const loans = await q(`select l.id, l.state, l.disbursed_on::text as disbursed, l.approved_amount_fen::int as amount, l.principal_outstanding_fen::int as outstanding,
                                  l.next_due_on::text as next, l.settled_on::text as settled from loans l`);
    const periods = await q(`select s.loan_id, s.k, s.due_on::text as due, s.opening_fen::int as opening, s.principal_fen::int as principal, s.interest_fen::int as interest,
                                    coalesce(sum(a.principal_fen), 0)::int as paid_p, coalesce(sum(a.interest_fen), 0)::int as paid_i
                               from loan_schedule s left join loan_repayment_allocations a on a.loan_id = s.loan_id and a.k = s.k
                              group by s.loan_id, s.k, s.due_on, s.opening_fen, s.principal_fen, s.interest_fen order by s.loan_id, s.k`);
    const byLoan = groupBy(periods);
    for (const l of loans) {
      if (!l.disbursed) {
        expect([l.outstanding, l.next]).toEqual([0, null]);
        continue;
      }
      const pos: PeriodPosition[] = byLoan.get(l.id)!.map((p) => ({ k: p.k, dueOn: p.due, openingFen: p.opening, principalFen: p.principal, interestFen: p.interest, paidPrincipalFen: p.paid_p, paidInterestFen: p.paid_i }));
      const paid = pos.reduce((s, p) => s + p.paidPrincipalFen, 0);
      expect(l.outstanding).toBe(l.amount - paid);
      expect(l.next).toBe(nextDueDateOf(pos));
      // Nothing is ever paid beyond what the schedule asks.
      for (const p of pos) expect(p.paidPrincipalFen <= p.principalFen && p.paidInterestFen <= p.interestFen).toBe(true);
      if (l.state === 'settled') expect([l.outstanding, l.settled !== null]).toEqual([0, true]);
      if (l.state === 'repaying') expect(l.outstanding).toBeGreaterThan(0);
    }
  });

  it('has loans past due in every bucket as of today, and only repaying or defaulted ones', async () => {
    const rows = await q(`select state, next_due_on::text as next from loans where next_due_on < $1`, [today]);
    const buckets = new Set(rows.map((r) => overdueBucket(daysBetween(r.next, today))));
    expect(buckets).toEqual(new Set(['1-30', '31-60', '61-90', '90+']));
    expect(new Set(rows.map((r) => r.state)).size).toBeLessThanOrEqual(5);
    expect(rows.filter((r) => r.state === 'repaying').length).toBeLessThan(60);
    const defaulted = await q(`select l.state, c.loss_fen::int as loss, (c.union_share_fen + c.insurer_share_fen + c.bank_share_fen + c.guarantor_share_fen)::int as parts,
                                      l.principal_outstanding_fen::int as outstanding from loans l left join loan_claims c on c.loan_id = l.id
                                where l.state in ('defaulted', 'claimed', 'recovered', 'written_off') order by l.state`);
    expect(defaulted.map((d) => d.state)).toEqual(['claimed', 'defaulted', 'recovered', 'written_off']);
    // The loss is the principal still owed plus the interest due by the default and unpaid.
    for (const d of defaulted.filter((x) => x.state !== 'defaulted')) {
      expect(d.parts).toBe(d.loss);
      expect(d.loss).toBeGreaterThan(d.outstanding);
    }
  });

  it('earns each subsidy once, for the right amount, and books it', async () => {
    const dupes = await q(`select loan_id, kind, k from loan_subsidy_items group by 1, 2, 3 having count(*) > 1`);
    expect(dupes).toEqual([]);
    const items = await q(`select i.kind, i.k, i.amount_fen::int as amount, i.earned_on::text as earned, l.approved_amount_fen::int as approved, l.model_worker_level as level,
                                  p.subsidy, p.model_worker, s.opening_fen::int as opening, s.interest_fen::int as interest, s.due_on::text as due,
                                  (select max(r.paid_on)::text from loan_repayment_allocations a join loan_repayments r on r.id = a.repayment_id where a.loan_id = i.loan_id and a.k = i.k) as completed
                             from loan_subsidy_items i join loans l on l.id = i.loan_id join loan_products p on p.id = l.product_id
                             left join loan_schedule s on s.loan_id = i.loan_id and s.k = i.k`);
    expect(items.filter((i) => i.kind === 'premium').length).toBeGreaterThan(2_000);
    expect(items.filter((i) => i.kind === 'interest').length).toBeGreaterThan(10_000);
    for (const i of items) {
      if (i.kind === 'premium') {
        const bps = i.level !== 'none' && i.model_worker.premiumBps !== null ? i.model_worker.premiumBps : i.subsidy.premiumBps;
        expect([i.k, i.amount]).toEqual([0, applyBps(i.approved, bps)]);
      } else {
        const cap = interestSubsidyCapBps(i.subsidy, i.model_worker, i.level)!;
        expect(i.amount).toBe(interestSubsidy({ openingFen: i.opening, interestFen: i.interest }, cap));
        // Earned by the payment that completed the period, on or before its due date.
        expect(i.earned).toBe(i.completed);
        expect(i.earned <= i.due).toBe(true);
      }
    }
  });

  it('keeps a balanced ledger whose accounts agree with the items, batches, claims and the fund', async () => {
    const unbalanced = await q(`select txn_id from ledger_entries group by txn_id having sum(debit_fen) <> sum(credit_fen) or count(*) < 2`);
    expect(unbalanced).toEqual([]);
    for (const { id } of await q<{ id: number }>(`select id from loan_programmes`)) {
      const b = await balances(t.deps.db, id);
      const [x] = await q(
        `select (select coalesce(sum(amount_fen), 0) from loan_subsidy_items where programme_id = $1 and kind = 'premium')::bigint::float8 as premium,
                (select coalesce(sum(amount_fen), 0) from loan_subsidy_items where programme_id = $1 and kind = 'interest')::bigint::float8 as interest,
                (select coalesce(sum(i.amount_fen), 0) from loan_subsidy_items i left join subsidy_batches sb on sb.id = i.batch_id
                  where i.programme_id = $1 and (sb.state is null or sb.state <> 'paid'))::bigint::float8 as unpaid,
                (select coalesce(sum(total_fen), 0) from subsidy_batches where programme_id = $1 and state = 'paid')::bigint::float8 as paid,
                (select coalesce(sum(c.union_share_fen), 0) from loan_claims c join loans l on l.id = c.loan_id where l.programme_id = $1)::bigint::float8 as claims,
                (select fund_fen from loan_programmes where id = $1)::float8 as fund,
                (select coalesce(sum(debit_fen) - sum(credit_fen), 0) from ledger_entries where programme_id = $1 and account = 'fund_cash')::bigint::float8 as cash`,
        [id],
      );
      expect(b.premium_subsidy_expense).toBe(x.premium);
      expect(b.interest_subsidy_expense).toBe(x.interest);
      expect(b.subsidies_payable).toBe(x.unpaid);
      expect(b.default_loss_expense).toBe(x.claims);
      expect(b.claims_payable).toBe(0);
      expect(b.fund_capital).toBe(x.fund);
      expect(b.fund_cash).toBe(x.cash);
      expect(b.fund_cash).toBe(x.fund - x.paid - x.claims + b.recovery_income);
      expect(b.fund_cash).toBeGreaterThan(0);
    }
    const batches = await q(`select b.state, b.item_count, b.total_fen::bigint::float8 as total, b.prepared_by, b.approved_by,
                                    (select count(*)::int from loan_subsidy_items i where i.batch_id = b.id) as items,
                                    (select coalesce(sum(amount_fen), 0)::bigint::float8 from loan_subsidy_items i where i.batch_id = b.id) as sum
                               from subsidy_batches b`);
    expect(new Set(batches.map((b) => b.state))).toEqual(new Set(['paid', 'approved', 'prepared']));
    for (const b of batches) {
      expect([b.items, b.sum]).toEqual([b.item_count, b.total]);
      if (b.approved_by !== null) expect(b.approved_by).not.toBe(b.prepared_by);
    }
  });

  it('plans the visits of every disbursed loan; records, overdue ones and one risk flag with its alerts', async () => {
    const loans = await q(`select l.id, l.disbursed_on::text as d, l.maturity_on::text as m, p.visit_plan as plan, l.jobs_created,
                                  (select json_agg(json_build_object('seq', v.seq, 'label', v.label, 'dueOn', v.due_on::text) order by v.seq) from loan_visits v where v.loan_id = l.id) as visits,
                                  (select v.jobs_created from loan_visits v where v.loan_id = l.id and v.state = 'done' order by v.done_on desc, v.seq desc limit 1) as latest
                             from loans l join loan_products p on p.id = l.product_id where l.disbursed_on is not null`);
    for (const l of loans) {
      expect(l.visits).toEqual(plannedVisits(l.d, l.m, l.plan));
      expect(l.jobs_created).toBe(l.latest ?? 0);
    }
    const [v] = await q(`select count(*) filter (where state = 'done' and operating_status is not null and done_on <= $1)::int as done,
                                count(*) filter (where state = 'planned' and due_on < $1)::int as overdue,
                                count(*) filter (where state = 'planned' and due_on >= $1)::int as upcoming,
                                count(*) filter (where risk_flag)::int as flagged from loan_visits`, [today]);
    expect(v.done).toBeGreaterThan(2_000);
    expect(v.overdue).toBeGreaterThan(10);
    expect(v.upcoming).toBeGreaterThan(1_000);
    expect(v.flagged).toBe(1);
    const alerts = await q(`select o.kind from alerts a join org_units o on o.id = a.org_id join loan_visits v on v.id = a.visit_id where v.risk_flag order by 1`);
    expect(alerts.map((a) => a.kind)).toEqual(['bank', 'district_union']);
  });

  it('records every step: who acted, in order, with maker ≠ checker, and the step holder of each waiting loan', async () => {
    const [e] = await q(`select count(*) filter (where l.state <> 'draft' and not exists (select 1 from loan_events x where x.loan_id = l.id and x.event in ('submit', 'withdraw')))::int as unsubmitted,
                                count(*) filter (where l.disbursed_on is not null and (select count(*) from loan_events x where x.loan_id = l.id and x.event = 'approve_step') < 5)::int as unapproved
                           from loans l`);
    expect(e).toEqual({ unsubmitted: 0, unapproved: 0 });
    const order = await q(`select count(*)::int as n from loan_events a join loan_events b on b.loan_id = a.loan_id and b.id = a.id + 1 where b.at < a.at`);
    expect(order[0].n).toBe(0);
    const last = await q(`select l.state, (select x.to_state from loan_events x where x.loan_id = l.id order by x.id desc limit 1) as last from loans l where l.state <> 'draft'`);
    for (const r of last) expect(r.last).toBe(r.state);
    expect((await q(`select count(*)::int as n from loan_events where actor_name is null`))[0].n).toBe(0);
    const disb = await q(`select status, count(*)::int as n, count(*) filter (where confirmed_by = recorded_by)::int as same from loan_disbursements group by 1 order by 1`);
    expect(disb.map((d) => d.status)).toEqual(['confirmed', 'recorded']);
    expect(disb.every((d) => d.same === 0)).toBe(true);
    const waiting = await q(`select l.state, l.step_index, l.step_org_id, o.kind, coalesce(l.approved_amount_fen, l.amount_requested_fen)::int as amount, o.name
                               from loans l left join org_units o on o.id = l.step_org_id where l.state in ('submitted', 'in_review', 'returned')`);
    const kinds: Record<number, string[]> = { 0: ['grassroots_union', 'street_federation'], 1: ['district_union'], 2: ['city_federation'], 3: ['insurer', 'guarantor'], 4: ['bank'] };
    for (const w of waiting) {
      expect(kinds[w.step_index]).toContain(w.kind);
      if (w.step_index === 4) expect(w.name).toBe(w.amount > 30_000_000 ? '江苏同舟农村商业银行' : '江苏同舟农村商业银行常州分行');
    }
  });
});
