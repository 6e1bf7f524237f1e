import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { isUnderPath, isValidDate, type Scope } from '@tongxing/domain';
import { modelWorkerOverrideSchema, riskSharesSchema, subsidyPolicySchema } from '@tongxing/contracts';
import { AppError } from '../../lib/app-error';
import type { ActorContext } from '../../lib/context';

/**
 * Which loans a money route may touch, and as which party. A loan is in a caller's scope when its union
 * path or one of its partner paths (bank, insurer, guarantor) lies under a scope root — one GiST condition
 * for cadres and partner staff alike. Out of scope reads as missing (404).
 */
export function loanScopeSql(scope: Scope, alias = 'l'): SQL {
  if (scope.all) return sql`true`;
  const l = sql.raw(alias);
  const parts: SQL[] = [];
  for (const p of scope.subtreePaths) parts.push(sql`${l}.org_path <@ ${p}::ltree`, sql`${l}.partner_paths <@ ${p}::ltree`);
  if (scope.unitIds.length > 0) {
    const ids = sql`${sql.param(scope.unitIds)}::int[]`;
    parts.push(sql`${l}.org_id = any(${ids})`, sql`${l}.bank_org_id = any(${ids})`, sql`${l}.insurer_org_id = any(${ids})`, sql`${l}.guarantor_org_id = any(${ids})`);
  }
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

export function scopeOf(ctx: ActorContext): Scope {
  if (!ctx.scope) throw new Error('loan money routes run with a resolved scope');
  return ctx.scope;
}

/** The facts of a loan the money rules need, with the product's rules parsed. */
export interface MoneyLoan {
  id: number;
  reference: string;
  programmeId: number;
  state: string;
  orgId: number;
  bankOrgId: number | null;
  bankPath: string | null;
  contractNo: string | null;
  approvedAmountFen: number | null;
  disbursedOn: string | null;
  principalOutstandingFen: number;
  nextDueOn: string | null;
  defaultedOn: string | null;
  modelWorkerLevel: string;
  subsidy: { premiumBps: number; borrowerRateCapBps: number | null };
  modelWorker: { borrowerRateCapBps: number | null };
  riskShares: { union: number; insurer: number; bank: number; guarantor: number };
}

type LoanRow = {
  id: number;
  reference: string;
  programme_id: number;
  state: string;
  org_id: number;
  bank_org_id: number | null;
  bank_path: string | null;
  contract_no: string | null;
  approved_amount_fen: number | null;
  disbursed_on: string | null;
  principal_outstanding_fen: number;
  next_due_on: string | null;
  defaulted_on: string | null;
  model_worker_level: string;
  subsidy: unknown;
  model_worker: unknown;
  risk_shares: unknown;
};

// Product rules are validated when configured; parsing again here keeps a hand-edited row from becoming a 500.
function toMoneyLoan(r: LoanRow): MoneyLoan {
  const subsidy = subsidyPolicySchema.safeParse(r.subsidy);
  const mw = modelWorkerOverrideSchema.safeParse(r.model_worker);
  const shares = riskSharesSchema.safeParse(r.risk_shares);
  return {
    id: r.id,
    reference: r.reference,
    programmeId: r.programme_id,
    state: r.state,
    orgId: r.org_id,
    bankOrgId: r.bank_org_id,
    bankPath: r.bank_path,
    contractNo: r.contract_no,
    approvedAmountFen: r.approved_amount_fen,
    disbursedOn: r.disbursed_on,
    principalOutstandingFen: r.principal_outstanding_fen,
    nextDueOn: r.next_due_on,
    defaultedOn: r.defaulted_on,
    modelWorkerLevel: r.model_worker_level,
    subsidy: subsidy.success ? subsidy.data : { premiumBps: 0, borrowerRateCapBps: null },
    modelWorker: { borrowerRateCapBps: mw.success ? mw.data.borrowerRateCapBps : null },
    riskShares: shares.success ? shares.data : { union: 0, insurer: 0, bank: 10_000, guarantor: 0 },
  };
}

const loanColumns = sql`l.id, l.reference, l.programme_id, l.state, l.org_id, l.bank_org_id, b.path::text as bank_path, l.contract_no,
  l.approved_amount_fen, l.disbursed_on, l.principal_outstanding_fen, l.next_due_on, l.defaulted_on, l.model_worker_level,
  p.subsidy, p.model_worker, p.risk_shares`;

/** One loan in scope; with `forUpdate` its row stays locked until the transaction ends (money changes serialise on it). */
export async function findMoneyLoan(tx: DbOrTx, scope: Scope, loanId: number, opts: { forUpdate?: boolean } = {}): Promise<MoneyLoan | null> {
  const res = await tx.execute<LoanRow>(sql`
    select ${loanColumns}
      from loans l join loan_products p on p.id = l.product_id left join org_units b on b.id = l.bank_org_id
     where l.id = ${loanId} and ${loanScopeSql(scope)}
     ${opts.forUpdate ? sql`for update of l` : sql``}`);
  const row = res.rows[0];
  return row ? toMoneyLoan(row) : null;
}

/** Loans named in a bank's file, by reference or contract number, within scope (not locked). */
export async function findMoneyLoansByRefs(tx: DbOrTx, scope: Scope, references: string[], contractNos: string[]): Promise<MoneyLoan[]> {
  if (references.length === 0 && contractNos.length === 0) return [];
  const res = await tx.execute<LoanRow>(sql`
    select ${loanColumns}
      from loans l join loan_products p on p.id = l.product_id left join org_units b on b.id = l.bank_org_id
     where (l.reference = any(${sql.param(references)}::text[]) or l.contract_no = any(${sql.param(contractNos)}::text[]))
       and ${loanScopeSql(scope)}`);
  return res.rows.map(toMoneyLoan);
}

/** Locks loans in id order (two imports touching the same loans cannot deadlock) and returns them fresh. */
export async function lockMoneyLoans(tx: DbOrTx, scope: Scope, ids: number[]): Promise<Map<number, MoneyLoan>> {
  const out = new Map<number, MoneyLoan>();
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const loan = await findMoneyLoan(tx, scope, id, { forUpdate: true });
    if (loan) out.set(id, loan);
  }
  return out;
}

/** The loan's bank: staff of the unit it is routed to, or of one of that unit's parents (a head office). */
export function isBankParty(ctx: ActorContext, loan: MoneyLoan): boolean {
  return loan.bankPath !== null && isUnderPath(loan.bankPath, ctx.actor.orgPath);
}

/** The city federation's own cadres decide claims, recoveries and write-offs. */
export function isCityParty(ctx: ActorContext): boolean {
  return ctx.actor.orgKind === 'city_federation';
}

export function requireBankParty(ctx: ActorContext, loan: MoneyLoan) {
  if (!isBankParty(ctx, loan)) throw new AppError('LOAN_WRONG_PARTY');
}

/**
 * Dates of money requests: the contract checks the YYYY-MM-DD shape only, so a day that does not exist
 * (2026-02-30) is refused here as a field error rather than reaching the database.
 */
export function requireValidDates(fields: Record<string, string | undefined>) {
  const bad = Object.entries(fields).filter(([, v]) => v !== undefined && !isValidDate(v));
  if (bad.length > 0) throw new AppError('VALIDATION_FAILED', { fields: bad.map(([path]) => ({ path, code: 'date.format' })) });
}
