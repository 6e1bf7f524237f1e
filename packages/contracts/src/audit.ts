import { z } from 'zod';
import { listSchema, pageQueryShape } from './common';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.number().int().nullable(),
  actorUsername: z.string().nullable(),
  actorOrgId: z.number().int().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditListSchema = listSchema(auditEntrySchema);

export const auditListQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    actor: z.string().trim().max(64).optional(),
    action: z.string().trim().max(64).optional(),
    entityType: z.string().trim().max(64).optional(),
    entityId: z.string().trim().max(64).optional(),
    outcome: z.enum(['success', 'denied', 'failure']).optional(),
    ...pageQueryShape,
  })
  .strict();

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
});
