/**
 * members: the member registry at city scale (1,500,000 members over the bench tree).
 *
 *   search   every search pattern as real HTTP requests to the app (child process), one after another
 *            on one connection, as a district cadre and as the city cadre: p50/p95/p99 against 30 ms
 *   counts   GET /api/v1/members/counts for the city, a district and a street
 *   import   100,000 rows through the app's import pipeline (check + commit) against a plain
 *            `COPY members FROM STDIN` of the same rows already sealed: the ratio of their times
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Scope } from '@tongxing/domain';
import { BENCH_DATA_KEY, benchCrypto, ensureBenchMembers } from './generate-members.ts';
import { BENCH_DIR, openBenchDatabase } from './lib/bench-db.ts';
import { intOption, profileArgs } from './lib/options.ts';
import { explainMemberList } from './lib/member-explain.ts';
import { buildPaths, patterns, sampleMembers, scopeUnits, type Expect } from './lib/member-patterns.ts';
import { compareImport, type ImportComparison } from './lib/member-import-compare.ts';
import { machine } from './lib/report.ts';
import { percentiles, SequentialClient, login, type Percentiles } from './lib/sequential.ts';
import { startServer } from './lib/server-process.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);
const TARGET_MS = 30;

export const usage = [
  'npm run bench -- members [options]',
  '--requests N        measured requests per pattern and actor (default 200)',
  '--warmup N          unmeasured requests per pattern and actor first, with other values (default 20)',
  '--members N         members to generate (default 1500000; another count builds other data)',
  '--only LIST         comma list of parts: search,counts,import (default all)',
  '--import-rows N     rows of the import comparison (default 100000)',
  '--import-rounds N   rounds of the import comparison, each app then COPY (default 2)',
  '--import-format F   csv (default) or xlsx; the file the app checks and commits',
  '--explain           print EXPLAIN (ANALYZE, BUFFERS) of the slowest request of every pattern over target',
  '--pool N            the app\'s database pool (default 20)',
  '--app-log-level L   the app\'s LOG_LEVEL (default info; its log goes to .bench-data/logs/app.log)',
  '--regenerate        rebuild the bench data even when its marker matches',
  '--cpu-prof          V8 CPU profile of the app process into .bench-data/profiles/',
];

interface Actor {
  key: 'district' | 'city';
  username: string;
  password: string;
  orgId: number;
  orgPath: string;
  orgName: string;
  scope: Scope;
}

interface Measured {
  actor: string;
  pattern: string;
  label: string;
  figures: Percentiles;
  /** Median number of matches (`total`), capped by the app at 10,000. */
  medianTotal: number;
  capped: number;
  wrong: number;
  slowest: string;
}

interface Job {
  actor: Actor;
  key: string;
  label: string;
  expect: Expect | 'counts';
  warm: string[];
  paths: string[];
  times: number[];
  totals: number[];
  capped: number;
  wrong: number;
  slowest: { ms: number; path: string };
}

function checkAnswer(job: Job, body: unknown): { total: number; ok: boolean; capped: boolean } {
  if (job.expect === 'counts') {
    const b = body as { members?: number };
    return { total: b.members ?? -1, ok: typeof b.members === 'number', capped: false };
  }
  const b = body as { total?: number; totalCapped?: boolean };
  const total = b.total ?? -1;
  const ok = job.expect === 'one' ? total === 1 : job.expect === 'some' ? total >= 1 : total >= 0;
  return { total, ok, capped: b.totalCapped === true };
}

async function prepareJobs(pool: pg.Pool, actor: Actor, requests: number, warmup: number, only: Set<string>): Promise<Job[]> {
  const crypto = benchCrypto();
  const samples = await sampleMembers(pool, crypto, actor.orgPath, (requests + warmup) * 3, `bench-${actor.key}`);
  const units = await scopeUnits(pool, actor.orgPath);
  const jobs: Job[] = [];
  const job = (key: string, label: string, expect: Job['expect'], all: string[]): Job => ({
    actor, key, label, expect, warm: all.slice(0, warmup), paths: all.slice(warmup), times: [], totals: [], capped: 0, wrong: 0, slowest: { ms: 0, path: '' },
  });
  if (only.has('search')) {
    patterns.forEach((p, i) => jobs.push(job(p.key, p.label, p.expect, buildPaths(p, samples, units, requests + warmup, 1000 + i))));
  }
  if (only.has('counts')) {
    const counts = (ids: number[]) => Array.from({ length: requests + warmup }, (_, i) => `/api/v1/members/counts?orgId=${ids[(i * 7919) % ids.length]}`);
    if (actor.key === 'city') jobs.push(job('countsCity', 'counts: the city', 'counts', counts([actor.orgId])));
    jobs.push(job('countsDistrict', 'counts: a district', 'counts', counts(units.districts.length > 0 ? units.districts : [actor.orgId])));
    jobs.push(job('countsStreet', 'counts: a street', 'counts', counts(units.streets)));
  }
  return jobs;
}

/** Runs every job's requests interleaved (one of each pattern in turn), so drift on the machine falls on all alike. */
async function measure(client: SequentialClient, jobs: Job[]): Promise<void> {
  const rounds = Math.max(...jobs.map((j) => j.warm.length + j.paths.length));
  for (let i = 0; i < rounds; i++) {
    for (const job of jobs) {
      const warming = i < job.warm.length;
      const p = warming ? job.warm[i] : job.paths[i - job.warm.length];
      if (!p) continue;
      const res = await client.get(p);
      if (res.status !== 200) throw new Error(`${job.actor.key} ${job.key}: GET ${p} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      if (warming) continue;
      const answer = checkAnswer(job, res.body);
      job.times.push(res.ms);
      job.totals.push(answer.total);
      if (!answer.ok) job.wrong++;
      if (answer.capped) job.capped++;
      if (res.ms > job.slowest.ms) job.slowest = { ms: res.ms, path: p };
    }
  }
}

function summarise(jobs: Job[]): Measured[] {
  return jobs.map((j) => ({
    actor: j.actor.key,
    pattern: j.key,
    label: j.label,
    figures: percentiles(j.times),
    medianTotal: [...j.totals].sort((a, b) => a - b)[Math.floor(j.totals.length / 2)] ?? 0,
    capped: j.capped,
    wrong: j.wrong,
    slowest: j.slowest.path,
  }));
}

const f1 = (n: number) => n.toFixed(1);

function printTable(rows: Measured[]) {
  const head = ['actor', 'pattern', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'matches (median)', `p95 ≤ ${TARGET_MS}`];
  const w = [8, 34, 5, 7, 7, 7, 7, 17, 9];
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  log(line(head));
  log('-'.repeat(w.reduce((s, x) => s + x + 2, -2)));
  for (const r of rows) {
    const matches = r.pattern.startsWith('counts') ? `${r.medianTotal.toLocaleString('en')} members` : `${r.medianTotal.toLocaleString('en')}${r.capped > r.figures.n / 2 ? '+' : ''}`;
    const ok = r.figures.p95 <= TARGET_MS ? '✓' : '✗';
    log(line([r.actor, r.label, String(r.figures.n), f1(r.figures.p50), f1(r.figures.p95), f1(r.figures.p99), f1(r.figures.max), matches, `${ok}${r.wrong ? ` (${r.wrong} wrong)` : ''}`]));
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      requests: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      members: { type: 'string', default: '1500000' },
      only: { type: 'string', default: 'search,counts,import' },
      'import-rows': { type: 'string', default: '100000' },
      'import-rounds': { type: 'string', default: '2' },
      'import-format': { type: 'string', default: 'csv' },
      explain: { type: 'boolean', default: false },
      pool: { type: 'string', default: '20' },
      'app-log-level': { type: 'string', default: 'info' },
      regenerate: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    log(usage.join('\n  '));
    return;
  }
  const requests = intOption('requests', values.requests, 10, 100_000);
  const warmup = intOption('warmup', values.warmup, 0, 10_000);
  const count = intOption('members', values.members, 1000, 20_000_000);
  const importRows = intOption('import-rows', values['import-rows'], 100, 1_000_000);
  const importRounds = intOption('import-rounds', values['import-rounds'], 1, 20);
  const poolSize = intOption('pool', values.pool, 2, 500);
  const importFormat = values['import-format'];
  if (importFormat !== 'csv' && importFormat !== 'xlsx') throw new Error('--import-format must be csv or xlsx');
  const only = new Set(values.only.split(',').map((s) => s.trim()));
  for (const part of only) if (!['search', 'counts', 'import'].includes(part)) throw new Error(`--only takes search, counts, import; not ${part}`);

  const db = await openBenchDatabase(log);
  try {
    const { tree, members } = await ensureBenchMembers(db, { count, force: values.regenerate, log });
    const actors: Actor[] = [
      { key: 'district', ...tree.cadre, scope: { all: false, subtreePaths: [tree.cadre.orgPath], unitIds: [], ownerUserId: null } },
      { key: 'city', ...members.city, scope: { all: true, subtreePaths: [], unitIds: [], ownerUserId: null } },
    ];
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const loadBefore = os.loadavg()[0] ?? 0;
    let measured: Measured[] = [];
    const explained: { actor: string; pattern: string; path: string; plans: string[] }[] = [];
    try {
      if (only.has('search') || only.has('counts')) {
        const jobsByActor = await Promise.all(actors.map((a) => prepareJobs(pool, a, requests, warmup, only)));
        const server = await startServer({
          label: 'app',
          entry: path.join(HERE, 'servers/app-server.ts'),
          nodeArgs: profileArgs(values['cpu-prof']),
          env: {
            DATABASE_URL: db.url,
            DB_POOL_SIZE: String(poolSize),
            DATA_DIR: BENCH_DIR,
            DATA_KEY: BENCH_DATA_KEY,
            DEMO: '0',
            NODE_ENV: 'development',
            LOG_LEVEL: values['app-log-level'],
            LOG_FILE: '',
            API_RATE_LIMIT: '10000000',
          },
        });
        try {
          for (const [i, actor] of actors.entries()) {
            const client = new SequentialClient(server.url, await login(server.url, actor.username, actor.password));
            try {
              log(`[bench] ${actor.key} (${actor.username} at ${actor.orgName}): ${jobsByActor[i]!.length} patterns × (${warmup} warm-up + ${requests}) requests, interleaved …`);
              await measure(client, jobsByActor[i]!);
            } finally {
              client.close();
            }
          }
        } finally {
          await server.stop();
        }
        measured = jobsByActor.flatMap(summarise);
        if (values.explain) {
          const crypto = benchCrypto();
          for (const m of measured.filter((x) => x.figures.p95 > TARGET_MS && !x.pattern.startsWith('counts'))) {
            const actor = actors.find((a) => a.key === m.actor)!;
            const qs = m.slowest.split('?')[1] ?? '';
            explained.push({ actor: m.actor, pattern: m.pattern, path: m.slowest, plans: await explainMemberList(pool, crypto, actor.scope, qs) });
          }
        }
      }
    } finally {
      await pool.end();
    }
    let importResult: ImportComparison | null = null;
    if (only.has('import')) importResult = await compareImport(db, { rows: importRows, rounds: importRounds, format: importFormat, log });

    report({ db: db.where, count, members, tree, measured, explained, importResult, loadBefore, requests, warmup, poolSize, logLevel: values['app-log-level'] });
  } finally {
    await db.close();
  }
}

function report(r: {
  db: string;
  count: number;
  members: Awaited<ReturnType<typeof ensureBenchMembers>>['members'];
  tree: Awaited<ReturnType<typeof ensureBenchMembers>>['tree'];
  measured: Measured[];
  explained: { actor: string; pattern: string; path: string; plans: string[] }[];
  importResult: ImportComparison | null;
  loadBefore: number;
  requests: number;
  warmup: number;
  poolSize: number;
  logLevel: string;
}) {
  const m = machine();
  const loadAfter = os.loadavg()[0] ?? 0;
  const busy = Math.max(r.loadBefore, loadAfter) > m.cpus * 0.75;
  log('');
  log('== members ==');
  log(`  data: ${r.count.toLocaleString('en')} members over ${r.tree.units.toLocaleString('en')} units in ${r.db}; ${r.members.reused ? `reused, generated in ${r.members.generatedSeconds} s on ${r.members.generatedAt}` : `generated now in ${r.members.generatedSeconds} s`}`);
  log(`        generation steps: ${Object.entries(r.members.steps).map(([k, v]) => `${k} ${v} s`).join('; ')}`);
  log(`  actors: district = ${r.tree.cadre.username} (district_cadre, ${r.tree.cadre.orgName}, subtree ${r.tree.cadre.orgPath}); city = ${r.members.city.username} (city_cadre, all units)`);
  log(`  method: real HTTP to the app in its own process (LOG_LEVEL=${r.logLevel}, pool ${r.poolSize}), sequential on one kept-alive connection per actor;`);
  log(`          per pattern ${r.warmup} warm-up requests (other values), then ${r.requests} measured; patterns interleaved; values drawn from members in the actor's scope`);
  log(`  machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}; load average (1 min) ${r.loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${busy ? '  ← the machine was busy with other work: figures are noisy' : ''}`);
  log('');
  if (r.measured.length > 0) printTable(r.measured);
  for (const e of r.explained) {
    log('');
    log(`  EXPLAIN of the slowest ${e.actor} ${e.pattern} request: GET ${e.path}`);
    for (const p of e.plans) log(`  ${p.replaceAll('\n', '\n  ')}`);
  }
  if (r.importResult) {
    log('');
    const x = r.importResult;
    log(`  import of ${x.rows.toLocaleString('en')} rows: ${x.note}`);
    for (const round of x.rounds) log(`    round ${round.round}: app ${round.app === null ? 'n/a' : `${f1(round.app)} s`} (${round.detail}), COPY ${f1(round.copy)} s`);
    if (x.ratio !== null) log(`    app / COPY = ${x.ratio.toFixed(2)}  (app ${Math.round(x.rows / x.appSeconds!).toLocaleString('en')} rows/s, COPY ${Math.round(x.rows / x.copySeconds).toLocaleString('en')} rows/s)`);
  }
  log('');
  log(
    JSON.stringify({
      bench: 'members',
      at: new Date().toISOString(),
      machine: m,
      loadAverage: { before: Math.round(r.loadBefore * 10) / 10, after: Math.round(loadAfter * 10) / 10 },
      data: { members: r.count, units: r.tree.units, reused: r.members.reused, generatedSeconds: r.members.generatedSeconds, steps: r.members.steps },
      settings: { requests: r.requests, warmup: r.warmup, pool: r.poolSize, appLogLevel: r.logLevel, targetMs: TARGET_MS },
      latency: r.measured.map((x) => ({
        actor: x.actor,
        pattern: x.pattern,
        p50: Math.round(x.figures.p50 * 10) / 10,
        p95: Math.round(x.figures.p95 * 10) / 10,
        p99: Math.round(x.figures.p99 * 10) / 10,
        max: Math.round(x.figures.max * 10) / 10,
        medianTotal: x.medianTotal,
        wrong: x.wrong,
        ok: x.figures.p95 <= TARGET_MS,
      })),
      import: r.importResult,
    }),
  );
}
