import { z } from 'zod';
import { joinStates, normaliseReference } from '@tongxing/domain';
import { listSchema, pageQueryShape, requiredText } from './common';
import {
  educationSchema,
  ethnicitySchema,
  idTypeSchema,
  isoDate,
  mobileSchema,
  politicalStatusSchema,
  workerCategorySchema,
} from './members';
import { otpCodeSchema } from './portal';

/** 网上入会: a worker's own application to join, decided by the chosen unit's cadres. */
export const joinApplicationStatusSchema = z.enum(joinStates);
export type JoinApplicationStatus = z.infer<typeof joinApplicationStatusSchema>;

/**
 * What the public form sends. The phone is proven by a `join` code sent to it; the unit is a grassroots
 * union, or the street federation when the employer has no union.
 */
export const joinApplicationCreateSchema = z
  .object({
    name: requiredText(50),
    idType: idTypeSchema.default('resident_id'),
    idNumber: z.string().trim().min(5).max(40),
    phone: mobileSchema,
    code: otpCodeSchema,
    employer: requiredText(100),
    orgId: z.number().int().positive(),
    /** Needed only for documents that do not carry them (travel permits, passports). */
    gender: z.enum(['M', 'F']).optional(),
    birthDate: isoDate.optional(),
    ethnicity: ethnicitySchema.optional(),
    politicalStatus: politicalStatusSchema.optional(),
    education: educationSchema.optional(),
    category: workerCategorySchema.optional(),
  })
  .strict();
export type JoinApplicationCreate = z.infer<typeof joinApplicationCreateSchema>;

/** The reference is the applicant's handle on the application (random, not the id). */
export const joinApplicationCreatedSchema = z.object({ reference: z.string(), status: joinApplicationStatusSchema });

export const joinReferenceSchema = z.string().trim().min(6).max(24).transform(normaliseReference);
export const joinStatusQuerySchema = z.object({ reference: joinReferenceSchema, phone: mobileSchema }).strict();

/** What the applicant sees of an application (public status page and the member portal). */
export const joinOutcomeSchema = z.object({
  reference: z.string(),
  orgName: z.string(),
  status: joinApplicationStatusSchema,
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type JoinOutcome = z.infer<typeof joinOutcomeSchema>;
export const joinOutcomeListSchema = z.object({ items: z.array(joinOutcomeSchema) });

export const joinApplicationListQuerySchema = z
  .object({
    status: joinApplicationStatusSchema.optional(),
    /** Part of the applicant's name. */
    q: z.string().trim().max(40).optional(),
    orgId: z.coerce.number().int().positive().optional(),
    ...pageQueryShape,
  })
  .strict();
export type JoinApplicationListQuery = z.infer<typeof joinApplicationListQuerySchema>;

/** An application as the cadres' list shows it: numbers masked. */
export const joinApplicationListItemSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  name: z.string(),
  idType: idTypeSchema,
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  employer: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: joinApplicationStatusSchema,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type JoinApplicationListItem = z.infer<typeof joinApplicationListItemSchema>;
export const joinApplicationListSchema = listSchema(joinApplicationListItemSchema);

export const joinApplicationSchema = joinApplicationListItemSchema.extend({
  gender: z.enum(['M', 'F']).nullable(),
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  politicalStatus: z.string().nullable(),
  education: z.string().nullable(),
  category: workerCategorySchema.nullable(),
  rejectReason: z.string().nullable(),
  decidedByName: z.string().nullable(),
  /** The member created on approval. */
  memberId: z.number().int().nullable(),
});
export type JoinApplication = z.infer<typeof joinApplicationSchema>;

export const joinApproveSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const joinRejectSchema = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
