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

/**
 * Drops the indexes, first writing their definitions into the table's comment: a load that stops half-way
 * (killed, out of memory) leaves them there for `restoreIndexes`, so a later load never takes the table's
 * missing indexes for its full set.
 */
export async function dropIndexes(q: pg.ClientBase | pg.Pool, table: string, indexes: IndexDef[]): Promise<void> {
  await q.query(`comment on table "${table}" is ${pgLiteral(JSON.stringify({ droppedIndexes: indexes }))}`);
  for (const ix of indexes) await q.query(`drop index if exists "${ix.name}"`);
}

/** Recreates indexes a stopped load dropped (from the table's comment), then clears the comment. */
export async function restoreIndexes(client: pg.ClientBase, table: string): Promise<void> {
  const res = await client.query<{ c: string | null }>(`select obj_description($1::regclass, 'pg_class') as c`, [table]);
  let dropped: IndexDef[] = [];
  try {
    dropped = res.rows[0]?.c ? ((JSON.parse(res.rows[0].c) as { droppedIndexes?: IndexDef[] }).droppedIndexes ?? []) : [];
  } catch {
    dropped = [];
  }
  if (dropped.length > 0) await rebuildIndexes(client, dropped);
  await client.query(`comment on table "${table}" is null`);
}

const pgLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function rebuildIndexes(client: pg.ClientBase, indexes: IndexDef[], table?: string): Promise<void> {
  await client.query(`set maintenance_work_mem = '512MB'`);
  for (const ix of indexes) await client.query(ix.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  if (table) await client.query(`comment on table "${table}" is null`);
}
