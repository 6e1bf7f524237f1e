import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { balances, post } from '../../lib/ledger';

let t: TestApp;
let fx: LoanFixture;
beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
});
afterAll(async () => t.close());

describe('the database guards the ledger', () => {
  it('refuses an unbalanced transaction at commit, and any update or delete', async () => {
    const unbalanced = t.deps.db.transaction(async (tx) => {
        const [txn] = (await tx.execute(`insert into ledger_transactions (programme_id, kind, posted_on) values (${fx.programmeId}, 'x', '2026-01-01') returning id` as never)).rows as { id: number }[];
        await tx.execute(`insert into ledger_entries (txn_id, programme_id, account, debit_fen) values (${txn!.id}, ${fx.programmeId}, 'fund_cash', 100)` as never);
        await tx.execute(`insert into ledger_entries (txn_id, programme_id, account, credit_fen) values (${txn!.id}, ${fx.programmeId}, 'fund_capital', 99)` as never);
      });
    // The check runs at commit; drizzle reports the failed COMMIT with the database's reason as the cause.
    const err = await unbalanced.then(() => null, (e: unknown) => e as { cause?: { message?: string } });
    expect(err?.cause?.message).toMatch(/does not balance/);
    expect((await t.pool.query('select count(*)::int as n from ledger_transactions')).rows[0].n).toBe(0);
    const id = await t.deps.db.transaction((tx) => post(tx, { programmeId: fx.programmeId, kind: 'fund_contribution', postedOn: '2026-01-01', lines: [{ account: 'fund_cash', debitFen: 3_000_000_000 }, { account: 'fund_capital', creditFen: 3_000_000_000 }] }));
    await expect(t.pool.query('update ledger_entries set debit_fen = 1 where txn_id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.pool.query('delete from ledger_transactions where id = $1', [id])).rejects.toThrow(/append-only/);
    const b = await balances(t.deps.db, fx.programmeId);
    expect(b.fund_cash).toBe(3_000_000_000);
    expect(b.fund_capital).toBe(3_000_000_000);
  });

  it('the loan factory builds loans in any state', async () => {
    const city = await t.login('city');
    const a = await buildLoan(t, fx, city, { state: 'repaying' });
    expect(a.schedule).toHaveLength(12);
    const rows = await t.pool.query('select state, principal_outstanding_fen, maturity_on from loans where id = $1', [a.loanId]);
    expect(rows.rows[0]).toMatchObject({ state: 'repaying', principal_outstanding_fen: 10_000_000, maturity_on: '2027-01-15' });
    const b = await buildLoan(t, fx, city, { state: 'in_review', stepIndex: 2 });
    expect((await t.pool.query('select step_index from loans where id = $1', [b.loanId])).rows[0].step_index).toBe(2);
  });
});
