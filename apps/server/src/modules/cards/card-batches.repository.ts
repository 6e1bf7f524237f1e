import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { offsetOf } from '../../lib/pagination';

/** Batches a caller sees: those of unions in its subtree, or those addressed to its bank (or a branch under it). */
export function batchScopeSql(scope: Scope, alias = 'cb'): SQL {
  if (scope.all) return sql`true`;
  const b = sql.raw(alias);
  const parts: SQL[] = [];
  for (const p of scope.subtreePaths) {
    parts.push(sql`${b}.org_path <@ ${p}::ltree`, sql`${b}.bank_org_id in (select id from org_units where kind = 'bank' and path <@ ${p}::ltree)`);
  }
  if (scope.unitIds.length > 0) {
    const ids = sql`${sql.param(scope.unitIds)}::int[]`;
    parts.push(sql`${b}.org_id = any(${ids})`, sql`${b}.bank_org_id = any(${ids})`);
  }
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

export type BatchRow = {
  id: number;
  programme_id: number;
  bank_org_id: number;
  bank_name: string;
  org_id: number;
  org_name: string;
  card_count: number;
  note: string | null;
  created_by_name: string | null;
  created_at: Date;
  exported_at: Date | null;
  states: Record<string, number> | null;
};

const batchColumns = sql`cb.id, cb.programme_id, cb.bank_org_id, bo.name as bank_name, cb.org_id, o.name as org_name, cb.card_count, cb.note,
  u.display_name as created_by_name, cb.created_at, cb.exported_at,
  (select jsonb_object_agg(s.state, s.n) from (select state, count(*)::int as n from cards where batch_id = cb.id group by state) s) as states`;
const batchFrom = sql`card_application_batches cb join org_units o on o.id = cb.org_id join org_units bo on bo.id = cb.bank_org_id left join users u on u.id = cb.created_by`;

export async function listBatches(db: DbOrTx, scope: Scope, q: { orgId?: number | undefined; programmeId?: number | undefined; page: number; pageSize: number }) {
  const where: SQL[] = [batchScopeSql(scope)];
  if (q.orgId) where.push(sql`cb.org_path <@ (select path from org_units where id = ${q.orgId})`);
  if (q.programmeId) where.push(sql`cb.programme_id = ${q.programmeId}`);
  const cond = sql.join(where, sql` and `);
  const rows = await db.execute<BatchRow>(sql`select ${batchColumns} from ${batchFrom} where ${cond} order by cb.id desc limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await db.execute<{ n: number }>(sql`select count(*)::int as n from card_application_batches cb where ${cond}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findBatch(db: DbOrTx, scope: Scope, id: number): Promise<BatchRow | null> {
  const res = await db.execute<BatchRow>(sql`select ${batchColumns} from ${batchFrom} where cb.id = ${id} and ${batchScopeSql(scope)}`);
  return res.rows[0] ?? null;
}

export type SheetRow = {
  name: string;
  id_type: string;
  id_enc: Buffer;
  phone_enc: Buffer | null;
  employer: string | null;
  org_name: string;
};

/** The batch's cards still waiting for the bank, in the order they were applied for. */
export async function sheetRows(db: DbOrTx, batchId: number): Promise<SheetRow[]> {
  const res = await db.execute<SheetRow>(sql`
    select m.name, m.id_type, m.id_enc, m.phone_enc, m.employer, o.name as org_name
      from cards c join members m on m.id = c.member_id join org_units o on o.id = m.org_id
     where c.batch_id = ${batchId} and c.state = 'applied'
     order by c.id`);
  return res.rows;
}
