import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { schema } from '@tongxing/db';
import type { CardTransactionResult } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/context';
import type { PartnerIdentity } from '../../lib/partner-signature';
import { evaluate, prepareItems, type NewRow, type PreparedItem, type Sender } from './card-transaction-rules';
import * as repo from './card-transactions.repository';

/** Raised inside the batch's transaction when a concurrent batch stored one of its txnIds first: start over. */
class LostRace extends Error {}
const RETRIES = 4;
const RETRYABLE_PG = new Set(['40P01', '40001']);

export interface BatchOutcome {
  results: CardTransactionResult[];
  counts: { accepted: number; duplicate: number; rejected: number };
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const out = await work(client);
    await client.query('commit');
    return out;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function senderOf(partner: PartnerIdentity): Sender {
  if (partner.orgKind !== 'bank' && partner.orgKind !== 'merchant') throw new AppError('PARTNER_KIND_NOT_ALLOWED');
  return { orgId: partner.orgId, orgPath: partner.orgPath, kind: partner.orgKind };
}

/**
 * One signed batch from a bank's or a merchant's system, in one transaction: look up what the items name,
 * lock what they change, price them in order, insert them in two statements (purchases, then refunds that may
 * name a purchase of the same batch), move the monthly sums, one audit row. Each item is idempotent on
 * (sender, txnId): one stored before answers 'duplicate' with its first subsidy. If a concurrent batch stores
 * one of the same txnIds between the check and the insert, the transaction starts over and finds it stored.
 */
export async function receiveBatch(deps: AppDeps, ctx: RequestContext, partner: PartnerIdentity, items: unknown[]): Promise<BatchOutcome> {
  const sender = senderOf(partner);
  const prepared = prepareItems(items, deps.clock(), (n) => deps.crypto.lookupHash('card', n));
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(deps.pool, (client) => storeBatch(deps, ctx, client, partner, sender, prepared));
    } catch (err) {
      const retry = err instanceof LostRace || RETRYABLE_PG.has((err as { code?: string }).code ?? '');
      if (!retry || attempt >= RETRIES) throw err;
    }
  }
}

async function storeBatch(deps: AppDeps, ctx: RequestContext, client: pg.PoolClient, partner: PartnerIdentity, sender: Sender, prepared: PreparedItem[]): Promise<BatchOutcome> {
  const valid = prepared.filter((p) => !p.reject);
  const refundOfs = [...new Set(valid.flatMap((p) => (p.item!.refundOfTxnId !== undefined ? [p.item!.refundOfTxnId] : [])))];
  const originals = await repo.lockOriginals(client, sender.orgId, refundOfs);
  const cards = await repo.findCards(client, [...new Set(valid.map((p) => p.cardHash!))]);
  const { merchants, agreements } = await repo.findMerchants(client, [...new Set(valid.map((p) => p.item!.merchantId))]);
  const lookups = { cards, merchants, agreements, originals };

  // A first pass names the monthly-cap rows the batch may touch; they are locked before anything is priced.
  const keys = evaluate(prepared, sender, lookups, new Map()).keys;
  const used = await repo.lockMonthlyCaps(client, [...keys]);
  // Checked after the locks: a concurrent send of the same items has committed by now, and is seen.
  const stored = await repo.findStored(client, sender.orgId, valid.map((p) => p.txnId!));
  const fresh = prepared.filter((p) => p.reject || !stored.has(p.txnId!));
  const done = evaluate(fresh, sender, lookups, used, ctx.lang);

  await repo.addToMonthlyCaps(client, done.deltas);
  const purchases = done.rows.filter((r) => r.kind === 'purchase');
  const refunds = done.rows.filter((r) => r.kind === 'refund');
  const receivedAt = deps.clock();
  const inserted = await repo.insertRows(client, sender.orgId, purchases, () => null, receivedAt);
  if (inserted.size !== purchases.length) throw new LostRace();
  const refundOf = (r: NewRow) => r.refundOfId ?? inserted.get(r.refundOfTxnId!) ?? null;
  const insertedRefunds = await repo.insertRows(client, sender.orgId, refunds, refundOf, receivedAt);
  if (insertedRefunds.size !== refunds.length) throw new LostRace();

  const results: CardTransactionResult[] = prepared.map((p) =>
    !p.reject && stored.has(p.txnId!) ? { txnId: p.txnId, status: 'duplicate', subsidyFen: stored.get(p.txnId!)! } : done.results.get(p.index)!,
  );
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const rejections: Record<string, number> = {};
  for (const r of results) {
    counts[r.status]++;
    if (r.code) rejections[r.code] = (rejections[r.code] ?? 0) + 1;
  }
  await writeAudit(drizzle(client, { schema }), ctx, {
    action: 'card_transaction.batch',
    entityType: 'partner_key',
    entityId: partner.keyId,
    username: `partner:${partner.keyId}`,
    orgId: sender.orgId,
    after: { items: prepared.length, ...counts, subsidyFen: done.rows.reduce((s, r) => s + r.subsidyFen, 0), rejections },
  });
  return { results, counts };
}
