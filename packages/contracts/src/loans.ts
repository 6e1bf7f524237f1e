import { z } from 'zod';
import { isValidDate, loanEvents, loanStates, repaymentMethods } from '@tongxing/domain';
import { isoDate } from './members';
import { creditCodeSchema } from './orgs';
import { listSchema, pageQueryShape } from './common';

/** Money on the wire is integer fen (names end in `Fen`); rates are basis points (names end in `Bps`). */
export const fenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const positiveFenSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const bpsSchema = z.number().int().min(0).max(100_000);
export const loanStateSchema = z.enum(loanStates);
export const loanEventSchema = z.enum(loanEvents);
export const repaymentMethodSchema = z.enum(repaymentMethods);
export const borrowerTypeSchema = z.enum(['individual', 'enterprise']);
export const partyKindSchema = z.enum(['recommending_union', 'district', 'city', 'insurer', 'guarantor', 'bank']);
export type PartyKind = z.infer<typeof partyKindSchema>;

// ---------------------------------------------------------------- programmes and products (loan:configure)

export const pipelineStepSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    party: partyKindSchema,
    nameZh: z.string().min(1).max(40),
    nameEn: z.string().min(1).max(60),
    /** Service level: days in the step before the queue highlights it. */
    slaDays: z.number().int().min(1).max(60),
  })
  .strict();
export type PipelineStep = z.infer<typeof pipelineStepSchema>;

export const eligibilitySchema = z
  .object({
    requireActiveMember: z.boolean().default(true),
    minOperatingMonths: z.number().int().min(0).max(600).default(0),
    requireNoBadCredit: z.boolean().default(true),
    maxLifetimeLoans: z.number().int().min(1).max(100).default(2),
    maxConcurrentLoans: z.number().int().min(1).max(10).default(1),
  })
  .strict();

export const subsidyPolicySchema = z
  .object({
    /** Union premium subsidy as bps of principal (5000 yuan per 100,000 lent = 500 bps). */
    premiumBps: bpsSchema.default(0),
    /** The borrower pays at most this annual rate; the union pays the rest of each on-time instalment's interest. Null: no interest subsidy. */
    borrowerRateCapBps: bpsSchema.nullable().default(null),
  })
  .strict();

export const modelWorkerOverrideSchema = z
  .object({
    maxAmountFen: positiveFenSchema.nullable().default(null),
    premiumBps: bpsSchema.nullable().default(null),
    borrowerRateCapBps: bpsSchema.nullable().default(null),
    priority: z.boolean().default(true),
  })
  .strict();

export const riskSharesSchema = z
  .object({ union: bpsSchema, insurer: bpsSchema, bank: bpsSchema, guarantor: bpsSchema })
  .strict()
  .refine((s) => s.union + s.insurer + s.bank + s.guarantor === 10_000, { message: 'loan.riskSharesSum' });

export const visitPlanSchema = z
  .object({
    monthsAfterDisbursement: z.array(z.number().int().min(1).max(120)).max(12).default([3, 6, 12]),
    monthsBeforeMaturity: z.number().int().min(0).max(12).default(1),
  })
  .strict();

export const productSchema = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  borrowerType: borrowerTypeSchema,
  minAmountFen: z.number().int(),
  maxAmountFen: z.number().int(),
  minTermMonths: z.number().int(),
  maxTermMonths: z.number().int(),
  rateKind: z.enum(['fixed', 'reference_spread']),
  annualRateBps: z.number().int().nullable(),
  spreadBps: z.number().int().nullable(),
  /** The rate an application would get today (fixed, or the reference rate in force + spread). */
  currentRateBps: z.number().int(),
  repaymentMethod: repaymentMethodSchema,
  eligibility: eligibilitySchema,
  subsidy: subsidyPolicySchema,
  modelWorker: modelWorkerOverrideSchema,
  riskShares: z.object({ union: z.number().int(), insurer: z.number().int(), bank: z.number().int(), guarantor: z.number().int() }),
  visitPlan: visitPlanSchema,
  pipeline: z.array(pipelineStepSchema),
  status: z.enum(['active', 'closed']),
  version: z.number().int(),
});
export type Product = z.infer<typeof productSchema>;

export const programmeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  fundFen: z.number().int(),
  targetLendingFen: z.number().int(),
  targetEnterprises: z.number().int(),
  targetEntrepreneurs: z.number().int(),
  targetJobs: z.number().int(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: z.enum(['active', 'closed']),
  partners: z.array(z.object({ orgId: z.number().int(), name: z.string(), role: z.enum(['bank', 'insurer', 'guarantor']) })),
  targets: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), lendingFen: z.number().int(), enterprises: z.number().int(), entrepreneurs: z.number().int(), jobs: z.number().int() })),
  products: z.array(productSchema),
  version: z.number().int(),
});
export type Programme = z.infer<typeof programmeSchema>;

// ---------------------------------------------------------------- schedules

export const schedulePreviewSchema = z
  .object({
    principalFen: positiveFenSchema,
    annualRateBps: bpsSchema,
    months: z.number().int().min(1).max(360),
    method: repaymentMethodSchema,
    startDate: isoDate,
  })
  .strict();
export const scheduleRowSchema = z.object({
  k: z.number().int(),
  dueDate: z.string(),
  openingFen: z.number().int(),
  principalFen: z.number().int(),
  interestFen: z.number().int(),
  paymentFen: z.number().int(),
  closingFen: z.number().int(),
  /** On a loan's own schedule: what has been paid against the period and whether it is settled. */
  paidInterestFen: z.number().int().optional(),
  paidPrincipalFen: z.number().int().optional(),
  status: z.enum(['due', 'paid', 'partial', 'overdue', 'future']).optional(),
});
export const scheduleSchema = z.object({
  rows: z.array(scheduleRowSchema),
  totalPrincipalFen: z.number().int(),
  totalInterestFen: z.number().int(),
  totalPaymentFen: z.number().int(),
});
export type ScheduleRowView = z.infer<typeof scheduleRowSchema>;

// ---------------------------------------------------------------- loans

export const loanListItemSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  programmeId: z.number().int(),
  programmeName: z.string(),
  productName: z.string(),
  memberId: z.number().int(),
  borrowerName: z.string(),
  enterpriseName: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  districtName: z.string().nullable(),
  state: loanStateSchema,
  stepIndex: z.number().int().nullable(),
  stepName: z.string().nullable(),
  /** Days the loan has waited in its current step, and whether that passes the step's service level. */
  daysInStep: z.number().int().nullable(),
  overSla: z.boolean(),
  modelWorkerLevel: z.string(),
  priority: z.boolean(),
  amountRequestedFen: z.number().int(),
  approvedAmountFen: z.number().int().nullable(),
  principalOutstandingFen: z.number().int(),
  daysPastDue: z.number().int(),
  bankName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  disbursedOn: z.string().nullable(),
});
export type LoanListItem = z.infer<typeof loanListItemSchema>;
export const loanListSchema = listSchema(loanListItemSchema);

export const loanListQuerySchema = z
  .object({
    state: z.union([loanStateSchema, z.array(loanStateSchema)]).optional(),
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
    programmeId: z.coerce.number().int().positive().max(2147483647).optional(),
    q: z.string().trim().max(60).optional(),
    /** My queue: the loans whose current step (or disbursement confirmation) waits on my unit. */
    queue: z.enum(['mine']).optional(),
    overdue: z.enum(['true']).optional(),
    /** A real calendar day: 2026-02-30 would reach the database as a 500. */
    asOf: isoDate.refine(isValidDate, { message: 'date.format' }).optional(),
    ...pageQueryShape,
  })
  .strict();
export type LoanListQuery = z.infer<typeof loanListQuerySchema>;

export const loanEventViewSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  event: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  stepIndex: z.number().int().nullable(),
  stepKey: z.string().nullable(),
  actorName: z.string().nullable(),
  actorOrgName: z.string().nullable(),
  comment: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const loanSchema = loanListItemSchema.extend({
  productId: z.number().int(),
  borrowerType: borrowerTypeSchema,
  termRequestedMonths: z.number().int(),
  purpose: z.string(),
  enterpriseCreditCode: z.string().nullable(),
  enterpriseFoundedOn: z.string().nullable(),
  enterpriseEmployees: z.number().int().nullable(),
  enterpriseIndustry: z.string().nullable(),
  jobsExpected: z.number().int(),
  jobsCreated: z.number().int(),
  declaresNoBadCredit: z.boolean(),
  insurerName: z.string().nullable(),
  guarantorName: z.string().nullable(),
  stepOrgName: z.string().nullable(),
  annualRateBps: z.number().int().nullable(),
  termMonths: z.number().int().nullable(),
  repaymentMethod: repaymentMethodSchema.nullable(),
  contractNo: z.string().nullable(),
  policyNo: z.string().nullable(),
  guaranteeNo: z.string().nullable(),
  maturityOn: z.string().nullable(),
  settledOn: z.string().nullable(),
  defaultedOn: z.string().nullable(),
  pipeline: z.array(pipelineStepSchema),
  disbursement: z
    .object({ id: z.number().int(), amountFen: z.number().int(), disbursedOn: z.string(), bankTxnRef: z.string().nullable(), status: z.enum(['recorded', 'confirmed', 'cancelled']), recordedByName: z.string().nullable(), confirmedByName: z.string().nullable() })
    .nullable(),
  overdueBucket: z.enum(['0', '1-30', '31-60', '61-90', '90+']),
  events: z.array(loanEventViewSchema),
  attachments: z.array(z.object({ id: z.number().int(), kind: z.string(), fileName: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string() })),
  /** What the caller may do now (events the workflow allows and the caller's party may fire). */
  actions: z.array(z.string()),
  version: z.number().int(),
});
export type Loan = z.infer<typeof loanSchema>;

/** A member's application (portal, or a cadre entering it for the member with `memberId`). */
export const loanApplySchema = z
  .object({
    productId: z.number().int().positive().max(2147483647),
    memberId: z.number().int().positive().max(2147483647).optional(),
    amountFen: positiveFenSchema,
    termMonths: z.number().int().min(1).max(360),
    purpose: z.string().trim().min(2).max(500),
    enterpriseName: z.string().trim().max(100).optional(),
    enterpriseCreditCode: creditCodeSchema.optional(),
    enterpriseFoundedOn: isoDate.optional(),
    enterpriseEmployees: z.number().int().min(0).max(100_000).optional(),
    enterpriseIndustry: z.string().trim().max(60).optional(),
    jobsExpected: z.number().int().min(0).max(100_000).default(0),
    declaresNoBadCredit: z.boolean(),
    /** Submit at once (default) or keep as a draft. */
    submit: z.boolean().default(true),
  })
  .strict();

/** A review step's decision. Partner steps carry their numbers (policy, guarantee, contract, final terms). */
export const loanDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'return', 'reject']),
    comment: z.string().trim().max(1000).optional(),
    /** City confirmation of the amount, and the bank's final terms. */
    approvedAmountFen: positiveFenSchema.optional(),
    annualRateBps: bpsSchema.optional(),
    termMonths: z.number().int().min(1).max(360).optional(),
    policyNo: z.string().trim().max(60).optional(),
    guaranteeNo: z.string().trim().max(60).optional(),
    contractNo: z.string().trim().max(60).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

export const disbursementRecordSchema = z
  .object({ amountFen: positiveFenSchema, disbursedOn: isoDate, bankTxnRef: z.string().trim().max(60).optional() })
  .strict();

export const repaymentCreateSchema = z
  .object({ amountFen: positiveFenSchema, paidOn: isoDate, bankTxnRef: z.string().trim().max(60).optional() })
  .strict();

export const loanCommentSchema = z.object({ comment: z.string().trim().max(1000).optional() }).strict();
