import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { wrapPool } from './client';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/** Applies pending migrations; an advisory lock keeps two starting processes from racing. */
export async function migrateDatabase(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(7423000)');
    try {
      await migrate(wrapPool(pool), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(7423000)');
    }
  } finally {
    client.release();
  }
}
