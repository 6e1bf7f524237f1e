import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import type { OverdueQuery } from '@tongxing/contracts';
import { offsetOf } from '../../lib/pagination';
import { loanScopeSql } from '../loan-repayments/loan-money-access';

/**
 * Overdue loans as of a business date: days past due = date − the due date of the earliest period not fully
 * paid by then. On or after today no recorded payment is later than the date, so that period is the loan's
 * next_due_on, kept exact by the repayment allocation: loans being repaid or in default, served by the
 * partial index on next_due_on. For a past date the period is found from the payments made by then, among
 * the loans lent by then and not yet settled. The amount past due is summed for the page only.
 */
const bucketRanges = { '1-30': [1, 30], '31-60': [31, 60], '61-90': [61, 90], '90+': [91, null] } as const;

export interface AsOf {
  date: string;
  /** The date is before today: payments made after it must not count. */
  past: boolean;
}

/** Allocations of the loan `l` made by the date (all of them when the date is not in the past). */
const allocationsBy = (d: AsOf) =>
  d.past ? sql`loan_repayment_allocations a join loan_repayments r on r.id = a.repayment_id and r.paid_on <= ${d.date}::date` : sql`loan_repayment_allocations a`;

/** The due date of the earliest period of `l` not fully paid as of the date. */
function nextDue(d: AsOf): SQL {
  if (!d.past) return sql`l.next_due_on`;
  return sql`(select min(s.due_on) from loan_schedule s
                where s.loan_id = l.id
                  and s.principal_fen + s.interest_fen > coalesce((select sum(a.principal_fen + a.interest_fen) from ${allocationsBy(d)} where a.loan_id = l.id and a.k = s.k), 0))`;
}

function where(scope: Scope, q: OverdueQuery, d: AsOf, withBucket: boolean): SQL {
  const asOf = d.date;
  const due = nextDue(d);
  const lent = d.past
    ? sql`l.state in ('repaying', 'defaulted', 'settled', 'claimed', 'recovered', 'written_off') and l.disbursed_on <= ${asOf}::date and (l.settled_on is null or l.settled_on > ${asOf}::date)`
    : sql`l.state in ('repaying', 'defaulted')`;
  const parts: SQL[] = [lent, sql`${due} < ${asOf}::date`, loanScopeSql(scope)];
  if (q.programmeId) parts.push(sql`l.programme_id = ${q.programmeId}`);
  if (q.orgId) {
    const p = sql`(select path from org_units where id = ${q.orgId})`;
    parts.push(sql`(l.org_path <@ ${p} or l.partner_paths <@ ${p})`);
  }
  if (withBucket && q.bucket) {
    const [min, max] = bucketRanges[q.bucket];
    parts.push(sql`${due} <= ${asOf}::date - ${min}::int`);
    if (max !== null) parts.push(sql`${due} >= ${asOf}::date - ${max}::int`);
  }
  return sql.join(parts, sql` and `);
}

/** Principal and interest of the periods due before the date, less what was paid against them by then. */
const overdueAmount = (d: AsOf) => sql`(
  select coalesce(sum(s.principal_fen + s.interest_fen), 0)::bigint
       - coalesce((select sum(a.principal_fen + a.interest_fen) from ${allocationsBy(d)}
                    join loan_schedule s2 on s2.loan_id = a.loan_id and s2.k = a.k
                   where a.loan_id = l.id and s2.due_on < ${d.date}::date), 0)::bigint
    from loan_schedule s where s.loan_id = l.id and s.due_on < ${d.date}::date)`;

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

export async function listOverdue(tx: DbOrTx, scope: Scope, q: OverdueQuery, d: AsOf): Promise<{ rows: OverdueRow[]; total: number }> {
  const w = where(scope, q, d, true);
  const asOf = d.date;
  const due = nextDue(d);
  const rows = await tx.execute<OverdueRow>(sql`
    select l.id, l.reference, l.programme_id, pg.name as programme_name, pr.name as product_name, l.member_id, m.name as borrower_name,
           l.enterprise_name, l.org_id, o.name as org_name, d.name as district_name, l.state, l.model_worker_level, l.priority,
           l.amount_requested_fen, l.approved_amount_fen, l.principal_outstanding_fen, (${asOf}::date - ${due}) as days_past_due,
           b.name as bank_name, l.submitted_at, l.disbursed_on, ${due} as next_due_on, ${overdueAmount(d)} as overdue_amount_fen
      from loans l
      join loan_programmes pg on pg.id = l.programme_id
      join loan_products pr on pr.id = l.product_id
      join members m on m.id = l.member_id
      join org_units o on o.id = l.org_id
      left join org_units d on d.id = l.district_id
      left join org_units b on b.id = l.bank_org_id
     where ${w}
     order by ${d.past ? sql`next_due_on` : sql`l.next_due_on`}, l.id
     limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await tx.execute<{ n: number }>(sql`select count(*)::int as n from loans l where ${w}`);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function overdueBuckets(tx: DbOrTx, scope: Scope, q: OverdueQuery, d: AsOf) {
  const res = await tx.execute<{ bucket: string; n: number; outstanding: number; overdue: number }>(sql`
    select case when d <= 30 then '1-30' when d <= 60 then '31-60' when d <= 90 then '61-90' else '90+' end as bucket,
           count(*)::int as n, coalesce(sum(outstanding), 0)::bigint as outstanding, coalesce(sum(overdue), 0)::bigint as overdue
      from (select (${d.date}::date - ${nextDue(d)}) as d, l.principal_outstanding_fen as outstanding, ${overdueAmount(d)} as overdue
              from loans l where ${where(scope, q, d, false)}) x
     group by 1`);
  return res.rows;
}
