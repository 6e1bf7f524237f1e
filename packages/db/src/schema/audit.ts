import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Append-only audit log. A trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE, and fills
 * `prev_hash` and `hash` so that each row seals the one before it; `tongxing audit verify` walks the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    actorUsername: varchar('actor_username', { length: 64 }),
    actorOrgId: integer('actor_org_id'),
    action: varchar('action', { length: 64 }).notNull(),
    entityType: varchar('entity_type', { length: 40 }),
    entityId: varchar('entity_id', { length: 64 }),
    outcome: varchar('outcome', { length: 16 }).notNull().default('success'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: varchar('ip', { length: 64 }),
    requestId: varchar('request_id', { length: 64 }),
    prevHash: varchar('prev_hash', { length: 64 }),
    hash: varchar('hash', { length: 64 }).notNull().default(''),
  },
  (t) => [
    index('audit_log_time_idx').on(t.occurredAt),
    index('audit_log_actor_idx').on(t.actorUserId, t.occurredAt),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_action_idx').on(t.action, t.occurredAt),
    check('audit_log_outcome_check', sql`${t.outcome} in ('success','denied','failure')`),
  ],
);
