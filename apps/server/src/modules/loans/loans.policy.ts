import type { PipelineStep } from '@tongxing/contracts';
import type { Scope } from '@tongxing/domain';
import type { Actor } from '../../lib/context';
import type { LoanRow } from './loans.repository';

/**
 * Who may act on a loan: pure checks over the loan's facts and the actor. Scope (404) is decided first by
 * the queries; these decide, among those who can see the loan, who holds the step (LOAN_WRONG_PARTY).
 */

/** Is `path` the same as `root` or below it (ltree paths of unit ids)? */
export function pathWithin(path: string | null | undefined, root: string): boolean {
  if (!path) return false;
  return path === root || path.startsWith(`${root}.`);
}

const depth = (path: string) => path.split('.').length;

/** The same rule as the repository's loanScope, for a row already read (to list the actions a caller may take). */
export function loanInScope(scope: Scope | null, loan: Pick<LoanRow, 'orgPath' | 'partnerPaths' | 'orgId' | 'bankOrgId' | 'insurerOrgId' | 'guarantorOrgId' | 'createdBy'>): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  for (const root of scope.subtreePaths) {
    if (pathWithin(loan.orgPath, root) || loan.partnerPaths.some((p) => pathWithin(p, root))) return true;
  }
  const units = [loan.orgId, loan.bankOrgId, loan.insurerOrgId, loan.guarantorOrgId];
  if (scope.unitIds.some((u) => units.includes(u))) return true;
  return scope.ownerUserId !== null && loan.createdBy === scope.ownerUserId;
}

/** The step the loan waits at (submitted = step 0), or null when it is not in review. */
export function currentStep(loan: Pick<LoanRow, 'state' | 'stepIndex'>, pipeline: PipelineStep[]): PipelineStep | null {
  if (loan.state !== 'submitted' && loan.state !== 'in_review' && loan.state !== 'returned') return null;
  return pipeline[loan.stepIndex ?? 0] ?? null;
}

const unionKinds = new Set(['city_federation', 'district_union', 'street_federation', 'community_federation', 'grassroots_union', 'branch']);

/**
 * Does the actor's unit hold this step? `stepOrgId` is the unit the step is routed to (for partner steps:
 * the insurer, guarantor or bank unit after the approval-limit routing).
 * - recommending_union: the loan's own union or an ancestor below the district (street, community level);
 * - district: the loan's district union; city: the city federation;
 * - insurer / guarantor / bank: staff of the unit the step is routed to.
 */
export function holdsStep(actor: Pick<Actor, 'orgId' | 'orgPath' | 'orgKind'>, loan: Pick<LoanRow, 'orgPath' | 'districtId'>, step: PipelineStep, stepOrgId: number | null): boolean {
  switch (step.party) {
    case 'recommending_union':
      return unionKinds.has(actor.orgKind) && depth(actor.orgPath) >= 3 && pathWithin(loan.orgPath, actor.orgPath);
    case 'district':
      return actor.orgKind === 'district_union' && loan.districtId === actor.orgId;
    case 'city':
      return actor.orgKind === 'city_federation' && pathWithin(loan.orgPath, actor.orgPath);
    case 'insurer':
    case 'guarantor':
    case 'bank':
      return actor.orgKind === step.party && stepOrgId !== null && stepOrgId === actor.orgId;
  }
}

/** A bank officer of the loan's bank or one of its parents (who records and confirms the disbursement). */
export function isLoanBankOfficer(actor: Pick<Actor, 'orgPath' | 'orgKind'>, bankPath: string | null): boolean {
  return actor.orgKind === 'bank' && bankPath !== null && pathWithin(bankPath, actor.orgPath);
}
