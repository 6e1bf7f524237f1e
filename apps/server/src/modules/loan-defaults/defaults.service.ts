import {
  checkLoanEvent,
  DEFAULT_AFTER_DAYS,
  interestDueBy,
  overdueAsOf,
  principalOutstandingOf,
  shareLoss,
  unionPartOfRecovered,
  unionRecoveryShare,
  type LoanActor,
  type LoanEvent,
  type LoanState,
} from '@tongxing/domain';
import { sql } from 'drizzle-orm';
import type { LoanRisk } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { post } from '../../lib/ledger';
import { shanghaiDate } from '../../lib/local-date';
import { spendFundCash } from '../ledger/fund-cash';
import { findMoneyLoan, isBankParty, isCityParty, requireValidDates, scopeOf, type MoneyLoan } from '../loan-repayments/loan-money-access';
import { insertLoanEvent, loadPeriods } from '../loan-repayments/repayments.repository';
import * as repo from './defaults.repository';

/**
 * A loan's bad end: declared in default once more than 90 days past due (its bank or the city), the claim
 * shared by the product's risk shares with the union's part posted to the fund (default_loss_expense Dr /
 * claims_payable Cr) and paid out of it (claims_payable Dr / fund_cash Cr), recoveries (the union's part back
 * into the fund: fund_cash Dr / recovery_income Cr) and the write-off of what stays lost.
 */
async function riskView(tx: DbOrTx, loanId: number): Promise<LoanRisk> {
  const res = await tx.execute<{ state: LoanState; defaulted_on: string | null; principal_outstanding_fen: number }>(
    sql`select state, defaulted_on, principal_outstanding_fen from loans where id = ${loanId}`,
  );
  const l = res.rows[0]!;
  const c = await repo.findClaim(tx, loanId);
  return {
    loanId,
    state: l.state,
    defaultedOn: l.defaulted_on,
    principalOutstandingFen: l.principal_outstanding_fen,
    claim: c
      ? {
          lossFen: c.loss_fen,
          unionShareFen: c.union_share_fen,
          insurerShareFen: c.insurer_share_fen,
          bankShareFen: c.bank_share_fen,
          guarantorShareFen: c.guarantor_share_fen,
          recoveredFen: c.recovered_fen,
          unionRecoveredFen: unionPartOfRecovered(c.recovered_fen, claimShare(c)),
          writtenOffFen: c.written_off_fen,
          claimedAt: c.claimed_at ? new Date(c.claimed_at).toISOString() : null,
          unionSharePaid: c.union_paid,
        }
      : null,
  };
}

const claimShare = (c: repo.ClaimRow) => ({ lossFen: c.loss_fen, unionShareFen: c.union_share_fen });

export async function getRisk(deps: AppDeps, ctx: ActorContext, loanId: number) {
  if (!(await findMoneyLoan(deps.db, scopeOf(ctx), loanId))) throw new AppError('NOT_FOUND');
  return riskView(deps.db, loanId);
}

function actorsFor(ctx: ActorContext, loan: MoneyLoan): LoanActor[] {
  const actors: LoanActor[] = [];
  if (isBankParty(ctx, loan)) actors.push('bank');
  if (isCityParty(ctx)) actors.push('city');
  return actors;
}

function dateField(path: string, code: string) {
  return new AppError('VALIDATION_FAILED', { fields: [{ path, code }] });
}

/** Runs one default-side action on a locked loan, idempotently; `event` is checked against the workflow table. */
async function act(
  deps: AppDeps,
  ctx: ActorContext,
  loanId: number,
  event: LoanEvent | 'claim_payment' | 'recovery',
  body: object,
  key: string,
  work: (tx: DbOrTx, loan: MoneyLoan, now: Date, today: string) => Promise<void>,
) {
  const scope = scopeOf(ctx);
  const route = { declare_default: 'default', claim: 'claim', claim_payment: 'claim/pay', recovery: 'recoveries', write_off: 'write-off' }[event as string] ?? event;
  return runIdempotent<LoanRisk>(deps, ctx, key, `POST /loans/${loanId}/${route}`, body, async (tx) => {
    const loan = await findMoneyLoan(tx, scope, loanId, { forUpdate: true });
    if (!loan) throw new AppError('NOT_FOUND');
    const now = deps.clock();
    await work(tx, loan, now, shanghaiDate(now));
    return { status: 200, body: await riskView(tx, loanId) };
  });
}

/** Fires a workflow event: refused for the wrong state (409) or party (403); writes the state, event and audit. */
async function transition(tx: DbOrTx, ctx: ActorContext, loan: MoneyLoan, event: LoanEvent, now: Date, extra: { comment?: string | undefined; data?: unknown; defaultedOn?: string } = {}) {
  const check = checkLoanEvent(loan.state as LoanState, event, actorsFor(ctx, loan), { stepIndex: null, steps: 0 });
  if (!check.ok) throw new AppError(check.reason === 'state' ? 'LOAN_TRANSITION_INVALID' : 'LOAN_WRONG_PARTY', { params: { state: loan.state } });
  await repo.setLoanState(tx, loan.id, check.to, now, extra.defaultedOn);
  await insertLoanEvent(tx, { loanId: loan.id, at: now, event, fromState: loan.state, toState: check.to, actorUserId: ctx.actor.userId, actorName: ctx.actor.displayName, actorOrgId: ctx.actor.orgId, comment: extra.comment ?? null, data: extra.data });
  await writeAudit(tx, ctx, { action: `loan.${event}`, entityType: 'loan', entityId: loan.id, before: { state: loan.state }, after: { state: check.to, comment: extra.comment, ...(extra.data as object) } });
}

/** Guards a party before any fact is checked, so the wrong party learns nothing about the loan's position. */
function requireParty(ctx: ActorContext, loan: MoneyLoan, event: LoanEvent) {
  const check = checkLoanEvent(loan.state as LoanState, event, actorsFor(ctx, loan), { stepIndex: null, steps: 0 });
  if (!check.ok && check.reason === 'actor') throw new AppError('LOAN_WRONG_PARTY');
  if (!check.ok) throw new AppError('LOAN_TRANSITION_INVALID', { params: { state: loan.state } });
}

export function declareDefault(deps: AppDeps, ctx: ActorContext, loanId: number, body: { asOf: string; comment?: string | undefined }, key: string) {
  requireValidDates({ asOf: body.asOf });
  return act(deps, ctx, loanId, 'declare_default', body, key, async (tx, loan, now, today) => {
    requireParty(ctx, loan, 'declare_default');
    if (body.asOf > today) throw dateField('asOf', 'money.dateFuture');
    if (loan.disbursedOn && body.asOf < loan.disbursedOn) throw dateField('asOf', 'money.dateBeforeDisbursement');
    // As of the date asked: the schedule against the payments made by then.
    const pos = overdueAsOf(await loadPeriods(tx, loan.id, body.asOf), body.asOf);
    if (pos.daysPastDue <= DEFAULT_AFTER_DAYS) throw new AppError('LOAN_NOT_DEFAULTABLE', { params: { daysPastDue: pos.daysPastDue, requiredDays: DEFAULT_AFTER_DAYS + 1 } });
    await transition(tx, ctx, loan, 'declare_default', now, {
      comment: body.comment,
      defaultedOn: body.asOf,
      data: { asOf: body.asOf, daysPastDue: pos.daysPastDue, overdueAmountFen: pos.overdueAmountFen, principalOutstandingFen: loan.principalOutstandingFen },
    });
  });
}

export function claimLoan(deps: AppDeps, ctx: ActorContext, loanId: number, body: { claimedOn?: string | undefined; comment?: string | undefined }, key: string) {
  requireValidDates({ claimedOn: body.claimedOn });
  return act(deps, ctx, loanId, 'claim', body, key, async (tx, loan, now, today) => {
    requireParty(ctx, loan, 'claim');
    const claimedOn = body.claimedOn ?? today;
    if (claimedOn > today) throw dateField('claimedOn', 'money.dateFuture');
    if (loan.defaultedOn && claimedOn < loan.defaultedOn) throw dateField('claimedOn', 'money.dateBeforeDefault');
    // The loss: principal still owed plus the interest that had fallen due by the default and was not paid.
    const periods = await loadPeriods(tx, loan.id);
    const lossFen = principalOutstandingOf(periods) + interestDueBy(periods, loan.defaultedOn ?? claimedOn);
    const shares = shareLoss(lossFen, loan.riskShares);
    await repo.insertClaim(tx, { loanId: loan.id, lossFen, ...shares, claimedAt: now });
    if (shares.union > 0) {
      await post(tx, {
        programmeId: loan.programmeId,
        kind: 'claim',
        loanId: loan.id,
        memo: `${loan.reference} 风险代偿（工会分担）`,
        postedOn: claimedOn,
        postedBy: ctx.actor.userId,
        lines: [
          { account: 'default_loss_expense', debitFen: shares.union },
          { account: 'claims_payable', creditFen: shares.union },
        ],
      });
    }
    await transition(tx, ctx, loan, 'claim', now, { comment: body.comment, data: { claimedOn, lossFen, shares } });
  });
}

export function payClaim(deps: AppDeps, ctx: ActorContext, loanId: number, body: { paidOn: string; paymentRef: string; comment?: string | undefined }, key: string) {
  requireValidDates({ paidOn: body.paidOn });
  return act(deps, ctx, loanId, 'claim_payment', body, key, async (tx, loan, now, today) => {
    if (!isCityParty(ctx)) throw new AppError('LOAN_WRONG_PARTY');
    const claim = await repo.findClaim(tx, loan.id);
    if (!claim || claim.union_share_fen === 0) throw new AppError('LOAN_TRANSITION_INVALID', { params: { state: loan.state } });
    if (claim.union_paid) throw new AppError('LOAN_CLAIM_ALREADY_PAID');
    if (body.paidOn > today) throw dateField('paidOn', 'money.dateFuture');
    await spendFundCash(tx, loan.programmeId, claim.union_share_fen);
    await post(tx, {
      programmeId: loan.programmeId,
      kind: 'claim_payment',
      loanId: loan.id,
      memo: `${loan.reference} 代偿款支付（${body.paymentRef}）`.slice(0, 300),
      postedOn: body.paidOn,
      postedBy: ctx.actor.userId,
      lines: [
        { account: 'claims_payable', debitFen: claim.union_share_fen },
        { account: 'fund_cash', creditFen: claim.union_share_fen },
      ],
    });
    const data = { paidOn: body.paidOn, paymentRef: body.paymentRef, amountFen: claim.union_share_fen };
    await insertLoanEvent(tx, { loanId: loan.id, at: now, event: 'claim_paid', fromState: loan.state, toState: loan.state, actorUserId: ctx.actor.userId, actorName: ctx.actor.displayName, actorOrgId: ctx.actor.orgId, comment: body.comment ?? null, data });
    await writeAudit(tx, ctx, { action: 'loan.claim_paid', entityType: 'loan', entityId: loan.id, after: data });
  });
}

export function recordRecovery(deps: AppDeps, ctx: ActorContext, loanId: number, body: { amountFen: number; receivedOn: string; comment?: string | undefined }, key: string) {
  requireValidDates({ receivedOn: body.receivedOn });
  return act(deps, ctx, loanId, 'recovery', body, key, async (tx, loan, now, today) => {
    requireParty(ctx, loan, 'recover');
    if (body.receivedOn > today) throw dateField('receivedOn', 'money.dateFuture');
    if (loan.defaultedOn && body.receivedOn < loan.defaultedOn) throw dateField('receivedOn', 'money.dateBeforeDefault');
    const claim = (await repo.findClaim(tx, loan.id))!;
    const left = claim.loss_fen - claim.recovered_fen;
    if (body.amountFen > left) throw new AppError('LOAN_RECOVERY_EXCEEDS_LOSS', { params: { maxFen: left }, fields: [{ path: 'amountFen', code: 'LOAN_RECOVERY_EXCEEDS_LOSS' }] });
    const unionPart = unionRecoveryShare(claim.recovered_fen, body.amountFen, claimShare(claim));
    await repo.addRecovered(tx, loan.id, body.amountFen);
    if (unionPart > 0) {
      await post(tx, {
        programmeId: loan.programmeId,
        kind: 'recovery',
        loanId: loan.id,
        memo: `${loan.reference} 追偿收回（工会分担部分）`,
        postedOn: body.receivedOn,
        postedBy: ctx.actor.userId,
        lines: [
          { account: 'fund_cash', debitFen: unionPart },
          { account: 'recovery_income', creditFen: unionPart },
        ],
      });
    }
    const data = { amountFen: body.amountFen, receivedOn: body.receivedOn, unionShareFen: unionPart, recoveredFen: claim.recovered_fen + body.amountFen };
    if (body.amountFen === left) {
      await transition(tx, ctx, loan, 'recover', now, { comment: body.comment, data });
    } else {
      // A part recovered: the loan stays claimed (the workflow's `recover` is the full recovery).
      await insertLoanEvent(tx, { loanId: loan.id, at: now, event: 'record_recovery', fromState: loan.state, toState: loan.state, actorUserId: ctx.actor.userId, actorName: ctx.actor.displayName, actorOrgId: ctx.actor.orgId, comment: body.comment ?? null, data });
      await writeAudit(tx, ctx, { action: 'loan.recovery', entityType: 'loan', entityId: loan.id, after: data });
    }
  });
}

export function writeOff(deps: AppDeps, ctx: ActorContext, loanId: number, body: { comment: string }, key: string) {
  return act(deps, ctx, loanId, 'write_off', body, key, async (tx, loan, now) => {
    requireParty(ctx, loan, 'write_off');
    const claim = (await repo.findClaim(tx, loan.id))!;
    const writtenOffFen = claim.loss_fen - claim.recovered_fen;
    await repo.setWrittenOff(tx, loan.id, writtenOffFen);
    await transition(tx, ctx, loan, 'write_off', now, { comment: body.comment, data: { writtenOffFen } });
  });
}
