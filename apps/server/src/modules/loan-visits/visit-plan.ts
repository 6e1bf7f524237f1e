import { sql } from 'drizzle-orm';
import { loanVisits, type DbOrTx } from '@tongxing/db';
import { plannedVisits, type VisitPlan } from '@tongxing/domain';

/**
 * Writes a loan's planned follow-up visits (called when the disbursement is confirmed). The responsible
 * union is the union that recommended the loan (the borrower's own); its queue shows them as they fall due.
 */
export async function planVisits(tx: DbOrTx, loan: { id: number; orgId: number; disbursedOn: string; maturityOn: string }, plan: VisitPlan) {
  const visits = plannedVisits(loan.disbursedOn, loan.maturityOn, plan);
  if (visits.length === 0) return 0;
  await tx.insert(loanVisits).values(
    visits.map((v) => ({
      loanId: loan.id,
      seq: v.seq,
      label: v.label,
      dueOn: v.dueOn,
      orgId: loan.orgId,
      orgPath: sql`(select path from org_units where id = ${loan.orgId})`,
    })),
  );
  return visits.length;
}
