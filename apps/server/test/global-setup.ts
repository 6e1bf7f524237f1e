import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createPool, ensureDatabase, migrateDatabase, startEmbeddedPostgres, wrapPool, type EmbeddedServer } from '@tongxing/db';
import { ensureBuiltinRoles } from '@tongxing/db/seed/builtin-roles';
import { seedDemo } from '@tongxing/db/seed/demo';

export const outputDir = path.resolve('.test-output');

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
  }
}

/**
 * Once per run: a PostgreSQL server (embedded, or the one at DATABASE_URL), and a template database that
 * is migrated and seeded with the demo data. Each test file clones its own database from the template.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  mkdirSync(path.join(outputDir, 'logs'), { recursive: true });
  mkdirSync(path.join(outputDir, 'secrets'), { recursive: true });
  let embedded: EmbeddedServer | null = null;
  let pgDir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // One cluster per run: two runs at once (two engineers, or CI steps) must not share a data folder.
    pgDir = path.join(outputDir, `pg-data-${runId}`);
    embedded = await startEmbeddedPostgres(pgDir);
    adminUrl = embedded.adminUrl;
  }
  const templateDb = `tx_tpl_${runId}`;
  await ensureDatabase(adminUrl, templateDb);
  const pool = createPool(withDatabase(adminUrl, templateDb), 4);
  await migrateDatabase(pool);
  const db = wrapPool(pool);
  await db.transaction((tx) => ensureBuiltinRoles(tx));
  await seedDemo(db);
  await pool.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const dbs = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`tx_%${runId}%`]);
    for (const { datname } of dbs.rows) {
      await client.query(`drop database if exists ${client.escapeIdentifier(datname)} with (force)`);
    }
    await client.end();
    if (embedded) await embedded.stop();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
