import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import { createPool, wrapPool } from '@tongxing/db';
import { DEMO_PASSWORD } from '@tongxing/db/seed/demo';
import { buildApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import type { AppDeps } from '../src/deps';
import { manualClock } from '../src/lib/clock';
import { FieldCrypto } from '../src/lib/crypto';
import { OutboxSmsProvider } from '../src/lib/sms';
import { currentTotp } from '../src/modules/auth/totp';
import { withDatabase } from './global-setup';

export { DEMO_PASSWORD };
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64');
const outputDir = path.resolve('.test-output');

/** Everything a test has seen that must never reach a log: the log scan after the run looks for each. */
export function rememberSecret(value: string) {
  if (value) appendFileSync(path.join(outputDir, 'secrets', `${process.pid}.txt`), `${value}\n`);
}

const SECRET_FIELDS = /password|totp|^code$|phone|idNumber/i;

/** Passwords, codes and personal numbers a test sends are secrets the logs must not contain. */
function rememberBodySecrets(body: unknown) {
  if (!body || typeof body !== 'object') return;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string' && v.length >= 6 && SECRET_FIELDS.test(k)) rememberSecret(v);
    else if (v && typeof v === 'object') rememberBodySecrets(v);
  }
}

async function cloneTemplate(adminUrl: string, template: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${client.escapeIdentifier(name)} template ${client.escapeIdentifier(template)}`);
        return;
      } catch (err) {
        // Another worker cloning the same template at this instant: wait and retry.
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | number | string[] | undefined>;
}

export class TestClient {
  cookie: string | null = null;
  csrf: string | null = null;
  lang: string | null = null;

  constructor(readonly app: App) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    rememberBodySecrets(body);
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = `tx_session=${this.cookie}`;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    if (this.lang) h['accept-language'] = this.lang;
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const setCookie = res.cookies.find((c) => c.name === 'tx_session');
    if (setCookie) {
      this.cookie = setCookie.value || null;
      if (setCookie.value) rememberSecret(setCookie.value);
    }
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      // not JSON: keep the text
    }
    const csrf = (parsed as { csrfToken?: string } | null)?.csrfToken;
    if (typeof csrf === 'string') {
      this.csrf = csrf;
      rememberSecret(csrf);
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body ?? {}, headers);
  }
  patch<T = any>(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
  put<T = any>(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', url, body, headers);
  }
  delete<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('DELETE', url, body, headers);
  }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A fresh app on its own database cloned from the seeded template, with a clock the test controls. */
export async function createTestApp(env: Record<string, string> = {}) {
  const adminUrl = inject('adminUrl');
  const name = `tx_t_${inject('runId')}_${Math.random().toString(36).slice(2, 10)}`;
  await cloneTemplate(adminUrl, inject('templateDb'), name);
  const url = withDatabase(adminUrl, name);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'tx-test-')),
    DATABASE_URL: url,
    DEMO: '0',
    DATA_KEY: TEST_DATA_KEY,
    LOG_LEVEL: 'info',
    LOG_FILE: path.join(outputDir, 'logs', `${name}.log`),
    LOGIN_RATE_LIMIT: '100000',
    API_RATE_LIMIT: '10000000',
    ...env,
  });
  const pool = createPool(url, 10);
  const clock = manualClock(new Date('2026-11-28T02:00:00Z'));
  const db = wrapPool(pool);
  const crypto = new FieldCrypto(Buffer.from(TEST_DATA_KEY, 'base64'));
  const deps: AppDeps = { config, db, pool, clock, crypto, sms: new OutboxSmsProvider(db, crypto, clock) };
  const app = await buildApp(deps);

  const client = () => new TestClient(app);

  async function login(username: string, password = DEMO_PASSWORD, totp?: string) {
    const c = client();
    const res = await c.post('/api/v1/auth/login', { username, password, ...(totp ? { totp } : {}) });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return c;
  }

  const enrolled = new Map<string, string>();

  /**
   * Signs in and, for accounts whose role requires it, enrols a second factor (or, when this test app
   * enrolled it before, signs in with a fresh code); returns the client and the secret.
   */
  async function loginFull(username: string, password = DEMO_PASSWORD) {
    const known = enrolled.get(username);
    if (known) {
      clock.advance(30_000);
      return { client: await login(username, password, currentTotp(known, clock())), secret: known, recoveryCodes: [] as string[] };
    }
    const c = await login(username, password);
    const me = await c.get('/api/v1/me');
    let secret: string | null = null;
    let recoveryCodes: string[] = [];
    if (me.body.mfaEnrolmentRequired) {
      const start = await c.post('/api/v1/me/totp/start');
      secret = start.body.secret as string;
      rememberSecret(secret);
      const confirm = await c.post('/api/v1/me/totp/confirm', { code: currentTotp(secret, clock()) });
      if (confirm.status !== 200) throw new Error(`enrolment failed: ${JSON.stringify(confirm.body)}`);
      recoveryCodes = confirm.body.recoveryCodes;
      recoveryCodes.forEach(rememberSecret);
      enrolled.set(username, secret);
      clock.advance(30_000);
    }
    return { client: c, secret, recoveryCodes };
  }

  async function orgIdByName(name: string): Promise<number> {
    const res = await pool.query<{ id: number }>('select id from org_units where name = $1', [name]);
    if (!res.rows[0]) throw new Error(`no unit named ${name}`);
    return res.rows[0].id;
  }

  async function userIdByName(username: string): Promise<number> {
    const res = await pool.query<{ id: number }>('select id from users where username = $1', [username]);
    if (!res.rows[0]) throw new Error(`no user ${username}`);
    return res.rows[0].id;
  }

  async function close() {
    await app.close();
    await pool.end();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
    await admin.end();
  }

  return { app, deps, clock, pool, client, login, loginFull, orgIdByName, userIdByName, close, totp: (secret: string) => currentTotp(secret, clock()) };
}
