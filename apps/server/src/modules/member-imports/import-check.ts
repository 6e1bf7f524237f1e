import type { z } from 'zod';
import { isValidUscc, normaliseUscc, type IdType, type Scope } from '@tongxing/domain';
import { memberCreateSchema, memberImportColumns, type MemberImportField } from '@tongxing/contracts';
import type { FieldCrypto } from '../../lib/crypto';
import { hashIdNumber } from '../../lib/personal';
import { canHoldMembers, checkIdentity } from '../members/member-record';
import { cellDate, cellTags, cellText, dictionaryCode, type Cell, type DictionaryField } from './import-columns';
import type { RawRow } from './import-parser';
import { findActiveHolders, findUnitsByRef, type Queryable, type UnitRow } from './member-imports.repository';

/** One problem of one cell, as stored: row, field, code, message parameters, and the value when it may be shown. */
export interface ImportIssue {
  r: number;
  f: MemberImportField;
  c: string;
  p?: Record<string, string | number>;
  v?: string;
}

/** A row that passed every check, with the values the registry stores. */
export interface ValidRow {
  row: number;
  unit: UnitRow;
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  ethnicity: string | null;
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

export interface CheckResult {
  totalRows: number;
  errorRows: number;
  issues: ImportIssue[];
  valid: ValidRow[];
}

/** Personal numbers never travel into the stored check result or the report, not even wrong ones. */
const HIDDEN_VALUES = new Set<MemberImportField>(['idNumber', 'phone']);
const columnOrder = new Map<string, number>(memberImportColumns.map((c, i) => [c.field, i]));

export interface Candidate {
  raw: RawRow;
  /** A later occurrence of an ID number already seen in the file. */
  duplicate: boolean;
  issues: ImportIssue[];
  /** Set when the document number itself is valid: the in-file and registry checks use it. */
  idNumber: string | null;
  orgRef: string | null;
  values: z.infer<typeof memberCreateSchema> | null;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
}

function issue(raw: RawRow, f: MemberImportField, c: string, p?: ImportIssue['p']): ImportIssue {
  const out: ImportIssue = { r: raw.row, f, c };
  if (p) out.p = p;
  if (!HIDDEN_VALUES.has(f)) {
    const v = cellText(raw.cells[f] ?? null);
    // A shifted column can put an ID or phone number under any header: long digit runs are never kept
    // (a unit's credit code, which may be all digits, is recognised by its check character).
    if (v && (!/\d{7,}/.test(v) || (f === 'orgId' && isValidUscc(normaliseUscc(v))))) out.v = v.slice(0, 100);
  }
  return out;
}

/** A zod issue of the registry's own schema, as a row-problem code. */
function codeOf(field: MemberImportField, i: z.core.$ZodIssue): { c: string; p?: ImportIssue['p'] } {
  if (i.message && /^[a-z]+\.[A-Za-z]+$/.test(i.message)) return { c: i.message };
  if (field === 'tags') return { c: 'import.tags' };
  if (field === 'modelWorkerYear') return { c: 'import.year' };
  if (field === 'idNumber') return { c: 'id.format' };
  if (i.code === 'too_small') return { c: 'import.required' };
  if (i.code === 'too_big' && 'maximum' in i) return { c: 'import.tooLong', p: { max: Number(i.maximum) } };
  if (i.code === 'invalid_value') return { c: 'import.dictionary' };
  return { c: 'import.invalid' };
}

/**
 * The checks of one row that need nothing but the row: required cells, dictionaries, dates, the
 * registry's field rules (its own create schema) and the document number for its type.
 */
export function checkRowValues(raw: RawRow, today: string): Candidate {
  const cells = raw.cells;
  const issues: ImportIssue[] = [];
  const bad = new Set<MemberImportField>();
  const fail = (f: MemberImportField, c: string, p?: ImportIssue['p']) => {
    if (bad.has(f)) return;
    bad.add(f);
    issues.push(issue(raw, f, c, p));
  };
  const text = (f: MemberImportField) => cellText(cells[f] ?? null);
  const dict = (f: DictionaryField): string | undefined => {
    const t = text(f);
    if (!t) return undefined;
    const code = dictionaryCode(f, t);
    if (!code) fail(f, 'import.dictionary');
    return code;
  };
  const date = (f: 'birthDate' | 'joinDate'): string | undefined => {
    const c: Cell = cells[f] ?? null;
    if (c === null) return undefined;
    const d = cellDate(c);
    if (!d) fail(f, 'import.date');
    return d;
  };

  for (const f of ['name', 'idNumber', 'phone'] as const) if (!text(f)) fail(f, 'import.required');
  const idCell = cells.idNumber;
  // 18 digits exceed a double's precision: Excel has already rounded the number away.
  if (typeof idCell === 'number' && (!Number.isSafeInteger(idCell) || String(idCell).length > 15)) fail('idNumber', 'import.idNumeric');
  const yearText = text('modelWorkerYear');
  const year = yearText === null ? undefined : /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
  if (Number.isNaN(year)) fail('modelWorkerYear', 'import.year');

  const input: Record<string, unknown> = {
    name: text('name') ?? '',
    idType: dict('idType') ?? 'resident_id',
    idNumber: text('idNumber') ?? '',
    // 139 1234 5678 and 139-1234-5678 are the same number.
    phone: text('phone')?.replace(/[\s-]/g, '') ?? '',
    orgId: 1,
    gender: dict('gender'),
    birthDate: date('birthDate'),
    ethnicity: dict('ethnicity'),
    employer: text('employer') ?? undefined,
    joinDate: date('joinDate') ?? today,
    category: dict('category'),
    modelWorkerLevel: dict('modelWorkerLevel'),
    modelWorkerYear: Number.isNaN(year) ? undefined : year,
    politicalStatus: dict('politicalStatus'),
    education: dict('education'),
    tags: [...new Set(cellTags(cells.tags ?? null))],
    note: text('note') ?? undefined,
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  const parsed = memberCreateSchema.safeParse(input);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const f = String(i.path[0] ?? '') as MemberImportField;
      if (!columnOrder.has(f)) continue;
      const { c, p } = codeOf(f, i);
      fail(f, c, p);
    }
  }

  const values = parsed.success ? parsed.data : null;
  let idNumber: string | null = null;
  let gender: 'M' | 'F' | null = null;
  let birthDate: string | null = null;
  if (!bad.has('idNumber') && !bad.has('idType')) {
    const identity = checkIdentity({
      idType: (input.idType as IdType) ?? 'resident_id',
      idNumber: input.idNumber as string,
      gender: bad.has('gender') ? undefined : (input.gender as 'M' | 'F' | undefined),
      birthDate: bad.has('birthDate') ? undefined : (input.birthDate as string | undefined),
    });
    for (const e of identity.errors) fail(e.path as MemberImportField, e.code);
    if (!identity.errors.some((e) => e.path === 'idNumber')) idNumber = identity.idNumber;
    gender = identity.gender;
    birthDate = identity.birthDate;
  }
  return { raw, duplicate: false, issues, idNumber, orgRef: text('orgId'), values, gender, birthDate };
}

/** Credit codes are written upper-case; names as the unit is registered. */
const refKey = (ref: string) => (/^[0-9A-Za-z]{18}$/.test(ref) ? ref.toUpperCase() : ref);

/** The checks of every row that need nothing but the rows themselves, duplicates inside the file included. */
export function prepareRows(rows: RawRow[], today: string): Candidate[] {
  const candidates = rows.map((r) => checkRowValues(r, today));
  const firstRow = new Map<string, number>();
  for (const c of candidates) {
    if (!c.idNumber) continue;
    const first = firstRow.get(c.idNumber);
    if (first === undefined) firstRow.set(c.idNumber, c.raw.row);
    else {
      c.issues.push(issue(c.raw, 'idNumber', 'import.duplicateInFile', { row: first }));
      c.duplicate = true;
    }
  }
  return candidates;
}

/**
 * The checks that ask the database: the units (within the actor's import scope; a unit outside it reads
 * as not found) and the registry city-wide. Runs on the pool for the dry run and inside the commit's
 * transaction for the commit, on the same prepared rows.
 */
export async function checkRows(
  db: Queryable,
  crypto: FieldCrypto,
  scope: Scope,
  candidates: Candidate[],
  opts: { defaultUnit: UnitRow | null; defaultUnitMissing?: boolean; today: string },
): Promise<CheckResult> {
  const refs = [...new Set(candidates.map((c) => c.orgRef).filter((r): r is string => r !== null).map(refKey))];
  const units = refs.length > 0 ? await findUnitsByRef(db, scope, refs) : [];
  const byRef = new Map<string, UnitRow[]>();
  for (const u of units) {
    for (const key of [u.credit_code, u.name]) {
      if (!key) continue;
      const list = byRef.get(key) ?? [];
      if (!list.includes(u)) list.push(u);
      byRef.set(key, list);
    }
  }

  const hashes = new Map<string, string>();
  for (const c of candidates) if (c.idNumber && !c.duplicate) hashes.set(c.idNumber, hashIdNumber(crypto, c.idNumber));
  const holders = hashes.size > 0 ? await findActiveHolders(db, scope, [...hashes.values()]) : new Map<string, { orgId: number; visible: boolean }>();

  const valid: ValidRow[] = [];
  const issues: ImportIssue[] = [];
  let errorRows = 0;
  for (const c of candidates) {
    // The prepared rows are reused by a later commit: this run's problems go to a copy.
    const rowIssues = [...c.issues];
    let unit: UnitRow | null = null;
    if (c.orgRef === null) {
      if (opts.defaultUnit) unit = opts.defaultUnit;
      else rowIssues.push(issue(c.raw, 'orgId', opts.defaultUnitMissing ? 'import.orgNotFound' : 'import.orgRequired'));
    } else {
      const found = byRef.get(refKey(c.orgRef)) ?? [];
      if (found.length === 1) unit = found[0]!;
      else rowIssues.push(issue(c.raw, 'orgId', found.length === 0 ? 'import.orgNotFound' : 'import.orgAmbiguous'));
    }
    if (unit && !canHoldMembers(unit.kind)) {
      rowIssues.push(issue(c.raw, 'orgId', 'import.orgCannotHold'));
      unit = null;
    } else if (unit && unit.status !== 'active') {
      rowIssues.push(issue(c.raw, 'orgId', 'import.orgInactive'));
      unit = null;
    }
    if (c.idNumber && !c.duplicate) {
      const holder = holders.get(hashes.get(c.idNumber)!);
      // The holding union is named only when the actor may see it; the message is rendered per reader.
      if (holder) rowIssues.push(issue(c.raw, 'idNumber', 'import.alreadyActive', holder.visible ? { orgId: holder.orgId } : undefined));
    }
    if (rowIssues.length > 0) {
      errorRows++;
      issues.push(...rowIssues);
      continue;
    }
    const v = c.values!;
    valid.push({
      row: c.raw.row,
      unit: unit!,
      name: v.name,
      idType: v.idType,
      idNumber: c.idNumber!,
      phone: v.phone,
      gender: c.gender,
      birthDate: c.birthDate,
      ethnicity: v.ethnicity ?? null,
      employer: v.employer ?? null,
      joinDate: v.joinDate ?? opts.today,
      category: v.category,
      modelWorkerLevel: v.modelWorkerLevel,
      modelWorkerYear: v.modelWorkerYear ?? null,
      politicalStatus: v.politicalStatus ?? null,
      education: v.education ?? null,
      tags: v.tags,
      note: v.note ?? null,
    });
  }
  issues.sort((a, b) => a.r - b.r || (columnOrder.get(a.f) ?? 99) - (columnOrder.get(b.f) ?? 99));
  return { totalRows: candidates.length, errorRows, issues, valid };
}
