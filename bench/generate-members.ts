/**
 * Builds (or reuses) 1,500,000 members over the bench tree, realistic and fully valid: the demo's own
 * generator (apps/server/src/demo/people.ts) and the app's own column rules (names, pinyin, grams,
 * sealed numbers with a fixed bench key), loaded with COPY. Run alone with
 * `npx tsx bench/generate-members.ts [--members N] [--regenerate]`; the members benchmark calls
 * `ensureBenchMembers`.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword } from '../apps/server/src/lib/password.ts';
import { FieldCrypto } from '../apps/server/src/lib/crypto.ts';
import { employerOf } from '../apps/server/src/demo/demo-members.ts';
import { memberRow, type MemberRow } from '../apps/server/src/demo/member-rows.ts';
import { peopleGenerator, spreadMembers, type PersonUnit } from '../apps/server/src/demo/people.ts';
import { ensureBenchTree, type BenchTree } from './generate-tree.ts';
import { openBenchDatabase, readMarker, type BenchDatabase } from './lib/bench-db.ts';
import { copyMembers } from './lib/member-copy.ts';

/** Bump when the generated members change in any way, so old bench data is rebuilt. */
const MEMBERS_VERSION = 1;
export const BENCH_MEMBERS = { count: 1_500_000, seed: 20_261_201, streetShare: 0.1 };
/** Every bench process (generator, app server, import check) seals and reads numbers with this key. */
export const BENCH_DATA_KEY = createHash('sha256').update('tongxing bench data key v1').digest('base64');
export const BENCH_CITY = { username: 'bench_city', password: 'Bench@Tongxing2026', displayName: '压测市总干部' };
/** COPY statements of this many rows: each is one statement for the count trigger's transition table. */
const COPY_BATCH = 100_000;

export interface BenchMembers {
  count: number;
  marker: string;
  /** Seconds the generation took: now, or when the data was built (see `reused`). */
  generatedSeconds: number;
  generatedAt: string;
  reused: boolean;
  steps: Record<string, number>;
  city: { username: string; password: string; orgId: number; orgPath: string; orgName: string };
}

interface StoredMarker {
  marker: string;
  tree: string | null;
  seconds: number;
  at: string;
  steps: Record<string, number>;
}

export function benchCrypto(): FieldCrypto {
  return new FieldCrypto(Buffer.from(BENCH_DATA_KEY, 'base64'));
}

function markerOf(count: number): string {
  const key = createHash('sha256').update(BENCH_DATA_KEY).digest('hex').slice(0, 8);
  return `tongxing-bench members v${MEMBERS_VERSION} ${count} seed ${BENCH_MEMBERS.seed} streets ${BENCH_MEMBERS.streetShare} key ${key}`;
}

/** The members' marker is the comment on the members table, so it goes wherever the data goes. */
async function readMembersMarker(pool: pg.Pool): Promise<StoredMarker | null> {
  const res = await pool.query<{ c: string | null }>(`select obj_description('members'::regclass, 'pg_class') as c`);
  try {
    return res.rows[0]?.c ? (JSON.parse(res.rows[0].c) as StoredMarker) : null;
  } catch {
    return null;
  }
}

async function cityOf(pool: pg.Pool): Promise<BenchMembers['city']> {
  const res = await pool.query<{ id: number; path: string; name: string }>(
    `select o.id, o.path::text as path, o.name from users u join org_units o on o.id = u.org_id where u.username = $1`,
    [BENCH_CITY.username],
  );
  const r = res.rows[0];
  if (!r) throw new Error(`the bench database has no ${BENCH_CITY.username} account: run with --regenerate`);
  return { username: BENCH_CITY.username, password: BENCH_CITY.password, orgId: r.id, orgPath: r.path, orgName: r.name };
}

async function createCityCadre(pool: pg.Pool): Promise<void> {
  const passwordHash = await hashPassword(BENCH_CITY.password);
  await pool.query(
    `with u as (
       insert into users (kind, username, display_name, org_id, password_hash, must_change_password)
       select 'staff', $1, $2, o.id, $3, false from org_units o where o.kind = 'city_federation' order by o.id limit 1
       returning id)
     insert into user_roles (user_id, role_id) select u.id, r.id from u, roles r where r.code = 'city_cadre'`,
    [BENCH_CITY.username, BENCH_CITY.displayName, passwordHash],
  );
}

/** Non-constraint indexes of a table, to drop before a bulk load and rebuild after it (the same definitions). */
async function secondaryIndexes(pool: pg.Pool, table: string): Promise<{ name: string; def: string }[]> {
  const res = await pool.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = $1
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      order by i.indexname`,
    [table],
  );
  return res.rows;
}

interface UnitRow {
  id: number;
  path: string;
  kind: PersonUnit['kind'];
  name: string;
}

/** Every member row, unit by unit (as registries grow: one union's roster at a time). */
function* benchRows(units: UnitRow[], count: number, crypto: FieldCrypto): Generator<MemberRow> {
  // The highest hundreds digit of the ID sequence is left to the rows the import comparison brings in.
  const gen = peopleGenerator({ seed: BENCH_MEMBERS.seed, sequenceHundreds: [0, 7] });
  const counts = spreadMembers(units.map((u) => u.kind), count, BENCH_MEMBERS.seed, BENCH_MEMBERS.streetShare);
  for (const [i, u] of units.entries()) {
    const unit: PersonUnit = { kind: u.kind, employer: u.kind === 'grassroots_union' ? employerOf(u.name) : null };
    for (let k = 0; k < counts[i]!; k++) yield memberRow(crypto, gen.person(unit), u);
  }
}

async function timed<T>(steps: Record<string, number>, name: string, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await work();
  steps[name] = Math.round((performance.now() - t) / 100) / 10;
  log(`[bench]   ${name}: ${steps[name]} s`);
  return out;
}

async function generate(db: BenchDatabase, count: number, log: (line: string) => void): Promise<StoredMarker> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const pool = new pg.Pool({ connectionString: db.url, max: 2, options: '-c TimeZone=Asia/Shanghai' });
  try {
    await createCityCadre(pool);
    const indexes = [...(await secondaryIndexes(pool, 'members')), ...(await secondaryIndexes(pool, 'member_events'))];
    for (const ix of indexes) await pool.query(`drop index ${pg.escapeIdentifier(ix.name)}`);
    const units = (
      await pool.query<UnitRow>(
        `select id, path::text as path, kind, name from org_units
          where kind in ('grassroots_union', 'street_federation') and status = 'active' order by sort_order, id`,
      )
    ).rows;
    const crypto = benchCrypto();
    await timed(steps, `generate and COPY ${count.toLocaleString('en')} members`, log, async () => {
      const rows = benchRows(units, count, crypto);
      const client = await pool.connect();
      try {
        for (let loaded = 0; loaded < count; ) {
          const batch = Math.min(COPY_BATCH, count - loaded);
          loaded += await copyMembers(client, take(rows, batch));
          if (loaded % 500_000 === 0 || loaded === count) log(`[bench]     ${loaded.toLocaleString('en')} rows`);
        }
      } finally {
        client.release();
      }
    });
    await timed(steps, 'history rows (member_events)', log, () =>
      pool.query(
        `insert into member_events (member_id, type, actor_name, org_id, org_path, at)
         select id, 'created', '压测数据', org_id, org_path, created_at from members order by id`,
      ),
    );
    await timed(steps, `rebuild ${indexes.length} indexes`, log, async () => {
      const client = await pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '512MB'`);
        for (const ix of indexes) await client.query(ix.def);
      } finally {
        client.release();
      }
    });
    await timed(steps, 'vacuum analyze', log, () => pool.query('vacuum (analyze) members, member_events, org_member_counts, org_units, users'));
    const check = await pool.query<{ members: number; counted: number }>(
      `select (select count(*)::int from members) as members, (select coalesce(sum(n), 0)::int from org_member_counts) as counted`,
    );
    const { members, counted } = check.rows[0]!;
    if (members !== count || counted !== count) throw new Error(`loaded ${members} members, the per-unit counts say ${counted}; expected ${count}`);
    const stored: StoredMarker = {
      marker: markerOf(count),
      tree: await readMarker(db.url),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      at: new Date().toISOString(),
      steps,
    };
    await pool.query(`comment on table members is ${pg.escapeLiteral(JSON.stringify(stored))}`);
    log(`[bench] generated ${count.toLocaleString('en')} members in ${stored.seconds} s`);
    return stored;
  } finally {
    await pool.end();
  }
}

function* take<T>(it: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const r = it.next();
    if (r.done) return;
    yield r.value;
  }
}

/**
 * Reuses the members when their marker (version, count, seed, key) and the tree's marker match;
 * otherwise rebuilds the whole bench database (the tree takes seconds), so a load that stopped half-way
 * (rows in, indexes dropped) can never be mistaken for a base, and loads them again.
 */
export async function ensureBenchMembers(
  db: BenchDatabase,
  opts: { count?: number; force?: boolean; log: (line: string) => void },
): Promise<{ tree: BenchTree; members: BenchMembers }> {
  const count = opts.count ?? BENCH_MEMBERS.count;
  const marker = markerOf(count);
  let tree = await ensureBenchTree(db, { force: opts.force, log: opts.log });
  let stored = await withPool(db.url, readMembersMarker);
  const treeMarker = await readMarker(db.url);
  const reuse = stored !== null && stored.marker === marker && stored.tree === treeMarker;
  if (reuse) {
    opts.log(`[bench] reusing ${count.toLocaleString('en')} members "${marker}" (generated in ${stored!.seconds} s on ${stored!.at})`);
  } else {
    opts.log(`[bench] generating "${marker}" (${stored ? `found "${stored.marker}"` : 'no members yet'}) …`);
    if (tree.generatedSeconds === null) tree = await ensureBenchTree(db, { force: true, log: opts.log });
    stored = await generate(db, count, opts.log);
  }
  const s = stored!;
  const city = await withPool(db.url, cityOf);
  return { tree, members: { count, marker, generatedSeconds: s.seconds, generatedAt: s.at, reused: reuse, steps: s.steps, city } };
}

async function withPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

async function main() {
  const { values } = parseArgs({ options: { regenerate: { type: 'boolean', default: false }, members: { type: 'string' } } });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const db = await openBenchDatabase(log);
  try {
    const count = values.members ? Number(values.members) : undefined;
    const { members } = await ensureBenchMembers(db, { force: values.regenerate, count, log });
    log(`[bench] ${db.where}: ${members.count.toLocaleString('en')} members; ${members.city.username} (city_cadre) at ${members.city.orgName}`);
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
