import type { DbOrTx } from '@tongxing/db';
import type { Loan, LoanListQuery, PipelineStep } from '@tongxing/contracts';
import type { Scope } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext, RequestContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { listLoans, toListItem } from './loan-list';
import { stepHolder } from './loan-steps';
import { currentStep } from './loans.policy';
import { findLoan, memberOfUser, type LoanRow } from './loans.repository';
import { loanView, staffRoles, type LoanRoles } from './loan-view';

export function scopeOf(ctx: RequestContext): Scope {
  if (!ctx.scope) throw new Error('loan routes run with a resolved scope');
  return ctx.scope;
}

/** The unit holding the loan's current step: stored when it entered the step, else routed now. */
export async function currentStepOrg(db: DbOrTx, loan: LoanRow, pipeline: PipelineStep[]): Promise<number | null> {
  if (loan.stepOrgId !== null) return loan.stepOrgId;
  const step = currentStep(loan, pipeline);
  if (!step) return null;
  return (await stepHolder(db, loan, step))?.id ?? null;
}

/** The view of a loan for a staff caller, with the actions their roles allow now. */
export async function staffLoanView(deps: AppDeps, db: DbOrTx, ctx: RequestContext, loan: LoanRow): Promise<Loan> {
  return loanView(deps, db, ctx, loan, async (pipeline, bankPath) => staffRoles(ctx, loan, pipeline, await currentStepOrg(db, loan, pipeline), bankPath));
}

const memberRoles = (applicant: boolean): LoanRoles => ({ applicant, stepParty: false, bankOfficer: false, reviewer: false });

export async function memberLoanView(deps: AppDeps, db: DbOrTx, ctx: RequestContext, loan: LoanRow): Promise<Loan> {
  return loanView(deps, db, ctx, loan, async () => memberRoles(true));
}

/** The member behind the signed-in portal account. */
export async function memberIdOf(deps: AppDeps, ctx: ActorContext, db: DbOrTx = deps.db): Promise<number> {
  const id = await memberOfUser(db, ctx.actor.userId);
  if (id === null) throw new AppError('NOT_FOUND');
  return id;
}

export async function listStaffLoans(deps: AppDeps, ctx: ActorContext, q: LoanListQuery) {
  const now = deps.clock();
  const asOf = q.asOf ?? shanghaiDate(now);
  const { rows, total } = await listLoans(deps.pool, ctx.actor, scopeOf(ctx), q, asOf);
  return { items: rows.map((r) => toListItem(r, ctx.lang, now, asOf)), total };
}

export async function getStaffLoan(deps: AppDeps, ctx: ActorContext, id: number): Promise<Loan> {
  const loan = await findLoan(deps.db, id, scopeOf(ctx));
  if (!loan) throw new AppError('NOT_FOUND');
  return staffLoanView(deps, deps.db, ctx, loan);
}

/** A member's own loan (another member's answers 404 like a missing one). */
export async function findMemberLoan(db: DbOrTx, memberId: number, id: number, lock = false): Promise<LoanRow | null> {
  const loan = await findLoan(db, id, null, lock);
  return loan && loan.memberId === memberId ? loan : null;
}

export async function getPortalLoan(deps: AppDeps, ctx: ActorContext, id: number): Promise<Loan> {
  const memberId = await memberIdOf(deps, ctx);
  const loan = await findMemberLoan(deps.db, memberId, id);
  if (!loan) throw new AppError('NOT_FOUND');
  return memberLoanView(deps, deps.db, ctx, loan);
}

export async function listPortalLoans(deps: AppDeps, ctx: ActorContext) {
  const memberId = await memberIdOf(deps, ctx);
  const now = deps.clock();
  const asOf = shanghaiDate(now);
  const { rows, total } = await listLoans(deps.pool, ctx.actor, { all: true, subtreePaths: [], unitIds: [], ownerUserId: null }, { page: 1, pageSize: 100 }, asOf, memberId);
  return { items: rows.map((r) => toListItem(r, ctx.lang, now, asOf)), total };
}
