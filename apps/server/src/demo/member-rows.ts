import type { FieldCrypto } from '../lib/crypto';
import { nameColumns, personalColumns } from '../modules/members/member-record';
import type { Person } from './people';

/**
 * A generated person as the `members` row the app itself would write for them (the same name and
 * sealed-number columns as registration), for bulk loading with `unnest` or COPY.
 */
export interface MemberRow {
  org_id: number;
  org_path: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  name_grams: string[];
  gender: 'M' | 'F';
  ethnicity: string;
  birth_date: string;
  id_type: string;
  id_enc: Buffer;
  id_hash: string;
  id_last4: string;
  phone_enc: Buffer | null;
  phone_hash: string | null;
  phone_last4: string | null;
  employer: string;
  join_date: string;
  status: string;
  category: string;
  model_worker_level: string;
  model_worker_year: number | null;
  political_status: string;
  education: string;
  tags: string[];
  created_by: number | null;
}

/** Column order for COPY and `unnest`, with the PostgreSQL type of each. */
export const memberRowColumns: [keyof MemberRow, string][] = [
  ['org_id', 'int'], ['org_path', 'ltree'], ['name', 'varchar'], ['name_pinyin', 'varchar'], ['name_initials', 'varchar'],
  ['name_grams', 'text[]'], ['gender', 'varchar'], ['ethnicity', 'varchar'], ['birth_date', 'date'], ['id_type', 'varchar'],
  ['id_enc', 'bytea'], ['id_hash', 'varchar'], ['id_last4', 'varchar'], ['phone_enc', 'bytea'], ['phone_hash', 'varchar'],
  ['phone_last4', 'varchar'], ['employer', 'varchar'], ['join_date', 'date'], ['status', 'varchar'], ['category', 'varchar'],
  ['model_worker_level', 'varchar'], ['model_worker_year', 'smallint'], ['political_status', 'varchar'], ['education', 'varchar'],
  ['tags', 'text[]'], ['created_by', 'int'],
];

export const memberColumnNames = memberRowColumns.map(([c]) => c).join(', ');

export function memberRow(crypto: FieldCrypto, p: Person, unit: { id: number; path: string }, createdBy: number | null = null): MemberRow {
  const n = nameColumns(p.name);
  const s = personalColumns(crypto, p.idNumber, p.phone);
  return {
    org_id: unit.id,
    org_path: unit.path,
    name: n.name,
    name_pinyin: n.namePinyin,
    name_initials: n.nameInitials,
    name_grams: n.nameGrams,
    gender: p.gender,
    ethnicity: p.ethnicity,
    birth_date: p.birthDate,
    id_type: 'resident_id',
    id_enc: s.idEnc,
    id_hash: s.idHash,
    id_last4: s.idLast4,
    phone_enc: s.phoneEnc,
    phone_hash: s.phoneHash,
    phone_last4: s.phoneLast4,
    employer: p.employer,
    join_date: p.joinDate,
    status: p.status,
    category: p.category,
    model_worker_level: p.modelWorkerLevel,
    model_worker_year: p.modelWorkerYear,
    political_status: p.politicalStatus,
    education: p.education,
    tags: p.tags,
    created_by: createdBy,
  };
}

/**
 * The rows as one array per column, for `insert … select from unnest($1::int[], …)`. Array columns
 * (grams, tags) cannot be unnested as arrays of arrays of different lengths, so they travel as
 * PostgreSQL array literals in a text[] and are cast back per row.
 */
export function unnestParams(rows: MemberRow[]): { params: unknown[]; columns: string; select: string; from: string } {
  const params = memberRowColumns.map(([col, type]) =>
    type === 'text[]' ? rows.map((r) => arrayLiteral(r[col] as string[])) : rows.map((r) => r[col]),
  );
  const from = `unnest(${memberRowColumns.map(([, type], i) => `$${i + 1}::${type === 'text[]' ? 'text' : type}[]`).join(', ')}) as t(${memberRowColumns.map(([c]) => c).join(', ')})`;
  const select = memberRowColumns.map(([c, type]) => (type === 'text[]' ? `${c}::text[]` : c)).join(', ');
  return { params, columns: memberColumnNames, select, from };
}

/** A text[] literal: every element double-quoted, with quotes and backslashes escaped. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
