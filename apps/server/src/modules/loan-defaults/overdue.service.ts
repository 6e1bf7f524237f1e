import { overdueBucket } from '@tongxing/domain';
import type { OverdueList, OverdueQuery } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { requireValidDates, scopeOf } from '../loan-repayments/loan-money-access';
import * as repo from './overdue.repository';

const buckets = ['1-30', '31-60', '61-90', '90+'] as const;
type Bucket = (typeof buckets)[number];

export async function listOverdue(deps: AppDeps, ctx: ActorContext, q: OverdueQuery): Promise<OverdueList> {
  const scope = scopeOf(ctx);
  requireValidDates({ asOf: q.asOf });
  const today = shanghaiDate(deps.clock());
  const asOf = q.asOf ?? today;
  const d = { date: asOf, past: asOf < today };
  const [{ rows, total }, summary] = await Promise.all([repo.listOverdue(deps.db, scope, q, d), repo.overdueBuckets(deps.db, scope, q, d)]);
  return {
    asOf,
    total,
    items: rows.map((r) => ({
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
      state: r.state as OverdueList['items'][number]['state'],
      stepIndex: null,
      stepName: null,
      daysInStep: null,
      overSla: false,
      modelWorkerLevel: r.model_worker_level,
      priority: r.priority,
      amountRequestedFen: r.amount_requested_fen,
      approvedAmountFen: r.approved_amount_fen,
      principalOutstandingFen: r.principal_outstanding_fen,
      daysPastDue: r.days_past_due,
      bankName: r.bank_name,
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      disbursedOn: r.disbursed_on,
      bucket: overdueBucket(r.days_past_due) as Bucket,
      overdueAmountFen: r.overdue_amount_fen,
      nextDueOn: r.next_due_on,
    })),
    buckets: buckets.map((b) => {
      const s = summary.find((x) => x.bucket === b);
      return { bucket: b, count: s?.n ?? 0, principalOutstandingFen: s?.outstanding ?? 0, overdueAmountFen: s?.overdue ?? 0 };
    }),
  };
}
