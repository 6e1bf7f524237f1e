import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { members } from './members';
import { orgUnits } from './orgs';
import { ltree } from './types';

const fen = (name: string) => bigint(name, { mode: 'number' });
const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 创保贷 and its siblings. Everything that differs between programmes — products, limits, rates, subsidy
 * rules, risk shares, visit plans, the review pipeline — is data in these tables, never a code branch.
 */
export const loanProgrammes = pgTable(
  'loan_programmes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 40 }).notNull(),
    name: varchar('name', { length: 60 }).notNull(),
    nameEn: varchar('name_en', { length: 80 }),
    description: varchar('description', { length: 500 }),
    fundFen: fen('fund_fen').notNull(),
    targetLendingFen: fen('target_lending_fen').notNull().default(0),
    targetEnterprises: integer('target_enterprises').notNull().default(0),
    targetEntrepreneurs: integer('target_entrepreneurs').notNull().default(0),
    targetJobs: integer('target_jobs').notNull().default(0),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('loan_programmes_code_key').on(t.code), check('loan_programmes_status_check', sql`${t.status} in ('active','closed')`)],
);

/** The programme's targets handed down the tree (district, and optionally further down). */
export const loanProgrammeTargets = pgTable(
  'loan_programme_targets',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => loanProgrammes.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    lendingFen: fen('lending_fen').notNull().default(0),
    enterprises: integer('enterprises').notNull().default(0),
    entrepreneurs: integer('entrepreneurs').notNull().default(0),
    jobs: integer('jobs').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.orgId] })],
);

export const loanProgrammePartners = pgTable(
  'loan_programme_partners',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => loanProgrammes.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    role: varchar('role', { length: 16 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.orgId] }), check('loan_programme_partners_role_check', sql`${t.role} in ('bank','insurer','guarantor')`)],
);

/**
 * A product: limits, rate, repayment method and the rules as JSON validated by the contracts' schemas
 * (eligibility, subsidy, model-worker overrides, risk shares, visit plan, review pipeline).
 */
export const loanProducts = pgTable(
  'loan_products',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => loanProgrammes.id),
    code: varchar('code', { length: 40 }).notNull(),
    name: varchar('name', { length: 60 }).notNull(),
    nameEn: varchar('name_en', { length: 80 }),
    borrowerType: varchar('borrower_type', { length: 16 }).notNull(),
    minAmountFen: fen('min_amount_fen').notNull(),
    maxAmountFen: fen('max_amount_fen').notNull(),
    minTermMonths: smallint('min_term_months').notNull(),
    maxTermMonths: smallint('max_term_months').notNull(),
    rateKind: varchar('rate_kind', { length: 16 }).notNull().default('fixed'),
    annualRateBps: integer('annual_rate_bps'),
    spreadBps: integer('spread_bps'),
    repaymentMethod: varchar('repayment_method', { length: 24 }).notNull(),
    eligibility: jsonb('eligibility').notNull(),
    subsidy: jsonb('subsidy').notNull(),
    modelWorker: jsonb('model_worker').notNull(),
    riskShares: jsonb('risk_shares').notNull(),
    visitPlan: jsonb('visit_plan').notNull(),
    pipeline: jsonb('pipeline').notNull(),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('loan_products_code_key').on(t.programmeId, t.code),
    check('loan_products_borrower_check', sql`${t.borrowerType} in ('individual','enterprise')`),
    check('loan_products_rate_kind_check', sql`${t.rateKind} in ('fixed','reference_spread')`),
    check('loan_products_method_check', sql`${t.repaymentMethod} in ('equal_instalment','equal_principal','interest_only')`),
    check('loan_products_status_check', sql`${t.status} in ('active','closed')`),
    check('loan_products_amounts_check', sql`${t.minAmountFen} > 0 and ${t.minAmountFen} <= ${t.maxAmountFen}`),
  ],
);

/** Reference rates (LPR) by effective date; a reference-plus-spread product takes the one in force at approval. */
export const referenceRates = pgTable(
  'reference_rates',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: varchar('name', { length: 40 }).notNull(),
    rateBps: integer('rate_bps').notNull(),
    effectiveOn: date('effective_on').notNull(),
  },
  (t) => [uniqueIndex('reference_rates_key').on(t.name, t.effectiveOn)],
);

/** How much a partner unit may approve; above it the step goes to its parent unit. */
export const partnerApprovalLimits = pgTable('partner_approval_limits', {
  orgId: integer('org_id')
    .primaryKey()
    .references(() => orgUnits.id),
  maxAmountFen: fen('max_amount_fen').notNull(),
  note: varchar('note', { length: 200 }),
});

/**
 * One loan from application to settlement. `org_path` is the applicant union's tree path (the union chain's
 * scope); `partner_paths` holds the paths of the bank, insurer and guarantor units it is routed to, so one
 * GiST condition serves cadres and partner staff alike.
 */
export const loans = pgTable(
  'loans',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    reference: varchar('reference', { length: 24 }).notNull(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => loanProgrammes.id),
    productId: integer('product_id')
      .notNull()
      .references(() => loanProducts.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    districtId: integer('district_id').references(() => orgUnits.id),
    partnerPaths: ltree('partner_paths').array().notNull().default(sql`'{}'::ltree[]`),
    bankOrgId: integer('bank_org_id').references(() => orgUnits.id),
    insurerOrgId: integer('insurer_org_id').references(() => orgUnits.id),
    guarantorOrgId: integer('guarantor_org_id').references(() => orgUnits.id),
    borrowerType: varchar('borrower_type', { length: 16 }).notNull(),
    amountRequestedFen: fen('amount_requested_fen').notNull(),
    termRequestedMonths: smallint('term_requested_months').notNull(),
    purpose: varchar('purpose', { length: 500 }).notNull(),
    enterpriseName: varchar('enterprise_name', { length: 100 }),
    enterpriseCreditCode: varchar('enterprise_credit_code', { length: 18 }),
    enterpriseFoundedOn: date('enterprise_founded_on'),
    enterpriseEmployees: integer('enterprise_employees'),
    enterpriseIndustry: varchar('enterprise_industry', { length: 60 }),
    jobsExpected: integer('jobs_expected').notNull().default(0),
    declaresNoBadCredit: boolean('declares_no_bad_credit').notNull().default(false),
    modelWorkerLevel: varchar('model_worker_level', { length: 16 }).notNull().default('none'),
    priority: boolean('priority').notNull().default(false),
    state: varchar('state', { length: 20 }).notNull(),
    stepIndex: smallint('step_index'),
    /** The unit holding the current step (the bank branch, or its parent when over the branch's limit). */
    stepOrgId: integer('step_org_id').references(() => orgUnits.id),
    stepOrgPath: ltree('step_org_path'),
    stepEnteredAt: ts('step_entered_at'),
    approvedAmountFen: fen('approved_amount_fen'),
    annualRateBps: integer('annual_rate_bps'),
    termMonths: smallint('term_months'),
    repaymentMethod: varchar('repayment_method', { length: 24 }),
    contractNo: varchar('contract_no', { length: 60 }),
    policyNo: varchar('policy_no', { length: 60 }),
    guaranteeNo: varchar('guarantee_no', { length: 60 }),
    disbursedOn: date('disbursed_on'),
    maturityOn: date('maturity_on'),
    principalOutstandingFen: fen('principal_outstanding_fen').notNull().default(0),
    /**
     * The due date of the earliest period not yet fully paid (null when none is left): kept by the repayment
     * allocation, so days past due = business date − next_due_on, computed at query time for any date.
     */
    nextDueOn: date('next_due_on'),
    settledOn: date('settled_on'),
    defaultedOn: date('defaulted_on'),
    jobsCreated: integer('jobs_created').notNull().default(0),
    createdBy: integer('created_by'),
    submittedAt: ts('submitted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('loans_reference_key').on(t.reference),
    index('loans_member_idx').on(t.memberId),
    index('loans_org_path_gist').using('gist', t.orgPath),
    index('loans_partner_paths_gist').using('gist', t.partnerPaths),
    index('loans_step_path_gist').using('gist', t.stepOrgPath),
    index('loans_programme_state_idx').on(t.programmeId, t.state),
    index('loans_district_idx').on(t.districtId, t.state),
    index('loans_queue_idx').on(t.state, t.stepIndex, t.priority, t.stepEnteredAt),
    index('loans_next_due_idx').on(t.nextDueOn).where(sql`${t.state} in ('repaying','defaulted')`),
    check(
      'loans_state_check',
      sql`${t.state} in ('draft','submitted','in_review','returned','approved','repaying','settled','withdrawn','rejected','defaulted','claimed','recovered','written_off')`,
    ),
    check('loans_borrower_check', sql`${t.borrowerType} in ('individual','enterprise')`),
    check('loans_amount_check', sql`${t.amountRequestedFen} > 0`),
  ],
);

/** Every step action and state change of a loan: who, when, which step, the decision and the comment. */
export const loanEvents = pgTable(
  'loan_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    at: ts('at').notNull().defaultNow(),
    event: varchar('event', { length: 32 }).notNull(),
    fromState: varchar('from_state', { length: 20 }),
    toState: varchar('to_state', { length: 20 }),
    stepIndex: smallint('step_index'),
    stepKey: varchar('step_key', { length: 40 }),
    actorUserId: integer('actor_user_id'),
    actorName: varchar('actor_name', { length: 64 }),
    actorOrgId: integer('actor_org_id'),
    comment: varchar('comment', { length: 1000 }),
    data: jsonb('data'),
  },
  (t) => [index('loan_events_loan_idx').on(t.loanId, t.id)],
);

export const loanAttachments = pgTable(
  'loan_attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    kind: varchar('kind', { length: 24 }).notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    storedFile: varchar('stored_file', { length: 300 }).notNull(),
    mime: varchar('mime', { length: 80 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    uploadedBy: integer('uploaded_by').notNull(),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [index('loan_attachments_loan_idx').on(t.loanId), check('loan_attachments_kind_check', sql`${t.kind} in ('business_licence','business_plan','id_copy','other')`)],
);

/** Recorded by one bank officer (maker), confirmed by another (checker); only then is the loan active. */
export const loanDisbursements = pgTable(
  'loan_disbursements',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    amountFen: fen('amount_fen').notNull(),
    disbursedOn: date('disbursed_on').notNull(),
    bankTxnRef: varchar('bank_txn_ref', { length: 60 }),
    status: varchar('status', { length: 16 }).notNull().default('recorded'),
    recordedBy: integer('recorded_by').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    confirmedBy: integer('confirmed_by'),
    confirmedAt: ts('confirmed_at'),
  },
  (t) => [
    uniqueIndex('loan_disbursements_live_key').on(t.loanId).where(sql`${t.status} <> 'cancelled'`),
    check('loan_disbursements_status_check', sql`${t.status} in ('recorded','confirmed','cancelled')`),
    check('loan_disbursements_amount_check', sql`${t.amountFen} > 0`),
  ],
);

/** The repayment schedule in fen, from the disbursement date (see packages/domain/src/loan-schedule.ts). */
export const loanSchedule = pgTable(
  'loan_schedule',
  {
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    k: smallint('k').notNull(),
    dueOn: date('due_on').notNull(),
    openingFen: fen('opening_fen').notNull(),
    principalFen: fen('principal_fen').notNull(),
    interestFen: fen('interest_fen').notNull(),
    paymentFen: fen('payment_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.loanId, t.k] }), index('loan_schedule_due_idx').on(t.dueOn)],
);

export const loanRepayments = pgTable(
  'loan_repayments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    paidOn: date('paid_on').notNull(),
    amountFen: fen('amount_fen').notNull(),
    source: varchar('source', { length: 16 }).notNull(),
    bankTxnRef: varchar('bank_txn_ref', { length: 60 }),
    recordedBy: integer('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('loan_repayments_loan_idx').on(t.loanId, t.paidOn),
    // A bank's own transaction reference is imported once, however often the file is sent.
    uniqueIndex('loan_repayments_ref_key').on(t.loanId, t.bankTxnRef).where(sql`${t.bankTxnRef} is not null`),
    check('loan_repayments_amount_check', sql`${t.amountFen} > 0`),
    check('loan_repayments_source_check', sql`${t.source} in ('manual','import','api')`),
  ],
);

/** How each repayment was applied: interest first, then principal, in due-date order. */
export const loanRepaymentAllocations = pgTable(
  'loan_repayment_allocations',
  {
    repaymentId: integer('repayment_id')
      .notNull()
      .references(() => loanRepayments.id),
    loanId: integer('loan_id').notNull(),
    k: smallint('k').notNull(),
    interestFen: fen('interest_fen').notNull(),
    principalFen: fen('principal_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.repaymentId, t.k] }), index('loan_repayment_allocations_loan_idx').on(t.loanId, t.k)],
);

/** A default and its claim: the loss split by the product's risk shares, recoveries and write-off. */
export const loanClaims = pgTable(
  'loan_claims',
  {
    loanId: integer('loan_id')
      .primaryKey()
      .references(() => loans.id),
    lossFen: fen('loss_fen').notNull(),
    unionShareFen: fen('union_share_fen').notNull(),
    insurerShareFen: fen('insurer_share_fen').notNull(),
    bankShareFen: fen('bank_share_fen').notNull(),
    guarantorShareFen: fen('guarantor_share_fen').notNull(),
    recoveredFen: fen('recovered_fen').notNull().default(0),
    writtenOffFen: fen('written_off_fen').notNull().default(0),
    claimedAt: ts('claimed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
);

/** Subsidies earned (premium at underwriting, interest per on-time instalment), each paid once through a batch. */
export const loanSubsidyItems = pgTable(
  'loan_subsidy_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    programmeId: integer('programme_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    k: smallint('k').notNull().default(0),
    amountFen: fen('amount_fen').notNull(),
    earnedOn: date('earned_on').notNull(),
    batchId: integer('batch_id').references((): AnyPgColumn => subsidyBatches.id),
  },
  (t) => [
    uniqueIndex('loan_subsidy_items_key').on(t.loanId, t.kind, t.k),
    index('loan_subsidy_items_open_idx').on(t.programmeId, t.kind).where(sql`${t.batchId} is null`),
    check('loan_subsidy_items_kind_check', sql`${t.kind} in ('premium','interest')`),
    check('loan_subsidy_items_amount_check', sql`${t.amountFen} > 0`),
  ],
);

/** Prepared by one cadre (maker), approved by another (checker), then marked paid. */
export const subsidyBatches = pgTable(
  'subsidy_batches',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => loanProgrammes.id),
    kind: varchar('kind', { length: 16 }).notNull(),
    itemCount: integer('item_count').notNull(),
    totalFen: fen('total_fen').notNull(),
    state: varchar('state', { length: 16 }).notNull().default('prepared'),
    preparedBy: integer('prepared_by').notNull(),
    preparedAt: ts('prepared_at').notNull().defaultNow(),
    approvedBy: integer('approved_by'),
    approvedAt: ts('approved_at'),
    paidBy: integer('paid_by'),
    paidAt: ts('paid_at'),
    paymentRef: varchar('payment_ref', { length: 60 }),
  },
  (t) => [
    index('subsidy_batches_programme_idx').on(t.programmeId, t.state),
    check('subsidy_batches_state_check', sql`${t.state} in ('prepared','approved','paid','cancelled')`),
    check('subsidy_batches_kind_check', sql`${t.kind} in ('premium','interest')`),
  ],
);

/**
 * The programme fund's double-entry ledger. Entries are immutable (corrected by reversing transactions);
 * a deferred constraint trigger refuses any transaction whose debits and credits differ (migration 0009).
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => loanProgrammes.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    loanId: integer('loan_id').references(() => loans.id),
    batchId: integer('batch_id').references(() => subsidyBatches.id),
    memo: varchar('memo', { length: 300 }),
    postedOn: date('posted_on').notNull(),
    postedAt: ts('posted_at').notNull().defaultNow(),
    postedBy: integer('posted_by'),
    reversesId: bigint('reverses_id', { mode: 'number' }).references((): AnyPgColumn => ledgerTransactions.id),
  },
  (t) => [
    index('ledger_transactions_programme_idx').on(t.programmeId, t.postedOn),
    index('ledger_transactions_loan_idx').on(t.loanId),
    uniqueIndex('ledger_transactions_reversal_key').on(t.reversesId),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    txnId: bigint('txn_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerTransactions.id),
    programmeId: integer('programme_id').notNull(),
    account: varchar('account', { length: 40 }).notNull(),
    debitFen: fen('debit_fen').notNull().default(0),
    creditFen: fen('credit_fen').notNull().default(0),
  },
  (t) => [
    index('ledger_entries_txn_idx').on(t.txnId),
    index('ledger_entries_account_idx').on(t.programmeId, t.account),
    check('ledger_entries_one_side_check', sql`(${t.debitFen} > 0 and ${t.creditFen} = 0) or (${t.creditFen} > 0 and ${t.debitFen} = 0)`),
  ],
);

/** Follow-up visits (回访), planned at disbursement and recorded by the responsible union. */
export const loanVisits = pgTable(
  'loan_visits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    seq: smallint('seq').notNull(),
    label: varchar('label', { length: 40 }).notNull(),
    dueOn: date('due_on').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    state: varchar('state', { length: 16 }).notNull().default('planned'),
    doneOn: date('done_on'),
    doneBy: integer('done_by'),
    operatingStatus: varchar('operating_status', { length: 24 }),
    jobsCreated: integer('jobs_created'),
    useOfFunds: varchar('use_of_funds', { length: 500 }),
    riskFlag: boolean('risk_flag').notNull().default(false),
    riskNote: varchar('risk_note', { length: 500 }),
    problems: varchar('problems', { length: 1000 }),
    helpNeeded: varchar('help_needed', { length: 1000 }),
    photos: jsonb('photos').notNull().default(sql`'[]'::jsonb`),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('loan_visits_key').on(t.loanId, t.seq),
    index('loan_visits_path_gist').using('gist', t.orgPath),
    index('loan_visits_due_idx').on(t.state, t.dueOn),
    check('loan_visits_state_check', sql`${t.state} in ('planned','done','missed')`),
  ],
);

/** Alerts for units (a risk flag raised at a visit alerts the district and the bank). */
export const alerts = pgTable(
  'alerts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    loanId: integer('loan_id').references(() => loans.id),
    visitId: integer('visit_id').references(() => loanVisits.id),
    message: varchar('message', { length: 500 }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readBy: integer('read_by'),
    readAt: ts('read_at'),
  },
  (t) => [index('alerts_path_gist').using('gist', t.orgPath), index('alerts_unread_idx').on(t.orgId).where(sql`${t.readAt} is null`)],
);

/**
 * Idempotency for money writes: the first request with a key stores its answer; the same key and body
 * replays it, a different body is refused. The row is written in the same transaction as the change, so a
 * concurrent duplicate waits on the key and then replays (or proceeds if the first rolled back).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorUserId: integer('actor_user_id').notNull(),
    key: varchar('key', { length: 100 }).notNull(),
    route: varchar('route', { length: 120 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    status: smallint('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorUserId, t.key] })],
);
