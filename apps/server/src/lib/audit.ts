import { auditLog, type DbOrTx } from '@tongxing/db';
import type { RequestContext } from './context';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  outcome?: AuditOutcome;
  before?: unknown;
  after?: unknown;
  /** For events without a signed-in actor (failed logins): the username that was typed. */
  username?: string | null;
  userId?: number | null;
  orgId?: number | null;
}

/** Keys never written to the audit log in clear: secrets, and personal numbers. */
const SECRET_KEYS = /password|secret|token|totp|recovery|hash|enc$/i;
const PERSONAL_KEYS = /^(phone|mobile|idNumber|idNo|cardNumber)$/i;

export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return '[binary]';
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (SECRET_KEYS.test(k)) out[k] = '[redacted]';
      else if (PERSONAL_KEYS.test(k)) out[k] = v === null ? null : '[personal]';
      else out[k] = redact(v);
    }
    return out;
  }
  return value;
}

/**
 * Writes one audit row inside the caller's transaction: if the row cannot be written, the change it
 * records rolls back with it. The database seals the row into the hash chain.
 */
export async function writeAudit(tx: DbOrTx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.userId ?? ctx.actor?.userId ?? null,
    actorUsername: entry.username ?? ctx.actor?.username ?? null,
    actorOrgId: entry.orgId ?? ctx.actor?.orgId ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    outcome: entry.outcome ?? 'success',
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
}

/** Only the fields that changed, for compact before/after pairs. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    const old = before[k];
    const same = old instanceof Date && v instanceof Date ? old.getTime() === v.getTime() : JSON.stringify(old) === JSON.stringify(v);
    if (!same) {
      b[k] = old;
      a[k] = v;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
