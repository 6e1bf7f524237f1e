import { divRoundHalfUp } from '@tongxing/domain';
import type { Fund, LedgerQuery, LedgerTransaction } from '@tongxing/contracts';
import { ledgerAccountNames } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { runIdempotent } from '../../lib/idempotency';
import { balances, ledgerAccounts, post, type LedgerAccount, type LedgerLine } from '../../lib/ledger';
import { shanghaiDate } from '../../lib/local-date';
import { spendFundCash } from './fund-cash';
import { requireValidDates } from '../loan-repayments/loan-money-access';
import * as repo from './ledger.repository';

/** Accounts a reversal may touch by itself: cash, capital and what is owed. Expenses and income follow from loan records. */
const BALANCE_SHEET: ReadonlySet<string> = new Set<LedgerAccount>(['fund_cash', 'fund_capital', 'subsidies_payable', 'claims_payable']);

function accountName(account: string, lang: 'zh-CN' | 'en'): string {
  const a = ledgerAccounts[account as LedgerAccount];
  return a ? (lang === 'en' ? a.en : a.zh) : account;
}

/**
 * Whether a transaction may be reversed here: not a reversal itself, not reversed already, and touching only
 * balance-sheet accounts. A posting that recognises an expense or income (a subsidy earned, a claim's loss, a
 * recovery) belongs to a loan record, and reversing it alone would leave that record and the ledger disagreeing.
 */
export function isReversible(t: repo.TxnRow): boolean {
  return t.reverses_id === null && t.reversed_by_id === null && t.entries.every((e) => BALANCE_SHEET.has(e.account));
}

function toView(t: repo.TxnRow, lang: 'zh-CN' | 'en'): LedgerTransaction {
  return {
    id: t.id,
    programmeId: t.programme_id,
    kind: t.kind,
    loanId: t.loan_id,
    loanReference: t.loan_reference,
    batchId: t.batch_id,
    memo: t.memo,
    postedOn: t.posted_on,
    postedAt: new Date(t.posted_at).toISOString(),
    postedByName: t.posted_by_name,
    reversesId: t.reverses_id,
    reversedById: t.reversed_by_id,
    reversible: isReversible(t),
    entries: t.entries.map((e) => ({ account: e.account as LedgerAccount, accountName: accountName(e.account, lang), debitFen: e.debitFen, creditFen: e.creditFen })),
  };
}

/** The ledger is programme-wide: only an all-units scope reads it (narrower grants see nothing, like missing). */
function requireAllUnits(ctx: ActorContext) {
  if (!ctx.scope?.all) throw new AppError('NOT_FOUND');
}

export async function listLedger(deps: AppDeps, ctx: ActorContext, q: LedgerQuery) {
  requireValidDates({ from: q.from, to: q.to });
  if (!ctx.scope?.all) return { items: [], total: 0 };
  const { rows, total } = await repo.listTransactions(deps.db, q);
  return { items: rows.map((r) => toView(r, ctx.lang)), total };
}

/**
 * The fund of a programme, from the ledger: contributions, cash, what is owed, what was paid; lending from the
 * loans. Programme-wide like the ledger it is summed from (the dashboard shows it to the same people): a
 * narrower scope — a district, a bank — finds nothing here.
 */
export async function fundOf(deps: AppDeps, ctx: ActorContext, programmeId: number): Promise<Fund> {
  requireAllUnits(ctx);
  if (!(await repo.programmeExists(deps.db, programmeId))) throw new AppError('NOT_FOUND');
  const b = await balances(deps.db, programmeId);
  const { lentFen, outstandingFen } = await repo.lending(deps.db, programmeId);
  const committedFen = b.subsidies_payable + b.claims_payable;
  // Expensed minus still owed is what left the fund (the same as capital + recoveries − cash, by double entry).
  const subsidiesPaidFen = b.premium_subsidy_expense + b.interest_subsidy_expense - b.subsidies_payable;
  const claimsPaidFen = b.default_loss_expense - b.claims_payable;
  const fundFen = b.fund_capital;
  return {
    programmeId,
    fundFen,
    balanceFen: b.fund_cash,
    committedFen,
    paidFen: subsidiesPaidFen + claimsPaidFen,
    subsidiesPaidFen,
    claimsPaidFen,
    recoveredFen: b.recovery_income,
    lentFen,
    outstandingFen,
    leverage: fundFen > 0 ? Number(divRoundHalfUp(BigInt(lentFen) * 100n, BigInt(fundFen))) / 100 : null,
    accounts: ledgerAccountNames.map((account) => ({ account, name: accountName(account, ctx.lang), balanceFen: b[account] })),
  };
}

/** A correcting transaction with every line of the original on the other side. */
export async function reverseTransaction(deps: AppDeps, ctx: ActorContext, id: number, reason: string, key: string) {
  requireAllUnits(ctx);
  return runIdempotent<LedgerTransaction>(deps, ctx, key, `POST /ledger/${id}/reverse`, { reason }, async (tx) => {
    const original = await repo.findTransaction(tx, id, { forUpdate: true });
    if (!original) throw new AppError('NOT_FOUND');
    if (original.reversed_by_id !== null) throw new AppError('LEDGER_ALREADY_REVERSED', { params: { reversedById: original.reversed_by_id } });
    if (!isReversible(original)) throw new AppError('LEDGER_NOT_REVERSIBLE', { params: { kind: original.kind } });
    const lines: LedgerLine[] = original.entries.map((e) =>
      e.debitFen > 0 ? { account: e.account as LedgerAccount, creditFen: e.debitFen } : { account: e.account as LedgerAccount, debitFen: e.creditFen },
    );
    const cashOut = lines.reduce((s, l) => s + (l.account === 'fund_cash' ? (l.creditFen ?? 0) : 0), 0);
    if (cashOut > 0) await spendFundCash(tx, original.programme_id, cashOut);
    const now = deps.clock();
    const reversalId = await post(tx, {
      programmeId: original.programme_id,
      kind: 'reversal',
      loanId: original.loan_id,
      batchId: original.batch_id,
      memo: `冲销 #${original.id}：${reason}`.slice(0, 300),
      postedOn: shanghaiDate(now),
      postedBy: ctx.actor.userId,
      reversesId: original.id,
      lines,
    });
    // A contribution undone: the programme's fund amount, raised with each contribution, comes down with it.
    const capitalFen = lines.reduce((s, l) => s + (l.account === 'fund_capital' ? (l.creditFen ?? 0) - (l.debitFen ?? 0) : 0), 0);
    if (capitalFen !== 0) await repo.addToProgrammeFund(tx, original.programme_id, capitalFen, now);
    // A batch's payment undone: the batch is approved again (to be paid with the right data, or cancelled).
    if (original.batch_id !== null && original.entries.some((e) => e.account === 'fund_cash' && e.creditFen > 0)) await repo.unpayBatch(tx, original.batch_id);
    await writeAudit(tx, ctx, {
      action: 'ledger.reverse',
      entityType: 'ledger_transaction',
      entityId: original.id,
      after: { reversalId, kind: original.kind, reason, programmeId: original.programme_id, lines },
    });
    const created = await repo.findTransaction(tx, reversalId);
    return { status: 201, body: toView(created!, ctx.lang) };
  });
}
