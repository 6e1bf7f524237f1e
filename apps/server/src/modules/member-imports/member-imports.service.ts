import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { schema } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { importRowMessage, type MemberImport, type MemberImportError } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { safeFileName } from '../../lib/attachment';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { nameColumns, personalColumns } from '../members/member-record';
import { checkRows, prepareRows, type CheckResult, type ValidRow } from './import-check';
import { columnText } from './import-columns';
import { fileKind, parseSheet, type FileKind } from './import-parser';
import * as repo from './member-imports.repository';

/** Problems shown in the answer; the .xlsx report lists every stored one. */
export const SHOWN_ERRORS = 200;
/** Problems kept with an import (a wrong file can have one per cell); the report says when more were cut. */
export const STORED_ERRORS = 100_000;
/** Rows per INSERT statement of a commit, all in the one transaction. */
const INSERT_BATCH = 5_000;

function scopeOf(ctx: ActorContext): Scope {
  if (!ctx.scope) throw new Error('import routes run with a resolved scope');
  return ctx.scope;
}

function storedCheck(orgId: number | null, headers: Record<string, string>, result: CheckResult): repo.StoredCheck {
  return { v: 1, orgId, headers, items: result.issues.slice(0, STORED_ERRORS), truncated: result.issues.length > STORED_ERRORS };
}

/**
 * The upload stays on disk until it is committed, encrypted like every other personal number at rest
 * (it is full of ID and phone numbers): AES-256-GCM through the field crypto, over its base64 text.
 */
async function storeUpload(deps: AppDeps, kind: FileKind, data: Buffer): Promise<string> {
  const dir = path.join(deps.config.dataDir, 'uploads', 'imports');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const rel = path.join('uploads', 'imports', `${randomUUID()}.${kind}.enc`);
  await writeFile(path.join(deps.config.dataDir, rel), deps.crypto.encrypt(data.toString('base64')), { mode: 0o600 });
  return rel;
}

async function loadUpload(deps: AppDeps, rel: string): Promise<{ kind: FileKind; data: Buffer }> {
  const kind: FileKind = rel.includes('.csv.') ? 'csv' : 'xlsx';
  try {
    const sealed = await readFile(path.join(deps.config.dataDir, rel));
    return { kind, data: Buffer.from(deps.crypto.decrypt(sealed), 'base64') };
  } catch {
    throw new AppError('IMPORT_FILE_UNREADABLE');
  }
}

/** Texts in both languages; a union holding a person is named only if the reader may see it. */
async function renderIssues(deps: AppDeps, scope: Scope, stored: repo.StoredCheck, items: repo.StoredCheck['items']) {
  const orgIds = [...new Set(items.map((i) => i.p?.orgId).filter((v): v is number => typeof v === 'number'))];
  const names = await repo.unitNamesInScope(deps.pool, scope, orgIds);
  return items.map((i) => {
    const orgName = typeof i.p?.orgId === 'number' ? names.get(i.p.orgId) : undefined;
    const code = i.c === 'import.alreadyActive' && orgName ? 'import.alreadyActiveIn' : i.c;
    const params = { ...(i.p ?? {}), ...(orgName ? { orgName } : {}) };
    return {
      row: i.r,
      column: columnText(stored.headers, i.f),
      field: i.f,
      code: i.c,
      value: i.v ?? null,
      zh: importRowMessage(code, 'zh-CN', params),
      en: importRowMessage(code, 'en', params),
    };
  });
}

const noCheck: repo.StoredCheck = { v: 1, orgId: null, headers: {}, items: [], truncated: false };

async function toView(deps: AppDeps, ctx: ActorContext, row: repo.ImportRow): Promise<MemberImport> {
  const stored = row.errors ?? noCheck;
  const shown = await renderIssues(deps, scopeOf(ctx), stored, stored.items.slice(0, SHOWN_ERRORS));
  const errors: MemberImportError[] = shown.map((e) => ({ row: e.row, column: e.column, field: e.field, code: e.code, message: ctx.lang === 'en' ? e.en : e.zh }));
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    totalRows: row.total_rows,
    validRows: row.valid_rows,
    errorRows: row.error_rows,
    importedRows: row.imported_rows,
    errors,
    canCommit: row.status === 'checked' && row.valid_rows > 0,
  };
}

/** A transaction on one client, for hand-written bulk SQL; the audit row joins it through a drizzle wrapper. */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const out = await work(client);
    await client.query('commit');
    return out;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const auditTx = (client: pg.PoolClient) => drizzle(client, { schema });

export interface ImportUpload {
  fileName: string;
  data: Buffer;
  /** The unit of rows whose 所属工会 is empty. */
  orgId?: number | undefined;
}

/**
 * The dry run: reads the sheet, checks every row, keeps the file and the result. Nothing reaches the
 * registry. Callable in-process with plain inputs (the benchmark does).
 */
export async function checkImportFile(deps: AppDeps, ctx: ActorContext, upload: ImportUpload): Promise<MemberImport> {
  const scope = scopeOf(ctx);
  const fileName = safeFileName(upload.fileName, 'upload');
  const kind = fileKind(fileName, upload.data);
  const defaultUnit = upload.orgId ? await repo.findUnitInScope(deps.pool, scope, upload.orgId) : null;
  if (upload.orgId && !defaultUnit) throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
  const parsed = await parseSheet(kind, upload.data);
  const today = shanghaiDate(deps.clock());
  const result = await checkRows(deps.pool, deps.crypto, scope, prepareRows(parsed.rows, today), { defaultUnit, today });
  const storedFile = await storeUpload(deps, kind, upload.data);
  const check = storedCheck(upload.orgId ?? null, parsed.headers, result);
  const validRows = result.totalRows - result.errorRows;
  const id = await inTransaction(deps.pool, async (client) => {
    const created = await repo.insertImport(client, { createdBy: ctx.actor.userId, fileName, storedFile, totalRows: result.totalRows, validRows, errorRows: result.errorRows, errors: check });
    await writeAudit(auditTx(client), ctx, {
      action: 'member.import.check',
      entityType: 'member_import',
      entityId: created,
      after: { fileName, orgId: upload.orgId ?? null, totalRows: result.totalRows, validRows, errorRows: result.errorRows },
    });
    return created;
  });
  return getImport(deps, ctx, id);
}

export async function getImport(deps: AppDeps, ctx: ActorContext, id: number): Promise<MemberImport> {
  const row = await repo.findImport(deps.pool, scopeOf(ctx), ctx.actor.userId, id);
  if (!row) throw new AppError('NOT_FOUND');
  return toView(deps, ctx, row);
}

/** Every stored problem with its texts in both languages, for the downloadable report. */
export async function importProblems(deps: AppDeps, ctx: ActorContext, id: number) {
  const row = await repo.findImport(deps.pool, scopeOf(ctx), ctx.actor.userId, id);
  if (!row) throw new AppError('NOT_FOUND');
  const stored = row.errors ?? noCheck;
  const items = await renderIssues(deps, scopeOf(ctx), stored, stored.items);
  return { fileName: row.file_name, truncated: stored.truncated, errorRows: row.error_rows, items };
}

/** The stored columns of a checked row: search columns of the name (memoised: names repeat), sealed numbers. */
function sealer(deps: AppDeps) {
  const names = new Map<string, ReturnType<typeof nameColumns>>();
  return (v: ValidRow): repo.BulkMember => {
    let n = names.get(v.name);
    if (!n) {
      n = nameColumns(v.name);
      names.set(v.name, n);
    }
    const p = personalColumns(deps.crypto, v.idNumber, v.phone);
    return {
      orgId: v.unit.id,
      ...n,
      gender: v.gender,
      ethnicity: v.ethnicity,
      birthDate: v.birthDate,
      idType: v.idType,
      idEnc: p.idEnc,
      idHash: p.idHash,
      idLast4: p.idLast4,
      phoneEnc: p.phoneEnc!,
      phoneHash: p.phoneHash!,
      phoneLast4: p.phoneLast4!,
      employer: v.employer,
      joinDate: v.joinDate,
      category: v.category,
      modelWorkerLevel: v.modelWorkerLevel,
      modelWorkerYear: v.modelWorkerYear,
      politicalStatus: v.politicalStatus,
      education: v.education,
      tags: v.tags,
      note: v.note,
    };
  };
}

/**
 * Writes the checked rows to the registry in one transaction: the import row is locked (a concurrent
 * commit waits, then finds it committed), every check runs again against the registry as it is now,
 * members and their history go in by `unnest` batches, and one audit row records the import.
 */
export async function commitImport(deps: AppDeps, ctx: ActorContext, id: number, mode: 'all' | 'valid_only') {
  const scope = scopeOf(ctx);
  const pre = await repo.findImport(deps.pool, scope, ctx.actor.userId, id);
  if (!pre) throw new AppError('NOT_FOUND');
  if (pre.status !== 'checked') throw new AppError('IMPORT_ALREADY_COMMITTED');
  const stored = pre.errors ?? noCheck;
  const { kind, data } = await loadUpload(deps, pre.stored_file);
  const parsed = await parseSheet(kind, data);
  const today = shanghaiDate(deps.clock());
  const candidates = prepareRows(parsed.rows, today);

  let fresh: CheckResult | null = null;
  try {
    const imported = await inTransaction(deps.pool, async (client) => {
      const row = await repo.findImport(client, scope, ctx.actor.userId, id, { forUpdate: true });
      if (!row) throw new AppError('NOT_FOUND');
      if (row.status !== 'checked') throw new AppError('IMPORT_ALREADY_COMMITTED');
      const defaultUnit = stored.orgId ? await repo.findUnitInScope(client, scope, stored.orgId) : null;
      fresh = await checkRows(client, deps.crypto, scope, candidates, { defaultUnit, defaultUnitMissing: stored.orgId !== null && !defaultUnit, today });
      if (mode === 'all' && fresh.errorRows > 0) throw new AppError('IMPORT_HAS_ERRORS', { params: { errorRows: fresh.errorRows } });
      if (fresh.valid.length === 0) throw new AppError('IMPORT_NO_VALID_ROWS');
      const rows = fresh.valid;
      const seal = sealer(deps);
      const actor = { userId: ctx.actor.userId, name: ctx.actor.displayName };
      const note = `批量导入：${row.file_name}`.slice(0, 500);
      // Pinyin and encryption of one batch run while the database writes the previous one.
      let pending: Promise<number> | null = null;
      let written = 0;
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        const batch = rows.slice(i, i + INSERT_BATCH).map(seal);
        if (pending) written += await pending;
        pending = repo.insertMembersBulk(client, batch, actor, note);
        pending.catch(() => undefined);
      }
      if (pending) written += await pending;
      // Someone registered one of these people after the check above: all-or-nothing means nothing.
      if (mode === 'all' && written !== rows.length) throw new AppError('IMPORT_HAS_ERRORS', { params: { errorRows: rows.length - written } });
      await repo.markCommitted(client, id, written);
      await writeAudit(auditTx(client), ctx, {
        action: 'member.import',
        entityType: 'member_import',
        entityId: id,
        after: { fileName: row.file_name, orgId: stored.orgId, mode, totalRows: fresh.totalRows, importedRows: written, skippedRows: fresh.totalRows - written },
      });
      return written;
    });
    await rm(path.join(deps.config.dataDir, pre.stored_file), { force: true });
    return { id, status: 'committed' as const, importedRows: imported, skippedRows: candidates.length - imported };
  } catch (err) {
    // Refused for rows that fail now: keep the fresh result so the report explains the refusal.
    const result = fresh as CheckResult | null;
    if (err instanceof AppError && (err.code === 'IMPORT_HAS_ERRORS' || err.code === 'IMPORT_NO_VALID_ROWS') && result) {
      await repo.updateCheck(deps.pool, id, {
        totalRows: result.totalRows,
        validRows: result.totalRows - result.errorRows,
        errorRows: result.errorRows,
        errors: storedCheck(stored.orgId, stored.headers, result),
      });
    }
    throw err;
  }
}
