import { z } from 'zod';
import { isValidDate } from '@tongxing/domain';
import { isoDate } from './members';
import { optionalText } from './common';
import {
  borrowerTypeSchema,
  bpsSchema,
  eligibilitySchema,
  modelWorkerOverrideSchema,
  pipelineStepSchema,
  positiveFenSchema,
  fenSchema,
  repaymentMethodSchema,
  riskSharesSchema,
  subsidyPolicySchema,
  visitPlanSchema,
} from './loans';

/** Configuration of programmes and products (loan:configure): the bodies; the views are in loans.ts. */
const codeSchema = z.string().trim().regex(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'loan.code' });
export const partnerRoleSchema = z.enum(['bank', 'insurer', 'guarantor']);

/** Unit ids are int4 in the database: anything larger is refused here, not by the database. */
const unitId = z.number().int().positive().max(2147483647);
/** A real calendar day (the format alone would let 2026-02-30 reach the database). */
const calendarDay = isoDate.refine(isValidDate, { message: 'date.format' });

export const programmePartnerInputSchema = z.object({ orgId: unitId, role: partnerRoleSchema }).strict();

export const programmeTargetInputSchema = z
  .object({
    orgId: unitId,
    lendingFen: fenSchema.default(0),
    enterprises: z.number().int().min(0).max(10_000_000).default(0),
    entrepreneurs: z.number().int().min(0).max(10_000_000).default(0),
    jobs: z.number().int().min(0).max(100_000_000).default(0),
  })
  .strict();
export const programmeTargetsSchema = z.array(programmeTargetInputSchema).max(500);

const pipelineSchema = z
  .array(pipelineStepSchema)
  .min(1)
  .max(10)
  .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, { message: 'loan.pipelineKeys' });

const productFields = {
  code: codeSchema,
  name: z.string().trim().min(1).max(60),
  nameEn: optionalText(80),
  borrowerType: borrowerTypeSchema,
  minAmountFen: positiveFenSchema,
  maxAmountFen: positiveFenSchema,
  minTermMonths: z.number().int().min(1).max(360),
  maxTermMonths: z.number().int().min(1).max(360),
  rateKind: z.enum(['fixed', 'reference_spread']).default('fixed'),
  annualRateBps: bpsSchema.nullable().optional(),
  /** For reference + spread: the spread over the one-year LPR in force (reference rate `LPR1Y`); may be negative. */
  spreadBps: z.number().int().min(-10_000).max(10_000).nullable().optional(),
  repaymentMethod: repaymentMethodSchema,
  eligibility: eligibilitySchema,
  subsidy: subsidyPolicySchema,
  modelWorker: modelWorkerOverrideSchema,
  riskShares: riskSharesSchema,
  visitPlan: visitPlanSchema,
  pipeline: pipelineSchema,
  status: z.enum(['active', 'closed']).default('active'),
};

export const productCreateSchema = z.object(productFields).strict();
export type ProductCreate = z.infer<typeof productCreateSchema>;

export const productPatchSchema = z
  .object({
    name: productFields.name.optional(),
    nameEn: optionalText(80),
    minAmountFen: positiveFenSchema.optional(),
    maxAmountFen: positiveFenSchema.optional(),
    minTermMonths: productFields.minTermMonths.optional(),
    maxTermMonths: productFields.maxTermMonths.optional(),
    rateKind: z.enum(['fixed', 'reference_spread']).optional(),
    annualRateBps: bpsSchema.nullable().optional(),
    spreadBps: z.number().int().min(-10_000).max(10_000).nullable().optional(),
    repaymentMethod: repaymentMethodSchema.optional(),
    eligibility: eligibilitySchema.optional(),
    subsidy: subsidyPolicySchema.optional(),
    modelWorker: modelWorkerOverrideSchema.optional(),
    riskShares: riskSharesSchema.optional(),
    visitPlan: visitPlanSchema.optional(),
    pipeline: pipelineSchema.optional(),
    status: z.enum(['active', 'closed']).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type ProductPatch = z.infer<typeof productPatchSchema>;

export const programmeCreateSchema = z
  .object({
    code: codeSchema,
    name: z.string().trim().min(1).max(60),
    nameEn: optionalText(80),
    description: optionalText(500),
    /** The initial fund contribution, posted to the ledger (fund_cash Dr / fund_capital Cr). */
    fundFen: fenSchema,
    targetLendingFen: fenSchema.default(0),
    targetEnterprises: z.number().int().min(0).max(10_000_000).default(0),
    targetEntrepreneurs: z.number().int().min(0).max(10_000_000).default(0),
    targetJobs: z.number().int().min(0).max(100_000_000).default(0),
    startsOn: calendarDay.optional(),
    endsOn: calendarDay.optional(),
    partners: z.array(programmePartnerInputSchema).max(20).default([]),
    targets: programmeTargetsSchema.default([]),
  })
  .strict();
export type ProgrammeCreate = z.infer<typeof programmeCreateSchema>;

export const programmePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(60).optional(),
    nameEn: optionalText(80),
    description: optionalText(500),
    targetLendingFen: fenSchema.optional(),
    targetEnterprises: z.number().int().min(0).max(10_000_000).optional(),
    targetEntrepreneurs: z.number().int().min(0).max(10_000_000).optional(),
    targetJobs: z.number().int().min(0).max(100_000_000).optional(),
    startsOn: calendarDay.nullable().optional(),
    endsOn: calendarDay.nullable().optional(),
    status: z.enum(['active', 'closed']).optional(),
    partners: z.array(programmePartnerInputSchema).max(20).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type ProgrammePatch = z.infer<typeof programmePatchSchema>;

export const fundContributionSchema = z
  .object({ amountFen: positiveFenSchema, postedOn: calendarDay, memo: z.string().trim().max(300).optional() })
  .strict();
export const fundContributionResultSchema = z.object({ transactionId: z.number().int(), programmeId: z.number().int(), amountFen: z.number().int(), postedOn: z.string() });

export const approvalLimitSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  parentId: z.number().int().nullable(),
  maxAmountFen: z.number().int(),
  note: z.string().nullable(),
});
export const approvalLimitListSchema = z.object({ items: z.array(approvalLimitSchema) });
export const approvalLimitsPutSchema = z
  .array(z.object({ orgId: unitId, maxAmountFen: positiveFenSchema, note: z.string().trim().max(200).optional() }).strict())
  .max(200);

export const referenceRateSchema = z.object({ id: z.number().int(), name: z.string(), rateBps: z.number().int(), effectiveOn: z.string() });
export const referenceRateListSchema = z.object({ items: z.array(referenceRateSchema) });
export const referenceRateCreateSchema = z
  .object({ name: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'loan.code' }), rateBps: bpsSchema, effectiveOn: calendarDay })
  .strict();
