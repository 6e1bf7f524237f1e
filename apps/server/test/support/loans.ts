import { buildSchedule, type LoanState, type RepaymentMethod } from '@tongxing/domain';
import type { TestApp, TestClient } from '../harness';
import { makeIdNumber, makePhone } from './people';

/**
 * Loan fixtures written straight into the tables (the tests of the lifecycle itself go through the API):
 * a programme with a five-step pipeline routed to the demo bank's city branch and the demo insurer, and
 * loans in any state, with schedule and confirmed disbursement from `repaying` on.
 */
export interface LoanFixture {
  programmeId: number;
  productId: number;
  bankBranchId: number;
  bankHeadId: number;
  insurerId: number;
  guarantorId: number;
}

export const defaultPipeline = [
  { key: 'recommend', party: 'recommending_union', nameZh: '基层推荐', nameEn: 'Union recommends', slaDays: 3 },
  { key: 'district_review', party: 'district', nameZh: '区总初审', nameEn: 'District reviews', slaDays: 3 },
  { key: 'city_confirm', party: 'city', nameZh: '市总复核', nameEn: 'City confirms', slaDays: 3 },
  { key: 'underwrite', party: 'insurer', nameZh: '保险承保', nameEn: 'Insurer underwrites', slaDays: 5 },
  { key: 'bank_approve', party: 'bank', nameZh: '银行审批', nameEn: 'Bank approves', slaDays: 5 },
];

export async function setupLoanProgramme(t: TestApp, opts: { code?: string; branchLimitFen?: number } = {}): Promise<LoanFixture> {
  const q = (sql: string, params: unknown[] = []) => t.pool.query(sql, params);
  const id = async (name: string) => (await q('select id from org_units where name = $1', [name])).rows[0].id as number;
  const bankHeadId = await id('江苏同舟农村商业银行');
  const bankBranchId = await id('江苏同舟农村商业银行常州分行');
  const insurerId = await id('安信财产保险股份有限公司常州中心支公司');
  const guarantorId = await id('常州市龙城融资担保有限公司');
  const code = opts.code ?? `cbd${Math.random().toString(36).slice(2, 8)}`;
  const programmeId = (
    await q(
      `insert into loan_programmes (code, name, fund_fen, target_lending_fen, target_enterprises, target_entrepreneurs, target_jobs)
       values ($1, '创保贷（测试）', 3000000000, 30000000000, 1000, 1000, 30000) returning id`,
      [code],
    )
  ).rows[0].id as number;
  await q(`insert into loan_programme_partners (programme_id, org_id, role) values ($1, $2, 'bank'), ($1, $3, 'insurer'), ($1, $4, 'guarantor')`, [programmeId, bankBranchId, insurerId, guarantorId]);
  await q(`insert into partner_approval_limits (org_id, max_amount_fen) values ($1, $2) on conflict (org_id) do update set max_amount_fen = excluded.max_amount_fen`, [bankBranchId, opts.branchLimitFen ?? 30_000_000]);
  const productId = (
    await q(
      `insert into loan_products (programme_id, code, name, borrower_type, min_amount_fen, max_amount_fen, min_term_months, max_term_months,
         rate_kind, annual_rate_bps, repayment_method, eligibility, subsidy, model_worker, risk_shares, visit_plan, pipeline)
       values ($1, 'individual', '个人创业贷', 'individual', 1000000, 20000000, 6, 36, 'fixed', 435, 'equal_instalment',
         $2, $3, $4, $5, $6, $7) returning id`,
      [
        programmeId,
        JSON.stringify({ requireActiveMember: true, minOperatingMonths: 0, requireNoBadCredit: true, maxLifetimeLoans: 2, maxConcurrentLoans: 1 }),
        JSON.stringify({ premiumBps: 500, borrowerRateCapBps: 150 }),
        JSON.stringify({ maxAmountFen: 100_000_000, premiumBps: 600, borrowerRateCapBps: 0, priority: true }),
        JSON.stringify({ union: 7000, insurer: 2500, bank: 500, guarantor: 0 }),
        JSON.stringify({ monthsAfterDisbursement: [3, 6, 12], monthsBeforeMaturity: 1 }),
        JSON.stringify(defaultPipeline),
      ],
    )
  ).rows[0].id as number;
  return { programmeId, productId, bankBranchId, bankHeadId, insurerId, guarantorId };
}

export interface BuildLoanOptions {
  state: LoanState;
  orgId?: number;
  amountFen?: number;
  termMonths?: number;
  rateBps?: number;
  method?: RepaymentMethod;
  disbursedOn?: string;
  stepIndex?: number;
  modelWorkerLevel?: 'none' | 'city' | 'provincial' | 'national';
}

let seq = 0;

/** A member (registered through the API as `registrar`) and a loan in `state`, in the tables directly. */
export async function buildLoan(t: TestApp, fx: LoanFixture, registrar: TestClient, o: BuildLoanOptions) {
  const orgId = o.orgId ?? (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '三井街道总工会') order by id limit 1`)).rows[0].id;
  const member = await registrar.post('/api/v1/members', { name: `贷款人${++seq}`, idNumber: makeIdNumber(), phone: makePhone(), orgId, modelWorkerLevel: o.modelWorkerLevel ?? 'none' });
  if (member.status !== 201) throw new Error(`member: ${JSON.stringify(member.body)}`);
  const amount = o.amountFen ?? 10_000_000;
  const term = o.termMonths ?? 12;
  const rate = o.rateBps ?? 435;
  const method = o.method ?? 'equal_instalment';
  const lent = ['repaying', 'settled', 'defaulted', 'claimed', 'recovered', 'written_off'].includes(o.state);
  const approved = lent || o.state === 'approved';
  const disbursedOn = o.disbursedOn ?? '2026-01-15';
  const schedule = lent ? buildSchedule({ principalFen: amount, annualRateBps: rate, months: term, method, startDate: disbursedOn }) : [];
  const res = await t.pool.query(
    `insert into loans (reference, programme_id, product_id, member_id, org_id, org_path, district_id, partner_paths, bank_org_id, insurer_org_id,
        borrower_type, amount_requested_fen, term_requested_months, purpose, jobs_expected, declares_no_bad_credit, model_worker_level, priority,
        state, step_index, step_entered_at, approved_amount_fen, annual_rate_bps, term_months, repayment_method, disbursed_on, maturity_on,
        principal_outstanding_fen, submitted_at, next_due_on)
     select $1, $2, $3, $4, o.id, o.path, subpath(o.path, 1, 1)::text::int,
            array[(select path from org_units where id = $5), (select path from org_units where id = $6)], $5, $6,
            'individual', $7, $8, '开办社区便利店', 3, true, $9::varchar, $9::varchar <> 'none',
            $10, $11, now(), $12, $13, $14, $15, $16, $17, $18, now(), $20
       from org_units o where o.id = $19
     returning id`,
    [
      `T${Date.now().toString(36)}${seq}`.toUpperCase(),
      fx.programmeId,
      fx.productId,
      member.body.id,
      fx.bankBranchId,
      fx.insurerId,
      amount,
      term,
      o.modelWorkerLevel ?? 'none',
      o.state,
      ['submitted', 'in_review', 'returned'].includes(o.state) ? (o.stepIndex ?? (o.state === 'submitted' ? 0 : 1)) : null,
      approved ? amount : null,
      approved ? rate : null,
      approved ? term : null,
      approved ? method : null,
      lent ? disbursedOn : null,
      lent ? schedule.at(-1)!.dueDate : null,
      o.state === 'repaying' || o.state === 'defaulted' ? amount : 0,
      orgId,
      o.state === 'repaying' || o.state === 'defaulted' ? (schedule[0]?.dueDate ?? null) : null,
    ],
  );
  const loanId = res.rows[0].id as number;
  for (const r of schedule) {
    await t.pool.query(
      `insert into loan_schedule (loan_id, k, due_on, opening_fen, principal_fen, interest_fen, payment_fen) values ($1, $2, $3, $4, $5, $6, $7)`,
      [loanId, r.k, r.dueDate, r.openingFen, r.principalFen, r.interestFen, r.paymentFen],
    );
  }
  if (lent) {
    await t.pool.query(
      `insert into loan_disbursements (loan_id, amount_fen, disbursed_on, status, recorded_by, confirmed_by, confirmed_at) values ($1, $2, $3, 'confirmed', 1, 2, now())`,
      [loanId, amount, disbursedOn],
    );
  }
  return { loanId, memberId: member.body.id as number, schedule };
}
