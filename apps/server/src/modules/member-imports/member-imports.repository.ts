import type { Scope } from '@tongxing/domain';
import { scopeClause } from '../../lib/scope-sql';

/** The pool for the dry run, the transaction's client for the commit. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface UnitRow {
  id: number;
  name: string;
  credit_code: string | null;
  kind: string;
  status: string;
  path: string;
}

const unitColumns = 'o.id, o.name, o.credit_code, o.kind, o.status, o.path::text as path';

/** Units named in a sheet (by name or credit code), only those inside the scope: the rest read as missing. */
export async function findUnitsByRef(db: Queryable, scope: Scope, refs: string[]): Promise<UnitRow[]> {
  const params: unknown[] = [refs];
  const inScope = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, params);
  const res = await db.query<UnitRow>(
    `select ${unitColumns} from org_units o where (o.name = any($1::text[]) or o.credit_code = any($1::text[])) and ${inScope}`,
    params,
  );
  return res.rows;
}

export async function findUnitInScope(db: Queryable, scope: Scope, id: number): Promise<UnitRow | null> {
  const params: unknown[] = [id];
  const inScope = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, params);
  const res = await db.query<UnitRow>(`select ${unitColumns} from org_units o where o.id = $1 and ${inScope}`, params);
  return res.rows[0] ?? null;
}

/**
 * Active members holding any of these ID hashes, city-wide, in one query (the registry-wide form of
 * `findActiveByIdHash`), with whether the holding union lies inside the scope.
 */
export async function findActiveHolders(db: Queryable, scope: Scope, hashes: string[]) {
  const params: unknown[] = [hashes];
  const inScope = scopeClause(scope, { path: 'm.org_path', orgId: 'm.org_id', owner: 'm.created_by' }, params);
  const res = await db.query<{ id_hash: string; org_id: number; visible: boolean }>(
    `select m.id_hash, m.org_id, ${inScope} as visible from members m where m.id_hash = any($1::text[]) and m.status = 'active'`,
    params,
  );
  return new Map(res.rows.map((r) => [r.id_hash, { orgId: r.org_id, visible: r.visible }]));
}

/** Names of units the reader may see, for messages that name a union. */
export async function unitNamesInScope(db: Queryable, scope: Scope, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const params: unknown[] = [ids];
  const inScope = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'o.created_by' }, params);
  const res = await db.query<{ id: number; name: string }>(`select o.id, o.name from org_units o where o.id = any($1::int[]) and ${inScope}`, params);
  return new Map(res.rows.map((r) => [r.id, r.name]));
}

export interface ImportRow {
  id: number;
  created_by: number;
  file_name: string;
  stored_file: string;
  status: 'checked' | 'committed' | 'failed' | 'discarded';
  total_rows: number;
  valid_rows: number;
  error_rows: number;
  imported_rows: number;
  errors: StoredCheck | null;
}

/** What `member_imports.errors` holds: the check's problems and what is needed to repeat it. */
export interface StoredCheck {
  v: 1;
  /** The unit chosen at upload for rows without 所属工会. */
  orgId: number | null;
  headers: Record<string, string>;
  items: { r: number; f: string; c: string; p?: Record<string, string | number>; v?: string }[];
  /** More problems than are kept. */
  truncated: boolean;
}

const importColumns = 'i.id, i.created_by, i.file_name, i.stored_file, i.status, i.total_rows, i.valid_rows, i.error_rows, i.imported_rows, i.errors';

/**
 * An import its creator may open, or anyone whose import scope covers the creator's unit (a colleague
 * or a superior); everyone else gets nothing, as if it did not exist.
 */
export async function findImport(db: Queryable, scope: Scope, userId: number, id: number, opts: { forUpdate?: boolean } = {}) {
  const params: unknown[] = [id, userId];
  const inScope = scopeClause(scope, { path: 'o.path', orgId: 'o.id', owner: 'i.created_by' }, params);
  const res = await db.query<ImportRow>(
    `select ${importColumns} from member_imports i join users u on u.id = i.created_by join org_units o on o.id = u.org_id
      where i.id = $1 and (i.created_by = $2 or ${inScope})${opts.forUpdate ? ' for update of i' : ''}`,
    params,
  );
  return res.rows[0] ?? null;
}

export async function insertImport(
  db: Queryable,
  v: { createdBy: number; fileName: string; storedFile: string; totalRows: number; validRows: number; errorRows: number; errors: StoredCheck },
) {
  const res = await db.query<{ id: number }>(
    `insert into member_imports (created_by, file_name, stored_file, status, total_rows, valid_rows, error_rows, errors)
     values ($1, $2, $3, 'checked', $4, $5, $6, $7) returning id`,
    [v.createdBy, v.fileName, v.storedFile, v.totalRows, v.validRows, v.errorRows, JSON.stringify(v.errors)],
  );
  return res.rows[0]!.id;
}

/** A fresh check result (the registry changed since the dry run). */
export async function updateCheck(db: Queryable, id: number, v: { totalRows: number; validRows: number; errorRows: number; errors: StoredCheck }) {
  await db.query(`update member_imports set total_rows = $2, valid_rows = $3, error_rows = $4, errors = $5 where id = $1 and status = 'checked'`, [
    id,
    v.totalRows,
    v.validRows,
    v.errorRows,
    JSON.stringify(v.errors),
  ]);
}

export async function markCommitted(db: Queryable, id: number, importedRows: number) {
  await db.query(`update member_imports set status = 'committed', imported_rows = $2, committed_at = now() where id = $1`, [id, importedRows]);
}

/** A member row ready for the bulk insert: names with their search columns, numbers sealed. */
export interface BulkMember {
  orgId: number;
  name: string;
  namePinyin: string;
  nameInitials: string;
  nameGrams: string[];
  gender: string | null;
  ethnicity: string | null;
  birthDate: string | null;
  idType: string;
  idEnc: Buffer;
  idHash: string;
  idLast4: string;
  phoneEnc: Buffer;
  phoneHash: string;
  phoneLast4: string;
  employer: string | null;
  joinDate: string;
  category: string;
  modelWorkerLevel: string;
  modelWorkerYear: number | null;
  politicalStatus: string | null;
  education: string | null;
  tags: string[];
  note: string | null;
}

/** Separates the values of a per-row list (name grams, tags) inside one text array element; never in the data. */
const SEP = '\u001f';

/**
 * Inserts members and their 'imported' history entries in one statement: `INSERT … SELECT FROM unnest`
 * (drizzle's multi-row insert is CPU-bound at this size). A person who became active meanwhile (another
 * import, a registration) is skipped by the unique index rather than failing the batch; the caller
 * compares the count. Returns the number of members written.
 */
export async function insertMembersBulk(db: Queryable, rows: BulkMember[], actor: { userId: number; name: string }, note: string): Promise<number> {
  const col = <K extends keyof BulkMember>(k: K) => rows.map((r) => r[k]);
  const res = await db.query(
    `with ins as (
       insert into members (org_id, org_path, name, name_pinyin, name_initials, name_grams, gender, ethnicity, birth_date, id_type,
                            id_enc, id_hash, id_last4, phone_enc, phone_hash, phone_last4, employer, join_date, status, category,
                            model_worker_level, model_worker_year, political_status, education, tags, note, created_by)
       select u.org_id, o.path, u.name, u.name_pinyin, u.name_initials, string_to_array(u.grams, chr(31)), u.gender, u.ethnicity,
              u.birth_date, u.id_type, u.id_enc, u.id_hash, u.id_last4, u.phone_enc, u.phone_hash, u.phone_last4, u.employer,
              u.join_date, 'active', u.category, u.model_worker_level, u.model_worker_year, u.political_status, u.education,
              coalesce(string_to_array(nullif(u.tags, ''), chr(31)), '{}'::text[]), u.note, $25
         from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[],
                     $10::bytea[], $11::text[], $12::text[], $13::bytea[], $14::text[], $15::text[], $16::text[], $17::date[],
                     $18::text[], $19::text[], $20::smallint[], $21::text[], $22::text[], $23::text[], $24::text[])
              as u(org_id, name, name_pinyin, name_initials, grams, gender, ethnicity, birth_date, id_type, id_enc, id_hash, id_last4,
                   phone_enc, phone_hash, phone_last4, employer, join_date, category, model_worker_level, model_worker_year,
                   political_status, education, tags, note)
         join org_units o on o.id = u.org_id
       on conflict (id_hash) where status = 'active' do nothing
       returning id, org_id, org_path
     )
     insert into member_events (member_id, type, actor_user_id, actor_name, org_id, org_path, note)
     select id, 'imported', $25, $26, org_id, org_path, $27 from ins`,
    [
      col('orgId'),
      col('name'),
      col('namePinyin'),
      col('nameInitials'),
      rows.map((r) => r.nameGrams.join(SEP)),
      col('gender'),
      col('ethnicity'),
      col('birthDate'),
      col('idType'),
      col('idEnc'),
      col('idHash'),
      col('idLast4'),
      col('phoneEnc'),
      col('phoneHash'),
      col('phoneLast4'),
      col('employer'),
      col('joinDate'),
      col('category'),
      col('modelWorkerLevel'),
      col('modelWorkerYear'),
      col('politicalStatus'),
      col('education'),
      rows.map((r) => r.tags.join(SEP)),
      col('note'),
      actor.userId,
      actor.name,
      note,
    ],
  );
  return res.rowCount ?? 0;
}
