/**
 * scoped-list: a district cadre pages through the grassroots unions of its district, over HTTP.
 *
 *   app   the real Tongxing app (session lookup, scope resolution, zod, drizzle, helmet, rate limit,
 *         metrics, request logging at LOG_LEVEL): GET /api/v1/orgs?kind=grassroots_union&page=P&pageSize=20
 *   bare  Fastify 5 + pg, same route and query string, the same SQL text with the scope path fixed
 *
 * `--list children` lists the children of one street instead (`parentId=`), a cheaper query where the
 * framework's share of the time is larger.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBenchTree, type BenchTree } from './generate-tree.ts';
import { BENCH_DIR, openBenchDatabase, withClient } from './lib/bench-db.ts';
import { runComparison, type Side } from './lib/compare.ts';
import { intOption, loadOptions, loadOptionsHelp, loadSettingsFrom, profileArgs } from './lib/options.ts';
import { printComparison } from './lib/report.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

export const usage = [
  'npm run bench -- scoped-list [options]',
  ...loadOptionsHelp,
  '--list KIND       grassroots (default): kind=grassroots_union over the whole district; children: parentId=<a street>',
  '--pages N         pages cycled through by every connection, page=1..N (default 5)',
  '--page-size N     pageSize (default 20)',
  '--app-log-level L the app\'s LOG_LEVEL (default info, as in production; its log goes to .bench-data/logs/app.log)',
];

async function login(baseUrl: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('tx_session='));
  if (!cookie) throw new Error('login set no tx_session cookie');
  return { cookie };
}

function fingerprint(body: unknown): string {
  const b = body as { items?: { id: number }[]; total?: number };
  return `total ${b.total}, ids ${(b.items ?? []).map((i) => i.id).join(',')}`;
}

async function firstStreet(url: string, districtId: number): Promise<number> {
  return withClient(url, async (c) => {
    const res = await c.query<{ id: number }>(
      `select id from org_units where parent_id = $1 and kind = 'street_federation' order by sort_order, id limit 1`,
      [districtId],
    );
    const id = res.rows[0]?.id;
    if (id === undefined) throw new Error('the cadre\'s district has no street');
    return id;
  });
}

function describeData(tree: BenchTree, where: string): string {
  const kinds = Object.entries(tree.byKind).map(([k, n]) => `${n} ${k}`).join(', ');
  return `data: ${tree.units} units (${kinds}) in ${where}${tree.generatedSeconds !== null ? `, generated in ${tree.generatedSeconds.toFixed(1)} s` : ', reused'}`;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...loadOptions,
      list: { type: 'string', default: 'grassroots' },
      pages: { type: 'string', default: '5' },
      'page-size': { type: 'string', default: '20' },
      'app-log-level': { type: 'string', default: 'info' },
    },
  });
  if (values.help) {
    log(usage.join('\n  '));
    return;
  }
  const settings = loadSettingsFrom(values);
  const pool = intOption('pool', values.pool, 2, 500);
  const pages = intOption('pages', values.pages, 1, 1000);
  const pageSize = intOption('page-size', values['page-size'], 1, 500);
  if (values.list !== 'grassroots' && values.list !== 'children') throw new Error('--list must be grassroots or children');

  const db = await openBenchDatabase(log);
  try {
    const tree = await ensureBenchTree(db, { force: values.regenerate, log });
    const { cadre } = tree;
    const filter = values.list === 'children' ? `parentId=${await firstStreet(db.url, cadre.orgId)}` : 'kind=grassroots_union';
    const paths = Array.from({ length: pages }, (_, i) => `/api/v1/orgs?${filter}&page=${i + 1}&pageSize=${pageSize}`);

    const common = { DATABASE_URL: db.url, DB_POOL_SIZE: String(pool) };
    const nodeArgs = profileArgs(values['cpu-prof']);
    const app: Side = {
      key: 'app',
      title: `Tongxing app (apps/server buildApp), signed in as ${cadre.username} (district_cadre), LOG_LEVEL=${values['app-log-level']}`,
      server: {
        label: 'app',
        entry: path.join(HERE, 'servers/app-server.ts'),
        nodeArgs,
        env: {
          ...common,
          DATA_DIR: BENCH_DIR,
          DEMO: '0',
          // NODE_ENV only gates a configuration check in this app; fixed so the caller's shell cannot change it.
          NODE_ENV: 'development',
          LOG_LEVEL: values['app-log-level'],
          LOG_FILE: '',
          // The per-minute API limit would answer 429 within the first second of load.
          API_RATE_LIMIT: '10000000',
        },
      },
      authenticate: (baseUrl) => login(baseUrl, cadre.username, cadre.password),
    };
    const bare: Side = {
      key: 'bare',
      title: `Fastify 5 + pg only (bench/servers/bare-orgs-server.ts), scope path ${cadre.orgPath} fixed`,
      server: { label: 'bare', entry: path.join(HERE, 'servers/bare-orgs-server.ts'), nodeArgs, env: { ...common, BENCH_SCOPE_PATH: cadre.orgPath } },
    };

    const result = await runComparison({ paths, sides: [app, bare], fingerprint, settings }, log);
    printComparison(
      {
        bench: 'scoped-list',
        about: [
          `request: GET /api/v1/orgs?${filter}&page=1..${pages}&pageSize=${pageSize} (each connection cycles the pages), cookie tx_session`,
          `scope: ${cadre.orgName} (id ${cadre.orgId}, path ${cadre.orgPath}), ${tree.unionsInScope} grassroots unions in scope; first answer: ${result.verification.sample.slice(0, 60)}…`,
          describeData(tree, db.where),
          `database pool: ${pool} connections on each server`,
        ],
        sides: [app, bare],
        settings,
        details: {
          request: { list: values.list, filter, pages, pageSize },
          data: { units: tree.units, byKind: tree.byKind, scopePath: cadre.orgPath, unionsInScope: tree.unionsInScope },
          pool,
          appLogLevel: values['app-log-level'],
        },
      },
      result,
    );
  } finally {
    await db.close();
  }
}
