import { bigint, char, date, integer, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

/**
 * The loan dashboard's figures kept ahead of time by statement-level triggers on `loans` and `loan_visits`
 * (migrations 0014, 0015). A loan counts toward every unit on its `org_path` (the path's labels are the unit ids),
 * so a unit's row holds its whole subtree; a path that changes (a unit moved) takes the loan off the old
 * path's units and onto the new path's. Checked against the raw tables by the loan dashboard's rollup check.
 */

/** Per unit, programme and state: the loans, their amounts (approved, else requested), principal outstanding, jobs and model workers. */
export const loanRollups = pgTable(
  'loan_rollups',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    state: varchar('state', { length: 20 }).notNull(),
    n: integer('n').notNull().default(0),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    outstandingFen: bigint('outstanding_fen', { mode: 'number' }).notNull().default(0),
    jobsExpected: bigint('jobs_expected', { mode: 'number' }).notNull().default(0),
    jobsCreated: bigint('jobs_created', { mode: 'number' }).notNull().default(0),
    modelWorkers: integer('model_workers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.state] })],
);

/** Lent loans per unit, programme and day of disbursement, with the approved amounts (monthly lending up to any date). */
export const loanLendingDays = pgTable(
  'loan_lending_days',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    disbursedOn: date('disbursed_on').notNull(),
    n: integer('n').notNull().default(0),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.disbursedOn] })],
);

/**
 * How many lent loans each borrower (`kind` 'm', key the member id) and each enterprise (`kind` 'e', key its
 * credit code, else its name) has per unit and programme; programme 0 stands for all programmes together,
 * since distinct counts do not add up across programmes. A mark going 0 → 1 or 1 → 0 moves the counts in
 * `loan_borrower_rollups`.
 */
export const loanBorrowerMarks = pgTable(
  'loan_borrower_marks',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    kind: char('kind', { length: 1 }).notNull(),
    key: varchar('key', { length: 100 }).notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.kind, t.key] })],
);

/** Distinct entrepreneurs and enterprises with a lent loan, per unit and programme (0: all programmes). */
export const loanBorrowerRollups = pgTable(
  'loan_borrower_rollups',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    entrepreneurs: integer('entrepreneurs').notNull().default(0),
    enterprises: integer('enterprises').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId] })],
);

/**
 * Visits per unit (the visit's own path, which follows its loan's union), programme, state and due day; a
 * done visit counts whatever its due day, so done visits share the day '-infinity'.
 */
export const loanVisitRollups = pgTable(
  'loan_visit_rollups',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    dueOn: date('due_on').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.state, t.dueOn] })],
);

/** Subsidies paid per unit, programme (the loan's) and kind: the items of the unit's loans in paid batches. */
export const loanSubsidyRollups = pgTable(
  'loan_subsidy_rollups',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.kind] })],
);
