import { eq, sql, type SQL } from 'drizzle-orm';
import { loanAttachments, loanDisbursements, loanEvents, loans, type DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';

export type LoanRow = typeof loans.$inferSelect;
export type LoanInsert = typeof loans.$inferInsert;

/**
 * The one scope rule for loans, for everyone who reads them: a loan is in scope when its applicant union
 * is in the caller's subtree (the union chain) or one of its partner units is (bank, insurer, guarantor —
 * `partner_paths <@ root` is true when any element lies under the root). Both conditions use GiST indexes.
 * Text form for hand-written SQL: appends its parameters to `params`; `alias` names the loans table.
 */
export function loanScope(scope: Scope, params: unknown[], alias = 'l'): string {
  if (scope.all) return 'true';
  const parts: string[] = [];
  for (const p of scope.subtreePaths) {
    params.push(p);
    parts.push(`${alias}.org_path <@ $${params.length}::ltree`, `${alias}.partner_paths <@ $${params.length}::ltree`);
  }
  if (scope.unitIds.length > 0) {
    params.push(scope.unitIds);
    const n = params.length;
    parts.push(`${alias}.org_id = any($${n}::int[])`, `${alias}.bank_org_id = any($${n}::int[])`, `${alias}.insurer_org_id = any($${n}::int[])`, `${alias}.guarantor_org_id = any($${n}::int[])`);
  }
  if (scope.ownerUserId !== null) {
    params.push(scope.ownerUserId);
    parts.push(`${alias}.created_by = $${params.length}`);
  }
  return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
}

/** The same rule as a drizzle condition on the `loans` table. */
export function loanScopeCondition(scope: Scope): SQL {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  for (const p of scope.subtreePaths) parts.push(sql`${loans.orgPath} <@ ${p}::ltree`, sql`${loans.partnerPaths} <@ ${p}::ltree`);
  if (scope.unitIds.length > 0) {
    const ids = sql.param(scope.unitIds);
    parts.push(sql`${loans.orgId} = any(${ids}::int[])`, sql`${loans.bankOrgId} = any(${ids}::int[])`, sql`${loans.insurerOrgId} = any(${ids}::int[])`, sql`${loans.guarantorOrgId} = any(${ids}::int[])`);
  }
  if (scope.ownerUserId !== null) parts.push(sql`${loans.createdBy} = ${scope.ownerUserId}`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** A loan by id within scope (null when missing or out of scope: both answer 404); `lock` takes the row lock. */
export async function findLoan(db: DbOrTx, id: number, scope: Scope | null, lock = false): Promise<LoanRow | null> {
  const where = scope ? sql`${loans.id} = ${id} and ${loanScopeCondition(scope)}` : sql`${loans.id} = ${id}`;
  const q = db.select().from(loans).where(where);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The names and paths a loan's view needs besides its own row. */
export interface LoanContext {
  programme_name: string;
  product_name: string;
  pipeline: unknown;
  borrower_name: string;
  org_name: string;
  district_name: string | null;
  bank_name: string | null;
  bank_path: string | null;
  insurer_name: string | null;
  guarantor_name: string | null;
  step_org_name: string | null;
}

export async function loanContext(db: DbOrTx, loan: LoanRow): Promise<LoanContext> {
  const res = await db.execute<LoanContext & Record<string, unknown>>(sql`
    select pg.name as programme_name, p.name as product_name, p.pipeline, m.name as borrower_name, o.name as org_name,
           d.name as district_name, b.name as bank_name, b.path::text as bank_path, i.name as insurer_name, g.name as guarantor_name,
           s.name as step_org_name
      from loan_programmes pg
      join loan_products p on p.id = ${loan.productId}
      join members m on m.id = ${loan.memberId}
      join org_units o on o.id = ${loan.orgId}
      left join org_units d on d.id = ${loan.districtId}
      left join org_units b on b.id = ${loan.bankOrgId}
      left join org_units i on i.id = ${loan.insurerOrgId}
      left join org_units g on g.id = ${loan.guarantorOrgId}
      left join org_units s on s.id = ${loan.stepOrgId}
     where pg.id = ${loan.programmeId}`);
  return res.rows[0]!;
}

export async function eventsOf(db: DbOrTx, loanId: number) {
  const res = await db.execute<{
    id: number;
    at: Date;
    event: string;
    from_state: string | null;
    to_state: string | null;
    step_index: number | null;
    step_key: string | null;
    actor_name: string | null;
    actor_org_name: string | null;
    comment: string | null;
    data: Record<string, unknown> | null;
  }>(sql`
    select e.id, e.at, e.event, e.from_state, e.to_state, e.step_index, e.step_key, e.actor_name, o.name as actor_org_name, e.comment, e.data
      from loan_events e left join org_units o on o.id = e.actor_org_id
     where e.loan_id = ${loanId}
     order by e.id`);
  return res.rows;
}

export async function attachmentsOf(db: DbOrTx, loanId: number) {
  return db
    .select({ id: loanAttachments.id, kind: loanAttachments.kind, fileName: loanAttachments.fileName, sizeBytes: loanAttachments.sizeBytes, uploadedAt: loanAttachments.uploadedAt })
    .from(loanAttachments)
    .where(eq(loanAttachments.loanId, loanId))
    .orderBy(loanAttachments.id);
}

export async function findAttachment(db: DbOrTx, loanId: number, attachmentId: number) {
  const [row] = await db.select().from(loanAttachments).where(sql`${loanAttachments.loanId} = ${loanId} and ${loanAttachments.id} = ${attachmentId}`);
  return row ?? null;
}

/** The live (not cancelled) disbursement of a loan, with the names of maker and checker. */
export async function liveDisbursement(db: DbOrTx, loanId: number, lock = false) {
  const res = await db.execute<{
    id: number;
    amount_fen: number;
    disbursed_on: string;
    bank_txn_ref: string | null;
    status: string;
    recorded_by: number;
    confirmed_by: number | null;
    recorded_by_name: string | null;
    confirmed_by_name: string | null;
  }>(sql`
    select d.id, d.amount_fen, d.disbursed_on::text as disbursed_on, d.bank_txn_ref, d.status, d.recorded_by, d.confirmed_by,
           r.display_name as recorded_by_name, c.display_name as confirmed_by_name
      from ${loanDisbursements} d
      left join users r on r.id = d.recorded_by
      left join users c on c.id = d.confirmed_by
     where d.loan_id = ${loanId} and d.status <> 'cancelled'
     ${lock ? sql`for update of d` : sql``}`);
  const r = res.rows[0];
  return r ?? null;
}

export async function insertEvent(db: DbOrTx, v: typeof loanEvents.$inferInsert) {
  await db.insert(loanEvents).values(v);
}

/** The member behind a portal account. */
export async function memberOfUser(db: DbOrTx, userId: number): Promise<number | null> {
  const res = await db.execute<{ member_id: number | null }>(sql`select member_id from users where id = ${userId} and kind = 'member'`);
  return res.rows[0]?.member_id ?? null;
}

/** A unit and its ancestors, nearest first, with their approval limits (null: no limit). */
export async function approvalChain(db: DbOrTx, orgId: number) {
  const res = await db.execute<{ id: number; path: string; max_amount_fen: number | null }>(sql`
    select o.id, o.path::text as path, l.max_amount_fen
      from org_units o left join partner_approval_limits l on l.org_id = o.id
     where o.path @> (select path from org_units where id = ${orgId})
     order by nlevel(o.path) desc`);
  return res.rows.map((r) => ({ id: r.id, path: r.path, maxAmountFen: r.max_amount_fen }));
}

export async function unitPath(db: DbOrTx, orgId: number): Promise<string | null> {
  const res = await db.execute<{ path: string }>(sql`select path::text as path from org_units where id = ${orgId}`);
  return res.rows[0]?.path ?? null;
}
