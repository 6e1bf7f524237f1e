import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { orgUnits } from './orgs';
import { bytea, ltree } from './types';

/**
 * The member registry. ID and phone numbers are stored only encrypted (AES-256-GCM), with a keyed hash
 * beside each for exact lookup and uniqueness and the last four digits for partial search.
 * `org_path` copies the unit's tree path so scope and subtree filters are index conditions on this table
 * (kept in step when units move).
 */
export const members = pgTable(
  'members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: ltree('org_path').notNull(),
    name: varchar('name', { length: 50 }).notNull(),
    namePinyin: varchar('name_pinyin', { length: 200 }).notNull(),
    nameInitials: varchar('name_initials', { length: 50 }).notNull(),
    /** Every one- and two-character piece of the name: substring search for the short queries trigrams cannot serve. */
    nameGrams: text('name_grams').array().notNull(),
    gender: varchar('gender', { length: 1 }),
    ethnicity: varchar('ethnicity', { length: 2 }),
    birthDate: date('birth_date'),
    idType: varchar('id_type', { length: 32 }).notNull().default('resident_id'),
    idEnc: bytea('id_enc').notNull(),
    idHash: varchar('id_hash', { length: 64 }).notNull(),
    idLast4: varchar('id_last4', { length: 4 }).notNull(),
    phoneEnc: bytea('phone_enc'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneLast4: varchar('phone_last4', { length: 4 }),
    employer: varchar('employer', { length: 100 }),
    joinDate: date('join_date'),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    category: varchar('category', { length: 24 }).notNull().default('other'),
    modelWorkerLevel: varchar('model_worker_level', { length: 16 }).notNull().default('none'),
    modelWorkerYear: smallint('model_worker_year'),
    politicalStatus: varchar('political_status', { length: 2 }),
    education: varchar('education', { length: 16 }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    note: varchar('note', { length: 500 }),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One active membership per person, city-wide: two concurrent registrations cannot both succeed.
    uniqueIndex('members_active_person_key').on(t.idHash).where(sql`${t.status} = 'active'`),
    index('members_id_hash_idx').on(t.idHash),
    index('members_phone_hash_idx').on(t.phoneHash),
    index('members_org_idx').on(t.orgId, t.id),
    index('members_org_path_gist').using('gist', t.orgPath),
    index('members_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('members_pinyin_trgm').using('gin', sql`${t.namePinyin} gin_trgm_ops`),
    index('members_initials_idx').on(t.nameInitials.op('varchar_pattern_ops')),
    index('members_name_grams_gin').using('gin', t.nameGrams),
    index('members_sort_pinyin_idx').on(t.namePinyin, t.id),
    // Model workers are about 1 in 500: their own small index, in roster order, for the model-worker filter.
    // Model workers are 1–2% of members: the roster walks this index in name order, and counts them by level
    // and unit from it alone (an index-only scan; without the level and path it visited ~20,000 heap pages).
    index('members_model_workers_idx').on(t.namePinyin, t.id, t.modelWorkerLevel, t.orgPath).where(sql`${t.modelWorkerLevel} <> 'none'`),
    // "Newest joiners first" walks this instead of sorting a whole district.
    index('members_join_date_idx').on(t.joinDate.desc().nullsLast(), t.id.desc()),
    index('members_id_last4_idx').on(t.idLast4),
    index('members_phone_last4_idx').on(t.phoneLast4),
    index('members_tags_gin').using('gin', t.tags),
    check('members_status_check', sql`${t.status} in ('active','transferred_out','retired','withdrawn','deceased')`),
    check('members_gender_check', sql`${t.gender} in ('M','F')`),
    check(
      'members_category_check',
      sql`${t.category} in ('industrial','migrant','new_form','professional','science_education','cadre','other')`,
    ),
    check('members_model_level_check', sql`${t.modelWorkerLevel} in ('none','city','provincial','national')`),
  ],
);

/**
 * Everything that happened to a member, newest last: created, changed (which fields), transferred,
 * status changes. A transfer's entry names both unions, so the old union still sees it.
 */
export const memberEvents = pgTable(
  'member_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    type: varchar('type', { length: 24 }).notNull(),
    actorUserId: integer('actor_user_id'),
    actorName: varchar('actor_name', { length: 64 }),
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    otherOrgId: integer('other_org_id'),
    otherOrgPath: ltree('other_org_path'),
    changes: jsonb('changes'),
    note: varchar('note', { length: 500 }),
  },
  (t) => [
    index('member_events_member_idx').on(t.memberId, t.id),
    index('member_events_org_path_gist').using('gist', t.orgPath),
    index('member_events_other_path_gist').using('gist', t.otherOrgPath),
  ],
);

/** The dimensions member counts are kept by, shared by the per-unit and the subtree tables. */
function countColumns() {
  return {
    orgId: integer('org_id').notNull(),
    status: varchar('status', { length: 20 }).notNull(),
    category: varchar('category', { length: 24 }).notNull(),
    modelWorker: boolean('model_worker').notNull(),
    n: integer('n').notNull().default(0),
  };
}

/** Per-unit member counts by status and category, kept by a statement trigger on `members`. */
export const orgMemberCounts = pgTable('org_member_counts', countColumns(), (t) => [
  primaryKey({ columns: [t.orgId, t.status, t.category, t.modelWorker] }),
]);

/**
 * The same counts summed over whole subtrees: a unit's row counts every member at or below it. Kept by the
 * same triggers (each member counts toward every id on its unit's path), so subtree totals for the
 * city, a district or a street are a few rows, not a scan of every unit's counts.
 */
export const orgMemberRollups = pgTable('org_member_rollups', countColumns(), (t) => [
  primaryKey({ columns: [t.orgId, t.status, t.category, t.modelWorker] }),
]);

/**
 * Search keys for the short queries the other indexes serve badly, one row per key and member, kept by a
 * trigger on `members`: `n:` every one- and two-character piece of the name, `i:` the first one and two
 * pinyin initials, `t:` each tag. Walking (key, name_pinyin) returns a scoped roster page in pinyin order
 * after a few dozen entries, and counts stop early, where the array indexes fetched every match.
 * A covering index (key, name_pinyin, member_id) INCLUDE (org_path, status) is created in migration 0007.
 */
export const memberSearchKeys = pgTable(
  'member_search_keys',
  {
    key: varchar('key', { length: 64 }).notNull(),
    memberId: integer('member_id').notNull(),
    namePinyin: varchar('name_pinyin', { length: 200 }).notNull(),
    orgPath: ltree('org_path').notNull(),
    status: varchar('status', { length: 20 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.key] })],
);

/** 会员转会: started by the sending or the receiving union, accepted (or rejected) by the receiving one. */
export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    fromOrgId: integer('from_org_id')
      .notNull()
      .references(() => orgUnits.id),
    toOrgId: integer('to_org_id')
      .notNull()
      .references(() => orgUnits.id),
    initiatedBy: varchar('initiated_by', { length: 16 }).notNull(),
    status: varchar('status', { length: 16 }).notNull().default('pending'),
    reason: varchar('reason', { length: 500 }),
    decisionNote: varchar('decision_note', { length: 500 }),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('member_transfers_member_idx').on(t.memberId),
    index('member_transfers_to_idx').on(t.toOrgId, t.status),
    index('member_transfers_from_idx').on(t.fromOrgId, t.status),
    // At most one open transfer per member.
    uniqueIndex('member_transfers_open_key').on(t.memberId).where(sql`${t.status} = 'pending'`),
    check('member_transfers_status_check', sql`${t.status} in ('pending','accepted','rejected','cancelled')`),
    check('member_transfers_side_check', sql`${t.initiatedBy} in ('sending','receiving')`),
  ],
);

/** 网上入会: a worker's own application, approved by the chosen unit's cadres (creating the member). */
export const joinApplications = pgTable(
  'join_applications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Shown to the applicant to follow the application (random, not the id). */
    reference: varchar('reference', { length: 24 }).notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    name: varchar('name', { length: 50 }).notNull(),
    idType: varchar('id_type', { length: 32 }).notNull(),
    idEnc: bytea('id_enc').notNull(),
    idHash: varchar('id_hash', { length: 64 }).notNull(),
    idLast4: varchar('id_last4', { length: 4 }).notNull(),
    phoneEnc: bytea('phone_enc').notNull(),
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    phoneLast4: varchar('phone_last4', { length: 4 }).notNull(),
    employer: varchar('employer', { length: 100 }).notNull(),
    details: jsonb('details'),
    status: varchar('status', { length: 16 }).notNull().default('pending'),
    rejectReason: varchar('reject_reason', { length: 500 }),
    memberId: integer('member_id').references(() => members.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('join_applications_reference_key').on(t.reference),
    index('join_applications_org_idx').on(t.orgId, t.status),
    index('join_applications_phone_idx').on(t.phoneHash),
    // One open application per person at a time.
    uniqueIndex('join_applications_open_key').on(t.idHash).where(sql`${t.status} = 'pending'`),
    check('join_applications_status_check', sql`${t.status} in ('pending','approved','rejected','withdrawn')`),
  ],
);

/** One-time codes sent by SMS: only a hash of the code is kept; single use, short-lived, attempts counted. */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    purpose: varchar('purpose', { length: 24 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    ip: varchar('ip', { length: 64 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    attempts: smallint('attempts').notNull().default(0),
  },
  (t) => [index('otp_codes_phone_idx').on(t.phoneHash, t.purpose, t.createdAt), index('otp_codes_ip_idx').on(t.ip, t.createdAt)],
);

/** The development SMS provider's outbox (readable by administrators in demo mode); bodies are encrypted. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    phoneEnc: bytea('phone_enc').notNull(),
    phoneLast4: varchar('phone_last4', { length: 4 }).notNull(),
    template: varchar('template', { length: 40 }).notNull(),
    bodyEnc: bytea('body_enc').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sms_outbox_created_idx').on(t.createdAt)],
);

/** An uploaded member spreadsheet: checked (dry run), then committed all-or-nothing or valid rows only. */
export const memberImports = pgTable(
  'member_imports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    createdBy: integer('created_by').notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    storedFile: varchar('stored_file', { length: 300 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    importedRows: integer('imported_rows').notNull().default(0),
    errors: jsonb('errors'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [
    index('member_imports_creator_idx').on(t.createdBy, t.id),
    check('member_imports_status_check', sql`${t.status} in ('checked','committed','failed','discarded')`),
  ],
);

/** A requested export of the filtered member list, written in the background (masked) with progress. */
export const memberExports = pgTable(
  'member_exports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    createdBy: integer('created_by').notNull(),
    filter: jsonb('filter').notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    writtenRows: integer('written_rows').notNull().default(0),
    storedFile: varchar('stored_file', { length: 300 }),
    error: varchar('error', { length: 200 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('member_exports_creator_idx').on(t.createdBy, t.id),
    check('member_exports_status_check', sql`${t.status} in ('running','done','failed')`),
  ],
);
