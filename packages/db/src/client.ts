import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';

// int8 (counts, money in fen) as numbers: safe up to 2^53 fen, far beyond any union fund; refuse beyond.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} is beyond the safe integer range`);
  return n;
});
// `date` stays a 'YYYY-MM-DD' string: a JS Date would shift it by the process time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_NAME = 'tongxing';

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database ${client.escapeIdentifier(name)} encoding 'UTF8'`);
      } catch (err) {
        // Two processes racing to create it: the loser sees duplicate_database, which is fine.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

export function createPool(url: string, max = 20): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    application_name: 'tongxing',
    // Dates and reports are computed in the federation's time zone.
    options: '-c TimeZone=Asia/Shanghai',
  });
  pool.on('error', () => undefined);
  return pool;
}

export function wrapPool(pool: pg.Pool): Db {
  return drizzle(pool, { schema });
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  log?: (line: string) => void;
}

/** Opens the external database named by `databaseUrl`, or starts the embedded one under `dataDir`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(opts.dataDir, { log: opts.log });
    await ensureDatabase(embedded.adminUrl, DEFAULT_DATABASE_NAME);
    url = embedded.adminUrl.replace(/\/postgres$/, `/${DEFAULT_DATABASE_NAME}`);
  }
  const pool = createPool(url, opts.poolSize);
  const db = wrapPool(pool);
  return {
    db,
    pool,
    url,
    embedded,
    async close() {
      await pool.end();
      if (embedded) await embedded.stop();
    },
  };
}
