import type { PipelineStep } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import { approvalChain, unitPath, type LoanRow } from './loans.repository';

type StepLoan = Pick<LoanRow, 'orgId' | 'orgPath' | 'districtId' | 'bankOrgId' | 'insurerOrgId' | 'guarantorOrgId' | 'approvedAmountFen' | 'amountRequestedFen'>;

/**
 * A partner unit's approval authority: the unit itself when the amount is within its limit (no row = no
 * limit), else up its parents until one whose limit covers it; when none does, the topmost unit.
 */
export async function routeByAuthority(db: DbOrTx, orgId: number, amountFen: number): Promise<{ id: number; path: string } | null> {
  const chain = await approvalChain(db, orgId);
  if (chain.length === 0) return null;
  const holder = chain.find((u) => u.maxAmountFen === null || u.maxAmountFen >= amountFen) ?? chain[chain.length - 1]!;
  return { id: holder.id, path: holder.path };
}

/** The unit that holds a step of this loan (stored on the loan as step_org_id/step_org_path when it enters the step). */
export async function stepHolder(db: DbOrTx, loan: StepLoan, step: PipelineStep): Promise<{ id: number; path: string } | null> {
  const amount = loan.approvedAmountFen ?? loan.amountRequestedFen;
  switch (step.party) {
    case 'recommending_union':
      return { id: loan.orgId, path: loan.orgPath };
    case 'district': {
      if (loan.districtId === null) return null;
      const path = await unitPath(db, loan.districtId);
      return path ? { id: loan.districtId, path } : null;
    }
    case 'city': {
      const cityId = Number(loan.orgPath.split('.')[0]);
      return { id: cityId, path: String(cityId) };
    }
    case 'bank':
      return loan.bankOrgId === null ? null : routeByAuthority(db, loan.bankOrgId, amount);
    case 'insurer':
      return loan.insurerOrgId === null ? null : routeByAuthority(db, loan.insurerOrgId, amount);
    case 'guarantor':
      return loan.guarantorOrgId === null ? null : routeByAuthority(db, loan.guarantorOrgId, amount);
  }
}
