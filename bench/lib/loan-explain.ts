import type pg from 'pg';
import { buildApp } from '../../apps/server/src/app.ts';
import { prepare } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { currentTotp } from '../../apps/server/src/modules/auth/totp.ts';
import type { BenchAccount } from '../generate-loans.ts';
import { BENCH_DATA_KEY } from '../generate-members.ts';
import { BENCH_DIR } from './bench-db.ts';

export interface ExplainedRequest {
  key: string;
  path: string;
  /** One entry per SELECT the request ran: its text, then its plan with actual times. */
  plans: string[];
}

type QueryArgs = [text: string | { text: string; values?: unknown[] }, values?: unknown[]];

/**
 * EXPLAIN (ANALYZE, BUFFERS) of exactly the statements the app runs for a request: the app is built in this
 * process over a pool whose `query` explains every SELECT before running it, and the request goes through
 * the app's own routing, sign-in, scope and services (`inject`), so the plans are of the real SQL text and
 * parameters, never of a copy. Session lookups are left out.
 */
export async function explainRequests(dbUrl: string, requests: { key: string; account: BenchAccount; path: string }[]): Promise<ExplainedRequest[]> {
  const config = loadConfig({ DATABASE_URL: dbUrl, DATA_DIR: BENCH_DIR, DATA_KEY: BENCH_DATA_KEY, DEMO: '0', NODE_ENV: 'development', LOG_LEVEL: 'silent', LOG_FILE: '', API_RATE_LIMIT: '10000000' });
  const { database, deps } = await prepare(config);
  const pool = deps.pool;
  const original = pool.query.bind(pool) as (...a: unknown[]) => Promise<pg.QueryResult>;
  let recording: string[] | null = null;
  (pool as unknown as { query: (...a: QueryArgs) => Promise<pg.QueryResult> }).query = async (...args: QueryArgs) => {
    const [first, second] = args;
    const text = typeof first === 'string' ? first : first.text;
    const values = typeof first === 'string' ? second : first.values;
    const plans = recording;
    if (plans && /^\s*(select|with)\b/i.test(text) && !/\bsessions\b/.test(text)) {
      const res = await original({ text: `explain (analyze, buffers) ${text}`, values });
      plans.push(`${text.replace(/\s+/g, ' ').trim()}\n${(res.rows as { 'QUERY PLAN': string }[]).map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
    }
    return original(...args);
  };
  const app = await buildApp(deps);
  try {
    const out: ExplainedRequest[] = [];
    const cookies = new Map<string, string>();
    for (const r of requests) {
      let cookie = cookies.get(r.account.username);
      if (!cookie) {
        const login = () =>
          app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: r.account.username, password: r.account.password, ...(r.account.totpSecret ? { totp: currentTotp(r.account.totpSecret, new Date()) } : {}) },
          });
        let res = await login();
        // A code is good once: if the benchmark's own sign-in used this one, wait for the next.
        if (res.statusCode === 401 && r.account.totpSecret) {
          await new Promise((resolve) => setTimeout(resolve, 31_000));
          res = await login();
        }
        const c = res.cookies.find((x) => x.name === 'tx_session');
        if (res.statusCode !== 200 || !c) throw new Error(`login as ${r.account.username} for EXPLAIN answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
        cookie = `tx_session=${c.value}`;
        cookies.set(r.account.username, cookie);
      }
      const plans: string[] = [];
      recording = plans;
      const res = await app.inject({ method: 'GET', url: r.path, headers: { cookie } });
      recording = null;
      if (res.statusCode !== 200) throw new Error(`GET ${r.path} for EXPLAIN answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      out.push({ key: r.key, path: r.path, plans });
    }
    return out;
  } finally {
    await app.close();
    await database.close();
  }
}
