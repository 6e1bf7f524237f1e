import { z } from 'zod';
import { GRASSROOTS_USCC_PREFIX, isValidUscc, normaliseUscc, orgKinds } from '@tongxing/domain';
import { optionalText, pageQueryShape, requiredText, listSchema } from './common';

export const orgKindSchema = z.enum(orgKinds);
export const orgStatusSchema = z.enum(['active', 'inactive']);

export const creditCodeSchema = z
  .string()
  .trim()
  .transform(normaliseUscc)
  .refine(isValidUscc, { message: 'uscc.invalid' });

export const divisionCodeSchema = z.string().trim().regex(/^\d{6}$/, { message: 'division.invalid' });

export const orgSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: orgKindSchema,
  parentId: z.number().int().nullable(),
  divisionCode: z.string().nullable(),
  creditCode: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  status: orgStatusSchema,
  sortOrder: z.number().int(),
  depth: z.number().int(),
  /** Ids from the root down to the parent; only ids, so an out-of-scope ancestor leaks no name. */
  ancestorIds: z.array(z.number().int()),
  childCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Org = z.infer<typeof orgSchema>;

export const orgListQuerySchema = z
  .object({
    parentId: z.coerce.number().int().positive().optional(),
    /** Whole subtree of this unit (the unit itself included). */
    subtreeOf: z.coerce.number().int().positive().optional(),
    /** Only the top of the caller's scope (for the first level of a lazy tree). */
    roots: z.enum(['true', 'false']).optional(),
    q: z.string().trim().max(100).optional(),
    kind: z.union([orgKindSchema, z.array(orgKindSchema)]).optional(),
    status: orgStatusSchema.optional(),
    ...pageQueryShape,
  })
  .strict();
export type OrgListQuery = z.infer<typeof orgListQuerySchema>;
export const orgListSchema = listSchema(orgSchema);

const officePhone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, { message: 'phone.invalid' });

const nullableOptional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), s.nullable().optional());

export const orgCreateSchema = z
  .object({
    name: requiredText(100),
    shortName: optionalText(40),
    kind: orgKindSchema,
    parentId: z.number().int().positive().nullable().optional(),
    divisionCode: nullableOptional(divisionCodeSchema),
    creditCode: nullableOptional(creditCodeSchema),
    contactName: optionalText(40),
    contactPhone: nullableOptional(officePhone),
    address: optionalText(200),
    sortOrder: z.number().int().min(0).max(100000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'grassroots_union' && v.creditCode && isValidUscc(v.creditCode) && !v.creditCode.startsWith(GRASSROOTS_USCC_PREFIX)) {
      ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'uscc.grassroots81' });
    }
  });
export type OrgCreate = z.infer<typeof orgCreateSchema>;

export const orgPatchSchema = z
  .object({
    name: requiredText(100).optional(),
    shortName: nullableOptional(z.string().trim().max(40)),
    divisionCode: nullableOptional(divisionCodeSchema),
    creditCode: nullableOptional(creditCodeSchema),
    contactName: nullableOptional(z.string().trim().max(40)),
    contactPhone: nullableOptional(officePhone),
    address: nullableOptional(z.string().trim().max(200)),
    sortOrder: z.number().int().min(0).max(100000).optional(),
    /** Moving: a new parent (the whole subtree moves with the unit); null lifts a partner to the top. */
    parentId: z.number().int().positive().nullable().optional(),
    /** Deactivating or reactivating. */
    status: orgStatusSchema.optional(),
  })
  .strict();
export type OrgPatch = z.infer<typeof orgPatchSchema>;

export const orgCountsQuerySchema = z.object({ subtreeOf: z.coerce.number().int().positive().optional() }).strict();
export const orgCountsSchema = z.object({
  total: z.number().int(),
  active: z.number().int(),
  inactive: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
});
export type OrgCounts = z.infer<typeof orgCountsSchema>;
