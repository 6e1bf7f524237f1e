import { checkSubsidyBatchEvent, shanghaiMonth, type SubsidyBatchEvent } from '@tongxing/domain';
import type { MerchantSettlement } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { shanghaiDate } from '../../lib/local-date';
import { uniqueViolation } from '../members/members.service';
import * as merchantsRepo from '../merchants/merchants.repository';
import { scopeOf } from '../merchants/merchant-review.service';
import * as repo from './settlements.repository';
import { settlementWorkbook } from './settlement-statement';

/**
 * A merchant's monthly settlement of the union subsidy: one cadre prepares it (claiming the merchant's
 * unsettled transactions up to the month), a different cadre approves it, then it is marked paid with the
 * bank's reference. Until paid it may be cancelled, which releases the transactions. The workflow is the
 * subsidy batches' maker-checker table. Every step takes an Idempotency-Key and is audited.
 */
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toView(r: repo.SettlementRow, ctx: ActorContext, maySettle: boolean): MerchantSettlement {
  const isMaker = r.prepared_by === ctx.actor.userId;
  return {
    id: r.id,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    month: r.month,
    txnCount: r.txn_count,
    amountFen: r.amount_fen,
    subsidyFen: r.subsidy_fen,
    state: r.state,
    preparedByName: r.prepared_by_name,
    preparedAt: iso(r.prepared_at)!,
    approvedByName: r.approved_by_name,
    approvedAt: iso(r.approved_at),
    paidByName: r.paid_by_name,
    paidAt: iso(r.paid_at),
    paidOn: r.paid_on,
    paymentRef: r.payment_ref,
    actions: maySettle ? (['approve', 'pay', 'cancel'] as const).filter((e) => checkSubsidyBatchEvent(r.state, e, isMaker).ok) : [],
  };
}

async function detail(tx: DbOrTx, ctx: ActorContext, id: number, maySettle = true) {
  const s = await repo.findSettlement(tx, ctx.scope!, id);
  if (!s) throw new AppError('NOT_FOUND');
  const months = await repo.monthsOf(tx, s);
  return { ...toView(s, ctx, maySettle), months: months.map((m) => ({ month: m.month, txnCount: m.txn_count, amountFen: m.amount_fen, subsidyFen: m.subsidy_fen })) };
}

export async function listSettlements(deps: AppDeps, ctx: ActorContext, q: Parameters<typeof repo.listSettlements>[2]) {
  const maySettle = scopeOf(ctx, 'merchant:settle') !== null;
  const { rows, total } = await repo.listSettlements(deps.db, ctx.scope!, q);
  return { items: rows.map((r) => toView(r, ctx, maySettle)), total };
}

export function getSettlement(deps: AppDeps, ctx: ActorContext, id: number) {
  return detail(deps.db, ctx, id);
}

export async function pending(deps: AppDeps, ctx: ActorContext, q: { month: number; page: number; pageSize: number }) {
  const rows = await repo.pendingByMerchant(deps.db, ctx.scope!, q.month, q.page, q.pageSize);
  return {
    items: rows.map((r) => ({ merchantId: r.merchant_id, merchantName: r.merchant_name, txnCount: r.txn_count, amountFen: r.amount_fen, subsidyFen: r.subsidy_fen })),
    total: rows[0]?.total ?? 0,
  };
}

export async function prepareSettlement(deps: AppDeps, ctx: ActorContext, body: { merchantId: number; month: number }, key: string) {
  // Transactions of the current month are still arriving: only a month that has ended is settled.
  if (body.month >= shanghaiMonth(deps.clock())) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'month', code: 'merchant.monthOpen' }] });
  try {
    return await runIdempotent(deps, ctx, key, 'POST /merchant-settlements', body, async (tx) => {
      const merchant = await merchantsRepo.findMerchant(tx, ctx.scope!, body.merchantId, shanghaiDate(deps.clock()), { forUpdate: true });
      if (!merchant) throw new AppError('NOT_FOUND', { fields: [{ path: 'merchantId', code: 'NOT_FOUND' }] });
      const id = await repo.insertSettlement(tx, { merchantId: body.merchantId, month: body.month, preparedBy: ctx.actor.userId, preparedAt: deps.clock() });
      const taken = await repo.claimTransactions(tx, id, body.merchantId, body.month);
      if (taken.txnCount === 0) throw new AppError('MERCHANT_SETTLEMENT_EMPTY', { params: { month: body.month } });
      await writeAudit(tx, ctx, { action: 'merchant_settlement.prepare', entityType: 'merchant_settlement', entityId: id, orgId: merchant.org_id, after: { ...body, ...taken } });
      return { status: 201, body: await detail(tx, ctx, id) };
    });
  } catch (err) {
    if (uniqueViolation(err) === 'merchant_settlements_month_key') throw new AppError('MERCHANT_SETTLEMENT_EXISTS', { params: { month: body.month } });
    throw err;
  }
}

async function act(
  deps: AppDeps,
  ctx: ActorContext,
  id: number,
  event: SubsidyBatchEvent,
  body: Record<string, unknown>,
  key: string,
  apply: (tx: DbOrTx, s: repo.SettlementRow, now: Date) => Promise<void>,
) {
  return runIdempotent(deps, ctx, key, `POST /merchant-settlements/${id}/${event}`, body, async (tx) => {
    const s = await repo.findSettlement(tx, ctx.scope!, id, { forUpdate: true });
    if (!s) throw new AppError('NOT_FOUND');
    const check = checkSubsidyBatchEvent(s.state, event, s.prepared_by === ctx.actor.userId);
    if (!check.ok) throw new AppError(check.reason === 'maker' ? 'MERCHANT_SETTLEMENT_MAKER_CHECKER' : 'MERCHANT_SETTLEMENT_STATE_INVALID', { params: { state: s.state } });
    await apply(tx, s, deps.clock());
    await writeAudit(tx, ctx, {
      action: `merchant_settlement.${event}`,
      entityType: 'merchant_settlement',
      entityId: id,
      before: { state: s.state },
      after: { state: check.to, merchantId: s.merchant_id, month: s.month, subsidyFen: s.subsidy_fen, ...body },
    });
    return { status: 200, body: await detail(tx, ctx, id) };
  });
}

export function approveSettlement(deps: AppDeps, ctx: ActorContext, id: number, body: { comment?: string | undefined }, key: string) {
  return act(deps, ctx, id, 'approve', body, key, (tx, _s, now) => repo.setApproved(tx, id, ctx.actor.userId, now));
}

export function paySettlement(deps: AppDeps, ctx: ActorContext, id: number, body: { paymentRef: string; paidOn: string }, key: string) {
  if (body.paidOn > shanghaiDate(deps.clock())) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'paidOn', code: 'money.dateFuture' }] });
  return act(deps, ctx, id, 'pay', body, key, (tx, _s, now) => repo.setPaid(tx, id, ctx.actor.userId, now, body.paidOn, body.paymentRef));
}

export function cancelSettlement(deps: AppDeps, ctx: ActorContext, id: number, body: { comment?: string | undefined }, key: string) {
  return act(deps, ctx, id, 'cancel', body, key, (tx, s) => repo.cancelSettlement(tx, s));
}

/** The statement (.xlsx) of one settlement, for the cadres and the merchant's own operators (merchant:read). */
export async function statement(deps: AppDeps, ctx: ActorContext, id: number) {
  const s = await repo.findSettlement(deps.db, ctx.scope!, id);
  if (!s) throw new AppError('NOT_FOUND');
  const lines = await repo.statementLines(deps.db, s);
  const data = await settlementWorkbook(s, lines);
  await writeAudit(deps.db, ctx, { action: 'merchant_settlement.statement', entityType: 'merchant_settlement', entityId: id });
  return { data, fileName: `商户结算单-${s.merchant_name}-${s.month}-${s.id}.xlsx`, asciiName: `settlement-${s.month}-${s.id}.xlsx` };
}

/** A merchant's settlements, for its page and its operators' console (merchant:read). */
export async function settlementsOfMerchant(deps: AppDeps, ctx: ActorContext, merchantId: number, q: { page: number; pageSize: number }) {
  const m = await merchantsRepo.findMerchant(deps.db, ctx.scope!, merchantId, shanghaiDate(deps.clock()));
  if (!m) throw new AppError('NOT_FOUND');
  const { rows, total } = await repo.listSettlements(deps.db, ctx.scope!, { merchantId, ...q });
  return { items: rows.map((r) => toView(r, ctx, false)), total };
}
