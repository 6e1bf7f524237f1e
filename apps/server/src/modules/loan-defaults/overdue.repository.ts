import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { OverdueQuery } from '@tongxing/contracts';
import { offsetOf } from '../../lib/pagination';
import { loanScopeSql } from '../loan-repayments/loan-money-access';

/**
 * Overdue loans as of a business date: days past due = date − next_due_on (the earliest period not fully
 * paid, kept exact by the repayment allocation), for loans being repaid or in default. Served by the partial
 * index on next_due_on; the amount past due is summed from the schedule and allocations of the page only.
 */
const bucketRanges = { '1-30': [1, 30], '31-60': [31, 60], '61-90': [61, 90], '90+': [91, null] } as const;

function where(scope: Scope, q: OverdueQuery, asOf: string, withBucket: boolean): SQL {
  const parts: SQL[] = [sql`l.state in ('repaying', 'defaulted')`, sql`l.next_due_on < ${asOf}::date`, loanScopeSql(scope)];
  if (q.programmeId) parts.push(sql`l.programme_id = ${q.programmeId}`);
  if (q.orgId) {
    const p = sql`(select path from org_units where id = ${q.orgId})`;
    parts.push(sql`(l.org_path <@ ${p} or l.partner_paths <@ ${p})`);
  }
  if (withBucket && q.bucket) {
    const [min, max] = bucketRanges[q.bucket];
    parts.push(sql`l.next_due_on <= ${asOf}::date - ${min}::int`);
    if (max !== null) parts.push(sql`l.next_due_on >= ${asOf}::date - ${max}::int`);
  }
  return sql.join(parts, sql` and `);
}

/** Principal and interest of the periods due before the date, less what was paid against them. */
const overdueAmount = (asOf: string) => sql`(
  select coalesce(sum(s.principal_fen + s.interest_fen), 0)::bigint
       - coalesce((select sum(a.principal_fen + a.interest_fen) from loan_repayment_allocations a
                    join loan_schedule s2 on s2.loan_id = a.loan_id and s2.k = a.k
                   where a.loan_id = l.id and s2.due_on < ${asOf}::date), 0)::bigint
    from loan_schedule s where s.loan_id = l.id and s.due_on < ${asOf}::date)`;

export type OverdueRow = {
  id: number;
  reference: string;
  programme_id: number;
  programme_name: string;
  product_name: string;
  member_id: number;
  borrower_name: string;
  enterprise_name: string | null;
  org_id: number;
  org_name: string;
  district_name: string | null;
  state: string;
  model_worker_level: string;
  priority: boolean;
  amount_requested_fen: number;
  approved_amount_fen: number | null;
  principal_outstanding_fen: number;
  days_past_due: number;
  bank_name: string | null;
  submitted_at: Date | null;
  disbursed_on: string | null;
  next_due_on: string;
  overdue_amount_fen: number;
};

export async function listOverdue(tx: DbOrTx, scope: Scope, q: OverdueQuery, asOf: string): Promise<{ rows: OverdueRow[]; total: number }> {
  const w = where(scope, q, asOf, true);
  const rows = await tx.execute<OverdueRow>(sql`
    select l.id, l.reference, l.programme_id, pg.name as programme_name, pr.name as product_name, l.member_id, m.name as borrower_name,
           l.enterprise_name, l.org_id, o.name as org_name, d.name as district_name, l.state, l.model_worker_level, l.priority,
           l.amount_requested_fen, l.approved_amount_fen, l.principal_outstanding_fen, (${asOf}::date - l.next_due_on) as days_past_due,
           b.name as bank_name, l.submitted_at, l.disbursed_on, l.next_due_on, ${overdueAmount(asOf)} as overdue_amount_fen
      from loans l
      join loan_programmes pg on pg.id = l.programme_id
      join loan_products pr on pr.id = l.product_id
      join members m on m.id = l.member_id
      join org_units o on o.id = l.org_id
      left join org_units d on d.id = l.district_id
      left join org_units b on b.id = l.bank_org_id
     where ${w}
     order by l.next_due_on, l.id
     limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await tx.execute<{ n: number }>(sql`select count(*)::int as n from loans l where ${w}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function overdueBuckets(tx: DbOrTx, scope: Scope, q: OverdueQuery, asOf: string) {
  const res = await tx.execute<{ bucket: string; n: number; outstanding: number; overdue: number }>(sql`
    select case when d <= 30 then '1-30' when d <= 60 then '31-60' when d <= 90 then '61-90' else '90+' end as bucket,
           count(*)::int as n, coalesce(sum(outstanding), 0)::bigint as outstanding, coalesce(sum(overdue), 0)::bigint as overdue
      from (select (${asOf}::date - l.next_due_on) as d, l.principal_outstanding_fen as outstanding, ${overdueAmount(asOf)} as overdue
              from loans l where ${where(scope, q, asOf, false)}) x
     group by 1`);
  return res.rows;
}
