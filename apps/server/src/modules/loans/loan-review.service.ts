import { loanSubsidyItems, type Tx } from '@tongxing/db';
import type { Loan, PipelineStep } from '@tongxing/contracts';
import { type loanDecisionSchema } from '@tongxing/contracts';
import { amountCap, applyBps, checkLoanEvent, type LoanEvent, type LoanState, type RepaymentMethod } from '@tongxing/domain';
import type { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError, type FieldError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { post } from '../../lib/ledger';
import { shanghaiDate } from '../../lib/local-date';
import { rateOf, rulesOf, type ProductRules } from '../loan-programmes/product-view';
import { findProduct, referenceRateOn, type ProductRow } from '../loan-programmes/programmes.repository';
import { applyTransition, enterStep, leaveSteps, refuse } from './loan-transition';
import { currentStepOrg, scopeOf, staffLoanView } from './loans.service';
import { currentStep, holdsStep } from './loans.policy';
import { findLoan, type LoanInsert, type LoanRow } from './loans.repository';

type Decision = z.infer<typeof loanDecisionSchema>;

const eventOf: Record<Decision['decision'], LoanEvent> = { approve: 'approve_step', return: 'return', reject: 'reject' };

function fail(fields: FieldError[]): never {
  throw new AppError('VALIDATION_FAILED', { fields });
}

/**
 * The premium subsidy, earned when the insurer underwrites (or the guarantor guarantees): a % of the
 * approved amount (the model-worker rate when it has one), once per loan, posted as premium expense owed.
 */
async function earnPremium(deps: AppDeps, tx: Tx, ctx: ActorContext, loan: LoanRow, rules: ProductRules, amountFen: number) {
  const bps = loan.modelWorkerLevel !== 'none' && rules.modelWorker.premiumBps !== null ? rules.modelWorker.premiumBps : rules.subsidy.premiumBps;
  const subsidy = applyBps(amountFen, bps);
  if (subsidy <= 0) return null;
  const earnedOn = shanghaiDate(deps.clock());
  const inserted = await tx
    .insert(loanSubsidyItems)
    .values({ loanId: loan.id, programmeId: loan.programmeId, kind: 'premium', k: 0, amountFen: subsidy, earnedOn })
    .onConflictDoNothing()
    .returning({ id: loanSubsidyItems.id });
  if (inserted.length === 0) return null;
  await post(tx, {
    programmeId: loan.programmeId,
    kind: 'premium_subsidy',
    loanId: loan.id,
    memo: `${loan.reference} 保费补贴 / premium subsidy`,
    postedOn: earnedOn,
    postedBy: ctx.actor.userId,
    lines: [
      { account: 'premium_subsidy_expense', debitFen: subsidy },
      { account: 'subsidies_payable', creditFen: subsidy },
    ],
  });
  return subsidy;
}

/** The numbers an approval at this step writes on the loan; each party's own are required. */
async function approvalTerms(deps: AppDeps, tx: Tx, loan: LoanRow, product: ProductRow, rules: ProductRules, step: PipelineStep, body: Decision) {
  const set: Partial<LoanInsert> = {};
  const data: Record<string, unknown> = {};
  const cap = amountCap({ maxAmountFen: product.maxAmountFen, modelWorkerMaxAmountFen: rules.modelWorker.maxAmountFen }, loan.modelWorkerLevel);
  if (step.party === 'city') {
    if (body.approvedAmountFen === undefined) fail([{ path: 'approvedAmountFen', code: 'required' }]);
    if (body.approvedAmountFen > cap || body.approvedAmountFen < product.minAmountFen) fail([{ path: 'approvedAmountFen', code: 'loan.amountAboveApproved' }]);
    set.approvedAmountFen = data.approvedAmountFen = body.approvedAmountFen;
  }
  if (step.party === 'insurer') {
    if (!body.policyNo) fail([{ path: 'policyNo', code: 'loan.numberRequired' }]);
    set.policyNo = data.policyNo = body.policyNo;
  }
  if (step.party === 'guarantor') {
    if (!body.guaranteeNo) fail([{ path: 'guaranteeNo', code: 'loan.numberRequired' }]);
    set.guaranteeNo = data.guaranteeNo = body.guaranteeNo;
  }
  if (step.party === 'bank') {
    const fields: FieldError[] = [];
    if (!body.contractNo) fields.push({ path: 'contractNo', code: 'loan.numberRequired' });
    const ceiling = loan.approvedAmountFen ?? cap;
    const amount = body.approvedAmountFen ?? loan.approvedAmountFen ?? loan.amountRequestedFen;
    if (amount > ceiling || amount < product.minAmountFen) fields.push({ path: 'approvedAmountFen', code: 'loan.amountAboveApproved' });
    const term = body.termMonths ?? loan.termRequestedMonths;
    if (term < product.minTermMonths || term > product.maxTermMonths) fields.push({ path: 'termMonths', code: 'loan.dateRange' });
    const rate = body.annualRateBps ?? rateOf(product, await referenceRateOn(tx, shanghaiDate(deps.clock())));
    if (rate === null) fields.push({ path: 'annualRateBps', code: 'loan.noReferenceRate' });
    if (fields.length > 0) fail(fields);
    Object.assign(set, { contractNo: body.contractNo, approvedAmountFen: amount, termMonths: term, annualRateBps: rate, repaymentMethod: product.repaymentMethod });
    Object.assign(data, { contractNo: body.contractNo, approvedAmountFen: amount, termMonths: term, annualRateBps: rate, repaymentMethod: product.repaymentMethod });
  }
  return { set, data };
}

/** A loan leaving the pipeline approved carries its final terms, whichever steps the pipeline had. */
async function finalTerms(deps: AppDeps, tx: Tx, loan: LoanRow, product: ProductRow, set: Partial<LoanInsert>): Promise<Partial<LoanInsert>> {
  const rate = set.annualRateBps ?? loan.annualRateBps ?? rateOf(product, await referenceRateOn(tx, shanghaiDate(deps.clock())));
  if (rate === null) fail([{ path: 'annualRateBps', code: 'loan.noReferenceRate' }]);
  return {
    approvedAmountFen: set.approvedAmountFen ?? loan.approvedAmountFen ?? loan.amountRequestedFen,
    termMonths: set.termMonths ?? loan.termMonths ?? loan.termRequestedMonths,
    annualRateBps: rate,
    repaymentMethod: (set.repaymentMethod ?? loan.repaymentMethod ?? product.repaymentMethod) as RepaymentMethod,
  };
}

/**
 * A review step's decision by the party holding it. Order of refusals: out of scope → 404; a state the
 * event does not leave from → 409 LOAN_TRANSITION_INVALID; a unit that does not hold the step → 403
 * LOAN_WRONG_PARTY; then the step's own numbers (400).
 */
export async function decide(deps: AppDeps, ctx: ActorContext, id: number, body: Decision): Promise<Loan> {
  return deps.db.transaction(async (tx) => {
    const loan = await findLoan(tx, id, scopeOf(ctx), true);
    if (!loan) throw new AppError('NOT_FOUND');
    const product = (await findProduct(tx, loan.productId))!;
    const rules = rulesOf(product);
    const pipeline = rules.pipeline;
    const event = eventOf[body.decision];
    const stateCheck = checkLoanEvent(loan.state as LoanState, event, ['step_party'], { stepIndex: loan.stepIndex, steps: pipeline.length });
    if (!stateCheck.ok) throw refuse(stateCheck);
    const step = currentStep(loan, pipeline);
    if (!step || !holdsStep(ctx.actor, loan, step, await currentStepOrg(tx, loan, pipeline))) throw new AppError('LOAN_WRONG_PARTY');
    if (body.version !== undefined && body.version !== loan.version) throw new AppError('CONFLICT');
    const index = loan.stepIndex ?? 0;
    const base = { stepIndex: index, stepKey: step.key, comment: body.comment ?? null };
    if (body.decision !== 'approve') {
      if (!body.comment) fail([{ path: 'comment', code: 'loan.commentRequired' }]);
      const set = body.decision === 'reject' ? leaveSteps : {};
      await applyTransition(deps, tx, ctx, loan, { ...base, event, to: stateCheck.to, set });
      return staffLoanView(deps, tx, ctx, (await findLoan(tx, id, null))!);
    }
    const terms = await approvalTerms(deps, tx, loan, product, rules, step, body);
    let set: Partial<LoanInsert> = terms.set;
    if (stateCheck.to === 'approved') {
      set = { ...set, ...(await finalTerms(deps, tx, loan, product, set)), ...leaveSteps };
    } else {
      set = { ...set, ...(await enterStep(deps, tx, loan, pipeline, index + 1, set as Partial<LoanRow>)) };
    }
    if (step.party === 'insurer' || step.party === 'guarantor') {
      const premium = await earnPremium(deps, tx, ctx, loan, rules, set.approvedAmountFen ?? loan.approvedAmountFen ?? loan.amountRequestedFen);
      if (premium !== null) terms.data.premiumSubsidyFen = premium;
    }
    await applyTransition(deps, tx, ctx, loan, { ...base, event, to: stateCheck.to, set, data: terms.data });
    return staffLoanView(deps, tx, ctx, (await findLoan(tx, id, null))!);
  });
}
