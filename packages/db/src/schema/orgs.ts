import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, timestamp, uniqueIndex, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ltree } from './types';

export const orgUnits = pgTable(
  'org_units',
  {
    // By default, not always: a new unit's id is drawn first so its path can include it in the same insert.
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgUnits.id),
    /** Ids from the root to this unit; subtree queries use `path <@ x` on a GiST index. */
    path: ltree('path').notNull(),
    depth: smallint('depth').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    shortName: varchar('short_name', { length: 40 }),
    divisionCode: varchar('division_code', { length: 6 }),
    creditCode: varchar('credit_code', { length: 18 }),
    contactName: varchar('contact_name', { length: 40 }),
    /** The unit's office telephone, a public business contact (people's own phones live encrypted elsewhere). */
    contactPhone: varchar('contact_phone', { length: 20 }),
    address: varchar('address', { length: 200 }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_units_path_gist').using('gist', t.path),
    uniqueIndex('org_units_path_key').on(t.path),
    index('org_units_parent_idx').on(t.parentId, t.sortOrder, t.id),
    uniqueIndex('org_units_credit_code_key').on(t.creditCode),
    index('org_units_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    check(
      'org_units_kind_check',
      sql`${t.kind} in ('city_federation','district_union','street_federation','community_federation','grassroots_union','branch','bank','insurer','guarantor','merchant')`,
    ),
    check('org_units_status_check', sql`${t.status} in ('active','inactive')`),
    check('org_units_division_check', sql`${t.divisionCode} ~ '^[0-9]{6}$'`),
  ],
);
