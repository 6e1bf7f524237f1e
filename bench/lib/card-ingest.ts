import http from 'node:http';
import type pg from 'pg';
import { PARTNER_SIGNATURE_HEADERS, type CardTransactionItem, type CardTransactionResult } from '@tongxing/contracts';
import { signPartnerRequest } from '../../apps/server/src/lib/partner-signature.ts';
import { copyField, copyLines } from './card-load.ts';

/**
 * The partner API's load: signed batches of new transactions from a partner's system, one batch in flight per
 * sender (as a bank's settlement job sends them), and the same rows loaded the plain way with COPY.
 */
export interface Sender {
  label: string;
  keyId: string;
  secret: string;
  batches: CardTransactionItem[][];
}

export interface SendOutcome {
  seconds: number;
  items: number;
  counts: Record<CardTransactionResult['status'], number>;
  rejections: Record<string, number>;
  batchMs: number[];
}

/** POSTs one signed batch over a kept-alive connection; the signature covers exactly the bytes sent. */
function post(agent: http.Agent, base: URL, sender: Sender, body: string): Promise<{ status: number; text: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = signPartnerRequest(sender.secret, timestamp, body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/v1/card-transactions',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [PARTNER_SIGNATURE_HEADERS.keyId]: sender.keyId,
          [PARTNER_SIGNATURE_HEADERS.timestamp]: timestamp,
          [PARTNER_SIGNATURE_HEADERS.signature]: signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every sender sends its batches one after another; the senders run side by side. */
export async function sendAll(baseUrl: string, senders: Sender[], batchRange: (s: Sender) => [number, number]): Promise<SendOutcome> {
  const base = new URL(baseUrl);
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const rejections: Record<string, number> = {};
  const batchMs: number[] = [];
  let items = 0;
  const started = performance.now();
  await Promise.all(
    senders.map(async (s) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const [from, to] = batchRange(s);
        for (let b = from; b < to; b++) {
          const batch = s.batches[b]!;
          const t = performance.now();
          const res = await post(agent, base, s, JSON.stringify({ items: batch }));
          batchMs.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`${s.label}: batch ${b} answered ${res.status}: ${res.text.slice(0, 400)}`);
          const results = (JSON.parse(res.text) as { results: CardTransactionResult[] }).results;
          if (results.length !== batch.length) throw new Error(`${s.label}: batch ${b} answered ${results.length} results for ${batch.length} items`);
          for (const r of results) {
            counts[r.status]++;
            if (r.code) rejections[r.code] = (rejections[r.code] ?? 0) + 1;
          }
          items += batch.length;
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, items, counts, rejections, batchMs };
}

const TXN_COLUMNS = ['id', 'sender_org_id', 'sender_txn_id', 'card_id', 'merchant_id', 'kind', 'amount_fen', 'subsidy_fen', 'agreement_id', 'refund_of_id', 'qualifying', 'occurred_at', 'month', 'received_at'];

/**
 * The baseline: the rows the API stored in this run (ids above `afterId`), loaded again as new rows (new ids
 * and txnIds, refunds pointing at the new copies) with one plain COPY per 100,000 — the table's triggers
 * run as for any insert — inside a transaction that is rolled back, so the data stays as it was.
 * Returns the COPY's seconds and the row count.
 */
export async function copyBaseline(client: pg.ClientBase, afterId: number): Promise<{ seconds: number; rows: number }> {
  const res = await client.query<{
    id: string; sender_org_id: number; sender_txn_id: string; card_id: number; merchant_id: number; kind: string; amount_fen: string; subsidy_fen: string;
    agreement_id: number | null; refund_of_id: string | null; qualifying: boolean; occurred_at: Date; month: number; received_at: Date;
  }>(`select * from card_transactions where id > $1 order by id`, [afterId]);
  const rows = res.rows;
  const top = Number((await client.query<{ n: string }>('select coalesce(max(id), 0) as n from card_transactions')).rows[0]!.n);
  const newId = new Map(rows.map((r, i) => [r.id, top + 1 + i]));
  const lines = rows.map(
    (r) =>
      `${[newId.get(r.id)!, r.sender_org_id, `${r.sender_txn_id}C`, r.card_id, r.merchant_id, r.kind, r.amount_fen, r.subsidy_fen, r.agreement_id,
        r.refund_of_id === null ? null : (newId.get(r.refund_of_id) ?? Number(r.refund_of_id)), r.qualifying, r.occurred_at.toISOString(), r.month, r.received_at.toISOString()]
        .map((v) => copyField(v as string | number | boolean | null))
        .join('\t')}\n`,
  );
  await client.query('begin');
  try {
    const started = performance.now();
    for (let lo = 0; lo < lines.length; lo += 100_000) await copyLines(client, 'card_transactions', TXN_COLUMNS, lines.slice(lo, lo + 100_000));
    // Deferred checks (if any) are part of the load's cost.
    await client.query('set constraints all immediate');
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rows: lines.length };
  } finally {
    await client.query('rollback');
  }
}
