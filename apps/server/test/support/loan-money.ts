import { randomBytes } from 'node:crypto';
import { post } from '../../src/lib/ledger';
import type { TestApp, TestClient } from '../harness';

/** A fresh Idempotency-Key. */
export function idem(): string {
  return `test-${randomBytes(9).toString('hex')}`;
}

/** A money POST with its Idempotency-Key (a fresh one unless given). */
export function moneyPost(c: TestClient, url: string, body: unknown, key: string = idem()) {
  return c.post(url, body, { 'idempotency-key': key });
}

/** Money into a programme's fund (fund_cash Dr / fund_capital Cr), straight through the ledger library. */
export async function contribute(t: TestApp, programmeId: number, amountFen: number, postedOn = '2026-01-01'): Promise<number> {
  return t.deps.db.transaction((tx) =>
    post(tx, {
      programmeId,
      kind: 'fund_contribution',
      postedOn,
      memo: '测试注资',
      lines: [
        { account: 'fund_cash', debitFen: amountFen },
        { account: 'fund_capital', creditFen: amountFen },
      ],
    }),
  );
}

/** Sets the test clock to 10:00 in Shanghai on a date. */
export function setToday(t: TestApp, date: string) {
  t.clock.set(new Date(`${date}T02:00:00Z`));
}

export async function loanRow(t: TestApp, loanId: number) {
  return (await t.pool.query('select state, principal_outstanding_fen, next_due_on, settled_on, defaulted_on from loans where id = $1', [loanId])).rows[0] as {
    state: string;
    principal_outstanding_fen: number;
    next_due_on: string | null;
    settled_on: string | null;
    defaulted_on: string | null;
  };
}

/** Every ledger transaction of a programme balances, and the sums by account. */
export async function ledgerFacts(t: TestApp, programmeId: number) {
  const unbalanced = await t.pool.query(
    `select t.id from ledger_transactions t join ledger_entries e on e.txn_id = t.id where t.programme_id = $1
      group by t.id having sum(e.debit_fen) <> sum(e.credit_fen) or count(*) < 2`,
    [programmeId],
  );
  const sums = await t.pool.query(`select account, (sum(debit_fen) - sum(credit_fen))::bigint as net from ledger_entries where programme_id = $1 group by account`, [programmeId]);
  const net: Record<string, number> = {};
  for (const r of sums.rows) net[r.account] = Number(r.net);
  return { unbalanced: unbalanced.rows.length, net: (a: string) => net[a] ?? 0 };
}
