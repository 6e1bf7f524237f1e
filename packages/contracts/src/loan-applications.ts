import { z } from 'zod';
import { isoDate } from './members';
import { creditCodeSchema } from './orgs';
import { idSchema } from './common';
import { positiveFenSchema, productSchema } from './loans';

/** What the lifecycle adds to loans.ts: editing an application, attachments, eligibility reasons, portal lists. */

/** Editing a draft or returned application (the applicant side); null clears an enterprise field. */
export const loanPatchSchema = z
  .object({
    amountFen: positiveFenSchema.optional(),
    termMonths: z.number().int().min(1).max(360).optional(),
    purpose: z.string().trim().min(2).max(500).optional(),
    enterpriseName: z.string().trim().max(100).nullable().optional(),
    enterpriseCreditCode: creditCodeSchema.nullable().optional(),
    enterpriseFoundedOn: isoDate.nullable().optional(),
    enterpriseEmployees: z.number().int().min(0).max(100_000).nullable().optional(),
    enterpriseIndustry: z.string().trim().max(60).nullable().optional(),
    jobsExpected: z.number().int().min(0).max(100_000).optional(),
    declaresNoBadCredit: z.boolean().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type LoanPatch = z.infer<typeof loanPatchSchema>;

/** One reason an application is not eligible (in `params.reasons` of LOAN_NOT_ELIGIBLE). */
export const eligibilityReasonSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export const loanAttachmentKindSchema = z.enum(['business_licence', 'business_plan', 'id_copy', 'other']);
export const loanAttachmentKinds = loanAttachmentKindSchema.options;
/** Attachments: PDF, JPEG or PNG (checked by their first bytes), at most 10 MB. */
export const LOAN_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many files on one loan (a licence, a plan, ID copies, corrections). */
export const LOAN_ATTACHMENT_MAX_COUNT = 20;
export const loanAttachmentSchema = z.object({ id: z.number().int(), kind: z.string(), fileName: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string() });
export const loanAttachmentParamsSchema = z.object({ id: idSchema, attachmentId: idSchema }).strict();

/** Products a member may apply for (the portal's product picker and calculator). */
export const portalLoanProductSchema = productSchema
  .pick({ id: true, programmeId: true, code: true, name: true, nameEn: true, borrowerType: true, minAmountFen: true, maxAmountFen: true, minTermMonths: true, maxTermMonths: true, currentRateBps: true, repaymentMethod: true })
  .extend({
    programmeName: z.string(),
    /** The cap that applies to the signed-in member (model workers may borrow more). */
    myMaxAmountFen: z.number().int(),
    minOperatingMonths: z.number().int(),
    requireNoBadCredit: z.boolean(),
  });
export const portalLoanProductListSchema = z.object({ items: z.array(portalLoanProductSchema) });
