import { sql } from 'drizzle-orm';
import { ledgerEntries, ledgerTransactions, type DbOrTx } from '@tongxing/db';

/**
 * The programme fund's chart of accounts. Debit-normal: assets and expenses; credit-normal: capital,
 * liabilities and income. Fund balance = fund_cash; committed = subsidies_payable; paid = what left fund_cash.
 */
export const ledgerAccounts = {
  fund_cash: { zh: '专项资金（银行存款）', en: 'Fund cash', normal: 'debit' },
  fund_capital: { zh: '资金来源（财政及工会拨入）', en: 'Fund capital', normal: 'credit' },
  subsidies_payable: { zh: '应付贴息贴费', en: 'Subsidies payable', normal: 'credit' },
  claims_payable: { zh: '应付代偿款', en: 'Claims payable', normal: 'credit' },
  premium_subsidy_expense: { zh: '保费补贴支出', en: 'Premium subsidy expense', normal: 'debit' },
  interest_subsidy_expense: { zh: '贷款贴息支出', en: 'Interest subsidy expense', normal: 'debit' },
  default_loss_expense: { zh: '风险代偿支出', en: 'Default loss (union share)', normal: 'debit' },
  recovery_income: { zh: '追偿收回', en: 'Recoveries', normal: 'credit' },
} as const;
export type LedgerAccount = keyof typeof ledgerAccounts;

export type LedgerLine = { account: LedgerAccount; debitFen: number; creditFen?: 0 } | { account: LedgerAccount; creditFen: number; debitFen?: 0 };

export interface Posting {
  programmeId: number;
  kind: string;
  loanId?: number | null;
  batchId?: number | null;
  memo?: string | null;
  postedOn: string;
  postedBy?: number | null;
  reversesId?: number | null;
  lines: LedgerLine[];
}

/** Σ debits = Σ credits, every line one-sided and positive: checked here and again by the database at commit. */
export function checkBalanced(lines: LedgerLine[]): void {
  let d = 0;
  let c = 0;
  for (const l of lines) {
    const debit = l.debitFen ?? 0;
    const credit = l.creditFen ?? 0;
    if (!Number.isSafeInteger(debit) || !Number.isSafeInteger(credit) || debit < 0 || credit < 0 || (debit > 0) === (credit > 0)) {
      throw new Error(`ledger line for ${l.account} must have exactly one positive side`);
    }
    d += debit;
    c += credit;
  }
  if (lines.length < 2 || d !== c) throw new Error(`ledger posting does not balance: debits ${d}, credits ${c}`);
}

/** Posts one balanced transaction inside the caller's database transaction; returns its id. */
export async function post(tx: DbOrTx, p: Posting): Promise<number> {
  checkBalanced(p.lines);
  const [txn] = await tx
    .insert(ledgerTransactions)
    .values({
      programmeId: p.programmeId,
      kind: p.kind,
      loanId: p.loanId ?? null,
      batchId: p.batchId ?? null,
      memo: p.memo ?? null,
      postedOn: p.postedOn,
      postedBy: p.postedBy ?? null,
      reversesId: p.reversesId ?? null,
    })
    .returning({ id: ledgerTransactions.id });
  const id = txn!.id;
  await tx.insert(ledgerEntries).values(
    p.lines.map((l) => ({ txnId: id, programmeId: p.programmeId, account: l.account, debitFen: l.debitFen ?? 0, creditFen: l.creditFen ?? 0 })),
  );
  return id;
}

/** Balances by account for a programme (debit-normal accounts positive when in debit). */
export async function balances(tx: DbOrTx, programmeId: number): Promise<Record<LedgerAccount, number>> {
  const res = await tx.execute<{ account: string; d: number; c: number }>(
    sql`select account, coalesce(sum(debit_fen), 0)::bigint as d, coalesce(sum(credit_fen), 0)::bigint as c from ${ledgerEntries} where programme_id = ${programmeId} group by account`,
  );
  const out = Object.fromEntries(Object.keys(ledgerAccounts).map((k) => [k, 0])) as Record<LedgerAccount, number>;
  for (const r of res.rows) {
    const a = r.account as LedgerAccount;
    if (!(a in ledgerAccounts)) continue;
    out[a] = ledgerAccounts[a].normal === 'debit' ? Number(r.d) - Number(r.c) : Number(r.c) - Number(r.d);
  }
  return out;
}
