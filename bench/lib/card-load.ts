import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Bulk-loading helpers of the cards bench: COPY from lines already in COPY's text format, and the secondary
 * indexes of a table dropped before a load and rebuilt from their own definitions after it.
 */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format (\N for null). */
export function copyField(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return typeof v === 'number' ? String(v) : v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}

/** One `COPY … FROM STDIN` statement over `lines` (each ending in \n): statement-level triggers run once. */
export async function copyLines(client: pg.ClientBase, table: string, columns: string[], lines: Iterable<string>): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  let n = 0;
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (++n % 2000 === 0) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk) stream.write(chunk);
  stream.end();
  await finished(stream);
  return n;
}

export interface IndexDef {
  name: string;
  def: string;
}

/** Indexes of a table that back no constraint (the primary key stays): dropped before a load, rebuilt after. */
export async function secondaryIndexes(q: pg.ClientBase | pg.Pool, table: string): Promise<IndexDef[]> {
  const res = await q.query<IndexDef>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = $1
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      order by i.indexname`,
    [table],
  );
  return res.rows;
}

export async function dropIndexes(q: pg.ClientBase | pg.Pool, indexes: IndexDef[]): Promise<void> {
  for (const ix of indexes) await q.query(`drop index if exists "${ix.name}"`);
}

export async function rebuildIndexes(client: pg.ClientBase, indexes: IndexDef[]): Promise<void> {
  await client.query(`set maintenance_work_mem = '512MB'`);
  for (const ix of indexes) await client.query(ix.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
}
