import { z } from 'zod';

export const loginBodySchema = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
    /** Six-digit code from the authenticator app, or a recovery code. */
    totp: z.string().trim().min(6).max(32).optional(),
  })
  .strict();

export const grantSchema = z.object({
  permission: z.string(),
  scope: z.enum(['all', 'subtree', 'unit', 'units', 'own']),
  unitIds: z.array(z.number().int()),
});

export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(['staff', 'member']),
  org: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }),
  roles: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameEn: z.string().nullable() })),
  permissions: z.array(z.string()),
  grants: z.array(grantSchema),
  locale: z.enum(['zh-CN', 'en']),
  totpEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  /** The session is limited to enrolling a second factor until that is done. */
  mfaEnrolmentRequired: z.boolean(),
  /** The session is limited to changing the password until that is done. */
  passwordChangeRequired: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({ user: meSchema, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const sessionInfoSchema = z.object({ user: meSchema, csrfToken: z.string() });

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) })
  .strict();

export const preferencesSchema = z.object({ locale: z.enum(['zh-CN', 'en']) }).strict();

export const totpStartResponseSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});
export const totpConfirmSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/) }).strict();
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export const totpDisableSchema = z.object({ password: z.string().min(1).max(256) }).strict();
