import { z } from 'zod';
import { listSchema, optionalText, requiredText } from './common';
import { permissions, scopeKinds } from './permissions';

export const roleGrantSchema = z.object({
  permission: z.string(),
  scope: z.enum(scopeKinds),
  unitIds: z.array(z.number().int()),
});

export const roleSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  requiresMfa: z.boolean(),
  grants: z.array(roleGrantSchema),
  userCount: z.number().int(),
});
export type Role = z.infer<typeof roleSchema>;
export const roleListSchema = listSchema(roleSchema);

const grantInput = z
  .object({
    permission: z.enum(permissions as [string, ...string[]]),
    scope: z.enum(scopeKinds),
    unitIds: z.array(z.number().int().positive()).max(200).default([]),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (g.scope === 'units' && g.unitIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'scope.unitsRequired' });
    }
  });

export const roleCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/),
    name: requiredText(40),
    nameEn: optionalText(60),
    description: optionalText(200),
    requiresMfa: z.boolean().default(false),
    grants: z.array(grantInput).max(100),
  })
  .strict();

export const rolePatchSchema = z
  .object({
    name: requiredText(40).optional(),
    nameEn: optionalText(60),
    description: optionalText(200),
    requiresMfa: z.boolean().optional(),
    grants: z.array(grantInput).max(100).optional(),
  })
  .strict();

export const permissionCatalogSchema = z.object({
  permissions: z.array(z.object({ permission: z.string(), module: z.string(), zh: z.string(), en: z.string() })),
  scopes: z.array(z.object({ scope: z.string(), zh: z.string(), en: z.string() })),
});
