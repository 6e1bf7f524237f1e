import { addDays } from './loan-money';
import { post } from './loan-life';
import type { LoanBook } from './loan-rows';

/**
 * Quarterly subsidy batches over the items the loans earned: every quarter before the last one prepared by
 * one city cadre, approved by the other and paid (subsidies_payable Dr / fund_cash Cr); the last finished
 * quarter's interest batch approved and awaiting payment, its premium batch prepared and awaiting the
 * checker; this quarter's items not batched yet.
 */
export interface BatchPeople {
  maker: number;
  checker: number;
}

const kindZh = { premium: '保费补贴', interest: '贷款贴息' } as const;

function quarterOf(day: string): { key: string; end: string; label: string } {
  const y = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const endMonth = q * 3;
  const nextStart = endMonth === 12 ? `${y + 1}-01-01` : `${y}-${String(endMonth + 1).padStart(2, '0')}-01`;
  const end = addDays(nextStart, -1);
  return { key: `${y}Q${q}`, end, label: `${y}年第${q}季度` };
}

export function addBatches(book: LoanBook, programmeId: number, today: string, people: BatchPeople): void {
  const yesterday = addDays(today, -1);
  const byQuarter = new Map<string, { end: string; label: string; items: Record<'premium' | 'interest', number[]> }>();
  book.subsidyItems.forEach((item, i) => {
    if (item.programme_id !== programmeId) return;
    const q = quarterOf(item.earned_on as string);
    const entry = byQuarter.get(q.key) ?? { end: q.end, label: q.label, items: { premium: [], interest: [] } };
    entry.items[item.kind as 'premium' | 'interest'].push(i);
    byQuarter.set(q.key, entry);
  });
  // A quarter is batched once its books are closed: the batch is prepared six days after it ends.
  const closed = [...byQuarter.values()].filter((q) => addDays(q.end, 6) <= yesterday).sort((a, b) => (a.end < b.end ? -1 : 1));
  closed.forEach((q, qi) => {
    const last = qi === closed.length - 1;
    for (const kind of ['premium', 'interest'] as const) {
      const items = q.items[kind];
      if (items.length === 0) continue;
      const batch = book.batches.length;
      const total = items.reduce((s, i) => s + (book.subsidyItems[i]!.amount_fen as number), 0);
      const prepared = addDays(q.end, 6);
      const approved = addDays(q.end, 8) <= yesterday ? addDays(q.end, 8) : null;
      const paid = addDays(q.end, 15) <= yesterday ? addDays(q.end, 15) : null;
      const state = last ? (kind === 'interest' && approved ? 'approved' : 'prepared') : paid ? 'paid' : approved ? 'approved' : 'prepared';
      book.batches.push({
        id: batch, programme_id: programmeId, kind, item_count: items.length, total_fen: total, state,
        prepared_by: people.maker, prepared_at: `${prepared}T10:00:00+08:00`,
        approved_by: state === 'prepared' ? null : people.checker, approved_at: state === 'prepared' ? null : `${approved}T15:30:00+08:00`,
        paid_by: state === 'paid' ? people.maker : null, paid_at: state === 'paid' ? `${paid}T11:00:00+08:00` : null,
        payment_ref: state === 'paid' ? `ZF${paid!.replaceAll('-', '')}${String(batch + 1).padStart(4, '0')}` : null,
      });
      for (const i of items) book.subsidyItems[i]!.batch_id = batch;
      if (state === 'paid') {
        post(book, programmeId, 'subsidy_payment', null, paid!, people.maker, `${q.label}${kindZh[kind]}发放（${items.length}笔）`, [
          { account: 'subsidies_payable', debitFen: total, creditFen: 0 },
          { account: 'fund_cash', debitFen: 0, creditFen: total },
        ], batch);
      }
    }
  });
}
