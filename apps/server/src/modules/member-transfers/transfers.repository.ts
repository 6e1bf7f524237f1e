import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { memberTransfers, type DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { offsetOf } from '../../lib/pagination';
import { scopeClause } from '../../lib/scope-sql';

export interface TransferRow {
  id: number;
  member_id: number;
  member_name: string;
  id_enc: Buffer;
  from_org_id: number;
  from_org_name: string;
  from_path: string;
  to_org_id: number;
  to_org_name: string;
  to_path: string;
  initiated_by: 'sending' | 'receiving';
  status: 'pending' | 'accepted' | 'rejected' | 'cancelled';
  reason: string | null;
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const SELECT = `select t.id, t.member_id, m.name as member_name, m.id_enc, t.from_org_id, f.name as from_org_name, f.path::text as from_path,
       t.to_org_id, r.name as to_org_name, r.path::text as to_path, t.initiated_by, t.status, t.reason, t.decision_note,
       t.created_at, t.decided_at
  from member_transfers t
  join members m on m.id = t.member_id
  join org_units f on f.id = t.from_org_id
  join org_units r on r.id = t.to_org_id`;

/** A transfer is visible to both unions: the sending one keeps seeing it after the member has left. */
function visible(scope: Scope, params: unknown[]) {
  return `(${scopeClause(scope, { path: 'f.path', orgId: 'f.id' }, params)} or ${scopeClause(scope, { path: 'r.path', orgId: 'r.id' }, params)})`;
}

export async function listTransfers(
  pool: pg.Pool,
  scope: Scope,
  q: { direction: 'in' | 'out' | 'all'; status?: string | undefined; orgId?: number | undefined; page: number; pageSize: number },
) {
  const params: unknown[] = [];
  const where = [visible(scope, params)];
  if (q.direction === 'in') where.push(scopeClause(scope, { path: 'r.path', orgId: 'r.id' }, params));
  if (q.direction === 'out') where.push(scopeClause(scope, { path: 'f.path', orgId: 'f.id' }, params));
  if (q.status) {
    params.push(q.status);
    where.push(`t.status = $${params.length}`);
  }
  if (q.orgId) {
    params.push(q.orgId);
    const unit = `(select path from org_units where id = $${params.length})`;
    where.push(`(f.path <@ ${unit} or r.path <@ ${unit})`);
  }
  const whereText = where.join(' and ');
  params.push(q.pageSize, offsetOf(q.page, q.pageSize));
  const rows = await pool.query<TransferRow & { total: number }>(
    `${SELECT.replace('select t.id,', 'select count(*) over()::int as total, t.id,')} where ${whereText}
      order by (t.status = 'pending') desc, t.created_at desc, t.id desc limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { rows: rows.rows, total: rows.rows[0]?.total ?? 0 };
}

export async function findTransfer(pool: pg.Pool, scope: Scope, id: number) {
  const params: unknown[] = [id];
  const res = await pool.query<TransferRow>(`${SELECT} where t.id = $1 and ${visible(scope, params)}`, params);
  return res.rows[0] ?? null;
}

/** The transfer row locked for a decision, with both unions' tree paths (unscoped: the caller checks sides). */
export async function lockTransfer(db: DbOrTx, id: number) {
  const rows = await db
    .select({ t: memberTransfers, fromPath: sql<string>`(select path::text from org_units where id = ${memberTransfers.fromOrgId})`, toPath: sql<string>`(select path::text from org_units where id = ${memberTransfers.toOrgId})` })
    .from(memberTransfers)
    .where(eq(memberTransfers.id, id))
    .for('update');
  return rows[0] ?? null;
}

export async function insertTransfer(db: DbOrTx, values: typeof memberTransfers.$inferInsert) {
  const [row] = await db.insert(memberTransfers).values(values).returning({ id: memberTransfers.id });
  return row!.id;
}

export async function decideTransfer(db: DbOrTx, id: number, values: Partial<typeof memberTransfers.$inferInsert>) {
  await db.update(memberTransfers).set(values).where(eq(memberTransfers.id, id));
}
