import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { prepare } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import type { AppDeps } from '../apps/server/src/deps';
import { ensureDatabase } from '../packages/db/src/client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningApp {
  baseUrl: string;
  stop(): Promise<void>;
}

let runningDeps: AppDeps | null = null;

/**
 * The running app's dependencies, for a test that must read what a person receives outside the browser
 * (an SMS code kept by the outbox provider) straight from the app's database.
 */
export function appDeps(): AppDeps {
  if (!runningDeps) throw new Error('the app under test is not running');
  return runningDeps;
}

/** The browser tests drive the built web app as the server serves it; build it when it is missing. */
export function ensureWebBuild(): void {
  if (existsSync(path.join(root, 'apps/web/dist/index.html'))) return;
  process.stdout.write('[e2e] apps/web/dist is missing: building the web app …\n');
  execSync('npm run build -w @tongxing/web', { cwd: root, stdio: 'inherit' });
}

/**
 * A fresh database per run, so demo data loads and the tests see the known accounts: an embedded
 * PostgreSQL in a temp folder, or a new database on the server named by DATABASE_URL.
 */
async function freshDatabaseUrl(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const given = process.env['DATABASE_URL'];
  if (!given) return { url: undefined, drop: async () => undefined };
  const name = `tongxing_e2e_${Date.now().toString(36)}_${process.pid}`;
  const admin = new URL(given);
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
  const url = new URL(given);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function startApp(): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tongxing-e2e-'));
  // mkdtemp makes the folder private; run as root, embedded PostgreSQL works as its own user inside it.
  await chmod(dataDir, 0o755);
  const db = await freshDatabaseUrl().catch(async (err: unknown) => {
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  });
  const cleanUp = async () => {
    await db.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    return await listen(dataDir, db.url, cleanUp);
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

async function listen(dataDir: string, databaseUrl: string | undefined, cleanUp: () => Promise<void>): Promise<RunningApp> {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    DEMO: '1',
    LOG_LEVEL: 'info',
    // Into the folder the log scan reads: the browser run's logs must be as clean as the API tests'.
    LOG_FILE: path.join(root, '.test-output', 'logs', 'e2e.log'),
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const { database, deps } = await prepare(config);
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  try {
    app = await buildApp(deps);
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const running = app;
  runningDeps = deps;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      runningDeps = null;
      await running.close().catch(() => undefined);
      await database.close().catch(() => undefined);
      await cleanUp();
    },
  };
}
