/**
 * Builds (or reuses) the bench database holding a city-sized organisation tree and one district-cadre
 * account. Run alone with `npx tsx bench/generate-tree.ts [--regenerate]`; benchmarks call `ensureBenchTree`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { migrationsFolder } from '@tongxing/db';
import { prepare } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { hashPassword } from '../apps/server/src/lib/password.ts';
import { BENCH_DIR, openBenchDatabase, readMarker, recreateBenchDatabase, withClient, writeMarker, type BenchDatabase } from './lib/bench-db.ts';
import { buildCityTree, CITY_SHAPE, type TreeShape, type TreeUnit } from './lib/city-tree.ts';

/** Bump when the generated data changes in any way, so old bench databases are rebuilt. */
const TREE_VERSION = 1;

export const BENCH_CADRE = { username: 'bench_district', password: 'Bench@Tongxing2026', displayName: '压测区干部', districtIndex: 2 };

export interface BenchTree {
  units: number;
  byKind: Record<string, number>;
  cadre: { username: string; password: string; orgId: number; orgPath: string; orgName: string };
  /** Grassroots unions inside the cadre's district. */
  unionsInScope: number;
  generatedSeconds: number | null;
}

/** The version, the shape and the latest migration: any change to one of them rebuilds the data. */
async function markerOf(shape: TreeShape): Promise<string> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const lastMigration = journal.entries.at(-1)?.tag ?? 'none';
  const { districts, streetsPerDistrict, unionsPerStreet, branchEvery } = shape;
  return `tongxing-bench tree v${TREE_VERSION} ${districts}x${streetsPerDistrict}x${unionsPerStreet} branches/${branchEvery} migration ${lastMigration}`;
}

function benchConfig(url: string) {
  return loadConfig({ DATABASE_URL: url, DEMO: '0', DATA_DIR: BENCH_DIR, LOG_LEVEL: 'silent' });
}

async function loadUnits(pool: pg.Pool, units: TreeUnit[]): Promise<number[]> {
  // Ids are drawn from the table's own sequence, so the app can keep inserting after the bulk load.
  const drawn = await pool.query<{ id: number }>(
    `select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id from generate_series(1, $1::int)`,
    [units.length],
  );
  const ids = drawn.rows.map((r) => r.id);
  const paths: string[] = [];
  const depths: number[] = [];
  units.forEach((u, i) => {
    const parentPath = u.parent === null ? null : paths[u.parent];
    paths.push(parentPath ? `${parentPath}.${ids[i]}` : String(ids[i]));
    depths.push(u.parent === null ? 0 : depths[u.parent]! + 1);
  });
  await pool.query(
    `insert into org_units (id, parent_id, path, depth, kind, name, short_name, division_code, credit_code,
                            contact_name, contact_phone, status, sort_order)
     select id, parent_id, path, depth, kind, name, short_name, division_code, credit_code,
            contact_name, contact_phone, 'active', sort_order
       from unnest($1::int[], $2::int[], $3::ltree[], $4::smallint[], $5::varchar[], $6::varchar[], $7::varchar[],
                   $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[], $12::int[])
         as t(id, parent_id, path, depth, kind, name, short_name, division_code, credit_code,
              contact_name, contact_phone, sort_order)`,
    [
      ids,
      units.map((u) => (u.parent === null ? null : ids[u.parent])),
      paths,
      depths,
      units.map((u) => u.kind),
      units.map((u) => u.name),
      units.map((u) => u.shortName),
      units.map((u) => u.divisionCode),
      units.map((u) => u.creditCode),
      units.map((u) => u.contactName),
      units.map((u) => u.contactPhone),
      // One running order over the whole tree, as the demo seed does.
      units.map((_, i) => i),
    ],
  );
  return ids;
}

async function createCadre(pool: pg.Pool, orgId: number): Promise<void> {
  const passwordHash = await hashPassword(BENCH_CADRE.password);
  await pool.query(
    `with u as (
       insert into users (kind, username, display_name, org_id, password_hash, must_change_password)
       values ('staff', $1, $2, $3, $4, false) returning id)
     insert into user_roles (user_id, role_id) select u.id, r.id from u, roles r where r.code = 'district_cadre'`,
    [BENCH_CADRE.username, BENCH_CADRE.displayName, orgId, passwordHash],
  );
}

async function generate(db: BenchDatabase, shape: TreeShape, marker: string, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  await recreateBenchDatabase(db);
  const { database, deps } = await prepare(benchConfig(db.url));
  try {
    const units = buildCityTree(shape);
    const ids = await loadUnits(deps.pool, units);
    const districts = units.flatMap((u, i) => (u.kind === 'district_union' ? [ids[i]!] : []));
    const cadreOrg = districts[Math.min(BENCH_CADRE.districtIndex, districts.length - 1)];
    if (cadreOrg === undefined) throw new Error('the tree shape has no district');
    await createCadre(deps.pool, cadreOrg);
    await deps.pool.query('analyze');
  } finally {
    await database.close();
  }
  await writeMarker(db.url, marker);
  const seconds = (performance.now() - started) / 1000;
  log(`[bench] generated the tree in ${seconds.toFixed(1)} s`);
  return seconds;
}

async function describe(url: string): Promise<Omit<BenchTree, 'generatedSeconds'>> {
  return withClient(url, async (c) => {
    const kinds = await c.query<{ kind: string; n: number }>('select kind, count(*)::int as n from org_units group by kind order by kind');
    const cadre = await c.query<{ orgId: number; orgPath: string; orgName: string; unions: number }>(
      `select o.id as "orgId", o.path::text as "orgPath", o.name as "orgName",
              (select count(*)::int from org_units x where x.path <@ o.path and x.kind = 'grassroots_union') as unions
         from users u join org_units o on o.id = u.org_id where u.username = $1`,
      [BENCH_CADRE.username],
    );
    const row = cadre.rows[0];
    if (!row) throw new Error(`the bench database has no ${BENCH_CADRE.username} account: run with --regenerate`);
    const byKind = Object.fromEntries(kinds.rows.map((r) => [r.kind, r.n]));
    return {
      units: kinds.rows.reduce((s, r) => s + r.n, 0),
      byKind,
      cadre: { username: BENCH_CADRE.username, password: BENCH_CADRE.password, orgId: row.orgId, orgPath: row.orgPath, orgName: row.orgName },
      unionsInScope: row.unions,
    };
  });
}

/** Reuses the bench data when its marker matches, otherwise rebuilds the database from scratch. */
export async function ensureBenchTree(
  db: BenchDatabase,
  opts: { shape?: TreeShape; force?: boolean; log: (line: string) => void },
): Promise<BenchTree> {
  const shape = opts.shape ?? CITY_SHAPE;
  const marker = await markerOf(shape);
  const found = await readMarker(db.url);
  let generatedSeconds: number | null = null;
  if (opts.force || found !== marker) {
    const why = opts.force ? 'rebuild asked' : found ? `found "${found}"` : 'no bench data yet';
    opts.log(`[bench] generating "${marker}" (${why}) …`);
    generatedSeconds = await generate(db, shape, marker, opts.log);
  } else {
    opts.log(`[bench] reusing bench data "${marker}"`);
  }
  return { ...(await describe(db.url)), generatedSeconds };
}

async function main() {
  const { values } = parseArgs({ options: { regenerate: { type: 'boolean', default: false } } });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const db = await openBenchDatabase(log);
  try {
    const tree = await ensureBenchTree(db, { force: values.regenerate, log });
    log(`[bench] ${db.where}: ${tree.units} units ${JSON.stringify(tree.byKind)}`);
    log(`[bench] ${tree.cadre.username} (district_cadre) at ${tree.cadre.orgName}, path ${tree.cadre.orgPath}, ${tree.unionsInScope} grassroots unions in scope`);
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Exit explicitly: the embedded server's stop() leaves a 15 s timer armed that would hold the process open.
  main().then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
