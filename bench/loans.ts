/**
 * loans: the loan programme at city scale (30,000 loans with their schedules, about 300,000 repayments).
 *
 *   dashboard  GET /api/v1/loan-dashboard for the programme, as the city cadre and as a district cadre
 *   overdue    GET /api/v1/loans/overdue, the district cadre's first page
 *   queue      GET /api/v1/loans?queue=mine (the queue page's request) as the district cadre, the city
 *              cadre and the bank's officer
 *   baseline   GET /readyz (a bare `select 1` through the app) and GET /api/v1/me (session and account)
 *
 * Real HTTP requests to the app in its own process, one after another on one kept-alive connection per
 * actor, interleaved; p50/p95/p99 against the issue's targets (dashboard 100 ms, lists 50 ms).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentTotp } from '../apps/server/src/modules/auth/totp.ts';
import { BENCH_DATA_KEY } from './generate-members.ts';
import { ensureBenchLoans, type BenchAccount, type BenchLoans } from './generate-loans.ts';
import { BENCH_DATABASE, BENCH_DIR, openBenchDatabase } from './lib/bench-db.ts';
import { explainRequests, type ExplainedRequest } from './lib/loan-explain.ts';
import { intOption, profileArgs } from './lib/options.ts';
import { machine } from './lib/report.ts';
import { percentiles, SequentialClient, type Percentiles } from './lib/sequential.ts';
import { cpuOf, cpuSeconds, databaseBackends, startServer } from './lib/server-process.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LOG_FILE = path.join(BENCH_DIR, 'bench-loans.log');
let logLines: string[] = [];
const log = (line: string) => {
  process.stdout.write(`${line}\n`);
  logLines.push(line);
};

export const usage = [
  'npm run bench -- loans [options]',
  '--requests N        measured requests per request kind (default 200)',
  '--warmup N          unmeasured requests per request kind first (default 20)',
  '--only LIST         comma list of request kinds (default all): see the table\'s "key" column',
  '--explain           print EXPLAIN (ANALYZE, BUFFERS) of every statement of each request kind over its target',
  '--pool N            the app\'s database pool (default 20)',
  '--app-log-level L   the app\'s LOG_LEVEL (default info; its log goes to .bench-data/logs/app.log)',
  '--regenerate        rebuild the loans even when their marker matches (the tree and members follow their own)',
  '--cpu-prof          V8 CPU profile of the app process into .bench-data/profiles/',
];

type ActorKey = 'district' | 'city' | 'bank';

interface Job {
  key: string;
  label: string;
  actor: ActorKey | 'none';
  path: string;
  /** p95 target in ms; null for the baselines. */
  target: number | null;
  /** Checks an answer; returns a short description of what it held (or throws). */
  check: (body: unknown) => string;
  times: number[];
  /** CPU seconds the app process and the database's backends spent on the measured requests. */
  appCpu: number;
  dbCpu: number;
  seen: string;
}

interface Measured {
  key: string;
  label: string;
  actor: string;
  path: string;
  target: number | null;
  figures: Percentiles;
  /** Mean CPU ms per request: the app process, and the database backends (null when the database is not local). */
  appCpuMs: number | null;
  dbCpuMs: number | null;
  seen: string;
}

const num = (n: number) => n.toLocaleString('en');

function jobsFor(loans: BenchLoans): Job[] {
  const cbd = loans.programmes.find((p) => p.code === 'cbd')?.id ?? loans.programmes[0]!.id;
  const asOf = loans.today;
  const job = (key: string, label: string, actor: Job['actor'], p: string, target: number | null, check: Job['check']): Job => ({ key, label, actor, path: p, target, check, times: [], appCpu: 0, dbCpu: 0, seen: '' });
  const dashboard = (b: unknown) => {
    const d = b as { lentCount?: number; units?: unknown[]; overdue?: { count: number } };
    if (typeof d.lentCount !== 'number' || d.lentCount === 0) throw new Error('the dashboard shows no lent loans');
    return `${num(d.lentCount)} lent, ${num(d.overdue?.count ?? 0)} overdue, ${d.units?.length ?? 0} unit rows`;
  };
  const list = (min: number) => (b: unknown) => {
    const l = b as { total?: number; items?: unknown[] };
    if (typeof l.total !== 'number' || l.total < min || !Array.isArray(l.items)) throw new Error(`expected a list of at least ${min}, got ${JSON.stringify(b).slice(0, 200)}`);
    return `${num(l.total)} in all, ${l.items.length} on the page`;
  };
  return [
    job('readyz', 'baseline: GET /readyz (select 1)', 'none', '/readyz', null, () => 'ready'),
    job('me', 'baseline: GET /me (session)', 'district', '/api/v1/me', null, () => 'account'),
    job('dashCity', 'dashboard: programme, city', 'city', `/api/v1/loan-dashboard?programmeId=${cbd}&asOf=${asOf}`, 100, dashboard),
    job('dashCityAll', 'dashboard: all programmes, city', 'city', `/api/v1/loan-dashboard?asOf=${asOf}`, 100, dashboard),
    job('dashDistrict', 'dashboard: programme, district', 'district', `/api/v1/loan-dashboard?programmeId=${cbd}&asOf=${asOf}`, 100, dashboard),
    job('overdue', 'overdue list: district, page 1', 'district', `/api/v1/loans/overdue?asOf=${asOf}&page=1&pageSize=20`, 50, list(1)),
    job('bookOverdue', 'loan book, overdue only: district', 'district', `/api/v1/loans?overdue=true&page=1&pageSize=20`, 50, list(1)),
    job('queueDistrict', 'queue: district', 'district', '/api/v1/loans?queue=mine&page=1&pageSize=50', 50, list(1)),
    job('queueCity', 'queue: city', 'city', '/api/v1/loans?queue=mine&page=1&pageSize=50', 50, list(1)),
    job('queueBank', 'queue: bank', 'bank', '/api/v1/loans?queue=mine&page=1&pageSize=50', 50, list(1)),
  ];
}

/** Signs in (with the second factor where the account has one) and returns the session cookie. */
async function signIn(baseUrl: string, a: BenchAccount): Promise<Record<string, string>> {
  const body = { username: a.username, password: a.password, ...(a.totpSecret ? { totp: currentTotp(a.totpSecret, new Date()) } : {}) };
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`login as ${a.username} answered ${res.status}: ${await res.text()}`);
  const state = ((await res.json()) as { sessionState?: string }).sessionState;
  if (state && state !== 'full') throw new Error(`login as ${a.username} opened a restricted session (${state})`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('tx_session='));
  if (!cookie) throw new Error('login set no tx_session cookie');
  return { cookie };
}

/**
 * One round = one request of every job in turn, so drift on the machine falls on all alike. Besides the
 * latency, each request's CPU time in the app process and in the database backends is read from /proc:
 * on a machine shared with other work, latency grows with the load, CPU time hardly does.
 */
async function measure(clients: Record<Job['actor'], SequentialClient>, jobs: Job[], warmup: number, requests: number, appPid: number): Promise<boolean> {
  let local = false;
  for (let i = 0; i < warmup + requests; i++) {
    const backends = databaseBackends(BENCH_DATABASE);
    local ||= backends.length > 0;
    for (const job of jobs) {
      const app0 = cpuSeconds(appPid) ?? 0;
      const db0 = cpuOf(backends);
      const res = await clients[job.actor].get(job.path);
      if (res.status !== 200) throw new Error(`${job.key}: GET ${job.path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      if (i === 0) job.seen = job.check(res.body);
      if (i < warmup) continue;
      job.times.push(res.ms);
      job.appCpu += (cpuSeconds(appPid) ?? 0) - app0;
      job.dbCpu += cpuOf(backends) - db0;
    }
  }
  return local;
}

const f1 = (n: number) => n.toFixed(1);

function printTable(rows: Measured[]) {
  const head = ['key', 'request', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target', 'cpu app', 'cpu db', 'answer'];
  const w = [13, 34, 5, 7, 7, 7, 7, 8, 8, 7, 0];
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i === 10 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ').trimEnd();
  const cpu = (ms: number | null) => (ms === null ? 'n/a' : f1(ms));
  log(line(head));
  log('-'.repeat(130));
  for (const r of rows) {
    const ok = r.target === null ? '' : `${r.figures.p95 <= r.target ? '✓' : '✗'} ≤${r.target}`;
    log(line([r.key, r.label, String(r.figures.n), f1(r.figures.p50), f1(r.figures.p95), f1(r.figures.p99), f1(r.figures.max), ok, cpu(r.appCpuMs), cpu(r.dbCpuMs), r.seen]));
  }
  log('  cpu app / cpu db: mean CPU ms per request of the app process and of the database backends (from /proc)');
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      requests: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      only: { type: 'string' },
      explain: { type: 'boolean', default: false },
      pool: { type: 'string', default: '20' },
      'app-log-level': { type: 'string', default: 'info' },
      regenerate: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage.join('\n  ')}\n`);
    return;
  }
  logLines = [];
  const requests = intOption('requests', values.requests, 10, 100_000);
  const warmup = intOption('warmup', values.warmup, 0, 10_000);
  const poolSize = intOption('pool', values.pool, 2, 500);
  log(`[bench] npm run bench -- loans ${args.join(' ')}`.trimEnd());

  const db = await openBenchDatabase(log);
  try {
    const started = performance.now();
    const { tree, members, loans } = await ensureBenchLoans(db, { force: values.regenerate, log });
    const prepareSeconds = (performance.now() - started) / 1000;
    let jobs = jobsFor(loans);
    if (values.only) {
      const keys = new Set(values.only.split(',').map((s) => s.trim()));
      for (const k of keys) if (!jobs.some((j) => j.key === k)) throw new Error(`--only: no request kind ${k} (${jobs.map((j) => j.key).join(', ')})`);
      jobs = jobs.filter((j) => keys.has(j.key));
    }
    const loadBefore = os.loadavg()[0] ?? 0;
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
    const clients = {} as Record<Job['actor'], SequentialClient>;
    let dbLocal = false;
    try {
      clients.none = new SequentialClient(server.url, {});
      for (const key of ['district', 'city', 'bank'] as const) clients[key] = new SequentialClient(server.url, await signIn(server.url, loans.accounts[key]));
      log(`[bench] ${jobs.length} request kinds × (${warmup} warm-up + ${requests}) requests, interleaved …`);
      dbLocal = await measure(clients, jobs, warmup, requests, server.pid);
    } finally {
      for (const c of Object.values(clients)) c.close();
      await server.stop();
    }
    const cpuMs = (seconds: number, n: number) => (n > 0 ? (seconds * 1000) / n : 0);
    const measured: Measured[] = jobs.map((j) => ({
      key: j.key, label: j.label, actor: j.actor, path: j.path, target: j.target, figures: percentiles(j.times), seen: j.seen,
      appCpuMs: process.platform === 'linux' ? cpuMs(j.appCpu, j.times.length) : null,
      dbCpuMs: dbLocal ? cpuMs(j.dbCpu, j.times.length) : null,
    }));
    const over = measured.filter((x) => x.target !== null && x.figures.p95 > x.target);
    const explained: ExplainedRequest[] = values.explain && over.length > 0
      ? await explainRequests(db.url, over.map((x) => ({ key: x.key, path: x.path, account: loans.accounts[x.actor as ActorKey] })))
      : [];
    report({ db: db.where, tree, members, loans, measured, explained, loadBefore, requests, warmup, poolSize, logLevel: values['app-log-level'], prepareSeconds });
  } finally {
    await db.close();
    mkdirSync(BENCH_DIR, { recursive: true });
    writeFileSync(LOG_FILE, '');
    appendFileSync(LOG_FILE, `${logLines.join('\n')}\n`);
  }
}

function report(r: {
  db: string;
  tree: Awaited<ReturnType<typeof ensureBenchLoans>>['tree'];
  members: Awaited<ReturnType<typeof ensureBenchLoans>>['members'];
  loans: BenchLoans;
  measured: Measured[];
  explained: ExplainedRequest[];
  loadBefore: number;
  requests: number;
  warmup: number;
  poolSize: number;
  logLevel: string;
  prepareSeconds: number;
}) {
  const m = machine();
  const loadAfter = os.loadavg()[0] ?? 0;
  const busy = Math.max(r.loadBefore, loadAfter) > m.cpus * 0.75;
  const l = r.loans;
  const states = Object.entries(l.byState).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${num(v)}`).join(', ');
  log('');
  log('== loans ==');
  log(`  data: ${num(l.loans)} loans as of ${l.today} over ${num(r.members.count)} members and ${num(r.tree.units)} units in ${r.db}`);
  log(`        ${states}`);
  log(`        rows: ${Object.entries(l.rows).map(([k, v]) => `${k} ${num(v)}`).join(', ')}`);
  log(`        ${l.reused ? `reused, generated in ${l.generatedSeconds} s on ${l.generatedAt}` : `generated now in ${l.generatedSeconds} s`}: ${Object.entries(l.steps).map(([k, v]) => `${k} ${v} s`).join('; ')}`);
  log(`  actors: district = ${l.accounts.district.username} (district_cadre, ${l.accounts.district.orgName}); city = ${l.accounts.city.username} (city_cadre); bank = ${l.accounts.bank.username} (bank_officer, ${l.accounts.bank.orgName}, TOTP)`);
  log(`  method: real HTTP to the app in its own process (LOG_LEVEL=${r.logLevel}, pool ${r.poolSize}), sequential on one kept-alive connection per actor;`);
  log(`          every request kind once per round, ${r.warmup} warm-up rounds then ${r.requests} measured; figures as of ${l.today} (the data's day)`);
  log(`  machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}; load average (1 min) ${r.loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${busy ? '  ← the machine was busy with other work: figures are noisy' : ''}`);
  log('');
  printTable(r.measured);
  const base = r.measured.find((x) => x.key === 'readyz');
  if (base) {
    log('');
    log(`  p50 over the select-1 round trip (${f1(base.figures.p50)} ms): ${r.measured.filter((x) => x.target !== null).map((x) => `${x.key} ×${(x.figures.p50 / Math.max(base.figures.p50, 0.01)).toFixed(1)}`).join(', ')}`);
  }
  for (const e of r.explained) {
    log('');
    log(`  EXPLAIN of ${e.key}: GET ${e.path}`);
    for (const p of e.plans) log(`  ${p.replaceAll('\n', '\n  ')}`);
  }
  log('');
  const round1 = (n: number) => Math.round(n * 10) / 10;
  log(
    JSON.stringify({
      bench: 'loans',
      at: new Date().toISOString(),
      machine: m,
      loadAverage: { before: round1(r.loadBefore), after: round1(loadAfter) },
      data: { loans: l.loans, asOf: l.today, members: r.members.count, rows: l.rows, byState: l.byState, reused: l.reused, generatedSeconds: l.generatedSeconds, steps: l.steps },
      settings: { requests: r.requests, warmup: r.warmup, pool: r.poolSize, appLogLevel: r.logLevel },
      latency: r.measured.map((x) => ({
        key: x.key,
        actor: x.actor,
        path: x.path,
        p50: round1(x.figures.p50),
        p95: round1(x.figures.p95),
        p99: round1(x.figures.p99),
        max: round1(x.figures.max),
        cpuAppMs: x.appCpuMs === null ? null : round1(x.appCpuMs),
        cpuDbMs: x.dbCpuMs === null ? null : round1(x.dbCpuMs),
        target: x.target,
        ok: x.target === null ? null : x.figures.p95 <= x.target,
      })),
    }),
  );
}
