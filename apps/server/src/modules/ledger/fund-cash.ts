import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { AppError } from '../../lib/app-error';
import { balances } from '../../lib/ledger';

/** Advisory-lock namespace of a programme's fund cash (the second key is the programme id). */
const FUND_LOCK = 7301;

/**
 * Money leaves the fund only when the fund holds it. Every posting that credits fund_cash takes the
 * programme's fund lock first, so two payments at once cannot both spend the same balance; the lock ends
 * with the transaction.
 */
export async function spendFundCash(tx: DbOrTx, programmeId: number, amountFen: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FUND_LOCK}, ${programmeId})`);
  const b = await balances(tx, programmeId);
  if (b.fund_cash < amountFen) {
    throw new AppError('LEDGER_FUND_INSUFFICIENT', { params: { balanceFen: b.fund_cash, neededFen: amountFen } });
  }
}
