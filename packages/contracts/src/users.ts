import { z } from 'zod';
import { listSchema, optionalText, pageQueryShape, requiredText } from './common';

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{2,31}$/, { message: 'username.format' });

export const userStatusSchema = z.enum(['active', 'disabled']);

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(['staff', 'member']),
  orgId: z.number().int(),
  orgName: z.string(),
  status: userStatusSchema,
  roles: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameEn: z.string().nullable() })),
  phoneMasked: z.string().nullable(),
  totpEnabled: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
export const userListSchema = listSchema(userSchema);

export const userListQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    q: z.string().trim().max(64).optional(),
    status: userStatusSchema.optional(),
    roleId: z.coerce.number().int().positive().optional(),
    ...pageQueryShape,
  })
  .strict();

const mobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { message: 'phone.invalid' });

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: requiredText(40),
    orgId: z.number().int().positive(),
    password: z.string().min(1).max(256),
    phone: mobile.optional(),
    roleIds: z.array(z.number().int().positive()).max(20).default([]),
    /** Ask for a new password at first sign-in (the default for accounts made by somebody else). */
    mustChangePassword: z.boolean().default(true),
  })
  .strict();

export const userPatchSchema = z
  .object({
    displayName: requiredText(40).optional(),
    orgId: z.number().int().positive().optional(),
    phone: mobile.nullable().optional(),
    status: userStatusSchema.optional(),
    roleIds: z.array(z.number().int().positive()).max(20).optional(),
    note: optionalText(200),
  })
  .strict();

export const resetPasswordSchema = z
  .object({ newPassword: z.string().min(1).max(256), mustChangePassword: z.boolean().default(true) })
  .strict();

export const userRolesSchema = z.object({ roleIds: z.array(z.number().int().positive()).max(20) }).strict();
