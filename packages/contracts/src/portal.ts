import { z } from 'zod';
import { listSchema, pageQueryShape } from './common';
import { idTypeSchema, memberStatusSchema, mobileSchema, modelWorkerLevelSchema, workerCategorySchema } from './members';

/**
 * The member portal (H5) and its SMS one-time codes. `join` verifies an applicant's phone before the
 * application is accepted; `first_login` lets a member with no portal password set one; `reset` is
 * "forgot password".
 */
export const otpPurposes = ['join', 'first_login', 'reset'] as const;
export const otpPurposeSchema = z.enum(otpPurposes);
export type OtpPurpose = z.infer<typeof otpPurposeSchema>;

export const otpCodeSchema = z.string().trim().regex(/^\d{6}$/, { message: 'otp.format' });

export const otpRequestSchema = z.object({ phone: mobileSchema, purpose: otpPurposeSchema }).strict();
/** The same answer whether or not the number belongs to a member: nothing here tells who is registered. */
export const otpResponseSchema = z.object({
  sent: z.literal(true),
  /** When the next code may be asked for this number. */
  resendAfterSeconds: z.number().int(),
  expiresInSeconds: z.number().int(),
});
export type OtpResponse = z.infer<typeof otpResponseSchema>;

export const portalUnitKindSchema = z.enum(['grassroots_union', 'street_federation']);
export const portalUnitQuerySchema = z
  .object({
    q: z.string().trim().max(40).optional(),
    kind: portalUnitKindSchema.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
/** A unit as the public picker shows it: names only, never contacts. */
export const portalUnitSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: portalUnitKindSchema,
  districtName: z.string().nullable(),
});
export type PortalUnit = z.infer<typeof portalUnitSchema>;
export const portalUnitListSchema = z.object({ items: z.array(portalUnitSchema) });

export const portalLoginSchema = z
  .object({ phone: mobileSchema, password: z.string().min(1).max(256) })
  .strict();
export const portalSetPasswordSchema = z
  .object({ phone: mobileSchema, code: otpCodeSchema, newPassword: z.string().min(1).max(256) })
  .strict();
export const portalChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) })
  .strict();

export const portalUnionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string(),
  streetName: z.string().nullable(),
  districtName: z.string().nullable(),
  /** The union's office telephone (a public business contact). */
  contactPhone: z.string().nullable(),
});

/** The signed-in member's own record, numbers masked. */
export const portalMeSchema = z.object({
  memberId: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  idType: idTypeSchema,
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  employer: z.string().nullable(),
  status: memberStatusSchema,
  joinDate: z.string().nullable(),
  category: workerCategorySchema,
  modelWorkerLevel: modelWorkerLevelSchema,
  union: portalUnionSchema,
  lastLoginAt: z.string().nullable(),
  csrfToken: z.string(),
});
export type PortalMe = z.infer<typeof portalMeSchema>;

/** Sign-in and password set/change answer with the session's CSRF token (the cookie carries the session). */
export const portalSessionSchema = z.object({ csrfToken: z.string() });

/** The development SMS provider's outbox, readable by administrators in demo mode only. */
export const smsOutboxQuerySchema = z.object({ ...pageQueryShape }).strict();
export const smsOutboxItemSchema = z.object({
  id: z.number().int(),
  phoneMasked: z.string(),
  template: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type SmsOutboxItem = z.infer<typeof smsOutboxItemSchema>;
export const smsOutboxListSchema = listSchema(smsOutboxItemSchema);
