import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import { auditLog, type DbOrTx } from '@tongxing/db';
import { offsetOf } from '../../lib/pagination';

export interface AuditQuery {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  page: number;
  pageSize: number;
}

export async function listAudit(db: DbOrTx, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.from) where.push(gte(auditLog.occurredAt, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.occurredAt, new Date(q.to)));
  if (q.actor) where.push(sql`lower(${auditLog.actorUsername}) = lower(${q.actor})`);
  if (q.action) where.push(q.action.endsWith('.') ? sql`${auditLog.action} like ${q.action + '%'}` : eq(auditLog.action, q.action));
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.outcome) where.push(eq(auditLog.outcome, q.outcome));
  const cond = where.length > 0 ? and(...where) : undefined;
  const rows = await db
    .select()
    .from(auditLog)
    .where(cond)
    .orderBy(desc(auditLog.id))
    .limit(q.pageSize)
    .offset(offsetOf(q.page, q.pageSize));
  // An exact count over millions of audit rows is slow; cap it, the pager only needs "more than this".
  const [c] = await db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from ${auditLog} ${cond ? sql`where ${cond}` : sql``} limit 100000) t`).then((r) => r.rows);
  return { rows, total: c?.n ?? 0 };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/**
 * Walks the chain in id order, in batches: each row's stored hash must equal its recomputed hash, and its
 * prev_hash must equal the previous row's hash. Reports the first row where either fails.
 */
export async function verifyChain(pool: pg.Pool, batch = 5000): Promise<VerifyResult> {
  let lastId = 0;
  let lastHash: string | null = null;
  let checked = 0;
  for (;;) {
    const res = await pool.query<{ id: number; prev_hash: string | null; hash: string; recomputed: string }>(
      `select id, prev_hash, hash, audit_log_row_hash(a, prev_hash) as recomputed
         from audit_log a where id > $1 order by id limit $2`,
      [lastId, batch],
    );
    for (const row of res.rows) {
      const id = Number(row.id);
      if (row.prev_hash !== lastHash) return { ok: false, checked, firstBrokenId: id, reason: 'prev_hash does not match the previous row' };
      if (row.recomputed !== row.hash) return { ok: false, checked, firstBrokenId: id, reason: 'content does not match its hash' };
      lastHash = row.hash;
      lastId = id;
      checked++;
    }
    if (res.rows.length < batch) return { ok: true, checked, firstBrokenId: null, reason: null };
  }
}
