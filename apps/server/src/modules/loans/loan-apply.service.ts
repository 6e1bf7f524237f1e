import { sql } from 'drizzle-orm';
import { loans, type Tx } from '@tongxing/db';
import type { Loan, LoanPatch } from '@tongxing/contracts';
import { type loanApplySchema } from '@tongxing/contracts';
import { checkLoanEvent, isValidDate, type LoanState, type Scope } from '@tongxing/domain';
import type { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { scopeCondition } from '../../lib/scope-sql';
import { rulesOf } from '../loan-programmes/product-view';
import { findProduct, findProgramme } from '../loan-programmes/programmes.repository';
import { assertEligible } from './loan-eligibility';
import { applyTransition, enterStep, refuse } from './loan-transition';
import { findMemberLoan, memberIdOf, memberLoanView, staffLoanView } from './loans.service';
import { findLoan, type LoanRow } from './loans.repository';

type LoanApply = z.infer<typeof loanApplySchema>;

/** Who applies: a member in the portal, or a cadre with loan:apply entering it for a member in scope. */
export type Applicant = { portal: true } | { portal: false; scope: Scope };

const today = (deps: AppDeps) => shanghaiDate(deps.clock());

function checkDates(deps: AppDeps, foundedOn: string | null | undefined) {
  if (foundedOn && (!isValidDate(foundedOn) || foundedOn > today(deps))) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'enterpriseFoundedOn', code: isValidDate(foundedOn) ? 'loan.dateRange' : 'date.format' }] });
  }
}

async function memberFor(deps: AppDeps, tx: Tx, ctx: ActorContext, who: Applicant, memberId: number | undefined) {
  let id: number;
  let where = sql`true`;
  if (who.portal) {
    id = await memberIdOf(deps, ctx, tx);
    if (memberId !== undefined && memberId !== id) throw new AppError('NOT_FOUND', { fields: [{ path: 'memberId', code: 'NOT_FOUND' }] });
  } else {
    if (memberId === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'memberId', code: 'loan.memberRequired' }] });
    id = memberId;
    where = scopeCondition(who.scope, { path: sql`m.org_path`, orgId: sql`m.org_id` });
  }
  const res = await tx.execute<{ id: number; org_id: number; org_path: string; model_worker_level: string; district_id: number | null }>(sql`
    select m.id, m.org_id, m.org_path::text as org_path, m.model_worker_level,
           (select d.id from org_units d where d.path @> m.org_path and d.kind = 'district_union' order by nlevel(d.path) desc limit 1) as district_id
      from members m where ${where} and m.id = ${id}`);
  const rows = res.rows;
  const m = rows[0];
  if (!m) throw new AppError('NOT_FOUND', { fields: [{ path: 'memberId', code: 'NOT_FOUND' }] });
  return m;
}

/** The programme's partners the loan is routed to: its bank, insurer and guarantor (the first of each role). */
async function partnersFor(tx: Tx, programmeId: number) {
  const res = await tx.execute<{ role: string; org_id: number; path: string }>(sql`
    select distinct on (pp.role) pp.role, pp.org_id, o.path::text as path
      from loan_programme_partners pp join org_units o on o.id = pp.org_id
     where pp.programme_id = ${programmeId}
     order by pp.role, pp.org_id`);
  const of = (role: string) => res.rows.find((r) => r.role === role) ?? null;
  return { bank: of('bank'), insurer: of('insurer'), guarantor: of('guarantor') };
}

async function viewFor(deps: AppDeps, tx: Tx, ctx: ActorContext, who: Applicant, id: number): Promise<Loan> {
  const loan = (await findLoan(tx, id, null))!;
  return who.portal ? memberLoanView(deps, tx, ctx, loan) : staffLoanView(deps, tx, ctx, loan);
}

export async function createApplication(deps: AppDeps, ctx: ActorContext, who: Applicant, body: LoanApply): Promise<Loan> {
  checkDates(deps, body.enterpriseFoundedOn);
  return deps.db.transaction(async (tx) => {
    const member = await memberFor(deps, tx, ctx, who, body.memberId);
    const product = await findProduct(tx, body.productId);
    if (!product) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'productId', code: 'loan.productNotFound' }] });
    const partners = await partnersFor(tx, product.programmeId);
    const rules = rulesOf(product);
    const seq = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('loans', 'id'))::int as id`);
    const id = seq.rows[0]!.id;
    const reference = `DK${today(deps).slice(0, 4)}${String(id).padStart(6, '0')}`;
    const partnerPaths = [partners.bank?.path, partners.insurer?.path, partners.guarantor?.path].filter((p): p is string => !!p);
    await tx.insert(loans).values({
      id,
      reference,
      programmeId: product.programmeId,
      productId: product.id,
      memberId: member.id,
      orgId: member.org_id,
      orgPath: member.org_path,
      districtId: member.district_id,
      partnerPaths,
      bankOrgId: partners.bank?.org_id ?? null,
      insurerOrgId: partners.insurer?.org_id ?? null,
      guarantorOrgId: partners.guarantor?.org_id ?? null,
      borrowerType: product.borrowerType,
      amountRequestedFen: body.amountFen,
      termRequestedMonths: body.termMonths,
      purpose: body.purpose,
      enterpriseName: body.enterpriseName || null,
      enterpriseCreditCode: body.enterpriseCreditCode ?? null,
      enterpriseFoundedOn: body.enterpriseFoundedOn ?? null,
      enterpriseEmployees: body.enterpriseEmployees ?? null,
      enterpriseIndustry: body.enterpriseIndustry || null,
      jobsExpected: body.jobsExpected,
      declaresNoBadCredit: body.declaresNoBadCredit,
      modelWorkerLevel: member.model_worker_level,
      priority: member.model_worker_level !== 'none' && rules.modelWorker.priority,
      state: 'draft',
      createdBy: ctx.actor.userId,
      createdAt: deps.clock(),
      updatedAt: deps.clock(),
    });
    const draft = (await findLoan(tx, id, null, true))!;
    await applyTransition(deps, tx, ctx, { ...draft, state: null as unknown as string }, {
      event: 'create',
      to: 'draft',
      data: { reference, productId: product.id, memberId: member.id, amountFen: body.amountFen, termMonths: body.termMonths, via: who.portal ? 'portal' : 'console' },
    });
    if (body.submit) await submitLocked(deps, tx, ctx, { ...draft, version: draft.version + 1 }, 'submit');
    return viewFor(deps, tx, ctx, who, id);
  });
}

/** Locks the loan for the applicant side: a member's own loan, or a loan in the cadre's loan:apply scope. */
async function lockForApplicant(deps: AppDeps, tx: Tx, ctx: ActorContext, who: Applicant, id: number): Promise<LoanRow> {
  const loan = who.portal ? await findMemberLoan(tx, await memberIdOf(deps, ctx, tx), id, true) : await findLoan(tx, id, who.scope, true);
  if (!loan) throw new AppError('NOT_FOUND');
  return loan;
}

/** Submit (draft → step 0) or resubmit (returned → the same step), eligibility checked first. */
async function submitLocked(deps: AppDeps, tx: Tx, ctx: ActorContext, loan: LoanRow, event: 'submit' | 'resubmit', comment?: string) {
  const product = (await findProduct(tx, loan.productId))!;
  const programme = (await findProgramme(tx, loan.programmeId))!;
  const pipeline = rulesOf(product).pipeline;
  const check = checkLoanEvent(loan.state as LoanState, event, ['applicant'], { stepIndex: loan.stepIndex, steps: pipeline.length });
  if (!check.ok) throw refuse(check);
  const effective = programme.status === 'active' ? product : { ...product, status: 'closed' };
  const { modelWorkerLevel } = await assertEligible(tx, loan, effective, today(deps));
  const index = event === 'submit' ? 0 : (loan.stepIndex ?? 0);
  const amendments = { modelWorkerLevel, priority: modelWorkerLevel !== 'none' && rulesOf(product).modelWorker.priority };
  const step = await enterStep(deps, tx, loan, pipeline, index, amendments);
  await applyTransition(deps, tx, ctx, loan, {
    event,
    to: check.to,
    set: { ...step, ...amendments, ...(event === 'submit' ? { submittedAt: deps.clock() } : {}) },
    stepIndex: index,
    stepKey: pipeline[index]?.key ?? null,
    comment: comment ?? null,
  });
}

export async function submitApplication(deps: AppDeps, ctx: ActorContext, who: Applicant, id: number, event: 'submit' | 'resubmit', comment?: string): Promise<Loan> {
  return deps.db.transaction(async (tx) => {
    const loan = await lockForApplicant(deps, tx, ctx, who, id);
    await submitLocked(deps, tx, ctx, loan, event, comment);
    return viewFor(deps, tx, ctx, who, id);
  });
}

export async function withdrawApplication(deps: AppDeps, ctx: ActorContext, who: Applicant, id: number, comment?: string): Promise<Loan> {
  return deps.db.transaction(async (tx) => {
    const loan = await lockForApplicant(deps, tx, ctx, who, id);
    const check = checkLoanEvent(loan.state as LoanState, 'withdraw', ['applicant'], { stepIndex: loan.stepIndex, steps: 0 });
    if (!check.ok) throw refuse(check);
    await applyTransition(deps, tx, ctx, loan, { event: 'withdraw', to: check.to, set: { stepOrgId: null, stepOrgPath: null, stepEnteredAt: null }, comment: comment ?? null });
    return viewFor(deps, tx, ctx, who, id);
  });
}

const EDITABLE: LoanState[] = ['draft', 'returned'];

/** Corrections by the applicant side, while the application is a draft or back with them. */
export async function updateApplication(deps: AppDeps, ctx: ActorContext, who: Applicant, id: number, body: LoanPatch): Promise<Loan> {
  checkDates(deps, body.enterpriseFoundedOn);
  return deps.db.transaction(async (tx) => {
    const loan = await lockForApplicant(deps, tx, ctx, who, id);
    if (!EDITABLE.includes(loan.state as LoanState)) throw new AppError('LOAN_TRANSITION_INVALID');
    if (body.version !== undefined && body.version !== loan.version) throw new AppError('CONFLICT');
    const set = {
      amountRequestedFen: body.amountFen,
      termRequestedMonths: body.termMonths,
      purpose: body.purpose,
      enterpriseName: body.enterpriseName === undefined ? undefined : body.enterpriseName || null,
      enterpriseCreditCode: body.enterpriseCreditCode,
      enterpriseFoundedOn: body.enterpriseFoundedOn,
      enterpriseEmployees: body.enterpriseEmployees,
      enterpriseIndustry: body.enterpriseIndustry === undefined ? undefined : body.enterpriseIndustry || null,
      jobsExpected: body.jobsExpected,
      declaresNoBadCredit: body.declaresNoBadCredit,
    };
    const changed = Object.fromEntries(Object.entries(set).filter(([k, v]) => v !== undefined && (loan as Record<string, unknown>)[k] !== v));
    if (Object.keys(changed).length > 0) {
      await applyTransition(deps, tx, ctx, loan, { event: 'edit', to: loan.state as LoanState, set: changed, data: { changed: Object.keys(changed) } });
    }
    return viewFor(deps, tx, ctx, who, id);
  });
}
