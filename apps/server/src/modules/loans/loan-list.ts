import type pg from 'pg';
import type { Lang, LoanListItem, LoanListQuery } from '@tongxing/contracts';
import { daysBetween, type LoanState, type Scope } from '@tongxing/domain';
import type { Actor } from '../../lib/context';
import { likePattern, offsetOf } from '../../lib/pagination';
import { loanScope } from './loans.repository';

const DAY_MS = 86_400_000;

/** The columns every list shows, joined once per page row. */
export const LIST_COLUMNS = `
  l.id, l.reference, l.programme_id, pg.name as programme_name, p.name as product_name, l.member_id, m.name as borrower_name,
  l.enterprise_name, l.org_id, o.name as org_name, d.name as district_name, l.state, l.step_index,
  p.pipeline -> l.step_index as step, l.step_entered_at, l.model_worker_level, l.priority, l.amount_requested_fen,
  l.approved_amount_fen, l.principal_outstanding_fen, l.next_due_on, b.name as bank_name, l.submitted_at, l.disbursed_on`;

export const LIST_JOINS = `
  join loan_programmes pg on pg.id = l.programme_id
  join loan_products p on p.id = l.product_id
  join members m on m.id = l.member_id
  join org_units o on o.id = l.org_id
  left join org_units d on d.id = l.district_id
  left join org_units b on b.id = l.bank_org_id`;

export interface ListRow {
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
  step_index: number | null;
  step: { nameZh: string; nameEn: string; slaDays: number } | null;
  step_entered_at: Date | null;
  model_worker_level: string;
  priority: boolean;
  amount_requested_fen: number;
  approved_amount_fen: number | null;
  principal_outstanding_fen: number;
  next_due_on: string | null;
  bank_name: string | null;
  submitted_at: Date | null;
  disbursed_on: string | null;
}

const waiting = new Set(['submitted', 'in_review', 'returned']);

/** Days past due as of a business date: only a lent loan still owing can be past due. */
export function daysPastDue(state: string, nextDueOn: string | null, asOf: string): number {
  if ((state !== 'repaying' && state !== 'defaulted') || !nextDueOn) return 0;
  return Math.max(0, daysBetween(nextDueOn, asOf));
}

export function toListItem(r: ListRow, lang: Lang, now: Date, asOf: string): LoanListItem {
  const inStep = waiting.has(r.state) && r.step !== null;
  const elapsed = inStep && r.step_entered_at ? now.getTime() - r.step_entered_at.getTime() : null;
  return {
    id: r.id,
    reference: r.reference,
    programmeId: r.programme_id,
    programmeName: r.programme_name,
    productName: r.product_name,
    memberId: r.member_id,
    borrowerName: r.borrower_name,
    enterpriseName: r.enterprise_name,
    orgId: r.org_id,
    orgName: r.org_name,
    districtName: r.district_name,
    state: r.state as LoanState,
    stepIndex: inStep ? r.step_index : null,
    stepName: inStep ? (lang === 'en' ? r.step!.nameEn : r.step!.nameZh) : null,
    daysInStep: elapsed === null ? null : Math.max(0, Math.floor(elapsed / DAY_MS)),
    // The returned loan waits on the applicant, not on the step's party: no service level runs.
    overSla: elapsed !== null && r.state !== 'returned' && elapsed > r.step!.slaDays * DAY_MS,
    modelWorkerLevel: r.model_worker_level,
    priority: r.priority,
    amountRequestedFen: r.amount_requested_fen,
    approvedAmountFen: r.approved_amount_fen,
    principalOutstandingFen: r.principal_outstanding_fen,
    daysPastDue: daysPastDue(r.state, r.next_due_on, asOf),
    bankName: r.bank_name,
    submittedAt: r.submitted_at ? r.submitted_at.toISOString() : null,
    disbursedOn: r.disbursed_on,
  };
}

/**
 * "My queue": what waits on the actor's own unit — review steps whose party the unit is, approved loans
 * waiting for the bank to record the disbursement, and disbursements recorded by someone else waiting for
 * this officer's confirmation. Partner steps read the unit stored when the loan entered the step.
 */
function queueClause(actor: Actor, params: unknown[]): string {
  // Parameters are added only when a condition uses them: an unused one has no type PostgreSQL can infer.
  const param = (v: unknown, cast: string) => {
    params.push(v);
    return `$${params.length}::${cast}`;
  };
  const org = () => param(actor.orgId, 'int');
  const path = () => param(actor.orgPath, 'ltree');
  const party = `(p.pipeline -> l.step_index ->> 'party')`;
  const parts: string[] = [];
  const union = ['street_federation', 'community_federation', 'grassroots_union', 'branch'].includes(actor.orgKind);
  if (union) parts.push(`(${party} = 'recommending_union' and l.org_path <@ ${path()})`);
  if (actor.orgKind === 'district_union') parts.push(`(${party} = 'district' and l.district_id = ${org()})`);
  if (actor.orgKind === 'city_federation') parts.push(`(${party} = 'city' and l.org_path <@ ${path()})`);
  if (['bank', 'insurer', 'guarantor'].includes(actor.orgKind)) {
    const fallback = `case ${party} when 'bank' then l.bank_org_id when 'insurer' then l.insurer_org_id else l.guarantor_org_id end`;
    parts.push(`(${party} = '${actor.orgKind}' and coalesce(l.step_org_id, ${fallback}) = ${org()})`);
  }
  const review = parts.length > 0 ? `(l.state in ('submitted','in_review') and (${parts.join(' or ')}))` : 'false';
  if (actor.orgKind !== 'bank') return review;
  // A count per approved loan rather than NOT EXISTS: inside the OR, the planner would otherwise hash every
  // disbursement ever recorded before the first row (a seq scan growing with the book), to test a few hundred loans.
  const disbursement = `(l.state = 'approved' and (select bu.path from org_units bu where bu.id = l.bank_org_id) <@ ${path()}
     and (select count(*) from loan_disbursements x where x.loan_id = l.id and (x.status = 'confirmed' or (x.status = 'recorded' and x.recorded_by = ${param(actor.userId, 'int')}))) = 0)`;
  return `(${review} or ${disbursement})`;
}

/** A scoped, filtered page of loans; `memberId` limits it to one borrower's own (the portal). */
export async function listLoans(pool: pg.Pool, actor: Actor, scope: Scope, q: LoanListQuery, asOf: string, memberId?: number) {
  const params: unknown[] = [];
  const where = [loanScope(scope, params)];
  if (memberId !== undefined) {
    params.push(memberId);
    where.push(`l.member_id = $${params.length}`);
  }
  const states = q.state === undefined ? [] : Array.isArray(q.state) ? q.state : [q.state];
  if (states.length > 0) {
    params.push(states);
    where.push(`l.state = any($${params.length}::varchar[])`);
  }
  if (q.programmeId) {
    params.push(q.programmeId);
    where.push(`l.programme_id = $${params.length}`);
  }
  if (q.orgId) {
    params.push(q.orgId);
    const n = params.length;
    where.push(`(l.org_path <@ (select path from org_units where id = $${n}) or l.partner_paths <@ (select path from org_units where id = $${n}))`);
  }
  if (q.q) {
    params.push(likePattern(q.q));
    const n = params.length;
    where.push(`(l.reference ilike $${n} or l.enterprise_name ilike $${n} or exists (select 1 from members mq where mq.id = l.member_id and mq.name ilike $${n}))`);
  }
  if (q.overdue) {
    params.push(asOf);
    where.push(`l.state in ('repaying','defaulted') and l.next_due_on < $${params.length}::date`);
  }
  if (q.queue === 'mine') where.push(queueClause(actor, params));
  const whereText = where.join(' and ');
  // Queues: model workers first, then whoever has waited longest; other lists: newest first.
  const order = q.queue === 'mine' ? 'l.priority desc, l.step_entered_at asc nulls last, l.id' : 'l.id desc';
  const pageParams = [...params, q.pageSize, offsetOf(q.page, q.pageSize)];
  const [rows, total] = await Promise.all([
    pool.query<ListRow>(
      `select ${LIST_COLUMNS}
         from (select l.* from loans l join loan_products p on p.id = l.product_id where ${whereText}
                order by ${order} limit $${pageParams.length - 1} offset $${pageParams.length}) l
         ${LIST_JOINS}
        order by ${order}`,
      pageParams,
    ),
    pool.query<{ n: number }>(`select count(*)::int as n from loans l join loan_products p on p.id = l.product_id where ${whereText}`, params),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}
