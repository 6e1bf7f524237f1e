import { z } from 'zod';
import {
  educationLevels,
  ethnicities,
  idTypes,
  memberStatuses,
  modelWorkerLevels,
  politicalStatuses,
  workerCategories,
} from '@tongxing/domain';
import { listSchema, pageQueryShape, requiredText } from './common';

const keys = (o: Record<string, unknown>) => Object.keys(o) as [string, ...string[]];

export const idTypeSchema = z.enum(idTypes);
export const memberStatusSchema = z.enum(memberStatuses);
export const workerCategorySchema = z.enum(workerCategories);
export const modelWorkerLevelSchema = z.enum(modelWorkerLevels);
export const ethnicitySchema = z.enum(keys(ethnicities));
export const politicalStatusSchema = z.enum(keys(politicalStatuses));
export const educationSchema = z.enum(keys(educationLevels));
export const mobileSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, { message: 'phone.invalid' });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.format' });
const tagSchema = z.string().trim().min(1).max(20);

/** A member as lists show it: numbers masked, never the clear values. */
export const memberListItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  birthDate: z.string().nullable(),
  idType: idTypeSchema,
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  employer: z.string().nullable(),
  joinDate: z.string().nullable(),
  status: memberStatusSchema,
  category: workerCategorySchema,
  modelWorkerLevel: modelWorkerLevelSchema,
  tags: z.array(z.string()),
});
export type MemberListItem = z.infer<typeof memberListItemSchema>;
/** `totalCapped`: a broad search stopped counting at 2,000 (the total reads "2,000+"). */
export const memberListSchema = listSchema(memberListItemSchema).extend({ totalCapped: z.boolean() });

export const memberSchema = memberListItemSchema.extend({
  ethnicity: z.string().nullable(),
  modelWorkerYear: z.number().int().nullable(),
  politicalStatus: z.string().nullable(),
  education: z.string().nullable(),
  note: z.string().nullable(),
  /** Ids from the root to the member's unit, for breadcrumbs. */
  orgAncestorIds: z.array(z.number().int()),
  hasPortalAccount: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const memberSortSchema = z.enum(['name', 'joinDate', 'createdAt', 'birthDate']);

/**
 * `q` takes every search pattern: a full ID or mobile number (exact, through the keyed hash), the last
 * four digits of either, pinyin or pinyin initials ("zs" finds 张三), or part of the name.
 */
export const memberListQuerySchema = z
  .object({
    q: z.string().trim().max(40).optional(),
    orgId: z.coerce.number().int().positive().optional(),
    status: z.union([memberStatusSchema, z.array(memberStatusSchema)]).optional(),
    category: z.union([workerCategorySchema, z.array(workerCategorySchema)]).optional(),
    modelWorkerLevel: z.union([modelWorkerLevelSchema, z.array(modelWorkerLevelSchema)]).optional(),
    tag: z.union([tagSchema, z.array(tagSchema)]).optional(),
    sort: memberSortSchema.default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...pageQueryShape,
  })
  .strict();
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;

const optionalNullable = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), s.nullable().optional());

export const memberCreateSchema = z
  .object({
    name: requiredText(50),
    idType: idTypeSchema.default('resident_id'),
    idNumber: z.string().trim().min(5).max(40),
    phone: mobileSchema,
    orgId: z.number().int().positive(),
    /** Needed for document types that do not carry them (travel permits, passports). */
    gender: z.enum(['M', 'F']).optional(),
    birthDate: isoDate.optional(),
    ethnicity: ethnicitySchema.optional(),
    employer: z.string().trim().max(100).optional(),
    joinDate: isoDate.optional(),
    category: workerCategorySchema.default('other'),
    modelWorkerLevel: modelWorkerLevelSchema.default('none'),
    modelWorkerYear: z.number().int().min(1950).max(2100).optional(),
    politicalStatus: politicalStatusSchema.optional(),
    education: educationSchema.optional(),
    tags: z.array(tagSchema).max(20).default([]),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type MemberCreate = z.infer<typeof memberCreateSchema>;

export const memberPatchSchema = z
  .object({
    /** Optimistic lock: the version the editor saw; a newer one answers 409 CONFLICT. */
    version: z.number().int().positive().optional(),
    name: requiredText(50).optional(),
    idType: idTypeSchema.optional(),
    idNumber: z.string().trim().min(5).max(40).optional(),
    phone: optionalNullable(mobileSchema),
    gender: z.enum(['M', 'F']).optional(),
    birthDate: isoDate.optional(),
    ethnicity: optionalNullable(ethnicitySchema),
    employer: optionalNullable(z.string().trim().max(100)),
    joinDate: optionalNullable(isoDate),
    /** active ↔ retired / withdrawn / deceased / transferred_out (out of the city); moving between unions is a transfer. */
    status: memberStatusSchema.optional(),
    category: workerCategorySchema.optional(),
    modelWorkerLevel: modelWorkerLevelSchema.optional(),
    modelWorkerYear: optionalNullable(z.number().int().min(1950).max(2100)),
    politicalStatus: optionalNullable(politicalStatusSchema),
    education: optionalNullable(educationSchema),
    tags: z.array(tagSchema).max(20).optional(),
    note: optionalNullable(z.string().trim().max(500)),
  })
  .strict();
export type MemberPatch = z.infer<typeof memberPatchSchema>;

export const revealBodySchema = z.object({ reason: z.string().trim().min(2).max(200) }).strict();
export const revealResponseSchema = z.object({ idNumber: z.string(), phone: z.string().nullable() });

export const memberEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  type: z.string(),
  actorName: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string().nullable(),
  otherOrgId: z.number().int().nullable(),
  otherOrgName: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  note: z.string().nullable(),
});
export const memberHistorySchema = z.object({ items: z.array(memberEventSchema) });

export const memberCountsQuerySchema = z.object({ orgId: z.coerce.number().int().positive().optional() }).strict();
const countRow = z.object({
  orgId: z.number().int(),
  name: z.string(),
  kind: z.string(),
  /** Active members in the unit's whole subtree. */
  members: z.number().int(),
  modelWorkers: z.number().int(),
});
export const memberCountsSchema = countRow.extend({
  byCategory: z.record(z.string(), z.number().int()),
  byStatus: z.record(z.string(), z.number().int()),
  children: z.array(countRow),
});
export type MemberCounts = z.infer<typeof memberCountsSchema>;

export const transferStatusSchema = z.enum(['pending', 'accepted', 'rejected', 'cancelled']);
export const transferSchema = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  idNumberMasked: z.string(),
  fromOrgId: z.number().int(),
  fromOrgName: z.string(),
  toOrgId: z.number().int(),
  toOrgName: z.string(),
  initiatedBy: z.enum(['sending', 'receiving']),
  status: transferStatusSchema,
  reason: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** What the caller may do with it now. */
  canAccept: z.boolean(),
  canCancel: z.boolean(),
});
export type Transfer = z.infer<typeof transferSchema>;
export const transferListSchema = listSchema(transferSchema);
export const transferListQuerySchema = z
  .object({
    direction: z.enum(['in', 'out', 'all']).default('all'),
    status: transferStatusSchema.optional(),
    orgId: z.coerce.number().int().positive().optional(),
    ...pageQueryShape,
  })
  .strict();

/**
 * Start a transfer. The sending union names the member (`memberId`); the receiving union, which cannot
 * see the member yet, names the person by ID number and name, which must match an active member.
 */
export const transferCreateSchema = z
  .object({
    memberId: z.number().int().positive().optional(),
    idType: idTypeSchema.default('resident_id'),
    idNumber: z.string().trim().min(5).max(40).optional(),
    name: z.string().trim().min(1).max(50).optional(),
    toOrgId: z.number().int().positive(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((v) => v.memberId !== undefined || (v.idNumber !== undefined && v.name !== undefined), {
    message: 'transfer.whoRequired',
    path: ['memberId'],
  });
export const transferDecisionSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();
