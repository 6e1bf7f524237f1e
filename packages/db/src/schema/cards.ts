import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
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
import { bytea, ltree } from './types';

const fen = (name: string) => bigint(name, { mode: 'number' });
const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 普惠: the member service card and the partner merchants. A card belongs to one member and one issuing
 * bank; its full number is never stored (last four digits and a keyed hash only). Rates come from rollups
 * kept by the same transactions that change cards and record card transactions (see migration comments).
 */
export const cardProgrammes = pgTable(
  'card_programmes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 40 }).notNull(),
    name: varchar('name', { length: 60 }).notNull(),
    nameEn: varchar('name_en', { length: 80 }),
    /** 开卡率's denominator: members in scope, or the records collected (cards past `collected`). */
    issueRateBase: varchar('issue_rate_base', { length: 16 }).notNull().default('members'),
    /** A transaction qualifies for 用卡率 from this amount on (fen). */
    minQualifyingFen: fen('min_qualifying_fen').notNull().default(1),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('card_programmes_code_key').on(t.code),
    check('card_programmes_base_check', sql`${t.issueRateBase} in ('members','collected')`),
    check('card_programmes_status_check', sql`${t.status} in ('active','closed')`),
  ],
);

/** The programme's issuing banks (partner units of kind bank). */
export const cardProgrammeBanks = pgTable(
  'card_programme_banks',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => cardProgrammes.id, { onDelete: 'cascade' }),
    bankOrgId: integer('bank_org_id')
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.bankOrgId] })],
);

/** A grassroots (or street) union's bulk application: the members it applies for, exported as the bank's sheet. */
export const cardApplicationBatches = pgTable(
  'card_application_batches',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => cardProgrammes.id),
    bankOrgId: integer('bank_org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    cardCount: integer('card_count').notNull().default(0),
    note: varchar('note', { length: 300 }),
    createdBy: integer('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    exportedAt: ts('exported_at'),
  },
  (t) => [index('card_application_batches_org_path_gist').using('gist', t.orgPath)],
);

/**
 * One card of one member at one bank. States: collected → applied → issued → activated, then frozen,
 * lost, replaced (the new card's `replaces_card_id` names the old), cancelled. `org_path` follows the
 * member (kept in step when the member moves) so scope and the rollups are conditions on this table.
 * A member holds at most one live card per programme.
 */
export const cards = pgTable(
  'cards',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => cardProgrammes.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    bankOrgId: integer('bank_org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull(),
    batchId: integer('batch_id').references(() => cardApplicationBatches.id),
    numberLast4: varchar('number_last4', { length: 4 }),
    numberHash: varchar('number_hash', { length: 64 }),
    replacesCardId: integer('replaces_card_id').references((): AnyPgColumn => cards.id),
    appliedAt: ts('applied_at'),
    issuedOn: date('issued_on'),
    activatedOn: date('activated_on'),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('cards_state_check', sql`${t.state} in ('collected','applied','issued','activated','frozen','lost','replaced','cancelled')`),
    check('cards_channel_check', sql`${t.channel} in ('bulk','portal','street','bank')`),
    uniqueIndex('cards_live_member_key').on(t.programmeId, t.memberId).where(sql`${t.state} not in ('lost','replaced','cancelled')`),
    uniqueIndex('cards_number_hash_key').on(t.numberHash),
    index('cards_member_idx').on(t.memberId),
    index('cards_org_path_gist').using('gist', t.orgPath),
    index('cards_org_state_idx').on(t.orgId, t.state),
    index('cards_batch_idx').on(t.batchId),
  ],
);

/** Every change of a card, append-only. */
export const cardEvents = pgTable(
  'card_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id),
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    source: varchar('source', { length: 16 }).notNull(),
    importId: integer('import_id'),
    actorId: integer('actor_id'),
    note: varchar('note', { length: 300 }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('card_events_card_idx').on(t.cardId, t.id)],
);

/**
 * A bank's report of issued / activated cards — a file uploaded in the console or a batch sent through the
 * partner API: kept with its digest (the same rows twice change nothing) and the report.
 */
export const cardBankImports = pgTable(
  'card_bank_imports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    bankOrgId: integer('bank_org_id')
      .notNull()
      .references(() => orgUnits.id),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => cardProgrammes.id),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    rowCount: integer('row_count').notNull(),
    appliedCount: integer('applied_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    unmatchedCount: integer('unmatched_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    report: jsonb('report').notNull().default(sql`'[]'::jsonb`),
    /** 'file': uploaded by a bank officer (`created_by`); 'api': sent by the bank's system (`partner_key_id`). */
    source: varchar('source', { length: 8 }).notNull().default('file'),
    createdBy: integer('created_by'),
    partnerKeyId: varchar('partner_key_id', { length: 64 }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('card_bank_imports_bank_idx').on(t.bankOrgId, t.sha256),
    check(
      'card_bank_imports_sender_check',
      sql`(${t.source} = 'file' and ${t.createdBy} is not null) or (${t.source} = 'api' and ${t.partnerKeyId} is not null)`,
    ),
  ],
);

/**
 * A partner merchant (特约商户). `supervisor_org_id` is the union unit that reviews and looks after it
 * (a district union or below); `partner_org_id` is its own unit of kind merchant (for its operators' accounts),
 * created when it is first approved. Revoked merchants cannot sign again before `banned_until`.
 */
export const merchants = pgTable(
  'merchants',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    supervisorOrgId: integer('supervisor_org_id')
      .notNull()
      .references(() => orgUnits.id),
    supervisorPath: ltree('supervisor_path').notNull(),
    partnerOrgId: integer('partner_org_id').references(() => orgUnits.id),
    name: varchar('name', { length: 100 }).notNull(),
    creditCode: varchar('credit_code', { length: 18 }),
    category: varchar('category', { length: 24 }).notNull(),
    address: varchar('address', { length: 200 }).notNull(),
    lng: numeric('lng', { precision: 9, scale: 6 }),
    lat: numeric('lat', { precision: 9, scale: 6 }),
    openingHours: varchar('opening_hours', { length: 100 }),
    contactName: varchar('contact_name', { length: 50 }),
    contactPhoneEnc: bytea('contact_phone_enc'),
    contactPhoneLast4: varchar('contact_phone_last4', { length: 4 }),
    description: varchar('description', { length: 500 }),
    photos: jsonb('photos').notNull().default(sql`'[]'::jsonb`),
    state: varchar('state', { length: 16 }).notNull(),
    source: varchar('source', { length: 16 }).notNull(),
    /** The applicant's handle on an online application (random; with the contact phone it opens the status page). */
    reference: varchar('reference', { length: 24 }),
    /** What the applicant proposes (discount / subsidy in basis points, a note); the reviewer signs the real terms. */
    proposal: jsonb('proposal'),
    activatedOn: date('activated_on'),
    revokedOn: date('revoked_on'),
    bannedUntil: date('banned_until'),
    reviewNote: varchar('review_note', { length: 300 }),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('merchants_state_check', sql`${t.state} in ('applied','active','suspended','revoked','rejected')`),
    check('merchants_source_check', sql`${t.source} in ('online','cadre')`),
    index('merchants_supervisor_path_gist').using('gist', t.supervisorPath),
    index('merchants_credit_code_idx').on(t.creditCode),
    index('merchants_category_idx').on(t.category, t.state),
    uniqueIndex('merchants_partner_org_key').on(t.partnerOrgId),
    uniqueIndex('merchants_reference_key').on(t.reference),
  ],
);

/** A signed agreement: what the member saves and what the union pays, as basis points, within caps, for dates. */
export const merchantAgreements = pgTable(
  'merchant_agreements',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    merchantId: integer('merchant_id')
      .notNull()
      .references(() => merchants.id),
    discountBps: integer('discount_bps').notNull().default(0),
    subsidyBps: integer('subsidy_bps').notNull().default(0),
    capPerTxnFen: fen('cap_per_txn_fen'),
    capPerMonthFen: fen('cap_per_month_fen'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to').notNull(),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    signedBy: integer('signed_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('merchant_agreements_bps_check', sql`${t.discountBps} between 0 and 10000 and ${t.subsidyBps} between 0 and 10000`),
    check('merchant_agreements_dates_check', sql`${t.validFrom} <= ${t.validTo}`),
    check('merchant_agreements_status_check', sql`${t.status} in ('active','ended')`),
    index('merchant_agreements_merchant_idx').on(t.merchantId, t.validFrom),
  ],
);

export const merchantAssessments = pgTable(
  'merchant_assessments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    merchantId: integer('merchant_id')
      .notNull()
      .references(() => merchants.id),
    year: smallint('year').notNull(),
    result: varchar('result', { length: 16 }).notNull(),
    score: smallint('score'),
    note: varchar('note', { length: 500 }),
    assessedBy: integer('assessed_by').notNull(),
    assessedAt: ts('assessed_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('merchant_assessments_year_key').on(t.merchantId, t.year),
    check('merchant_assessments_result_check', sql`${t.result} in ('excellent','pass','improve','fail')`),
  ],
);

/** Merchant-signing quotas for a period (e.g. the May–June signing month), handed down the tree. */
export const merchantQuotaPeriods = pgTable('merchant_quota_periods', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: varchar('name', { length: 60 }).notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  createdBy: integer('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const merchantQuotas = pgTable(
  'merchant_quotas',
  {
    periodId: integer('period_id')
      .notNull()
      .references(() => merchantQuotaPeriods.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    quota: integer('quota').notNull(),
    setBy: integer('set_by'),
    setAt: ts('set_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.orgId] }), check('merchant_quotas_quota_check', sql`${t.quota} >= 0`)],
);

/**
 * A partner's API signing key (bank or merchant unit). The secret is kept sealed with the data key, since
 * HMAC needs it; two keys may be valid at once during a rotation.
 */
export const partnerApiKeys = pgTable(
  'partner_api_keys',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    keyId: varchar('key_id', { length: 64 }).notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    secretEnc: bytea('secret_enc').notNull(),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    /** What the key is for, as the city names it (e.g. 核心系统 2026). */
    label: varchar('label', { length: 60 }),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedBy: integer('revoked_by'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('partner_api_keys_key_id_key').on(t.keyId), index('partner_api_keys_org_idx').on(t.orgId, t.status), check('partner_api_keys_status_check', sql`${t.status} in ('active','revoked')`)],
);

/**
 * A card transaction from a bank's or merchant's system, idempotent on (sender, sender's id). Purchases
 * carry a positive amount; a refund names its original and carries the refunded amount (positive) and a
 * negative subsidy. `month` (yyyymm, Asia/Shanghai) keys the monthly caps, settlements and usage.
 */
export const cardTransactions = pgTable(
  'card_transactions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    senderOrgId: integer('sender_org_id').notNull(),
    senderTxnId: varchar('sender_txn_id', { length: 64 }).notNull(),
    cardId: integer('card_id').notNull(),
    merchantId: integer('merchant_id').notNull(),
    kind: varchar('kind', { length: 8 }).notNull(),
    amountFen: fen('amount_fen').notNull(),
    subsidyFen: fen('subsidy_fen').notNull().default(0),
    agreementId: integer('agreement_id'),
    refundOfId: bigint('refund_of_id', { mode: 'number' }),
    qualifying: boolean('qualifying').notNull().default(false),
    occurredAt: ts('occurred_at').notNull(),
    month: integer('month').notNull(),
    settlementId: integer('settlement_id'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('card_transactions_sender_key').on(t.senderOrgId, t.senderTxnId),
    index('card_transactions_card_idx').on(t.cardId, t.occurredAt),
    index('card_transactions_merchant_month_idx').on(t.merchantId, t.month),
    index('card_transactions_refund_of_idx').on(t.refundOfId).where(sql`${t.refundOfId} is not null`),
    check('card_transactions_kind_check', sql`${t.kind} in ('purchase','refund')`),
    check('card_transactions_amount_check', sql`${t.amountFen} > 0`),
  ],
);

/** The union subsidy a card has had at a merchant in a month: the monthly cap is checked against this row, locked. */
export const cardMerchantMonths = pgTable(
  'card_merchant_months',
  {
    cardId: integer('card_id').notNull(),
    merchantId: integer('merchant_id').notNull(),
    month: integer('month').notNull(),
    subsidyFen: fen('subsidy_fen').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.merchantId, t.month] })],
);

/**
 * Usage marks: how many qualifying, not wholly refunded purchases a card has in a period (`2026-10`,
 * `2026-Q4`, `2026`). A mark going 0 → 1 adds the card to `org_card_usage` on every unit of its path; 1 → 0 removes it.
 */
export const cardUsage = pgTable(
  'card_usage',
  {
    cardId: integer('card_id').notNull(),
    period: varchar('period', { length: 7 }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.period] })],
);

/** Distinct used cards per unit (subtree) and period. */
export const orgCardUsage = pgTable(
  'org_card_usage',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    period: varchar('period', { length: 7 }).notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.period] })],
);

/**
 * The card funnel per unit (subtree) and month: net change of cards collected / applied / issued /
 * activated in that month (a card counts at every stage it has reached while live). Rates as of a period's
 * end sum the months up to it: a few rows per unit.
 */
export const orgCardFlow = pgTable(
  'org_card_flow',
  {
    orgId: integer('org_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    month: integer('month').notNull(),
    collected: integer('collected').notNull().default(0),
    applied: integer('applied').notNull().default(0),
    issued: integer('issued').notNull().default(0),
    activated: integer('activated').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.programmeId, t.month] })],
);

/** A merchant's monthly settlement: the union subsidy owed, prepared by one cadre, approved by another, then paid. */
export const merchantSettlements = pgTable(
  'merchant_settlements',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    merchantId: integer('merchant_id')
      .notNull()
      .references(() => merchants.id),
    month: integer('month').notNull(),
    txnCount: integer('txn_count').notNull(),
    amountFen: fen('amount_fen').notNull(),
    subsidyFen: fen('subsidy_fen').notNull(),
    state: varchar('state', { length: 16 }).notNull().default('prepared'),
    preparedBy: integer('prepared_by').notNull(),
    preparedAt: ts('prepared_at').notNull().defaultNow(),
    approvedBy: integer('approved_by'),
    approvedAt: ts('approved_at'),
    paidBy: integer('paid_by'),
    paidAt: ts('paid_at'),
    paidOn: date('paid_on'),
    paymentRef: varchar('payment_ref', { length: 60 }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('merchant_settlements_month_key').on(t.merchantId, t.month).where(sql`${t.state} <> 'cancelled'`),
    check('merchant_settlements_state_check', sql`${t.state} in ('prepared','approved','paid','cancelled')`),
  ],
);
