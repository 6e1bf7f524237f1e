import { eq, sql } from 'drizzle-orm';
import { loans, type Tx } from '@tongxing/db';
import type { PipelineStep } from '@tongxing/contracts';
import type { LoanState, LoanTransitionCheck } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { stepHolder } from './loan-steps';
import { insertEvent, type LoanInsert, type LoanRow } from './loans.repository';

/** A refused workflow check as the API answers it: wrong state → 409, wrong actor → 403. */
export function refuse(check: Extract<LoanTransitionCheck, { ok: false }>): AppError {
  return new AppError(check.reason === 'state' ? 'LOAN_TRANSITION_INVALID' : 'LOAN_WRONG_PARTY');
}

export interface Transition {
  /** The workflow event, or a recorded action that keeps the state (edit, record_disbursement). */
  event: string;
  to: LoanState;
  set?: Partial<LoanInsert>;
  stepIndex?: number | null;
  stepKey?: string | null;
  comment?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Writes a transition: the loan's new state (and whatever else changes), its loan_events row and its audit
 * row, in the caller's transaction — which holds the loan's row lock (`for update`) taken before checking.
 */
export async function applyTransition(deps: AppDeps, tx: Tx, ctx: ActorContext, loan: LoanRow, t: Transition): Promise<void> {
  const now = deps.clock();
  await tx
    .update(loans)
    .set({ ...t.set, state: t.to, version: sql`${loans.version} + 1`, updatedAt: now })
    .where(eq(loans.id, loan.id));
  const stepIndex = t.stepIndex === undefined ? loan.stepIndex : t.stepIndex;
  await insertEvent(tx, {
    loanId: loan.id,
    at: now,
    event: t.event,
    fromState: loan.state,
    toState: t.to,
    stepIndex,
    stepKey: t.stepKey ?? null,
    actorUserId: ctx.actor.userId,
    actorName: ctx.actor.displayName,
    actorOrgId: ctx.actor.orgId,
    comment: t.comment ?? null,
    data: t.data ?? null,
  });
  await writeAudit(tx, ctx, {
    action: `loan.${t.event}`,
    entityType: 'loan',
    entityId: loan.id,
    before: { state: loan.state, stepIndex: loan.stepIndex },
    after: { state: t.to, stepIndex, ...(t.comment ? { comment: t.comment } : {}), ...(t.data ?? {}) },
  });
}

/** The columns of a loan entering step `index`: the unit holding it and when it started waiting. */
export async function enterStep(deps: AppDeps, tx: Tx, loan: LoanRow, pipeline: PipelineStep[], index: number, amendments: Partial<LoanRow> = {}): Promise<Partial<LoanInsert>> {
  const step = pipeline[index];
  if (!step) throw new Error(`pipeline has no step ${index}`);
  const holder = await stepHolder(tx, { ...loan, ...amendments }, step);
  return { stepIndex: index, stepOrgId: holder?.id ?? null, stepOrgPath: holder?.path ?? null, stepEnteredAt: deps.clock() };
}

export const leaveSteps: Partial<LoanInsert> = { stepIndex: null, stepOrgId: null, stepOrgPath: null, stepEnteredAt: null };
