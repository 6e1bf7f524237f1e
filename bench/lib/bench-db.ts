import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '@tongxing/db';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Everything a benchmark writes locally (embedded cluster, data key, server logs); gitignored. */
export const BENCH_DIR = path.join(REPO_ROOT, '.bench-data');
export const BENCH_DATABASE = 'tongxing_bench';

export interface BenchDatabase {
  /** Connection string of the bench database itself. */
  url: string;
  /** Connection string of a maintenance database on the same server (to drop and create the bench one). */
  adminUrl: string;
  where: string;
  close(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The bench database lives apart from the app's own: an embedded cluster under `.bench-data/`, or a
 * database named `tongxing_bench` on the server of DATABASE_URL, so a benchmark never touches real data.
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    // Dropping the bench database needs a connection to some other database on that server.
    const current = new URL(external).pathname.slice(1);
    const adminUrl = current === BENCH_DATABASE || current === '' ? withDatabase(external, 'postgres') : external;
    await ensureDatabase(adminUrl, BENCH_DATABASE);
    const url = withDatabase(external, BENCH_DATABASE);
    return { url, adminUrl, where: `database ${BENCH_DATABASE} at ${new URL(external).host}`, close: async () => undefined };
  }
  log(`[bench] starting the embedded PostgreSQL in ${path.relative(REPO_ROOT, BENCH_DIR)}/pg …`);
  const server = await startEmbeddedPostgres(BENCH_DIR);
  await ensureDatabase(server.adminUrl, BENCH_DATABASE);
  return {
    url: withDatabase(server.adminUrl, BENCH_DATABASE),
    adminUrl: server.adminUrl,
    where: `embedded PostgreSQL (${path.relative(REPO_ROOT, BENCH_DIR)}/pg, port ${server.port}), database ${BENCH_DATABASE}`,
    close: () => server.stop(),
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function recreateBenchDatabase(db: BenchDatabase): Promise<void> {
  await withClient(db.adminUrl, (c) => c.query(`drop database if exists ${c.escapeIdentifier(BENCH_DATABASE)} with (force)`));
  await ensureDatabase(db.adminUrl, BENCH_DATABASE);
}

/** The generator's marker is the database's comment, so it travels with the data and needs no extra table. */
export async function readMarker(url: string): Promise<string | null> {
  return withClient(url, async (c) => {
    const res = await c.query<{ marker: string | null }>(
      `select shobj_description(oid, 'pg_database') as marker from pg_database where datname = current_database()`,
    );
    return res.rows[0]?.marker ?? null;
  });
}

export async function writeMarker(url: string, marker: string): Promise<void> {
  await withClient(url, (c) => c.query(`comment on database ${c.escapeIdentifier(BENCH_DATABASE)} is ${c.escapeLiteral(marker)}`));
}
