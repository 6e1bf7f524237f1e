import { sql } from 'drizzle-orm';
import { maskCardNumber, shanghaiMonth } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { offsetOf } from '../../lib/pagination';
import * as repo from './merchants.repository';

/**
 * A merchant's card transactions by month (the current month unless asked), for the cadres who look after
 * it and its own operators: card numbers masked to their last four digits, amounts and the union subsidy.
 */
export async function merchantTransactions(deps: AppDeps, ctx: ActorContext, merchantId: number, q: { month?: number | undefined; page: number; pageSize: number }) {
  const m = await repo.findMerchant(deps.db, ctx.scope!, merchantId, shanghaiDate(deps.clock()));
  if (!m) throw new AppError('NOT_FOUND');
  const month = q.month ?? shanghaiMonth(deps.clock());
  const rows = await deps.db.execute<{
    id: number;
    sender_txn_id: string;
    kind: 'purchase' | 'refund';
    number_last4: string | null;
    amount_fen: number;
    subsidy_fen: number;
    occurred_at: Date;
    month: number;
    settlement_id: number | null;
  }>(sql`
    select t.id, t.sender_txn_id, t.kind, c.number_last4, t.amount_fen, t.subsidy_fen, t.occurred_at, t.month, t.settlement_id
      from card_transactions t left join cards c on c.id = t.card_id
     where t.merchant_id = ${merchantId} and t.month = ${month}
     order by t.occurred_at desc, t.id desc
     limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const sum = await deps.db.execute<{ n: number; amount: number; subsidy: number }>(sql`
    select count(*)::int as n,
           coalesce(sum(case when kind = 'purchase' then amount_fen else -amount_fen end), 0)::bigint as amount,
           coalesce(sum(subsidy_fen), 0)::bigint as subsidy
      from card_transactions where merchant_id = ${merchantId} and month = ${month}`);
  const s = sum.rows[0] ?? { n: 0, amount: 0, subsidy: 0 };
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      senderTxnId: r.sender_txn_id,
      kind: r.kind,
      cardMasked: maskCardNumber(r.number_last4),
      amountFen: r.amount_fen,
      subsidyFen: r.subsidy_fen,
      occurredAt: new Date(r.occurred_at).toISOString(),
      month: r.month,
      settlementId: r.settlement_id,
    })),
    total: s.n,
    summary: { count: s.n, amountFen: s.amount, subsidyFen: s.subsidy },
  };
}
