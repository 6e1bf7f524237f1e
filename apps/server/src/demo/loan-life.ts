import { applyBps, buildSchedule, daysBetween, interestDueBy, interestSubsidyCapBps, overdueAsOf, principalOutstandingOf, shareLoss, unionRecoveryShare, type LoanState, type PeriodPosition } from '@tongxing/domain';
import type { Application } from './loan-applications';
import { BRANCH_LIMIT_FEN, referenceRateOn, reviewComments, type Party, type ProductSpec, type ProgrammeSpec } from './loan-catalogue';
import { addFollowUps, type RiskFlag } from './loan-follow-up';
import { addDays, playRepayments, type Behaviour } from './loan-money';
import type { LedgerLine, LoanBook } from './loan-rows';

/**
 * One loan's whole life written into the book: the application, every review step taken (who, when,
 * decision, comment, the step's numbers), the disbursement (maker, checker), the schedule (buildSchedule),
 * repayments with their allocations, subsidies earned with their ledger postings, a default and its claim,
 * and the follow-up visits. Times are days before the seeding day, in office hours (Asia/Shanghai).
 */
export interface Unit {
  id: number;
  path: string;
  name: string;
}

export interface Actor {
  userId: number | null;
  name: string;
  orgId: number;
}

/** A programme's product and the units and people its loans pass through. */
export interface Setting {
  today: string;
  programmeId: number;
  programme: ProgrammeSpec;
  productId: number;
  product: ProductSpec;
  city: Unit;
  bankBranch: Unit;
  bankHead: Unit;
  cover: Unit;
  people: { city: Actor; city2: Actor; bank: Actor; bank2: Actor; bankHead: Actor; cover: Actor; system: Actor };
}

export interface Borrower {
  memberId: number;
  name: string;
  org: Unit;
  district: Unit;
  modelWorkerLevel: string;
  /** Who entered and submitted the application (the member in the portal, or a cadre for them). */
  applicant: Actor;
  createdBy: number | null;
  recommender: Actor;
  districtCadre: Actor;
  visitor: number | null;
}

export type Outcome =
  | { state: 'draft' }
  | { state: 'submitted' | 'in_review' | 'returned' | 'rejected'; step: number }
  | { state: 'withdrawn'; step: number | null }
  | { state: 'approved'; recorded: boolean }
  | { state: 'lent'; disbursedOn: string; behaviour: Behaviour; end?: 'defaulted' | 'claimed' | 'recovered' | 'written_off'; flag?: RiskFlag };

type Row = Record<string, unknown>;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Event times: whole days before today, minutes rising through office hours within a day. */
class Timeline {
  private day = Number.POSITIVE_INFINITY;
  private minute = 0;
  constructor(private readonly today: string, private readonly rand: () => number) {}
  at(daysAgo: number): string {
    if (daysAgo !== this.day) {
      this.day = daysAgo;
      this.minute = 510 + Math.floor(this.rand() * 240);
    } else this.minute = Math.min(this.minute + 5 + Math.floor(this.rand() * 80), 1_079);
    return `${addDays(this.today, -daysAgo)}T${pad(Math.floor(this.minute / 60))}:${pad(this.minute % 60)}:${pad(Math.floor(this.rand() * 60))}+08:00`;
  }
}

const dayOf = (ts: string) => ts.slice(0, 10);

/** Ledger memos name the loan by its reference, which is given once all loans exist (see demo-loans.ts). */
export const REF = '{ref}';

export function addLoan(book: LoanBook, s: Setting, b: Borrower, app: Application, outcome: Outcome, rand: () => number): number {
  const loan = book.loans.length;
  const { product, today } = s;
  const steps = product.pipeline;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const mw = b.modelWorkerLevel !== 'none';
  const priority = mw && product.modelWorker.priority;
  const tl = new Timeline(today, rand);
  const event = (at: string, e: Row) => book.events.push({ loan_id: loan, at, step_index: null, step_key: null, comment: null, data: null, ...e });
  const by = (a: Actor) => ({ actor_user_id: a.userId, actor_name: a.name, actor_org_id: a.orgId });

  // The amounts the steps settle on: the city may trim the request; the bank keeps the city's figure.
  const trimmed = rand() < 0.12 ? Math.max(product.minAmountFen, app.amountRequestedFen - (app.amountRequestedFen > 20_000_000 ? 5_000_000 : 1_000_000)) : app.amountRequestedFen;
  const approvedAmount = trimmed;
  const bankUnit = approvedAmount > BRANCH_LIMIT_FEN ? s.bankHead : s.bankBranch;
  const partyActor = (p: Party): Actor =>
    p === 'recommending_union' ? b.recommender : p === 'district' ? b.districtCadre : p === 'city' ? (rand() < 0.75 ? s.people.city : s.people.city2) : p === 'bank' ? (bankUnit === s.bankHead ? s.people.bankHead : s.people.bank) : s.people.cover;
  const partyUnit = (p: Party): Unit => (p === 'recommending_union' ? b.org : p === 'district' ? b.district : p === 'city' ? s.city : p === 'bank' ? bankUnit : s.cover);

  // How far the pipeline got, and the gaps (days) between the events that got it there.
  const reached = outcome.state === 'approved' || outcome.state === 'lent' ? steps.length : outcome.state === 'draft' ? -1 : outcome.state === 'withdrawn' ? (outcome.step ?? -1) : outcome.step;
  const stepGap = () => (priority ? (rand() < 0.7 ? 0 : 1) : pick([0, 1, 1, 2, 2, 3, 4, 6]));
  const returnedAt = new Set<number>();
  for (let i = 0; i < reached; i++) if (rand() < 0.06) returnedAt.add(i);
  const gaps = { draft: rand() < 0.6 ? 0 : 1 + Math.floor(rand() * 3), steps: Array.from({ length: Math.max(reached, 0) }, stepGap), returns: [...returnedAt].map(() => 2 + Math.floor(rand() * 4)) };
  let anchor: number; // days ago of the last moment of the review story
  let tail: number; // days from entering the current step to that moment
  if (outcome.state === 'lent') {
    anchor = daysBetween(outcome.disbursedOn, today);
    tail = 1 + Math.floor(rand() * 4);
  } else if (outcome.state === 'rejected' || outcome.state === 'withdrawn') {
    anchor = 3 + Math.floor(rand() * 300);
    tail = stepGap();
  } else if (outcome.state === 'approved') {
    anchor = 1;
    tail = Math.floor(rand() * 5);
  } else {
    // Waiting now: some past the step's service level, so the queues show the highlight.
    const sla = outcome.state === 'draft' ? 10 : steps[outcome.step]!.slaDays;
    anchor = 1;
    tail = rand() < 0.2 ? sla + 1 + Math.floor(rand() * 6) : Math.floor(rand() * sla);
  }
  let daysAgo = anchor + tail + gaps.steps.reduce((x, y) => x + y, 0) + gaps.returns.reduce((x, y) => x + y, 0) + gaps.draft;
  const createdAt = tl.at(daysAgo);
  let submittedAt: string | null = null;
  let lastAt = createdAt;
  let enteredAt: string | null = null;
  const facts: Row = { approved_amount_fen: null, annual_rate_bps: null, term_months: null, repayment_method: null, contract_no: null, policy_no: null, guarantee_no: null };
  let premiumOn: string | null = null;
  const year = (ts: string) => ts.slice(0, 4);

  if (outcome.state !== 'draft' && !(outcome.state === 'withdrawn' && outcome.step === null)) {
    daysAgo -= gaps.draft;
    submittedAt = lastAt = enteredAt = tl.at(daysAgo);
    event(submittedAt, { event: 'submit', from_state: 'draft', to_state: 'submitted', step_index: 0, step_key: steps[0]!.key, ...by(b.applicant) });
    let r = 0;
    for (let i = 0; i < reached; i++) {
      const step = steps[i]!;
      const from = i === 0 ? 'submitted' : 'in_review';
      if (returnedAt.has(i)) {
        daysAgo -= Math.max(gaps.steps[i]! - 1, 0);
        event(tl.at(daysAgo), { event: 'return', from_state: from, to_state: 'returned', step_index: i, step_key: step.key, comment: pick(reviewComments.return), ...by(partyActor(step.party)) });
        daysAgo -= gaps.returns[r++]!;
        event(tl.at(daysAgo), { event: 'resubmit', from_state: 'returned', to_state: from, step_index: i, step_key: step.key, comment: '已按要求补充材料。', ...by(b.applicant) });
        daysAgo -= Math.min(gaps.steps[i]!, 1);
      } else daysAgo -= gaps.steps[i]!;
      const at = tl.at(daysAgo);
      const actor = partyActor(step.party);
      let data: Row | null = null;
      if (step.party === 'city') data = { approvedAmountFen: approvedAmount };
      if (step.party === 'insurer') data = { policyNo: (facts.policy_no = `PCZC${year(at)}3204${pad(loan + 1, 8)}`) };
      if (step.party === 'guarantor') data = { guaranteeNo: (facts.guarantee_no = `龙担保字〔${year(at)}〕第${pad(loan + 1, 4)}号`) };
      if (step.party === 'city' || step.party === 'bank') facts.approved_amount_fen = approvedAmount;
      if (step.party === 'insurer' || step.party === 'guarantor') premiumOn = dayOf(at);
      if (step.party === 'bank') {
        Object.assign(facts, {
          annual_rate_bps: product.rateKind === 'fixed' ? product.annualRateBps : referenceRateOn(dayOf(at)) + (product.spreadBps ?? 0),
          term_months: app.termRequestedMonths,
          repayment_method: product.repaymentMethod,
          contract_no: `同舟常借字（${year(at)}）第${pad(loan + 1, 6)}号`,
        });
        data = { contractNo: facts.contract_no, approvedAmountFen: approvedAmount, annualRateBps: facts.annual_rate_bps, termMonths: app.termRequestedMonths };
      }
      const to = i + 1 < steps.length ? 'in_review' : 'approved';
      const comment = rand() < 0.6 ? pick(reviewComments.approve[step.party]) : null;
      event(at, { event: 'approve_step', from_state: from, to_state: to, step_index: i, step_key: step.key, comment, data, ...by(actor) });
      lastAt = enteredAt = at;
    }
  }

  // Where the loan stands now.
  let state: LoanState = 'draft';
  let stepIndex: number | null = null;
  let stepUnit: Unit | null = null;
  if (outcome.state === 'submitted' || outcome.state === 'in_review' || outcome.state === 'returned' || outcome.state === 'rejected') {
    const step = steps[outcome.step]!;
    state = outcome.state === 'submitted' ? 'submitted' : outcome.state === 'in_review' ? 'in_review' : outcome.state;
    const from = outcome.step === 0 ? 'submitted' : 'in_review';
    if (outcome.state === 'returned' || outcome.state === 'rejected') {
      daysAgo -= tail;
      lastAt = tl.at(daysAgo);
      const kind = outcome.state === 'returned' ? 'return' : 'reject';
      event(lastAt, { event: kind, from_state: from, to_state: state, step_index: outcome.step, step_key: step.key, comment: pick(reviewComments[kind]), ...by(partyActor(step.party)) });
    }
    if (outcome.state !== 'rejected') {
      stepIndex = outcome.step;
      stepUnit = partyUnit(step.party);
      if (outcome.state === 'returned') enteredAt = lastAt;
    }
  } else if (outcome.state === 'withdrawn') {
    state = 'withdrawn';
    daysAgo -= outcome.step === null ? gaps.draft + tail : tail;
    lastAt = tl.at(daysAgo);
    const from = outcome.step === null ? 'draft' : outcome.step === 0 ? 'submitted' : 'in_review';
    event(lastAt, { event: 'withdraw', from_state: from, to_state: 'withdrawn', step_index: outcome.step, comment: pick(reviewComments.withdraw), ...by(b.applicant) });
  } else if (outcome.state === 'approved') state = 'approved';

  const row: Row = {
    id: loan, reference: null, programme_id: s.programmeId, product_id: s.productId, member_id: b.memberId, org_id: b.org.id, org_path: b.org.path, district_id: b.district.id,
    partner_paths: [s.bankBranch.path, s.cover.path], bank_org_id: s.bankBranch.id,
    insurer_org_id: s.programme.cover === 'insurer' ? s.cover.id : null, guarantor_org_id: s.programme.cover === 'guarantor' ? s.cover.id : null,
    borrower_type: app.borrowerType, amount_requested_fen: app.amountRequestedFen, term_requested_months: app.termRequestedMonths, purpose: app.purpose,
    enterprise_name: app.enterpriseName, enterprise_credit_code: app.enterpriseCreditCode,
    // The enterprise's age is drawn as of today; counted back from the application instead, it was founded before applying.
    enterprise_founded_on: app.enterpriseFoundedOn && addDays(createdAt.slice(0, 10), -daysBetween(app.enterpriseFoundedOn, today)),
    enterprise_employees: app.enterpriseEmployees, enterprise_industry: app.enterpriseIndustry, jobs_expected: app.jobsExpected, declares_no_bad_credit: true,
    model_worker_level: b.modelWorkerLevel, priority, state, step_index: stepIndex, step_org_id: stepUnit?.id ?? null, step_org_path: stepUnit?.path ?? null,
    step_entered_at: stepUnit ? enteredAt : null, ...facts, disbursed_on: null, maturity_on: null, principal_outstanding_fen: 0, next_due_on: null,
    settled_on: null, defaulted_on: null, jobs_created: 0, created_by: b.createdBy, submitted_at: submittedAt, created_at: createdAt, updated_at: lastAt,
  };
  book.loans.push(row);

  const capBps = interestSubsidyCapBps(product.subsidy, product.modelWorker, b.modelWorkerLevel);
  const premiumBps = mw && product.modelWorker.premiumBps !== null ? product.modelWorker.premiumBps : product.subsidy.premiumBps;
  if (premiumOn && premiumBps > 0) {
    const what = s.programme.cover === 'insurer' ? '保费' : '担保费';
    earn(book, s, loan, 'premium', 0, applyBps(approvedAmount, premiumBps), premiumOn, s.people.cover.userId, `${REF} ${what}补贴`);
  }

  if (outcome.state === 'approved' && outcome.recorded) {
    // Recorded by the maker yesterday; waiting for the checker (bank2).
    const on = addDays(today, -1);
    const ref = `FK${on.replaceAll('-', '')}${pad(loan + 1, 6)}`;
    book.disbursements.push({ loan_id: loan, amount_fen: approvedAmount, disbursed_on: on, bank_txn_ref: ref, status: 'recorded', recorded_by: s.people.bank.userId, recorded_at: `${on}T15:12:00+08:00`, confirmed_by: null, confirmed_at: null });
    event(`${on}T15:12:00+08:00`, { event: 'record_disbursement', from_state: 'approved', to_state: 'approved', data: { amountFen: approvedAmount, disbursedOn: on, bankTxnRef: ref }, ...by(s.people.bank) });
    row.updated_at = `${on}T15:12:00+08:00`;
  }
  if (outcome.state === 'lent') lend(book, s, b, app, outcome, row, capBps, rand);
  return loan;
}

function earn(book: LoanBook, s: Setting, loan: number, kind: 'premium' | 'interest', k: number, amount: number, on: string, by: number | null, memo: string) {
  book.subsidyItems.push({ loan_id: loan, programme_id: s.programmeId, kind, k, amount_fen: amount, earned_on: on, batch_id: null });
  post(book, s.programmeId, `${kind}_subsidy`, loan, on, by, memo, [
    { account: `${kind}_subsidy_expense`, debitFen: amount, creditFen: 0 },
    { account: 'subsidies_payable', debitFen: 0, creditFen: amount },
  ]);
}

export function post(book: LoanBook, programmeId: number, kind: string, loan: number | null, on: string, by: number | null, memo: string, lines: LedgerLine[], batch: number | null = null) {
  book.ledger.push({ programme_id: programmeId, kind, loan_id: loan, batch_id: batch, memo, posted_on: on, posted_at: `${on}T17:30:00+08:00`, posted_by: by, lines });
}

/** Disbursement (maker bank, checker bank2), schedule, repayments, interest subsidies, the end of the story, visits. */
function lend(book: LoanBook, s: Setting, b: Borrower, app: Application, o: Extract<Outcome, { state: 'lent' }>, row: Row, capBps: number | null, rand: () => number) {
  const loan = row.id as number;
  const { today } = s;
  const amount = row.approved_amount_fen as number;
  const on = o.disbursedOn;
  const ref = `FK${on.replaceAll('-', '')}${pad(loan + 1, 6)}`;
  const bank = s.people.bank;
  book.disbursements.push({ loan_id: loan, amount_fen: amount, disbursed_on: on, bank_txn_ref: ref, status: 'confirmed', recorded_by: bank.userId, recorded_at: `${on}T09:05:00+08:00`, confirmed_by: s.people.bank2.userId, confirmed_at: `${on}T10:32:00+08:00` });
  const events = (at: string, e: Row) => book.events.push({ loan_id: loan, at, step_index: null, step_key: null, comment: null, data: null, ...e });
  const by = (a: Actor) => ({ actor_user_id: a.userId, actor_name: a.name, actor_org_id: a.orgId });
  events(`${on}T09:05:00+08:00`, { event: 'record_disbursement', from_state: 'approved', to_state: 'approved', data: { amountFen: amount, disbursedOn: on, bankTxnRef: ref }, ...by(bank) });
  events(`${on}T10:32:00+08:00`, { event: 'confirm_disbursement', from_state: 'approved', to_state: 'repaying', data: { amountFen: amount, disbursedOn: on, bankTxnRef: ref }, ...by(s.people.bank2) });

  const schedule = buildSchedule({ principalFen: amount, annualRateBps: row.annual_rate_bps as number, months: row.term_months as number, method: s.product.repaymentMethod, startDate: on });
  for (const r of schedule) book.schedule.push({ loan_id: loan, k: r.k, due_on: r.dueDate, opening_fen: r.openingFen, principal_fen: r.principalFen, interest_fen: r.interestFen, payment_fen: r.paymentFen });
  const money = playRepayments(schedule, today, o.behaviour, capBps, rand);
  for (const p of money.repayments) {
    const repayment = book.repayments.length;
    const late = p.paidOn > schedule.find((r) => r.k === p.allocations[0]!.k)!.dueDate;
    const recordedOn = p.paidOn < today ? addDays(p.paidOn, 1) : today;
    book.repayments.push({ id: repayment, loan_id: loan, paid_on: p.paidOn, amount_fen: p.amountFen, source: late ? 'manual' : 'import', bank_txn_ref: `HK${p.paidOn.replaceAll('-', '')}${pad(loan + 1, 6)}${pad(repayment % 100)}`, recorded_by: bank.userId, recorded_at: `${recordedOn}T09:20:00+08:00` });
    for (const a of p.allocations) book.allocations.push({ repayment_id: repayment, loan_id: loan, k: a.k, interest_fen: a.interestFen, principal_fen: a.principalFen });
  }
  for (const item of money.interestItems) earn(book, s, loan, 'interest', item.k, item.amountFen, item.earnedOn, bank.userId, `${REF} 第${item.k}期贴息`);

  let state: LoanState = money.settledOn ? 'settled' : 'repaying';
  let endedOn: string | null = money.settledOn;
  let updated = `${money.repayments.at(-1)?.paidOn ?? on}T17:30:00+08:00`;
  // The repayment that pays the last fen of principal settles the loan (as the repayment route does).
  if (money.settledOn) events(`${money.settledOn}T18:00:00+08:00`, { event: 'settle', from_state: 'repaying', to_state: 'settled', data: { paidOn: money.settledOn }, ...by(bank) });
  if (o.end) {
    const defaultedOn = addDays(money.nextDueOn!, 95 + Math.floor(rand() * 10));
    const pos = overdueAsOf(money.periods, defaultedOn);
    events(`${defaultedOn}T11:00:00+08:00`, {
      event: 'declare_default', from_state: 'repaying', to_state: 'defaulted', comment: '逾期超过90天，经多次催收仍未还款，认定违约。',
      data: { asOf: defaultedOn, daysPastDue: pos.daysPastDue, overdueAmountFen: pos.overdueAmountFen, principalOutstandingFen: money.principalOutstandingFen }, ...by(bank),
    });
    row.defaulted_on = endedOn = defaultedOn;
    updated = `${defaultedOn}T11:00:00+08:00`;
    if (o.end !== 'defaulted') updated = claim(book, s, o.end, row, money.periods, defaultedOn, rand);
    state = o.end;
  }
  const last = schedule.at(-1)!;
  Object.assign(row, {
    state, disbursed_on: on, maturity_on: last.dueDate, principal_outstanding_fen: money.principalOutstandingFen, next_due_on: money.nextDueOn,
    settled_on: money.settledOn, updated_at: updated,
  });
  const troubled = o.end !== undefined || (money.nextDueOn !== null && money.nextDueOn < today);
  row.jobs_created = addFollowUps(
    book,
    { loan, disbursedOn: on, maturityOn: last.dueDate, endedOn, orgId: b.org.id, orgPath: b.org.path, jobsExpected: app.jobsExpected, purpose: app.purpose, troubled, visitor: b.visitor },
    s.product.visitPlan,
    today,
    rand,
    o.flag ?? null,
  );
}

/**
 * The claim on a defaulted loan as the money engineer's routes write it: the loss (principal still owed plus
 * the interest due by the default and unpaid) split by the risk shares, the union's share booked and paid,
 * then recoveries (the union's part back into the fund) and, for what stays lost, the write-off.
 */
function claim(book: LoanBook, s: Setting, end: 'claimed' | 'recovered' | 'written_off', row: Row, periods: PeriodPosition[], defaultedOn: string, rand: () => number): string {
  const loan = row.id as number;
  const city = s.people.city;
  const by = { actor_user_id: city.userId, actor_name: city.name, actor_org_id: city.orgId };
  const ev = (at: string, e: Row) => book.events.push({ loan_id: loan, at, step_index: null, step_key: null, comment: null, data: null, ...by, ...e });
  const loss = principalOutstandingOf(periods) + interestDueBy(periods, defaultedOn);
  const shares = shareLoss(loss, s.product.riskShares);
  const claimedOn = addDays(defaultedOn, 12 + Math.floor(rand() * 8));
  const paidOn = addDays(claimedOn, 5);
  const paymentRef = `DC${paidOn.replaceAll('-', '')}${pad(loan + 1, 6)}`;
  ev(`${claimedOn}T10:15:00+08:00`, { event: 'claim', from_state: 'defaulted', to_state: 'claimed', comment: '按风险分担比例理赔。', data: { claimedOn, lossFen: loss, shares } });
  post(book, s.programmeId, 'claim', loan, claimedOn, city.userId, `${REF} 风险代偿（工会分担）`, [
    { account: 'default_loss_expense', debitFen: shares.union, creditFen: 0 },
    { account: 'claims_payable', debitFen: 0, creditFen: shares.union },
  ]);
  ev(`${paidOn}T15:00:00+08:00`, { event: 'claim_paid', from_state: 'claimed', to_state: 'claimed', data: { paidOn, paymentRef, amountFen: shares.union } });
  post(book, s.programmeId, 'claim_payment', loan, paidOn, city.userId, `${REF} 代偿款支付（${paymentRef}）`, [
    { account: 'claims_payable', debitFen: shares.union, creditFen: 0 },
    { account: 'fund_cash', debitFen: 0, creditFen: shares.union },
  ]);
  let recovered = 0;
  let last = `${paidOn}T15:00:00+08:00`;
  if (end !== 'claimed') {
    // Recovered in full through the court, or a part from the collateral before the rest is written off.
    const amount = end === 'recovered' ? loss : Math.round(loss * 0.2);
    const on = addDays(paidOn, 40 + Math.floor(rand() * 30));
    const unionPart = unionRecoveryShare(0, amount, { lossFen: loss, unionShareFen: shares.union });
    recovered = amount;
    const data = { amountFen: amount, receivedOn: on, unionShareFen: unionPart, recoveredFen: amount };
    if (end === 'recovered') ev(`${on}T14:00:00+08:00`, { event: 'recover', from_state: 'claimed', to_state: 'recovered', comment: '经法院强制执行，欠款全部追回。', data });
    else ev(`${on}T14:00:00+08:00`, { event: 'recovery', from_state: 'claimed', to_state: 'claimed', comment: '处置抵押物追回部分款项。', data });
    post(book, s.programmeId, 'recovery', loan, on, city.userId, `${REF} 追偿收回（工会分担部分）`, [
      { account: 'fund_cash', debitFen: unionPart, creditFen: 0 },
      { account: 'recovery_income', debitFen: 0, creditFen: unionPart },
    ]);
    last = `${on}T14:00:00+08:00`;
    if (end === 'written_off') {
      const off = addDays(on, 30);
      ev(`${off}T10:00:00+08:00`, { event: 'write_off', from_state: 'claimed', to_state: 'written_off', comment: '借款人无可执行财产，经审批核销剩余损失。', data: { writtenOffFen: loss - recovered } });
      last = `${off}T10:00:00+08:00`;
    }
  }
  book.claims.push({
    loan_id: loan, loss_fen: loss, union_share_fen: shares.union, insurer_share_fen: shares.insurer, bank_share_fen: shares.bank, guarantor_share_fen: shares.guarantor,
    recovered_fen: recovered, written_off_fen: end === 'written_off' ? loss - recovered : 0, claimed_at: `${claimedOn}T10:15:00+08:00`, created_at: `${claimedOn}T10:15:00+08:00`,
  });
  return last;
}
