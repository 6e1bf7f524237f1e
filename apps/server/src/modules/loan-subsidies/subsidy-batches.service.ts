import { checkSubsidyBatchEvent, type SubsidyBatchEvent } from '@tongxing/domain';
import type { SubsidyBatch } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { post } from '../../lib/ledger';
import { shanghaiDate } from '../../lib/local-date';
import { spendFundCash } from '../ledger/fund-cash';
import { requireValidDates } from '../loan-repayments/loan-money-access';
import * as repo from './subsidy-batches.repository';

/**
 * Subsidy batches: the earned premium or interest subsidies of a programme gathered up to a date (maker),
 * approved by a different cadre (checker), then paid out of the fund (subsidies_payable Dr / fund_cash Cr).
 * Batches are programme-wide, so only an all-units `loan:subsidy` scope works with them.
 */
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toView(r: repo.BatchRow, ctx: ActorContext): SubsidyBatch {
  const isMaker = r.prepared_by === ctx.actor.userId;
  return {
    id: r.id,
    programmeId: r.programme_id,
    programmeName: r.programme_name,
    kind: r.kind,
    itemCount: r.item_count,
    totalFen: r.total_fen,
    state: r.state,
    preparedByName: r.prepared_by_name,
    preparedAt: iso(r.prepared_at)!,
    approvedByName: r.approved_by_name,
    approvedAt: iso(r.approved_at),
    paidByName: r.paid_by_name,
    paidAt: iso(r.paid_at),
    paymentRef: r.payment_ref,
    actions: (['approve', 'pay', 'cancel'] as const).filter((e) => checkSubsidyBatchEvent(r.state, e, isMaker).ok),
  };
}

function requireAllUnits(ctx: ActorContext) {
  if (!ctx.scope?.all) throw new AppError('NOT_FOUND');
}

async function detail(tx: DbOrTx, ctx: ActorContext, id: number) {
  const b = await repo.findBatch(tx, id);
  if (!b) throw new AppError('NOT_FOUND');
  const items = await repo.batchItems(tx, id);
  return {
    ...toView(b, ctx),
    items: items.map((i) => ({ id: i.id, loanId: i.loan_id, loanReference: i.reference, borrowerName: i.borrower_name, kind: i.kind, k: i.k, amountFen: i.amount_fen, earnedOn: i.earned_on })),
  };
}

export async function listBatches(deps: AppDeps, ctx: ActorContext, q: Parameters<typeof repo.listBatches>[1]) {
  if (!ctx.scope?.all) return { items: [], total: 0 };
  const { rows, total } = await repo.listBatches(deps.db, q);
  return { items: rows.map((r) => toView(r, ctx)), total };
}

export async function getBatch(deps: AppDeps, ctx: ActorContext, id: number) {
  requireAllUnits(ctx);
  return detail(deps.db, ctx, id);
}

export async function pending(deps: AppDeps, ctx: ActorContext, q: { programmeId: number; kind: string; upTo: string }) {
  requireAllUnits(ctx);
  requireValidDates({ upTo: q.upTo });
  if (!(await repo.programmeExists(deps.db, q.programmeId))) throw new AppError('NOT_FOUND');
  return repo.pendingItems(deps.db, q.programmeId, q.kind, q.upTo);
}

export async function prepareBatch(deps: AppDeps, ctx: ActorContext, body: { programmeId: number; kind: 'premium' | 'interest'; upTo: string }, key: string) {
  requireAllUnits(ctx);
  requireValidDates({ upTo: body.upTo });
  return runIdempotent(deps, ctx, key, 'POST /subsidy-batches', body, async (tx) => {
    if (!(await repo.programmeExists(tx, body.programmeId))) throw new AppError('NOT_FOUND', { fields: [{ path: 'programmeId', code: 'NOT_FOUND' }] });
    const now = deps.clock();
    const id = await repo.insertBatch(tx, { programmeId: body.programmeId, kind: body.kind, preparedBy: ctx.actor.userId, preparedAt: now });
    const taken = await repo.claimItems(tx, id, body.programmeId, body.kind, body.upTo);
    if (taken.itemCount === 0) throw new AppError('SUBSIDY_BATCH_EMPTY');
    await writeAudit(tx, ctx, { action: 'subsidy_batch.prepare', entityType: 'subsidy_batch', entityId: id, after: { programmeId: body.programmeId, kind: body.kind, upTo: body.upTo, ...taken } });
    return { status: 201, body: await detail(tx, ctx, id) };
  });
}

async function act(
  deps: AppDeps,
  ctx: ActorContext,
  id: number,
  event: SubsidyBatchEvent,
  body: Record<string, unknown>,
  key: string,
  apply: (tx: DbOrTx, b: repo.BatchRow, now: Date) => Promise<void>,
) {
  requireAllUnits(ctx);
  return runIdempotent(deps, ctx, key, `POST /subsidy-batches/${id}/${event}`, body, async (tx) => {
    const b = await repo.findBatch(tx, id, { forUpdate: true });
    if (!b) throw new AppError('NOT_FOUND');
    const check = checkSubsidyBatchEvent(b.state, event, b.prepared_by === ctx.actor.userId);
    if (!check.ok) throw new AppError(check.reason === 'maker' ? 'LOAN_MAKER_CHECKER' : 'SUBSIDY_BATCH_STATE_INVALID', { params: { state: b.state } });
    await apply(tx, b, deps.clock());
    await writeAudit(tx, ctx, { action: `subsidy_batch.${event}`, entityType: 'subsidy_batch', entityId: id, before: { state: b.state }, after: { state: check.to, ...body } });
    return { status: 200, body: await detail(tx, ctx, id) };
  });
}

export function approveBatch(deps: AppDeps, ctx: ActorContext, id: number, body: { comment?: string | undefined }, key: string) {
  return act(deps, ctx, id, 'approve', body, key, (tx, _b, now) => repo.setApproved(tx, id, ctx.actor.userId, now));
}

export function payBatch(deps: AppDeps, ctx: ActorContext, id: number, body: { paymentRef: string; paidOn: string }, key: string) {
  requireValidDates({ paidOn: body.paidOn });
  return act(deps, ctx, id, 'pay', body, key, async (tx, b, now) => {
    if (body.paidOn > shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'paidOn', code: 'money.dateFuture' }] });
    await spendFundCash(tx, b.programme_id, b.total_fen);
    await post(tx, {
      programmeId: b.programme_id,
      kind: 'subsidy_payment',
      batchId: id,
      memo: `${b.kind === 'interest' ? '贴息' : '保费补贴'}批次 #${id} 发放（${body.paymentRef}）`.slice(0, 300),
      postedOn: body.paidOn,
      postedBy: ctx.actor.userId,
      lines: [
        { account: 'subsidies_payable', debitFen: b.total_fen },
        { account: 'fund_cash', creditFen: b.total_fen },
      ],
    });
    await repo.setPaid(tx, id, ctx.actor.userId, now, body.paymentRef);
  });
}

export function cancelBatch(deps: AppDeps, ctx: ActorContext, id: number, body: { comment?: string | undefined }, key: string) {
  return act(deps, ctx, id, 'cancel', body, key, (tx) => repo.cancelBatch(tx, id));
}
