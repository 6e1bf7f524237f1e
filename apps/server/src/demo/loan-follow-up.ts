import { plannedVisits, type VisitPlan } from '@tongxing/domain';
import { addDays } from './loan-money';
import type { LoanBook } from './loan-rows';

/**
 * A lent loan's follow-up visits (回访): the plan's visits from the disbursement (plannedVisits, as
 * planVisits writes them at confirmation), recorded by the borrower's union as they fell due — most done with
 * their record, a few recent ones still open (overdue), those after an early settlement missed.
 */
export interface FollowUpLoan {
  loan: number;
  disbursedOn: string;
  maturityOn: string;
  /** The day the loan stopped running (settled, defaulted), after which visits are no longer made. */
  endedOn: string | null;
  orgId: number;
  orgPath: string;
  jobsExpected: number;
  purpose: string;
  troubled: boolean;
  /** Who records the visits (a cadre of the union chain), when the demo has such an account. */
  visitor: number | null;
}

export interface RiskFlag {
  note: string;
  alertUnits: { id: number; path: string }[];
  message: string;
}

const problems = ['原材料价格上涨，利润空间收窄。', '招工难，熟练工流动性大。', '下游客户回款周期较长。', '门店租金上涨。'];
const help = ['希望工会协助对接用工招聘会。', '希望了解稳岗补贴政策。', '希望推荐参加创业培训。', '希望协调解决场地问题。'];

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

/** Adds the loan's visits to the book; returns the jobs created by the latest record (0 if none yet). */
export function addFollowUps(book: LoanBook, l: FollowUpLoan, plan: VisitPlan, today: string, rand: () => number, flag: RiskFlag | null): number {
  const visits = plannedVisits(l.disbursedOn, l.maturityOn, plan);
  let jobs = 0;
  let lastDone = -1;
  // A flagged loan's latest visit that fell due was made (it is the one that found the risk).
  const lastDue = flag ? visits.filter((v) => v.dueOn <= today && (l.endedOn === null || v.dueOn <= l.endedOn)).at(-1)?.seq : undefined;
  for (const v of visits) {
    const daysOverdue = Math.round((Date.parse(today) - Date.parse(v.dueOn)) / 86_400_000);
    const row: Record<string, unknown> = {
      loan_id: l.loan, seq: v.seq, label: v.label, due_on: v.dueOn, org_id: l.orgId, org_path: l.orgPath, state: 'planned', done_on: null, done_by: null,
      operating_status: null, jobs_created: null, use_of_funds: null, risk_flag: false, risk_note: null, problems: null, help_needed: null,
      created_at: at(l.disbursedOn, '10:40'),
    };
    const ended = l.endedOn !== null && v.dueOn > l.endedOn;
    if (daysOverdue >= 0 && ended) row.state = 'missed';
    else if (daysOverdue >= 0) {
      // Recent visits are often still to be made; older ones almost always were.
      const doneShare = daysOverdue < 20 ? 0.45 : daysOverdue < 60 ? 0.8 : 0.97;
      if (rand() < doneShare || v.seq === lastDue) {
        let doneOn = addDays(v.dueOn, Math.floor(rand() * 18) - 7);
        if (doneOn > today) doneOn = today;
        if (doneOn <= l.disbursedOn) doneOn = addDays(l.disbursedOn, 1);
        const ramp = Math.min(1.3, 0.5 + 0.25 * v.seq + rand() * 0.2);
        jobs = Math.max(jobs, Math.round(l.jobsExpected * (l.troubled ? ramp * 0.6 : ramp)));
        Object.assign(row, {
          state: 'done',
          done_on: doneOn,
          done_by: l.visitor,
          operating_status: l.troubled ? (rand() < 0.5 ? 'difficult' : 'suspended') : rand() < 0.92 ? 'normal' : 'difficult',
          jobs_created: jobs,
          use_of_funds: `贷款资金已按申请用途使用（${l.purpose}）。`,
          problems: l.troubled || rand() < 0.15 ? problems[Math.floor(rand() * problems.length)] : null,
          help_needed: rand() < 0.12 ? help[Math.floor(rand() * help.length)] : null,
        });
        lastDone = book.visits.length;
      } else if (daysOverdue > 120) row.state = 'missed';
    }
    book.visits.push(row);
  }
  if (flag && lastDone >= 0) {
    const v = book.visits[lastDone]!;
    Object.assign(v, { risk_flag: true, risk_note: flag.note, operating_status: 'difficult' });
    for (const u of flag.alertUnits) {
      book.alerts.push({ org_id: u.id, org_path: u.path, kind: 'visit_risk', loan_id: l.loan, visit_id: lastDone, message: flag.message, created_at: at(v.done_on as string, '16:20') });
    }
  }
  return jobs;
}
