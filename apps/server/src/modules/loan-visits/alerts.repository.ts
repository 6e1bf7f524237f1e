import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { scopeClause, scopeCondition } from '../../lib/scope-sql';

export interface AlertRow {
  id: number;
  kind: string;
  org_id: number;
  org_name: string;
  loan_id: number | null;
  loan_reference: string | null;
  visit_id: number | null;
  message: string;
  created_at: Date;
  read_at: Date | null;
  read_by_name: string | null;
}

const COLUMNS = `a.id, a.kind, a.org_id, o.name as org_name, a.loan_id, l.reference as loan_reference, a.visit_id, a.message, a.created_at,
  a.read_at, u.display_name as read_by_name`;
const JOINS = `from alerts a join org_units o on o.id = a.org_id left join loans l on l.id = a.loan_id left join users u on u.id = a.read_by`;

/** One alert per unit (the district union, the bank unit), each carrying its unit's path for the scope. */
export async function insertAlerts(tx: DbOrTx, units: number[], a: { kind: string; loanId: number; visitId: number; message: string; at: Date }) {
  if (units.length === 0) return [];
  const res = await tx.execute<{ id: number; org_id: number }>(sql`
    insert into alerts (org_id, org_path, kind, loan_id, visit_id, message, created_at)
    select o.id, o.path, ${a.kind}, ${a.loanId}, ${a.visitId}, ${a.message}, ${a.at}
      from org_units o where o.id = any(${sql.param(units)}::int[])
    returning id, org_id`);
  return res.rows;
}

export async function listAlerts(pool: pg.Pool, scope: Scope, q: { unread?: boolean; page: number; pageSize: number }) {
  const params: unknown[] = [];
  const where = [scopeClause(scope, { path: 'a.org_path', orgId: 'a.org_id' }, params)];
  const scoped = where[0]!;
  if (q.unread === true) where.push('a.read_at is null');
  if (q.unread === false) where.push('a.read_at is not null');
  const countParams = [...params];
  params.push(q.pageSize, (q.page - 1) * q.pageSize);
  const [rows, counts] = await Promise.all([
    pool.query<AlertRow>(
      `select ${COLUMNS} ${JOINS} where ${where.join(' and ')} order by a.created_at desc, a.id desc limit $${params.length - 1} offset $${params.length}`,
      params,
    ),
    pool.query<{ total: number; unread: number }>(
      `select count(*) filter (where ${where.slice(1).join(' and ') || 'true'})::int as total, count(*) filter (where a.read_at is null)::int as unread
         from alerts a where ${scoped}`,
      countParams,
    ),
  ]);
  return { rows: rows.rows, total: counts.rows[0]?.total ?? 0, unread: counts.rows[0]?.unread ?? 0 };
}

/** Marks an alert read (the first reader's name and time stay); null when missing or out of scope. */
export async function markRead(tx: DbOrTx, scope: Scope, id: number, userId: number, at: Date): Promise<AlertRow | null> {
  const inScope = scopeCondition(scope, { path: sql`org_path`, orgId: sql`org_id` });
  const hit = await tx.execute<{ id: number }>(sql`
    update alerts set read_by = coalesce(read_by, ${userId}), read_at = coalesce(read_at, ${at})
     where id = ${id} and ${inScope}
    returning id`);
  if (hit.rows.length === 0) return null;
  const res = await tx.execute<AlertRow & Record<string, unknown>>(sql`select ${sql.raw(COLUMNS)} ${sql.raw(JOINS)} where a.id = ${id}`);
  return res.rows[0] ?? null;
}
