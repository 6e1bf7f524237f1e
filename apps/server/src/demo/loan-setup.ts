import type pg from 'pg';
import { addMonths } from '@tongxing/domain';
import { BRANCH_LIMIT_FEN, demoReferenceRates, type ProgrammeSpec } from './loan-catalogue';
import { post } from './loan-life';
import type { LoanBook } from './loan-rows';

/**
 * The programmes as configuration rows: programme, district targets, partners, products (rules as JSON),
 * the reference rates, the bank branch's approval limit, and the fund contributions posted to the ledger
 * (fund_cash Dr / fund_capital Cr, into the book). Shared by the demo and the loans benchmark.
 */
export interface PartnerUnits {
  bankBranch: number;
  insurer: number;
  guarantor: number;
}

export interface SetUpProgramme {
  id: number;
  spec: ProgrammeSpec;
  startsOn: string;
  products: { id: number; code: string }[];
}

export async function setUpProgrammes(
  client: pg.ClientBase,
  book: LoanBook,
  specs: ProgrammeSpec[],
  o: { today: string; partners: PartnerUnits; districtIds: Record<string, number>; createdBy: number | null },
): Promise<SetUpProgramme[]> {
  const out: SetUpProgramme[] = [];
  for (const spec of specs) {
    const startsOn = addMonths(o.today, -spec.startedMonthsAgo).slice(0, 8) + '01';
    const at = `${startsOn}T09:00:00+08:00`;
    const prog = await client.query<{ id: number }>(
      `insert into loan_programmes (code, name, name_en, description, fund_fen, target_lending_fen, target_enterprises, target_entrepreneurs, target_jobs,
                                    starts_on, ends_on, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) returning id`,
      [spec.code, spec.name, spec.nameEn, spec.description, spec.fundFen, spec.targetLendingFen, spec.targetEnterprises, spec.targetEntrepreneurs, spec.targetJobs,
        startsOn, addMonths(startsOn, 60), o.createdBy, at],
    );
    const id = prog.rows[0]!.id;
    const targets = Object.entries(spec.districtTargets).filter(([key]) => o.districtIds[key] !== undefined);
    if (targets.length > 0) {
      await client.query(
        `insert into loan_programme_targets (programme_id, org_id, lending_fen, enterprises, entrepreneurs, jobs)
         select $1, * from unnest($2::int[], $3::bigint[], $4::int[], $5::int[], $6::int[])`,
        [id, targets.map(([k]) => o.districtIds[k]), targets.map(([, t]) => t[0]), targets.map(([, t]) => t[1]), targets.map(([, t]) => t[2]), targets.map(([, t]) => t[3])],
      );
    }
    const cover = spec.cover === 'insurer' ? o.partners.insurer : o.partners.guarantor;
    await client.query(`insert into loan_programme_partners (programme_id, org_id, role) values ($1, $2, 'bank'), ($1, $3, $4)`, [id, o.partners.bankBranch, cover, spec.cover]);
    const products: SetUpProgramme['products'] = [];
    for (const p of spec.products) {
      const res = await client.query<{ id: number }>(
        `insert into loan_products (programme_id, code, name, name_en, borrower_type, min_amount_fen, max_amount_fen, min_term_months, max_term_months,
                                    rate_kind, annual_rate_bps, spread_bps, repayment_method, eligibility, subsidy, model_worker, risk_shares, visit_plan, pipeline,
                                    created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) returning id`,
        [id, p.code, p.name, p.nameEn, p.borrowerType, p.minAmountFen, p.maxAmountFen, p.minTermMonths, p.maxTermMonths, p.rateKind, p.annualRateBps, p.spreadBps,
          p.repaymentMethod, JSON.stringify(p.eligibility), JSON.stringify(p.subsidy), JSON.stringify(p.modelWorker), JSON.stringify(p.riskShares),
          JSON.stringify(p.visitPlan), JSON.stringify(p.pipeline), at],
      );
      products.push({ id: res.rows[0]!.id, code: p.code });
    }
    for (const c of spec.contributions) {
      const on = addMonths(o.today, -c.monthsAgo).slice(0, 8) + '05';
      post(book, id, 'fund_contribution', null, on < startsOn ? startsOn : on, o.createdBy, c.memo, [
        { account: 'fund_cash', debitFen: c.amountFen, creditFen: 0 },
        { account: 'fund_capital', debitFen: 0, creditFen: c.amountFen },
      ]);
    }
    out.push({ id, spec, startsOn, products });
  }
  await client.query(
    `insert into reference_rates (name, rate_bps, effective_on) select * from unnest($1::varchar[], $2::int[], $3::date[]) on conflict (name, effective_on) do nothing`,
    [demoReferenceRates.map((r) => r.name), demoReferenceRates.map((r) => r.rateBps), demoReferenceRates.map((r) => r.effectiveOn)],
  );
  await client.query(
    `insert into partner_approval_limits (org_id, max_amount_fen, note) values ($1, $2, '分行授权审批额度（超出报总行审批）')
     on conflict (org_id) do update set max_amount_fen = excluded.max_amount_fen, note = excluded.note`,
    [o.partners.bankBranch, BRANCH_LIMIT_FEN],
  );
  return out;
}
