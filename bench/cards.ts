/**
 * cards: 普惠 at city scale — 1,500,000 members, 1,000,000 service cards, 20,000,000 transactions.
 *
 *   ingest      signed batches of 1,000 new transactions to POST /api/v1/card-transactions from two partner
 *               systems side by side (the bench bank, mixed merchants and some refunds; a merchant, its own
 *               sales): transactions/s, next to one plain COPY of the same rows (the table's triggers
 *               included, rolled back); then the same batches sent again (every item a duplicate)
 *   dashboards  GET /api/v1/card-stats for a month, a quarter and a year as the city cadre and as a district
 *               cadre (and GET /card-dashboards for the month): p50/p95/p99, next to the same figures
 *               computed by plain aggregates over cards, card_transactions and members; the app's figures
 *               must equal the plain ones (checked before timing, and again after the ingest)
 *
 * The app runs in its own process; requests are real HTTP. The output goes to .bench-data/bench-cards.log too.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { CardStats, CardTransactionItem } from '@tongxing/contracts';
import { agreementOn, type AgreementFacts } from '../apps/server/src/modules/card-transactions/card-transaction-rules.ts';
import { benchCardNumber, BENCH_PARTNER_KEYS, ensureBenchCards, useBenchCardShape, type BenchCards } from './generate-cards.ts';
import { BENCH_CITY, BENCH_DATA_KEY } from './generate-members.ts';
import { BENCH_CADRE } from './generate-tree.ts';
import { BENCH_DATABASE, BENCH_DIR, openBenchDatabase } from './lib/bench-db.ts';
import { copyBaseline, sendAll, type Sender, type SendOutcome } from './lib/card-ingest.ts';
import { plainCardStats, type PlainFigures } from './lib/card-plain.ts';
import { intOption, profileArgs } from './lib/options.ts';
import { machine } from './lib/report.ts';
import { login, percentiles, SequentialClient, type Percentiles } from './lib/sequential.ts';
import { cpuOf, cpuSeconds, databaseBackends, startServer } from './lib/server-process.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LOG_FILE = path.join(BENCH_DIR, 'bench-cards.log');
let logLines: string[] = [];
const log = (line: string) => {
  process.stdout.write(`${line}\n`);
  logLines.push(line);
};

export const usage = [
  'npm run bench -- cards [options]',
  '--transactions N    new transactions sent through the partner API (default 100000; batches of 1,000, two senders)',
  '--requests N        measured requests per dashboard request kind (default 100)',
  '--warmup N          unmeasured requests per request kind first (default 10)',
  '--plain-runs N      runs of each plain aggregate (default 1: the exactness check\'s own run; each takes seconds)',
  '--skip-ingest       only the dashboards',
  '--skip-dashboards   only the ingest',
  '--pool N            the app\'s database pool (default 20)',
  '--app-log-level L   the app\'s LOG_LEVEL (default info; its log goes to .bench-data/logs/app.log)',
  '--shape small       20,000 members, 15,000 cards, 300,000 transactions: to try the benchmark out (own markers: rebuilds the data)',
  '--regenerate        rebuild the cards and transactions even when their marker matches',
  '--cpu-prof          V8 CPU profile of the app process into .bench-data/profiles/',
];

const num = (n: number) => n.toLocaleString('en');
const f1 = (n: number) => n.toFixed(1);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Periods asked: the last whole month before the data's day, its quarter and its year. */
function periodsOf(today: string) {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const q = Math.floor((pm - 1) / 3) + 1;
  return [
    { code: `${py}-${String(pm).padStart(2, '0')}`, from: py * 100 + pm, to: py * 100 + pm },
    { code: `${py}-Q${q}`, from: py * 100 + (q - 1) * 3 + 1, to: py * 100 + q * 3 },
    { code: `${py}`, from: py * 100 + 1, to: py * 100 + 12 },
  ];
}

type Actor = 'city' | 'district' | 'none';

interface Job {
  key: string;
  label: string;
  actor: Actor;
  path: string;
  target: number | null;
  /** The plain aggregate of the same figures (card-stats only). */
  plain: { unitPath: string; fromMonth: number; toMonth: number } | null;
  times: number[];
  appCpu: number;
  dbCpu: number;
  seen: string;
}

interface Row {
  key: string;
  label: string;
  actor: string;
  path: string;
  target: number | null;
  figures: Percentiles;
  appCpuMs: number | null;
  dbCpuMs: number | null;
  seen: string;
  plain: Percentiles | null;
}

/** The app's answer against the plain aggregate: every figure of the unit and of each child. */
function compare(app: CardStats, plain: Map<number, PlainFigures>): string[] {
  const out: string[] = [];
  const fields = ['members', 'collected', 'issued', 'activated', 'used'] as const;
  const zero = { members: 0, collected: 0, issued: 0, activated: 0, used: 0 };
  const rows = [{ key: 0, row: app }, ...app.children.map((c) => ({ key: c.orgId, row: c }))];
  for (const { key, row } of rows) {
    const p = plain.get(key) ?? zero;
    for (const f of fields) if (row[f] !== p[f]) out.push(`${key === 0 ? 'unit' : `child ${key}`} ${f}: app ${row[f]}, plain ${p[f]}`);
  }
  // A child the plain aggregate found but the app did not list (only union units are listed as children).
  for (const [key, p] of plain) if (key !== 0 && !app.children.some((c) => c.orgId === key) && (p.collected > 0 || p.used > 0)) out.push(`child ${key} missing from the app's answer`);
  return out;
}

/** Checks every card-stats answer against its plain aggregate; returns the plain aggregates' times (ms) by job. */
async function exactness(clients: Record<Actor, SequentialClient>, pool: pg.Pool, jobs: Job[], programmeId: number, when: string): Promise<{ checked: number; plainMs: Map<string, number> }> {
  const plainMs = new Map<string, number>();
  let checked = 0;
  for (const job of jobs) {
    if (!job.plain) continue;
    const res = await clients[job.actor].get(job.path);
    if (res.status !== 200) throw new Error(`${job.key}: GET ${job.path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    const t = performance.now();
    const plain = await plainCardStats(pool, { ...job.plain, programmeId });
    plainMs.set(job.key, performance.now() - t);
    const diffs = compare(res.body as CardStats, plain);
    if (diffs.length > 0) throw new Error(`${job.key} (${when}): the app's figures differ from the plain aggregate: ${diffs.slice(0, 8).join('; ')}`);
    checked++;
  }
  log(`[bench] exactness ${when}: ${checked} answers equal the plain aggregates (unit and every child: members, collected, issued, activated, used)`);
  return { checked, plainMs };
}

async function measureDashboards(clients: Record<Actor, SequentialClient>, jobs: Job[], warmup: number, requests: number, appPid: number): Promise<boolean> {
  let local = false;
  for (let i = 0; i < warmup + requests; i++) {
    const backends = databaseBackends(BENCH_DATABASE);
    local ||= backends.length > 0;
    for (const job of jobs) {
      const app0 = cpuSeconds(appPid) ?? 0;
      const db0 = cpuOf(backends);
      const res = await clients[job.actor].get(job.path);
      if (res.status !== 200) throw new Error(`${job.key}: GET ${job.path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      if (i === 0) {
        const b = res.body as { collected?: number; used?: number; children?: unknown[]; funnel?: unknown[] };
        job.seen = job.plain ? `${num(b.collected ?? 0)} collected, ${num(b.used ?? 0)} used, ${b.children?.length ?? 0} children` : job.actor === 'none' ? 'ready' : `${b.funnel?.length ?? 0} funnel rows`;
      }
      if (i < warmup) continue;
      job.times.push(res.ms);
      job.appCpu += (cpuSeconds(appPid) ?? 0) - app0;
      job.dbCpu += cpuOf(backends) - db0;
    }
  }
  return local;
}

/** The plain aggregates' times: the exactness check's run, and `runs - 1` more. */
async function measurePlain(pool: pg.Pool, jobs: Job[], programmeId: number, runs: number, first: Map<string, number>): Promise<Map<string, Percentiles>> {
  const times = new Map<string, number[]>([...first].map(([k, v]) => [k, [v]]));
  for (let i = 1; i < runs; i++) {
    for (const job of jobs) {
      if (!job.plain) continue;
      const t = performance.now();
      await plainCardStats(pool, { ...job.plain, programmeId });
      times.set(job.key, [...(times.get(job.key) ?? []), performance.now() - t]);
    }
  }
  return new Map([...times].map(([k, v]) => [k, percentiles(v)]));
}

/** Deterministic per run tag: the senders' batches of new transactions (some refunds of earlier purchases). */
async function buildSenders(pool: pg.Pool, cards: BenchCards, total: number, runTag: string): Promise<Sender[]> {
  const now = Date.now();
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  const dayStart = Date.parse(`${today}T00:00:00+08:00`);
  const from = Math.max(dayStart, now - 8 * 3_600_000);
  const to = now - 60_000;
  if (to <= from) throw new Error('too close to midnight in Shanghai: the new transactions would fall on two days; run again in a few minutes');
  const cardIds = (
    await pool.query<{ id: number }>(
      `select id from cards where state = 'activated' and activated_on < $1::date and closed_at is null and bank_org_id = $2 order by (id::bigint * 7919) % 1000003 limit 20000`,
      [today, cards.bank.orgId],
    )
  ).rows.map((r) => r.id);
  const merchantRows = await pool.query<{ merchant_id: number; id: number; subsidy_bps: number; cap_per_txn_fen: string | null; cap_per_month_fen: string | null; valid_from: string; valid_to: string; status: string }>(
    `select a.merchant_id, a.id, a.subsidy_bps, a.cap_per_txn_fen, a.cap_per_month_fen, a.valid_from::text, a.valid_to::text, a.status
       from merchant_agreements a join merchants m on m.id = a.merchant_id where m.state = 'active' order by a.merchant_id, a.id`,
  );
  const byMerchant = new Map<number, AgreementFacts[]>();
  for (const r of merchantRows.rows) {
    byMerchant.set(r.merchant_id, [
      ...(byMerchant.get(r.merchant_id) ?? []),
      { id: r.id, merchantId: r.merchant_id, subsidyBps: r.subsidy_bps, capPerTxnFen: r.cap_per_txn_fen === null ? null : Number(r.cap_per_txn_fen), capPerMonthFen: r.cap_per_month_fen === null ? null : Number(r.cap_per_month_fen), validFrom: r.valid_from, validTo: r.valid_to, active: r.status === 'active' },
    ]);
  }
  const open = [...byMerchant].filter(([, list]) => agreementOn(list, today) !== null).map(([id]) => id);
  let seed = 0x2f6b_1c3d;
  const rand = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  const make = (label: string, keyId: string, secret: string, prefix: string, merchant: () => number): Sender => {
    const items: CardTransactionItem[] = [];
    const n = Math.ceil(total / 2);
    for (let i = 0; i < n; i++) {
      const occurredAt = new Date(from + Math.floor(((to - from) * i) / n)).toISOString();
      const back = items[i - 25];
      if (i % 50 === 49 && back && back.refundOfTxnId === undefined) {
        items.push({ txnId: `${prefix}${runTag}-${i}`, cardNumber: back.cardNumber!, merchantId: back.merchantId, amountFen: rand() < 0.75 ? back.amountFen : Math.max(1, Math.floor(back.amountFen / 2)), occurredAt, refundOfTxnId: back.txnId });
        continue;
      }
      const amountFen = Math.max(100, Math.round((8000 * Math.exp(0.6 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()))) / 10) * 10);
      items.push({ txnId: `${prefix}${runTag}-${i}`, cardNumber: benchCardNumber(cardIds[Math.floor(rand() * cardIds.length)]!), merchantId: merchant(), amountFen, occurredAt });
    }
    const batches: CardTransactionItem[][] = [];
    for (let i = 0; i < items.length; i += 1000) batches.push(items.slice(i, i + 1000));
    return { label, keyId, secret, batches };
  };
  return [
    make('bank (mixed merchants)', BENCH_PARTNER_KEYS.bank.keyId, BENCH_PARTNER_KEYS.bank.secret, 'BB', () => open[Math.floor(rand() * open.length)]!),
    make('merchant (own sales)', BENCH_PARTNER_KEYS.merchant.keyId, BENCH_PARTNER_KEYS.merchant.secret, 'MB', () => cards.merchant.id),
  ];
}

interface IngestFigures {
  sent: SendOutcome;
  duplicate: SendOutcome;
  copy: { seconds: number; rows: number };
  warmupBatches: number;
  appCpuMsPer1000: number;
  dbCpuMsPer1000: number | null;
  dupAppCpuMsPer1000: number;
}

async function ingest(baseUrl: string, appPid: number, pool: pg.Pool, cards: BenchCards, total: number): Promise<IngestFigures> {
  const runTag = Date.now().toString(36);
  const senders = await buildSenders(pool, cards, total, runTag);
  const warmupBatches = 2;
  log(`[bench] ingest: ${senders.map((s) => `${s.label} ${num(s.batches.reduce((a, b) => a + b.length, 0))} items in ${s.batches.length} batches`).join('; ')} (run ${runTag}) …`);
  // Warm-up: the first batches of each sender (stored, not timed).
  const warm = await sendAll(baseUrl, senders, () => [0, warmupBatches]);
  if (warm.counts.accepted !== warm.items) throw new Error(`warm-up: ${JSON.stringify(warm.counts)} ${JSON.stringify(warm.rejections)}`);
  // The timed sends' rows are those above this id (nothing else writes transactions meanwhile).
  const afterWarmup = Number((await pool.query<{ n: string }>('select coalesce(max(id), 0) as n from card_transactions')).rows[0]!.n);
  const backends = databaseBackends(BENCH_DATABASE);
  const app0 = cpuSeconds(appPid) ?? 0;
  const db0 = cpuOf(backends);
  const sent = await sendAll(baseUrl, senders, (s) => [warmupBatches, s.batches.length]);
  const appCpu = (cpuSeconds(appPid) ?? 0) - app0;
  const dbCpu = cpuOf(backends) - db0;
  log(`[bench]   sent ${num(sent.items)} in ${f1(sent.seconds)} s: ${JSON.stringify(sent.counts)}${Object.keys(sent.rejections).length ? ` ${JSON.stringify(sent.rejections)}` : ''}`);
  if (sent.counts.accepted !== sent.items) throw new Error(`not every new transaction was accepted: ${JSON.stringify(sent.counts)} ${JSON.stringify(sent.rejections)}`);
  // A batch re-sent within the same second would carry the same timestamp, hence the same signature: the
  // API rightly refuses that as a replay. A partner re-signs; the next second gives a new signature.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const dApp0 = cpuSeconds(appPid) ?? 0;
  const duplicate = await sendAll(baseUrl, senders, (s) => [warmupBatches, s.batches.length]);
  const dupAppCpu = (cpuSeconds(appPid) ?? 0) - dApp0;
  log(`[bench]   re-sent ${num(duplicate.items)} in ${f1(duplicate.seconds)} s: ${JSON.stringify(duplicate.counts)}`);
  if (duplicate.counts.duplicate !== duplicate.items) throw new Error(`a re-sent item was not answered as a duplicate: ${JSON.stringify(duplicate.counts)}`);
  const client = await pool.connect();
  let copy: { seconds: number; rows: number };
  try {
    copy = await copyBaseline(client, afterWarmup);
  } finally {
    client.release();
  }
  log(`[bench]   plain COPY of the same ${num(copy.rows)} rows (triggers included, rolled back): ${f1(copy.seconds)} s`);
  const per1000 = (s: number) => (s * 1000 * 1000) / Math.max(1, sent.items);
  return {
    sent, duplicate, copy, warmupBatches,
    appCpuMsPer1000: per1000(appCpu),
    dbCpuMsPer1000: backends.length > 0 ? per1000(dbCpu) : null,
    dupAppCpuMsPer1000: (dupAppCpu * 1000 * 1000) / Math.max(1, duplicate.items),
  };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      transactions: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '10' },
      'plain-runs': { type: 'string', default: '1' },
      'skip-ingest': { type: 'boolean', default: false },
      'skip-dashboards': { type: 'boolean', default: false },
      pool: { type: 'string', default: '20' },
      'app-log-level': { type: 'string', default: 'info' },
      shape: { type: 'string', default: 'full' },
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
  if (values.shape !== 'full' && values.shape !== 'small') throw new Error(`--shape must be full or small, not ${values.shape}`);
  useBenchCardShape(values.shape);
  const total = intOption('transactions', values.transactions, 4000, 2_000_000);
  const requests = intOption('requests', values.requests, 10, 100_000);
  const warmup = intOption('warmup', values.warmup, 0, 10_000);
  const plainRuns = intOption('plain-runs', values['plain-runs'], 1, 100);
  const poolSize = intOption('pool', values.pool, 2, 500);
  log(`[bench] npm run bench -- cards ${args.join(' ')}`.trimEnd());
  const db = await openBenchDatabase(log);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    const { tree, members, cards } = await ensureBenchCards(db, { force: values.regenerate, log });
    const loadBefore = os.loadavg()[0] ?? 0;
    const periods = periodsOf(cards.today);
    const units = (
      await pool.query<{ username: string; path: string; name: string }>(
        `select u.username, o.path::text as path, o.name from users u join org_units o on o.id = u.org_id where u.username = any($1::text[])`,
        [[BENCH_CITY.username, BENCH_CADRE.username]],
      )
    ).rows;
    const unitOf = (username: string) => units.find((u) => u.username === username)!;
    const job = (key: string, label: string, actor: Actor, p: string, target: number | null, plain: Job['plain']): Job => ({ key, label, actor, path: p, target, plain, times: [], appCpu: 0, dbCpu: 0, seen: '' });
    const jobs: Job[] = [job('readyz', 'baseline: GET /readyz (select 1)', 'none', '/readyz', null, null)];
    for (const [actor, username] of [['city', BENCH_CITY.username], ['district', BENCH_CADRE.username]] as const) {
      const unit = unitOf(username);
      for (const [i, p] of periods.entries()) {
        jobs.push(job(`${actor}${['Month', 'Quarter', 'Year'][i]}`, `card-stats ${p.code}, ${actor}`, actor, `/api/v1/card-stats?period=${p.code}`, 50, { unitPath: unit.path, fromMonth: p.from, toMonth: p.to }));
      }
      jobs.push(job(`${actor}Dash`, `card-dashboards ${periods[0]!.code}, ${actor}`, actor, `/api/v1/card-dashboards?period=${periods[0]!.code}`, null, null));
    }

    const server = await startServer({
      label: 'app',
      entry: path.join(HERE, 'servers/app-server.ts'),
      nodeArgs: profileArgs(values['cpu-prof']),
      env: {
        DATABASE_URL: db.url, DB_POOL_SIZE: String(poolSize), DATA_DIR: BENCH_DIR, DATA_KEY: BENCH_DATA_KEY, DEMO: '0',
        NODE_ENV: 'development', LOG_LEVEL: values['app-log-level'], LOG_FILE: '', API_RATE_LIMIT: '10000000',
      },
    });
    const clients = {} as Record<Actor, SequentialClient>;
    let dbLocal = false;
    let plainTimes = new Map<string, Percentiles>();
    let ingested: IngestFigures | null = null;
    let afterCheck: { checked: number } | null = null;
    try {
      clients.none = new SequentialClient(server.url, {});
      clients.city = new SequentialClient(server.url, await login(server.url, BENCH_CITY.username, BENCH_CITY.password));
      clients.district = new SequentialClient(server.url, await login(server.url, BENCH_CADRE.username, BENCH_CADRE.password));
      if (!values['skip-dashboards']) {
        const first = await exactness(clients, pool, jobs, cards.programmeId, 'before timing');
        log(`[bench] dashboards: ${jobs.length} request kinds × (${warmup} warm-up + ${requests}) requests, interleaved …`);
        dbLocal = await measureDashboards(clients, jobs, warmup, requests, server.pid);
        if (plainRuns > 1) log(`[bench] plain aggregates: ${plainRuns - 1} more runs of each …`);
        plainTimes = await measurePlain(pool, jobs, cards.programmeId, plainRuns, first.plainMs);
      }
      if (!values['skip-ingest']) {
        ingested = await ingest(server.url, server.pid, pool, cards, total);
        // The ingest's month is in this quarter and year: the rollups it moved must still equal the raw tables.
        const local = new Date(Date.now() + 8 * 3_600_000);
        const year = local.getUTCFullYear();
        const quarter = Math.floor(local.getUTCMonth() / 3) + 1;
        const curQuarter = `${year}-Q${quarter}`;
        const q0 = year * 100 + (quarter - 1) * 3 + 1;
        const checkJobs = [
          job('cityNow', `card-stats ${curQuarter}, city`, 'city', `/api/v1/card-stats?period=${curQuarter}`, null, { unitPath: unitOf(BENCH_CITY.username).path, fromMonth: q0, toMonth: q0 + 2 }),
        ];
        afterCheck = await exactness(clients, pool, checkJobs, cards.programmeId, `after the ingest (${curQuarter}, city)`);
      }
    } finally {
      for (const c of Object.values(clients)) c.close();
      await server.stop();
    }
    const cpuMs = (seconds: number, n: number) => (n > 0 ? (seconds * 1000) / n : 0);
    const rows: Row[] = values['skip-dashboards']
      ? []
      : jobs.map((j) => ({
          key: j.key, label: j.label, actor: j.actor, path: j.path, target: j.target, figures: percentiles(j.times), seen: j.seen,
          appCpuMs: process.platform === 'linux' ? cpuMs(j.appCpu, j.times.length) : null,
          dbCpuMs: dbLocal ? cpuMs(j.dbCpu, j.times.length) : null,
          plain: plainTimes.get(j.key) ?? null,
        }));
    report({ db: db.where, tree, members, cards, rows, ingested, afterCheck, loadBefore, requests, warmup, plainRuns, poolSize, logLevel: values['app-log-level'] });
  } finally {
    await pool.end();
    await db.close();
    mkdirSync(BENCH_DIR, { recursive: true });
    writeFileSync(LOG_FILE, '');
    appendFileSync(LOG_FILE, `${logLines.join('\n')}\n`);
  }
}

function report(r: {
  db: string;
  tree: Awaited<ReturnType<typeof ensureBenchCards>>['tree'];
  members: Awaited<ReturnType<typeof ensureBenchCards>>['members'];
  cards: BenchCards;
  rows: Row[];
  ingested: IngestFigures | null;
  afterCheck: { checked: number } | null;
  loadBefore: number;
  requests: number;
  warmup: number;
  plainRuns: number;
  poolSize: number;
  logLevel: string;
}) {
  const m = machine();
  const loadAfter = os.loadavg()[0] ?? 0;
  const busy = Math.max(r.loadBefore, loadAfter) > m.cpus * 0.75;
  const c = r.cards;
  log('');
  log('== cards ==');
  log(`  data: ${num(c.rows.cards ?? 0)} cards, ${num(c.rows.transactions ?? 0)} transactions (${num(c.rows.purchases ?? 0)} purchases, ${num(c.rows.refunds ?? 0)} refunds in the history),`);
  log(`        ${num(c.rows.merchants ?? 0)} merchants (${num(c.rows.agreements ?? 0)} agreements) over ${num(r.members.count)} members and ${num(r.tree.units)} units, as of ${c.today}, in ${r.db}`);
  log(`        cards: ${Object.entries(c.byState).map(([k, v]) => `${k} ${num(v)}`).join(', ')}`);
  log(`        rollups: card_usage ${num(c.rows.cardUsage ?? 0)}, card_merchant_months ${num(c.rows.cardMerchantMonths ?? 0)}, org_card_flow ${num(c.rows.orgCardFlow ?? 0)}, org_card_usage ${num(c.rows.orgCardUsage ?? 0)} rows`);
  log(`        ${c.reused ? `reused, generated in ${c.generatedSeconds} s on ${c.generatedAt}` : `generated now in ${c.generatedSeconds} s`}: ${Object.entries(c.steps).map(([k, v]) => `${k} ${v} s`).join('; ')}`);
  if (c.check) log(`        rollup check at generation (checkCardRollups over every row): ${c.check.differences} differences, ${c.check.seconds} s`);
  log(`  machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}; load average (1 min) ${r.loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${busy ? '  ← the machine was busy with other work: figures are noisy' : ''}`);
  if (r.ingested) {
    const g = r.ingested;
    const tps = g.sent.items / g.sent.seconds;
    const copyTps = g.copy.rows / g.copy.seconds;
    const batch = percentiles(g.sent.batchMs);
    log('');
    log(`  ingest: POST /api/v1/card-transactions, batches of 1,000 signed items, 2 senders side by side (after ${g.warmupBatches} warm-up batches each), app pool ${r.poolSize}`);
    log(`    new transactions   ${num(g.sent.items)} in ${f1(g.sent.seconds)} s = ${num(Math.round(tps))} transactions/s  (target ≥ 3,000: ${tps >= 3000 ? '✓' : '✗'}); batch p50 ${f1(batch.p50)} ms, p95 ${f1(batch.p95)} ms`);
    log(`                       CPU per 1,000 items: app ${f1(g.appCpuMsPer1000)} ms, database ${g.dbCpuMsPer1000 === null ? 'n/a' : `${f1(g.dbCpuMsPer1000)} ms`}`);
    log(`    re-sent (all duplicate) ${num(g.duplicate.items)} in ${f1(g.duplicate.seconds)} s = ${num(Math.round(g.duplicate.items / g.duplicate.seconds))} items/s; app CPU ${f1(g.dupAppCpuMsPer1000)} ms per 1,000`);
    log(`    plain COPY of the same rows (triggers included) ${num(g.copy.rows)} in ${f1(g.copy.seconds)} s = ${num(Math.round(copyTps))} rows/s  → API / COPY time ×${(g.sent.seconds / g.copy.seconds).toFixed(1)}`);
    if (r.afterCheck) log(`    after the ingest the rollups still equal the raw tables (${r.afterCheck.checked} answer checked against the plain aggregate)`);
  }
  if (r.rows.length > 0) {
    log('');
    log(`  dashboards: sequential on one kept-alive connection per actor, every kind once per round, ${r.warmup} warm-up rounds then ${r.requests}; plain aggregate ${r.plainRuns} runs each`);
    const head = ['key', 'request', 'p50 ms', 'p95 ms', 'p99 ms', 'target', 'cpu app', 'cpu db', 'plain p50', 'plain/app', 'answer'];
    const w = [15, 34, 7, 7, 7, 8, 7, 7, 9, 9, 0];
    const line = (cells: string[]) => cells.map((x, i) => (i < 2 || i === 10 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ').trimEnd();
    log(line(head));
    log('-'.repeat(150));
    for (const x of r.rows) {
      const ok = x.target === null ? '' : `${x.figures.p95 <= x.target ? '✓' : '✗'} ≤${x.target}`;
      const cpu = (ms: number | null) => (ms === null ? 'n/a' : f1(ms));
      log(line([x.key, x.label, f1(x.figures.p50), f1(x.figures.p95), f1(x.figures.p99), ok, cpu(x.appCpuMs), cpu(x.dbCpuMs), x.plain ? f1(x.plain.p50) : '', x.plain ? `×${Math.round(x.plain.p50 / Math.max(x.figures.p50, 0.01))}` : '', x.seen]));
    }
    log('  cpu app / cpu db: mean CPU ms per request of the app process and of the database backends (from /proc);');
    log('  plain: the same figures by aggregates over cards, card_transactions and members (no rollups), run directly on the database');
  }
  log('');
  const g = r.ingested;
  log(
    JSON.stringify({
      bench: 'cards',
      at: new Date().toISOString(),
      machine: m,
      loadAverage: { before: round1(r.loadBefore), after: round1(loadAfter) },
      data: { members: r.members.count, cards: c.rows, byState: c.byState, asOf: c.today, reused: c.reused, generatedSeconds: c.generatedSeconds, steps: c.steps, check: c.check },
      settings: { requests: r.requests, warmup: r.warmup, plainRuns: r.plainRuns, pool: r.poolSize, appLogLevel: r.logLevel },
      ingest: g
        ? {
            items: g.sent.items, seconds: round1(g.sent.seconds), perSecond: Math.round(g.sent.items / g.sent.seconds), counts: g.sent.counts,
            appCpuMsPer1000: round1(g.appCpuMsPer1000), dbCpuMsPer1000: g.dbCpuMsPer1000 === null ? null : round1(g.dbCpuMsPer1000),
            duplicatePerSecond: Math.round(g.duplicate.items / g.duplicate.seconds),
            copy: { rows: g.copy.rows, seconds: round1(g.copy.seconds), perSecond: Math.round(g.copy.rows / g.copy.seconds) },
            ratio: round1(g.sent.seconds / g.copy.seconds),
          }
        : null,
      latency: r.rows.map((x) => ({
        key: x.key, actor: x.actor, path: x.path, p50: round1(x.figures.p50), p95: round1(x.figures.p95), p99: round1(x.figures.p99), max: round1(x.figures.max),
        cpuAppMs: x.appCpuMs === null ? null : round1(x.appCpuMs), cpuDbMs: x.dbCpuMs === null ? null : round1(x.dbCpuMs),
        target: x.target, ok: x.target === null ? null : x.figures.p95 <= x.target,
        plainP50: x.plain ? round1(x.plain.p50) : null, plainP95: x.plain ? round1(x.plain.p95) : null,
      })),
    }),
  );
}
