import { z } from 'zod';
import { isValidDate } from '@tongxing/domain';
import { listSchema, pageQueryShape, idSchema } from './common';
import { isoDate } from './members';
import { loanListQuerySchema, loanStateSchema } from './loans';

/**
 * What happens after a loan is lent: follow-up visits (回访) and the alerts they raise, the programme
 * dashboard, and the exports (loan book, ledger, the 申请审批表 PDF). Money is integer fen; rates, shares and
 * leverage are basis points (10000 = 100 %, or 1×).
 */

/** A real calendar day (the format alone would let 2026-02-30 reach the database). */
export const calendarDate = isoDate.refine(isValidDate, { message: 'date.format' });

// ---------------------------------------------------------------- follow-up visits

/**
 * A visit's place in the queue as of a business date D: `overdue` (planned, due before D), `due` (planned,
 * due from D to D + 30 days), `upcoming` (planned, due later), `done` (recorded). Without `due`, the queue
 * is overdue + due.
 */
export const visitDueSchema = z.enum(['overdue', 'due', 'upcoming', 'done']);
export type VisitDue = z.infer<typeof visitDueSchema>;
export const VISIT_DUE_WINDOW_DAYS = 30;

export const operatingStatuses = ['normal', 'difficult', 'suspended', 'closed'] as const;
export const operatingStatusSchema = z.enum(operatingStatuses);
export const operatingStatusLabels: Record<(typeof operatingStatuses)[number], { zh: string; en: string }> = {
  normal: { zh: '经营正常', en: 'Operating normally' },
  difficult: { zh: '经营困难', en: 'In difficulty' },
  suspended: { zh: '停业', en: 'Suspended' },
  closed: { zh: '已关闭', en: 'Closed' },
};

export const loanVisitListQuerySchema = z
  .object({
    due: visitDueSchema.optional(),
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
    loanId: z.coerce.number().int().positive().max(2147483647).optional(),
    /** The business date the queue is read at (default: today in Asia/Shanghai). */
    asOf: calendarDate.optional(),
    ...pageQueryShape,
  })
  .strict();
export type LoanVisitListQuery = z.infer<typeof loanVisitListQuerySchema>;

export const visitPhotoSchema = z.object({
  n: z.number().int(),
  fileName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
  uploadedAt: z.string(),
});

export const loanVisitSchema = z.object({
  id: z.number().int(),
  loanId: z.number().int(),
  loanReference: z.string(),
  loanState: loanStateSchema,
  programmeName: z.string(),
  borrowerName: z.string(),
  enterpriseName: z.string().nullable(),
  modelWorkerLevel: z.string(),
  approvedAmountFen: z.number().int().nullable(),
  disbursedOn: z.string().nullable(),
  maturityOn: z.string().nullable(),
  jobsExpected: z.number().int(),
  bankName: z.string().nullable(),
  seq: z.number().int(),
  /** 'M+3' (three months after disbursement), 'T-1' (one month before maturity). */
  label: z.string(),
  dueOn: z.string(),
  /** The responsible union. */
  orgId: z.number().int(),
  orgName: z.string(),
  state: z.enum(['planned', 'done', 'missed']),
  /** Where the visit sits as of the queue's date. */
  due: visitDueSchema.or(z.literal('missed')),
  /** Days past the due date as of the queue's date (0 when not overdue). */
  daysOverdue: z.number().int(),
  doneOn: z.string().nullable(),
  doneByName: z.string().nullable(),
  operatingStatus: operatingStatusSchema.nullable(),
  jobsCreated: z.number().int().nullable(),
  useOfFunds: z.string().nullable(),
  riskFlag: z.boolean(),
  riskNote: z.string().nullable(),
  problems: z.string().nullable(),
  helpNeeded: z.string().nullable(),
  photos: z.array(visitPhotoSchema),
  /** The caller may record the visit / add photos (loan:visit over the responsible union). */
  canRecord: z.boolean(),
});
export type LoanVisit = z.infer<typeof loanVisitSchema>;

export const loanVisitListSchema = listSchema(loanVisitSchema).extend({
  asOf: z.string(),
  /** The queue's tabs within the same scope and filters (orgId, loanId), whatever `due` is. */
  counts: z.object({ overdue: z.number().int(), due: z.number().int(), upcoming: z.number().int(), done: z.number().int() }),
});

export const loanVisitRecordSchema = z
  .object({
    doneOn: calendarDate,
    operatingStatus: operatingStatusSchema,
    /** Jobs the borrower has created so far (cumulative); the loan's jobs created follows the latest visit. */
    jobsCreated: z.number().int().min(0).max(100_000),
    useOfFunds: z.string().trim().min(1).max(500),
    riskFlag: z.boolean(),
    riskNote: z.string().trim().max(500).optional(),
    problems: z.string().trim().max(1000).optional(),
    helpNeeded: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine((v) => !v.riskFlag || (v.riskNote ?? '').length > 0, { path: ['riskNote'], message: 'visit.riskNoteRequired' });
export type LoanVisitRecord = z.infer<typeof loanVisitRecordSchema>;

export const visitPhotoParamsSchema = z.object({ id: idSchema, n: z.coerce.number().int().min(1).max(1000) }).strict();
/** Photos: JPEG, PNG or WebP (checked by their bytes), at most 5 MB each and 9 per visit. */
export const VISIT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const VISIT_PHOTO_MAX_COUNT = 9;

// ---------------------------------------------------------------- alerts

export const alertListQuerySchema = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    ...pageQueryShape,
  })
  .strict();

export const alertSchema = z.object({
  id: z.number().int(),
  /** 'visit_risk': a follow-up visit raised a risk flag. */
  kind: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  loanId: z.number().int().nullable(),
  loanReference: z.string().nullable(),
  visitId: z.number().int().nullable(),
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  readByName: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertListSchema = listSchema(alertSchema).extend({ unread: z.number().int() });

// ---------------------------------------------------------------- programme dashboard

export const loanDashboardQuerySchema = z
  .object({
    programmeId: z.coerce.number().int().positive().max(2147483647).optional(),
    /** A union unit within scope: the dashboard of its subtree, with a row per child unit. */
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
    /** Business date for days past due and visits due (default: today in Asia/Shanghai). */
    asOf: calendarDate.optional(),
  })
  .strict();
export type LoanDashboardQuery = z.infer<typeof loanDashboardQuerySchema>;

const targetSchema = z.object({ lendingFen: z.number().int(), enterprises: z.number().int(), entrepreneurs: z.number().int(), jobs: z.number().int() });
/** Completion against a target in bps (10000 = 100 %); null where the target is 0. */
const progressSchema = z.object({
  lendingBps: z.number().int().nullable(),
  enterprisesBps: z.number().int().nullable(),
  entrepreneursBps: z.number().int().nullable(),
  jobsBps: z.number().int().nullable(),
});
export const overdueBuckets = ['1-30', '31-60', '61-90', '90+'] as const;

const unitFiguresShape = {
  /** Loans disbursed (repaying, settled, defaulted, claimed, recovered, written off) and the approved amounts. */
  lentCount: z.number().int(),
  lentFen: z.number().int(),
  /** Principal still owed on repaying and defaulted loans. */
  outstandingFen: z.number().int(),
  /** Applications waiting on a review step (submitted, in review). */
  inReviewCount: z.number().int(),
  /** Distinct enterprises (credit code, else name) and distinct borrowers of lent loans. */
  enterprises: z.number().int(),
  entrepreneurs: z.number().int(),
  jobsExpected: z.number().int(),
  jobsCreated: z.number().int(),
  overdueCount: z.number().int(),
  overduePrincipalFen: z.number().int(),
  visitsDue: z.number().int(),
  visitsDone: z.number().int(),
};

export const loanDashboardSchema = z.object({
  asOf: z.string(),
  programmeId: z.number().int().nullable(),
  /** The unit the figures are for (the city federation for the whole programme), null for partner staff. */
  org: z.object({ id: z.number().int(), name: z.string(), shortName: z.string().nullable() }).nullable(),
  ...unitFiguresShape,
  /** Applications and loans by state: count and amount (approved where set, else requested). */
  states: z.array(z.object({ state: loanStateSchema, count: z.number().int(), amountFen: z.number().int() })),
  modelWorkerLoans: z.number().int(),
  /** The fund, from the ledger: contributions, cash, what left it for subsidies and claims; leverage = lent ÷ fund. */
  fund: z
    .object({
      fundFen: z.number().int(),
      balanceFen: z.number().int(),
      subsidiesPaidFen: z.number().int(),
      claimsPaidFen: z.number().int(),
      leverageBps: z.number().int().nullable(),
    })
    .nullable(),
  /** Days past due = asOf − next due date, for repaying and defaulted loans. Rates in bps of outstanding principal / of live loans. */
  overdue: z.object({
    count: z.number().int(),
    principalFen: z.number().int(),
    rateBps: z.number().int().nullable(),
    countRateBps: z.number().int().nullable(),
    buckets: z.array(z.object({ bucket: z.enum(overdueBuckets), count: z.number().int(), principalFen: z.number().int() })),
  }),
  /**
   * Subsidies paid for the loans in view (their items in paid batches; for the whole programme the paid
   * batches' totals, which are what the ledger posted). What is earned and not yet paid: GET /loan-programmes/:id/fund.
   */
  subsidies: z.object({
    paidFen: z.number().int(),
    premiumPaidFen: z.number().int(),
    interestPaidFen: z.number().int(),
  }),
  visits: z.object({ due: z.number().int(), done: z.number().int(), overdue: z.number().int(), doneRateBps: z.number().int().nullable() }),
  targets: targetSchema.nullable(),
  progress: progressSchema.nullable(),
  /** One row per child unit of `org` (the districts for the whole programme) with loans or targets. */
  units: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      shortName: z.string().nullable(),
      ...unitFiguresShape,
      target: targetSchema.nullable(),
      progress: progressSchema.nullable(),
    }),
  ),
  /** Lending per month (by disbursement date), the twelve months up to asOf. */
  monthly: z.array(z.object({ month: z.string(), count: z.number().int(), amountFen: z.number().int() })),
});
export type LoanDashboard = z.infer<typeof loanDashboardSchema>;

// ---------------------------------------------------------------- exports

/** The loan book: the list's filter (without paging or the personal queue). */
export const loanExportQuerySchema = loanListQuerySchema.omit({ page: true, pageSize: true, queue: true }).extend({ asOf: calendarDate.optional() }).strict();
export type LoanExportQuery = z.infer<typeof loanExportQuerySchema>;

export const ledgerExportQuerySchema = z
  .object({
    programmeId: z.coerce.number().int().positive().max(2147483647),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'date.range' });
export type LedgerExportQuery = z.infer<typeof ledgerExportQuerySchema>;
