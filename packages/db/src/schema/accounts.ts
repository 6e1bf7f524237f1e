import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { members } from './members';
import { orgUnits } from './orgs';
import { bytea } from './types';

/**
 * Every login: staff (cadres, partner staff, administrators) sign in with a username; members (a later
 * module) sign in with their phone, found through `phone_hash`. Both live here so sessions, lockout,
 * second factor and audit treat them alike.
 */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: varchar('kind', { length: 16 }).notNull().default('staff'),
    username: varchar('username', { length: 64 }).notNull(),
    displayName: varchar('display_name', { length: 40 }).notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgUnits.id),
    /** For member logins: the member record. */
    memberId: integer('member_id').references((): AnyPgColumn => members.id),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    phoneEnc: bytea('phone_enc'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneLast4: varchar('phone_last4', { length: 4 }),
    totpSecretEnc: bytea('totp_secret_enc'),
    totpPendingEnc: bytea('totp_pending_enc'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last TOTP time step accepted, so one code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    locale: varchar('locale', { length: 8 }).notNull().default('zh-CN'),
    note: varchar('note', { length: 200 }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('users_phone_hash_key').on(t.kind, t.phoneHash),
    index('users_org_idx').on(t.orgId),
    uniqueIndex('users_member_key').on(t.memberId),
    check('users_kind_check', sql`${t.kind} in ('staff','member')`),
    check('users_status_check', sql`${t.status} in ('active','disabled')`),
    check('users_locale_check', sql`${t.locale} in ('zh-CN','en')`),
  ],
);

export const roles = pgTable(
  'roles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: varchar('code', { length: 40 }).notNull(),
    name: varchar('name', { length: 40 }).notNull(),
    nameEn: varchar('name_en', { length: 60 }),
    description: varchar('description', { length: 200 }),
    builtin: boolean('builtin').notNull().default(false),
    requiresMfa: boolean('requires_mfa').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('roles_code_key').on(t.code)],
);

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleId: integer('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    permission: varchar('permission', { length: 64 }).notNull(),
    scope: varchar('scope', { length: 16 }).notNull(),
    /** For the `units` scope: the chosen units (each with its subtree). */
    unitIds: integer('unit_ids').array().notNull().default(sql`'{}'::integer[]`),
  },
  (t) => [
    primaryKey({ columns: [t.roleId, t.permission] }),
    check('role_permissions_scope_check', sql`${t.scope} in ('all','subtree','unit','units','own')`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: integer('role_id')
      .notNull()
      .references(() => roles.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)],
);

/** Server-side sessions. Only a SHA-256 of the cookie token is stored, so a database copy opens no session. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    /** 'full', or a restricted state: 'mfa_enrolment', 'password_change'. */
    state: varchar('state', { length: 24 }).notNull().default('full'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: varchar('ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: 200 }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins counted per typed username, whether or not such an account exists, so the lockout
 * answers the same way for both and tells nobody which usernames are real.
 */
export const loginAttempts = pgTable('login_attempts', {
  usernameKey: varchar('username_key', { length: 64 }).primaryKey(),
  failedCount: smallint('failed_count').notNull().default(0),
  firstFailedAt: timestamp('first_failed_at', { withTimezone: true }),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);
