import { z } from 'zod';
import { pageQueryShape } from './common';
import type { Lang } from './errors';
import { loanListItemSchema, loanStateSchema, positiveFenSchema } from './loans';
import { isoDate } from './members';

/**
 * The loans' money: repayments (manual and the bank's files), overdue, defaults and claims, subsidy batches
 * and the programme fund's ledger. Amounts are integer fen; every POST here needs an Idempotency-Key.
 */

// ---------------------------------------------------------------- repayments

export const repaymentAllocationSchema = z.object({ k: z.number().int(), interestFen: z.number().int(), principalFen: z.number().int() });

export const repaymentSchema = z.object({
  id: z.number().int(),
  loanId: z.number().int(),
  paidOn: z.string(),
  amountFen: z.number().int(),
  source: z.enum(['manual', 'import', 'api']),
  bankTxnRef: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
  allocations: z.array(repaymentAllocationSchema),
});
export type Repayment = z.infer<typeof repaymentSchema>;

export const repaymentResultSchema = z.object({
  repayment: repaymentSchema,
  allocations: z.array(repaymentAllocationSchema),
  principalOutstandingFen: z.number().int(),
  nextDueOn: z.string().nullable(),
  state: loanStateSchema,
  /** Interest subsidies this payment earned (periods completed on or before their due date). */
  subsidies: z.array(z.object({ k: z.number().int(), amountFen: z.number().int() })),
});
export type RepaymentResult = z.infer<typeof repaymentResultSchema>;

export const repaymentListSchema = z.object({
  items: z.array(repaymentSchema),
  total: z.number().int(),
  /** Σ of the items, and what a payment today may be at most (principal left + interest due). */
  paidFen: z.number().int(),
  maxPayableTodayFen: z.number().int(),
});

// ---------------------------------------------------------------- the bank's repayment files

/** The columns of a bank's repayment file (header text → field); 贷款编号 or 合同编号 names the loan. */
export const repaymentImportColumns = [
  { field: 'reference', header: '贷款编号', en: 'Loan reference' },
  { field: 'contractNo', header: '合同编号', en: 'Contract number' },
  { field: 'paidOn', header: '还款日期', en: 'Date paid' },
  { field: 'amount', header: '还款金额（元）', en: 'Amount (yuan)' },
  { field: 'bankTxnRef', header: '银行流水号', en: 'Bank transaction reference' },
] as const;
export type RepaymentImportField = (typeof repaymentImportColumns)[number]['field'];

export const repaymentImportRowMessages = {
  'repaymentImport.loanRequired': { zh: '请填写贷款编号或合同编号', en: 'Give the loan reference or the contract number' },
  'repaymentImport.loanNotFound': { zh: '找不到该贷款，或不是本行经办的贷款', en: 'No such loan, or not one of your bank’s loans' },
  'repaymentImport.loanMismatch': { zh: '贷款编号与合同编号不是同一笔贷款', en: 'The reference and the contract number name different loans' },
  'repaymentImport.loanNotRepaying': { zh: '该贷款不在还款中，不能登记还款', en: 'The loan is not being repaid' },
  'repaymentImport.date': { zh: '日期无效，应写作 YYYY-MM-DD（如 2026-05-15）', en: 'Not a valid date; write YYYY-MM-DD (e.g. 2026-05-15)' },
  'repaymentImport.dateRange': { zh: '还款日期不能早于放款日或上一笔还款，也不能晚于今天', en: 'The date cannot be before the disbursement or the last repayment, nor after today' },
  'repaymentImport.amount': { zh: '金额应为大于 0 的数字，最多两位小数', en: 'A positive amount with at most two decimals' },
  'repaymentImport.exceeds': { zh: '超过应还金额（剩余本金加已到期利息）{max} 元', en: 'More than is owed (principal left plus interest due): {max} yuan' },
  'repaymentImport.refRequired': { zh: '请填写银行流水号', en: 'Give the bank transaction reference' },
  'repaymentImport.refTooLong': { zh: '银行流水号不能超过 60 个字符', en: 'At most 60 characters' },
  'repaymentImport.duplicateInFile': { zh: '与第 {row} 行的银行流水号重复', en: 'Same transaction reference as row {row}' },
} as const;
export type RepaymentImportRowCode = keyof typeof repaymentImportRowMessages;

export function repaymentImportRowMessage(code: string, lang: Lang, params: Record<string, string | number> = {}): string {
  const entry = (repaymentImportRowMessages as Record<string, { zh: string; en: string }>)[code] ?? { zh: '填写有误', en: 'Invalid value' };
  return (lang === 'en' ? entry.en : entry.zh).replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''));
}

export const repaymentImportErrorSchema = z.object({ row: z.number().int(), column: z.string(), code: z.string(), message: z.string() });

/** The dry run: nothing is written until the commit. */
export const repaymentImportSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['checked', 'committed']),
  /** Data rows in the file. */
  rows: z.number().int(),
  /** Rows that would be applied. */
  valid: z.number().int(),
  /** Rows whose bank transaction reference is already recorded for the loan: skipped, never applied twice. */
  duplicates: z.number().int(),
  totalFen: z.number().int(),
  errors: z.array(repaymentImportErrorSchema),
});
export type RepaymentImport = z.infer<typeof repaymentImportSchema>;

export const repaymentImportIdParamsSchema = z.object({ id: z.string().uuid() }).strict();
export const repaymentImportCommitSchema = z.object({ mode: z.enum(['all', 'valid']).default('all') }).strict();
export const repaymentImportCommitResultSchema = z.object({
  id: z.string(),
  applied: z.number().int(),
  appliedFen: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(repaymentImportErrorSchema),
  settledLoans: z.number().int(),
});

// ---------------------------------------------------------------- overdue, default, claim

export const overdueBucketSchema = z.enum(['1-30', '31-60', '61-90', '90+']);
export const overdueQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    programmeId: z.coerce.number().int().positive().optional(),
    asOf: isoDate.optional(),
    bucket: overdueBucketSchema.optional(),
    ...pageQueryShape,
  })
  .strict();
export type OverdueQuery = z.infer<typeof overdueQuerySchema>;

export const overdueItemSchema = loanListItemSchema.extend({
  bucket: overdueBucketSchema,
  overdueAmountFen: z.number().int(),
  nextDueOn: z.string(),
});
export const overdueListSchema = z.object({
  asOf: z.string(),
  items: z.array(overdueItemSchema),
  total: z.number().int(),
  /** Every bucket of the filter (before the bucket filter): loans, principal outstanding, amount past due. */
  buckets: z.array(z.object({ bucket: overdueBucketSchema, count: z.number().int(), principalOutstandingFen: z.number().int(), overdueAmountFen: z.number().int() })),
});
export type OverdueList = z.infer<typeof overdueListSchema>;

export const loanDefaultSchema = z.object({ asOf: isoDate, comment: z.string().trim().max(1000).optional() }).strict();
export const loanClaimCreateSchema = z.object({ claimedOn: isoDate.optional(), comment: z.string().trim().max(1000).optional() }).strict();
export const loanClaimPaySchema = z.object({ paidOn: isoDate, paymentRef: z.string().trim().min(1).max(60), comment: z.string().trim().max(1000).optional() }).strict();
export const loanRecoverySchema = z.object({ amountFen: positiveFenSchema, receivedOn: isoDate, comment: z.string().trim().max(1000).optional() }).strict();
export const loanWriteOffSchema = z.object({ comment: z.string().trim().min(1).max(1000) }).strict();

export const loanClaimSchema = z.object({
  lossFen: z.number().int(),
  unionShareFen: z.number().int(),
  insurerShareFen: z.number().int(),
  bankShareFen: z.number().int(),
  guarantorShareFen: z.number().int(),
  recoveredFen: z.number().int(),
  /** The union's part of the recoveries (what came back to the fund). */
  unionRecoveredFen: z.number().int(),
  writtenOffFen: z.number().int(),
  claimedAt: z.string().nullable(),
  /** Whether the union's share has been paid out of the fund (and not reversed). */
  unionSharePaid: z.boolean(),
});

/** A loan's default/claim position, the answer of every default-side action. */
export const loanRiskSchema = z.object({
  loanId: z.number().int(),
  state: loanStateSchema,
  defaultedOn: z.string().nullable(),
  principalOutstandingFen: z.number().int(),
  claim: loanClaimSchema.nullable(),
});
export type LoanRisk = z.infer<typeof loanRiskSchema>;

// ---------------------------------------------------------------- subsidy batches (maker-checker)

export const subsidyKindSchema = z.enum(['premium', 'interest']);
export const subsidyBatchStateSchema = z.enum(['prepared', 'approved', 'paid', 'cancelled']);

export const subsidyBatchSchema = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  programmeName: z.string(),
  kind: subsidyKindSchema,
  itemCount: z.number().int(),
  totalFen: z.number().int(),
  state: subsidyBatchStateSchema,
  preparedByName: z.string().nullable(),
  preparedAt: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidByName: z.string().nullable(),
  paidAt: z.string().nullable(),
  paymentRef: z.string().nullable(),
  /** What the caller may do now: approve (a different cadre than the maker), pay, cancel. */
  actions: z.array(z.enum(['approve', 'pay', 'cancel'])),
});
export type SubsidyBatch = z.infer<typeof subsidyBatchSchema>;

export const subsidyItemSchema = z.object({
  id: z.number().int(),
  loanId: z.number().int(),
  loanReference: z.string(),
  borrowerName: z.string(),
  kind: subsidyKindSchema,
  k: z.number().int(),
  amountFen: z.number().int(),
  earnedOn: z.string(),
});
export const subsidyBatchDetailSchema = subsidyBatchSchema.extend({ items: z.array(subsidyItemSchema) });

export const subsidyBatchListQuerySchema = z
  .object({
    programmeId: z.coerce.number().int().positive().optional(),
    state: subsidyBatchStateSchema.optional(),
    kind: subsidyKindSchema.optional(),
    ...pageQueryShape,
  })
  .strict();
export const subsidyBatchListSchema = z.object({ items: z.array(subsidyBatchSchema), total: z.number().int() });

export const subsidyBatchCreateSchema = z.object({ programmeId: z.number().int().positive(), kind: subsidyKindSchema, upTo: isoDate }).strict();
/** What a batch prepared now would hold. */
export const subsidyPendingQuerySchema = z.object({ programmeId: z.coerce.number().int().positive(), kind: subsidyKindSchema, upTo: isoDate }).strict();
export const subsidyPendingSchema = z.object({ itemCount: z.number().int(), totalFen: z.number().int() });
export const subsidyBatchPaySchema = z.object({ paymentRef: z.string().trim().min(1).max(60), paidOn: isoDate }).strict();
export const subsidyBatchCommentSchema = z.object({ comment: z.string().trim().max(1000).optional() }).strict();

// ---------------------------------------------------------------- the fund's ledger

/** The chart of accounts (the server's lib/ledger.ts holds the names and sides; a test keeps both lists equal). */
export const ledgerAccountNames = [
  'fund_cash',
  'fund_capital',
  'subsidies_payable',
  'claims_payable',
  'premium_subsidy_expense',
  'interest_subsidy_expense',
  'default_loss_expense',
  'recovery_income',
] as const;
export const ledgerAccountSchema = z.enum(ledgerAccountNames);

export const ledgerQuerySchema = z
  .object({
    programmeId: z.coerce.number().int().positive().optional(),
    account: ledgerAccountSchema.optional(),
    loanId: z.coerce.number().int().positive().optional(),
    kind: z.string().trim().max(32).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    ...pageQueryShape,
  })
  .strict();
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

export const ledgerEntrySchema = z.object({ account: ledgerAccountSchema, accountName: z.string(), debitFen: z.number().int(), creditFen: z.number().int() });
export const ledgerTransactionSchema = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  kind: z.string(),
  loanId: z.number().int().nullable(),
  loanReference: z.string().nullable(),
  batchId: z.number().int().nullable(),
  memo: z.string().nullable(),
  postedOn: z.string(),
  postedAt: z.string(),
  postedByName: z.string().nullable(),
  reversesId: z.number().int().nullable(),
  reversedById: z.number().int().nullable(),
  /** Whether POST /ledger/:id/reverse would be accepted (not a reversal, not reversed, touches no expense or income). */
  reversible: z.boolean(),
  entries: z.array(ledgerEntrySchema),
});
export type LedgerTransaction = z.infer<typeof ledgerTransactionSchema>;
export const ledgerListSchema = z.object({ items: z.array(ledgerTransactionSchema), total: z.number().int() });
export const ledgerReverseSchema = z.object({ reason: z.string().trim().min(2).max(300) }).strict();

export const fundSchema = z.object({
  programmeId: z.number().int(),
  /** Contributions to the fund (fund_capital). */
  fundFen: z.number().int(),
  /** Cash in the fund (fund_cash). */
  balanceFen: z.number().int(),
  /** Earned but not yet paid: subsidies payable + claims payable. */
  committedFen: z.number().int(),
  /** What has left the fund for subsidies and claims. */
  paidFen: z.number().int(),
  subsidiesPaidFen: z.number().int(),
  claimsPaidFen: z.number().int(),
  recoveredFen: z.number().int(),
  /** Disbursed principal of the programme's loans, and what is still outstanding. */
  lentFen: z.number().int(),
  outstandingFen: z.number().int(),
  /** lent ÷ fund, two decimals (null while the fund is empty). */
  leverage: z.number().nullable(),
  accounts: z.array(z.object({ account: ledgerAccountSchema, name: z.string(), balanceFen: z.number().int() })),
});
export type Fund = z.infer<typeof fundSchema>;
