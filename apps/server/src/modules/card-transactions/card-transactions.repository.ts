import type pg from 'pg';
import type { AgreementFacts, CardFacts, MerchantFacts, NewRow, StoredOriginal } from './card-transaction-rules';

/**
 * The partner batch's SQL: a handful of set-based statements per batch (arrays in, `unnest` inside), never a
 * round trip per item. Lock order, the same in every batch so concurrent batches cannot deadlock on them:
 * the originals of refunds (by id), then the monthly-cap rows (by card, merchant, month).
 */
type Q = pg.Pool | pg.PoolClient;

export async function findCards(q: Q, hashes: string[]): Promise<Map<string, CardFacts>> {
  const out = new Map<string, CardFacts>();
  if (hashes.length === 0) return out;
  const res = await q.query<{ number_hash: string; id: number; state: string; bank_path: string; min_fen: string; activated_on: string | null; closed_at: Date | null }>(
    `select c.number_hash, c.id, c.state, b.path::text as bank_path, p.min_qualifying_fen as min_fen, c.activated_on::text, c.closed_at
       from cards c join org_units b on b.id = c.bank_org_id join card_programmes p on p.id = c.programme_id
      where c.number_hash = any($1::text[])`,
    [hashes],
  );
  for (const r of res.rows) {
    out.set(r.number_hash, { id: r.id, state: r.state, bankPath: r.bank_path, minQualifyingFen: Number(r.min_fen), activatedOn: r.activated_on, closedAt: r.closed_at });
  }
  return out;
}

export async function findMerchants(q: Q, ids: number[]): Promise<{ merchants: Map<number, MerchantFacts>; agreements: Map<number, AgreementFacts[]> }> {
  const merchants = new Map<number, MerchantFacts>();
  const agreements = new Map<number, AgreementFacts[]>();
  if (ids.length === 0) return { merchants, agreements };
  const m = await q.query<{ id: number; state: string; partner_org_id: number | null; activated_on: string | null; revoked_on: string | null }>(
    'select id, state, partner_org_id, activated_on::text, revoked_on::text from merchants where id = any($1::int[])',
    [ids],
  );
  for (const r of m.rows) merchants.set(r.id, { id: r.id, state: r.state, partnerOrgId: r.partner_org_id, activatedOn: r.activated_on, revokedOn: r.revoked_on });
  const a = await q.query<{ id: number; merchant_id: number; subsidy_bps: number; cap_per_txn_fen: string | null; cap_per_month_fen: string | null; valid_from: string; valid_to: string; status: string }>(
    `select id, merchant_id, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from::text, valid_to::text, status
       from merchant_agreements where merchant_id = any($1::int[])`,
    [ids],
  );
  for (const r of a.rows) {
    const list = agreements.get(r.merchant_id) ?? [];
    list.push({
      id: r.id,
      merchantId: r.merchant_id,
      subsidyBps: r.subsidy_bps,
      capPerTxnFen: r.cap_per_txn_fen === null ? null : Number(r.cap_per_txn_fen),
      capPerMonthFen: r.cap_per_month_fen === null ? null : Number(r.cap_per_month_fen),
      validFrom: r.valid_from,
      validTo: r.valid_to,
      active: r.status === 'active',
    });
    agreements.set(r.merchant_id, list);
  }
  return { merchants, agreements };
}

/**
 * The sender's originals named by refunds, locked (two refunds of one purchase wait for each other), with what
 * was refunded of each so far — read after the lock, so a refund committed meanwhile is counted.
 */
export async function lockOriginals(q: Q, senderOrgId: number, txnIds: string[]): Promise<Map<string, StoredOriginal>> {
  const out = new Map<string, StoredOriginal>();
  if (txnIds.length === 0) return out;
  const res = await q.query<{ id: string; sender_txn_id: string; card_id: number; merchant_id: number; kind: 'purchase' | 'refund'; amount_fen: string; subsidy_fen: string; agreement_id: number | null; qualifying: boolean; month: number }>(
    `select id, sender_txn_id, card_id, merchant_id, kind, amount_fen, subsidy_fen, agreement_id, qualifying, month
       from card_transactions where sender_org_id = $1 and sender_txn_id = any($2::text[])
      order by id for no key update`,
    [senderOrgId, txnIds],
  );
  if (res.rows.length === 0) return out;
  const sums = await q.query<{ refund_of_id: string; fen: string }>(
    'select refund_of_id, sum(amount_fen)::bigint as fen from card_transactions where refund_of_id = any($1::bigint[]) group by 1',
    [res.rows.map((r) => r.id)],
  );
  const refunded = new Map(sums.rows.map((r) => [r.refund_of_id, Number(r.fen)]));
  for (const r of res.rows) {
    out.set(r.sender_txn_id, {
      id: Number(r.id),
      txnId: r.sender_txn_id,
      cardId: r.card_id,
      merchantId: r.merchant_id,
      kind: r.kind,
      amountFen: Number(r.amount_fen),
      subsidyFen: Number(r.subsidy_fen),
      agreementId: r.agreement_id,
      qualifying: r.qualifying,
      month: r.month,
      refundedFen: refunded.get(r.id) ?? 0,
    });
  }
  return out;
}

/** Creates the missing monthly-cap rows and locks them all; returns each key's subsidy used so far. */
export async function lockMonthlyCaps(q: Q, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const parts = keys.map((k) => k.split(':').map(Number) as [number, number, number]);
  parts.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const cols = [parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2])];
  await q.query(
    `insert into card_merchant_months (card_id, merchant_id, month)
     select * from unnest($1::int[], $2::int[], $3::int[]) on conflict do nothing`,
    cols,
  );
  const res = await q.query<{ card_id: number; merchant_id: number; month: number; subsidy_fen: string }>(
    `select m.card_id, m.merchant_id, m.month, m.subsidy_fen
       from card_merchant_months m join unnest($1::int[], $2::int[], $3::int[]) k(c, mer, mon) on m.card_id = k.c and m.merchant_id = k.mer and m.month = k.mon
      order by 1, 2, 3 for no key update of m`,
    cols,
  );
  for (const r of res.rows) out.set(`${r.card_id}:${r.merchant_id}:${r.month}`, Number(r.subsidy_fen));
  return out;
}

/** The first answer of txnIds already stored for this sender: their subsidy. */
export async function findStored(q: Q, senderOrgId: number, txnIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (txnIds.length === 0) return out;
  const res = await q.query<{ sender_txn_id: string; subsidy_fen: string }>(
    'select sender_txn_id, subsidy_fen from card_transactions where sender_org_id = $1 and sender_txn_id = any($2::text[])',
    [senderOrgId, txnIds],
  );
  for (const r of res.rows) out.set(r.sender_txn_id, Number(r.subsidy_fen));
  return out;
}

/** Inserts rows in one statement; returns the txnIds actually written (a concurrent batch may have won some). */
export async function insertRows(q: Q, senderOrgId: number, rows: NewRow[], refundOf: (r: NewRow) => number | null, receivedAt: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (rows.length === 0) return out;
  const res = await q.query<{ id: string; sender_txn_id: string }>(
    `insert into card_transactions (sender_org_id, sender_txn_id, card_id, merchant_id, kind, amount_fen, subsidy_fen, agreement_id, refund_of_id, qualifying, occurred_at, month, received_at)
     select $1, t, c, m, k, a, s, ag, r, q, o, mo, $13
       from unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::bigint[], $7::bigint[], $8::int[], $9::bigint[], $10::bool[], $11::timestamptz[], $12::int[])
            as x(t, c, m, k, a, s, ag, r, q, o, mo)
     on conflict (sender_org_id, sender_txn_id) do nothing
     returning id, sender_txn_id`,
    [
      senderOrgId,
      rows.map((r) => r.txnId),
      rows.map((r) => r.cardId),
      rows.map((r) => r.merchantId),
      rows.map((r) => r.kind),
      rows.map((r) => r.amountFen),
      rows.map((r) => r.subsidyFen),
      rows.map((r) => r.agreementId),
      rows.map(refundOf),
      rows.map((r) => r.qualifying),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.month),
      receivedAt,
    ],
  );
  for (const r of res.rows) out.set(r.sender_txn_id, Number(r.id));
  return out;
}

export async function addToMonthlyCaps(q: Q, deltas: Map<string, number>): Promise<void> {
  const entries = [...deltas].filter(([, v]) => v !== 0);
  if (entries.length === 0) return;
  const parts = entries.map(([k, v]) => [...k.split(':').map(Number), v] as [number, number, number, number]);
  await q.query(
    `update card_merchant_months m set subsidy_fen = m.subsidy_fen + d.v
       from unnest($1::int[], $2::int[], $3::int[], $4::bigint[]) d(c, mer, mon, v)
      where m.card_id = d.c and m.merchant_id = d.mer and m.month = d.mon`,
    [parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2]), parts.map((p) => p[3])],
  );
}
