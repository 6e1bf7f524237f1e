import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { memberImportColumns } from '@tongxing/contracts';
import { educationLevels, ethnicities, modelWorkerLevelLabels, politicalStatuses, workerCategoryLabels } from '@tongxing/domain';
import { prepare } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import type { ActorContext } from '../../apps/server/src/lib/context.ts';
import { employerOf } from '../../apps/server/src/demo/demo-members.ts';
import { memberRow } from '../../apps/server/src/demo/member-rows.ts';
import { peopleGenerator, type Person } from '../../apps/server/src/demo/people.ts';
import { checkImportFile, commitImport } from '../../apps/server/src/modules/member-imports/member-imports.service.ts';
import { BENCH_CADRE } from '../generate-tree.ts';
import { BENCH_DATA_KEY, BENCH_MEMBERS, benchCrypto } from '../generate-members.ts';
import { BENCH_DIR, type BenchDatabase } from './bench-db.ts';
import { copyLine, copyLines } from './member-copy.ts';

/**
 * The import rate: N new people through the app's own pipeline (checkImportFile: parse the .xlsx, check
 * every row against the registry, keep the sealed upload; commitImport: parse again, seal, check again
 * inside the transaction, insert members and history, audit) against one plain `COPY members FROM STDIN`
 * of the same people already sealed (no checks, no history). Each round runs the app, removes its rows,
 * runs COPY, removes those, so both always start from the same 1,500,000.
 */
export interface ImportComparison {
  rows: number;
  format: ImportFormat;
  units: number;
  fileBytes: number;
  note: string;
  rounds: { round: number; app: number | null; check: number; commit: number; copy: number; detail: string }[];
  appSeconds: number | null;
  copySeconds: number;
  ratio: number | null;
}

interface Unit {
  id: number;
  path: string;
  name: string;
  credit_code: string;
}

const label = (dict: Record<string, { zh: string }>, code: string | null) => (code ? (dict[code]?.zh ?? code) : null);

export type ImportFormat = 'csv' | 'xlsx';

/** The template's cells of one person: dictionary cells as the sheet shows them (labels) or as codes. */
function cellsOf(p: Person, unit: Unit, labels: boolean): Record<string, string | number | null> {
  const dict = (d: Record<string, { zh: string }>, code: string | null) => (labels ? label(d, code) : code);
  return {
    name: p.name,
    // Optional cells with their defaults (证件类型) or taken from the ID number (性别, 出生日期) stay empty in a CSV.
    idType: labels ? '居民身份证' : null,
    idNumber: p.idNumber,
    phone: p.phone,
    orgId: unit.credit_code,
    gender: labels ? (p.gender === 'M' ? '男' : '女') : null,
    birthDate: labels ? p.birthDate : null,
    ethnicity: dict(ethnicities, p.ethnicity),
    employer: p.employer,
    joinDate: p.joinDate,
    category: dict(workerCategoryLabels, p.category),
    modelWorkerLevel: dict(modelWorkerLevelLabels, p.modelWorkerLevel),
    modelWorkerYear: p.modelWorkerYear,
    politicalStatus: dict(politicalStatuses, p.politicalStatus),
    education: dict(educationLevels, p.education),
    tags: p.tags.join('、') || null,
    note: null,
  };
}

const headerRow = () => memberImportColumns.map((c) => (c.required ? `${c.header}*` : c.header));

/** The spreadsheet a union office would upload: the template's headers, dictionary labels in Chinese, numbers as text. */
async function writeWorkbook(file: string, people: { p: Person; unit: Unit }[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('会员信息');
  ws.addRow(headerRow()).commit();
  for (const { p, unit } of people) {
    const cells = cellsOf(p, unit, true);
    ws.addRow(memberImportColumns.map((c) => cells[c.field] ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

/**
 * The same as "CSV UTF-8" (the template's other format), with dictionary codes, which the import takes
 * too: with every label written out, 100,000 rows pass the 20 MB upload limit.
 */
function csvOf(people: { p: Person; unit: Unit }[]): Buffer {
  const q = (v: string | number | null) => {
    const t = v === null ? '' : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  const lines = [headerRow().map(q).join(',')];
  for (const { p, unit } of people) {
    const cells = cellsOf(p, unit, false);
    lines.push(memberImportColumns.map((c) => q(cells[c.field] ?? null)).join(','));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function compareImport(
  db: BenchDatabase,
  opts: { rows: number; rounds: number; format: ImportFormat; log: (line: string) => void },
): Promise<ImportComparison> {
  const { log } = opts;
  const crypto = benchCrypto();
  const { database, deps } = await prepare(loadConfig({ DATABASE_URL: db.url, DATA_DIR: BENCH_DIR, DATA_KEY: BENCH_DATA_KEY, DEMO: '0', LOG_LEVEL: 'silent' }));
  const pool = new pg.Pool({ connectionString: db.url, max: 2, options: '-c TimeZone=Asia/Shanghai' });
  const file = path.join(BENCH_DIR, `import-${opts.rows}.xlsx`);
  try {
    const who = await pool.query<{ id: number; display_name: string; org_id: number; path: string; org_name: string; org_kind: string }>(
      `select u.id, u.display_name, u.org_id, o.path::text as path, o.name as org_name, o.kind as org_kind
         from users u join org_units o on o.id = u.org_id where u.username = $1`,
      [BENCH_CADRE.username],
    );
    const a = who.rows[0]!;
    const ctx = {
      actor: {
        userId: a.id, username: BENCH_CADRE.username, displayName: a.display_name, kind: 'staff', orgId: a.org_id, orgPath: a.path, orgName: a.org_name,
        orgKind: a.org_kind, locale: 'zh-CN', grants: [], roles: [], mfaRequired: false, totpEnabled: false, lastLoginAt: null,
        session: { tokenHash: '', csrfToken: '', state: 'full' },
      },
      scope: { all: false, subtreePaths: [a.path], unitIds: [], ownerUserId: null },
      ip: null,
      requestId: 'bench-import',
      lang: 'zh-CN',
      userAgent: null,
    } satisfies ActorContext;

    // 100 unions of the cadre's district, ~1,000 new members each: a district office's big batch.
    const units = (
      await pool.query<Unit>(
        `select id, path::text as path, name, credit_code from org_units
          where path <@ $1::ltree and kind = 'grassroots_union' and credit_code is not null order by md5(id::text) limit 100`,
        [a.path],
      )
    ).rows;
    // ID sequence numbers 800–999 and phone indexes past the registry's: none of these people is a member yet.
    const gen = peopleGenerator({ seed: BENCH_MEMBERS.seed + 7, sequenceHundreds: [8, 9], firstPhone: 10_000_000 });
    const people = Array.from({ length: opts.rows }, (_, i) => {
      const unit = units[i % units.length]!;
      return { p: { ...gen.person({ kind: 'grassroots_union', employer: employerOf(unit.name) }), status: 'active' as const }, unit };
    });
    let data: Buffer;
    if (opts.format === 'xlsx') {
      await writeWorkbook(file, people);
      data = await readFile(file);
    } else {
      data = csvOf(people);
    }
    const fileName = `bench-${opts.rows}.${opts.format}`;
    const lines = people.map(({ p, unit }) => copyLine(memberRow(crypto, p, unit, a.id)));
    log(`[bench] import comparison: ${opts.rows.toLocaleString('en')} rows for ${units.length} unions, ${fileName} of ${(data.length / 1024 / 1024).toFixed(1)} MB; ${opts.rounds} round(s) of app then COPY`);

    const base = (await pool.query<{ id: number }>('select coalesce(max(id), 0)::int as id from members')).rows[0]!.id;
    const reset = async () => {
      await pool.query('delete from member_events where member_id > $1', [base]);
      await pool.query('delete from members where id > $1', [base]);
      await pool.query('vacuum (analyze) members, member_events, org_member_counts');
      await pool.query('checkpoint');
    };
    const added = async () => (await pool.query<{ n: number }>('select count(*)::int as n from members where id > $1', [base])).rows[0]!.n;
    await reset();

    const rounds: ImportComparison['rounds'] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const t0 = performance.now();
      const checked = await checkImportFile(deps, ctx, { fileName, data });
      const t1 = performance.now();
      if (checked.errorRows > 0 || checked.validRows !== opts.rows) {
        throw new Error(`the app's check found ${checked.errorRows} bad rows of ${checked.totalRows}: ${JSON.stringify(checked.errors.slice(0, 5))}`);
      }
      const committed = await commitImport(deps, ctx, checked.id, 'all');
      const t2 = performance.now();
      if (committed.importedRows !== opts.rows || (await added()) !== opts.rows) throw new Error(`the app imported ${committed.importedRows} of ${opts.rows} rows`);
      await reset();

      const client = await pool.connect();
      let copySeconds: number;
      try {
        const t = performance.now();
        await copyLines(client, lines);
        copySeconds = (performance.now() - t) / 1000;
      } finally {
        client.release();
      }
      if ((await added()) !== opts.rows) throw new Error('COPY did not load every row');
      await reset();
      const check = (t1 - t0) / 1000;
      const commit = (t2 - t1) / 1000;
      rounds.push({ round, app: check + commit, check, commit, copy: copySeconds, detail: `check ${check.toFixed(1)} s + commit ${commit.toFixed(1)} s` });
      log(`[bench] import round ${round}/${opts.rounds}: app ${(check + commit).toFixed(1)} s (check ${check.toFixed(1)}, commit ${commit.toFixed(1)}), COPY ${copySeconds.toFixed(1)} s`);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const appSeconds = mean(rounds.map((r) => r.app!));
    const copySeconds = mean(rounds.map((r) => r.copy));
    return {
      rows: opts.rows,
      format: opts.format,
      units: units.length,
      fileBytes: data.length,
      note: `app = checkImportFile + commitImport in-process as ${BENCH_CADRE.username} (${fileName}, ${(data.length / 1024 / 1024).toFixed(1)} MB, mode all); COPY = the same rows pre-sealed, members only; means of ${rounds.length} round(s)`,
      rounds,
      appSeconds,
      copySeconds,
      ratio: appSeconds / copySeconds,
    };
  } finally {
    await pool.end();
    await database.close();
    await rm(file, { force: true });
  }
}
