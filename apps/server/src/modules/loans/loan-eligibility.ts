import { sql } from 'drizzle-orm';
import type { Tx } from '@tongxing/db';
import { checkEligibility } from '@tongxing/domain';
import { AppError } from '../../lib/app-error';
import { rulesOf } from '../loan-programmes/product-view';
import type { ProductRow } from '../loan-programmes/programmes.repository';
import type { LoanRow } from './loans.repository';

const LENT_OR_APPROVED = ['approved', 'repaying', 'settled', 'defaulted', 'claimed', 'recovered', 'written_off'];
const OPEN = ['submitted', 'in_review', 'returned', 'approved', 'repaying', 'defaulted'];

/**
 * Eligibility at submission. The member's row is locked first, so two applications of one member submitted
 * at the same moment are counted one after the other ("one loan at a time" holds under concurrency).
 * Returns the member's current model-worker level, which the loan takes on.
 */
export async function assertEligible(tx: Tx, loan: LoanRow, product: ProductRow, today: string): Promise<{ modelWorkerLevel: string }> {
  const member = await tx.execute<{ status: string; model_worker_level: string }>(sql`select status, model_worker_level from members where id = ${loan.memberId} for update`);
  const m = member.rows[0];
  if (!m) throw new AppError('NOT_FOUND');
  const counts = await tx.execute<{ lifetime: number; open: number }>(sql`
    select count(*) filter (where state = any(${sql.param(LENT_OR_APPROVED)}::varchar[]))::int as lifetime,
           count(*) filter (where state = any(${sql.param(OPEN)}::varchar[]))::int as open
      from loans where member_id = ${loan.memberId} and id <> ${loan.id}`);
  const rules = rulesOf(product);
  const reasons = checkEligibility(
    {
      status: product.status,
      borrowerType: product.borrowerType as 'individual' | 'enterprise',
      minAmountFen: product.minAmountFen,
      maxAmountFen: product.maxAmountFen,
      minTermMonths: product.minTermMonths,
      maxTermMonths: product.maxTermMonths,
      eligibility: rules.eligibility,
      modelWorkerMaxAmountFen: rules.modelWorker.maxAmountFen,
    },
    {
      memberStatus: m.status,
      modelWorkerLevel: m.model_worker_level,
      amountFen: loan.amountRequestedFen,
      termMonths: loan.termRequestedMonths,
      declaresNoBadCredit: loan.declaresNoBadCredit,
      enterpriseName: loan.enterpriseName,
      enterpriseCreditCode: loan.enterpriseCreditCode,
      enterpriseFoundedOn: loan.enterpriseFoundedOn,
      lifetimeLoans: counts.rows[0]?.lifetime ?? 0,
      openLoans: counts.rows[0]?.open ?? 0,
      today,
    },
  );
  if (reasons.length > 0) {
    throw new AppError('LOAN_NOT_ELIGIBLE', { params: { reasons } });
  }
  return { modelWorkerLevel: m.model_worker_level };
}
