import { pipelineStepSchema, type Loan, type PipelineStep } from '@tongxing/contracts';
import { checkLoanEvent, overdueBucket, resolveScope, type LoanActor, type LoanEvent, type LoanState, type RepaymentMethod } from '@tongxing/domain';
import { z } from 'zod';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import type { RequestContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { daysPastDue, toListItem } from './loan-list';
import { currentStep, holdsStep, isLoanBankOfficer, loanInScope } from './loans.policy';
import { attachmentsOf, eventsOf, liveDisbursement, loanContext, type LoanRow } from './loans.repository';

export function pipelineOf(raw: unknown): PipelineStep[] {
  return z.array(pipelineStepSchema).parse(raw ?? []);
}

/** Who the caller is for this loan, as the workflow table names actors (scope per permission included). */
export interface LoanRoles {
  applicant: boolean;
  stepParty: boolean;
  bankOfficer: boolean;
  reviewer: boolean;
}

/**
 * The actions the caller may take now: events the workflow allows in this state for the caller's roles,
 * plus `edit`, `attach`, `record_disbursement`. The service checks the same facts again when acting.
 */
export function actionsFor(loan: LoanRow, roles: LoanRoles, pipeline: PipelineStep[], disbursement: { status: string; recordedBy: number } | null, userId: number | null): string[] {
  const actors: LoanActor[] = [];
  if (roles.applicant) actors.push('applicant');
  if (roles.stepParty) actors.push('step_party');
  if (roles.bankOfficer) actors.push('bank');
  const out: string[] = [];
  const state = loan.state as LoanState;
  const events: LoanEvent[] = ['submit', 'resubmit', 'withdraw', 'approve_step', 'return', 'reject'];
  for (const e of events) {
    if (checkLoanEvent(state, e, actors, { stepIndex: loan.stepIndex, steps: pipeline.length }).ok) out.push(e);
  }
  if (roles.applicant && (state === 'draft' || state === 'returned')) out.push('edit');
  if ((roles.applicant || roles.reviewer) && ['draft', 'submitted', 'in_review', 'returned'].includes(state)) out.push('attach');
  if (roles.bankOfficer && state === 'approved') {
    if (!disbursement) out.push('record_disbursement');
    else if (disbursement.status === 'recorded' && disbursement.recordedBy !== userId) out.push('confirm_disbursement');
  }
  return out;
}

/** The staff caller's roles on a loan, each within the scope of the permission it needs. */
export function staffRoles(ctx: RequestContext, loan: LoanRow, pipeline: PipelineStep[], stepOrgId: number | null, bankPath: string | null): LoanRoles {
  const actor = ctx.actor;
  if (!actor || actor.kind !== 'staff') return { applicant: false, stepParty: false, bankOfficer: false, reviewer: false };
  const anchor = { userId: actor.userId, orgId: actor.orgId, orgPath: actor.orgPath };
  const can = (permission: string) => loanInScope(resolveScope(actor.grants, permission, anchor), loan);
  const step = currentStep(loan, pipeline);
  const reviewer = can('loan:review');
  return {
    applicant: can('loan:apply') && !['bank', 'insurer', 'guarantor'].includes(actor.orgKind),
    stepParty: reviewer && step !== null && holdsStep(actor, loan, step, stepOrgId),
    bankOfficer: can('loan:disburse') && isLoanBankOfficer(actor, bankPath),
    reviewer,
  };
}

/** The full loan view. `roles` decides `actions`; `stepOrgId` is the unit holding the current step. */
export async function loanView(deps: AppDeps, db: DbOrTx, ctx: RequestContext, loan: LoanRow, rolesOf: (pipeline: PipelineStep[], bankPath: string | null) => Promise<LoanRoles>): Promise<Loan> {
  // One after another: inside a transaction they share one connection.
  const c = await loanContext(db, loan);
  const events = await eventsOf(db, loan.id);
  const attachments = await attachmentsOf(db, loan.id);
  const disbursement = await liveDisbursement(db, loan.id);
  const pipeline = pipelineOf(c.pipeline);
  const now = deps.clock();
  const asOf = shanghaiDate(now);
  const item = toListItem(
    {
      id: loan.id,
      reference: loan.reference,
      programme_id: loan.programmeId,
      programme_name: c.programme_name,
      product_name: c.product_name,
      member_id: loan.memberId,
      borrower_name: c.borrower_name,
      enterprise_name: loan.enterpriseName,
      org_id: loan.orgId,
      org_name: c.org_name,
      district_name: c.district_name,
      state: loan.state,
      step_index: loan.stepIndex,
      step: loan.stepIndex === null ? null : (pipeline[loan.stepIndex] ?? null),
      step_entered_at: loan.stepEnteredAt,
      model_worker_level: loan.modelWorkerLevel,
      priority: loan.priority,
      amount_requested_fen: loan.amountRequestedFen,
      approved_amount_fen: loan.approvedAmountFen,
      principal_outstanding_fen: loan.principalOutstandingFen,
      next_due_on: loan.nextDueOn,
      bank_name: c.bank_name,
      submitted_at: loan.submittedAt,
      disbursed_on: loan.disbursedOn,
    },
    ctx.lang,
    now,
    asOf,
  );
  const roles = await rolesOf(pipeline, c.bank_path);
  return {
    ...item,
    productId: loan.productId,
    borrowerType: loan.borrowerType as Loan['borrowerType'],
    termRequestedMonths: loan.termRequestedMonths,
    purpose: loan.purpose,
    enterpriseCreditCode: loan.enterpriseCreditCode,
    enterpriseFoundedOn: loan.enterpriseFoundedOn,
    enterpriseEmployees: loan.enterpriseEmployees,
    enterpriseIndustry: loan.enterpriseIndustry,
    jobsExpected: loan.jobsExpected,
    jobsCreated: loan.jobsCreated,
    declaresNoBadCredit: loan.declaresNoBadCredit,
    insurerName: c.insurer_name,
    guarantorName: c.guarantor_name,
    stepOrgName: item.stepIndex === null ? null : c.step_org_name,
    annualRateBps: loan.annualRateBps,
    termMonths: loan.termMonths,
    repaymentMethod: (loan.repaymentMethod as RepaymentMethod | null) ?? null,
    contractNo: loan.contractNo,
    policyNo: loan.policyNo,
    guaranteeNo: loan.guaranteeNo,
    maturityOn: loan.maturityOn,
    settledOn: loan.settledOn,
    defaultedOn: loan.defaultedOn,
    pipeline,
    disbursement: disbursement
      ? {
          id: disbursement.id,
          amountFen: disbursement.amount_fen,
          disbursedOn: disbursement.disbursed_on,
          bankTxnRef: disbursement.bank_txn_ref,
          status: disbursement.status as 'recorded' | 'confirmed' | 'cancelled',
          recordedByName: disbursement.recorded_by_name,
          confirmedByName: disbursement.confirmed_by_name,
        }
      : null,
    overdueBucket: overdueBucket(daysPastDue(loan.state, loan.nextDueOn, asOf)),
    events: events.map((e) => ({
      id: e.id,
      at: new Date(e.at).toISOString(),
      event: e.event,
      fromState: e.from_state,
      toState: e.to_state,
      stepIndex: e.step_index,
      stepKey: e.step_key,
      actorName: e.actor_name,
      actorOrgName: e.actor_org_name,
      comment: e.comment,
      data: e.data,
    })),
    attachments: attachments.map((a) => ({ id: a.id, kind: a.kind, fileName: a.fileName, sizeBytes: a.sizeBytes, uploadedAt: a.uploadedAt.toISOString() })),
    actions: actionsFor(loan, roles, pipeline, disbursement ? { status: disbursement.status, recordedBy: disbursement.recorded_by } : null, ctx.actor?.userId ?? null),
    version: loan.version,
  };
}
