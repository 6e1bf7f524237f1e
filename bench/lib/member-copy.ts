import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { arrayLiteral, memberColumnNames, memberRowColumns, type MemberRow } from '../../apps/server/src/demo/member-rows.ts';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeText = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);

/** One value in COPY's text format: \N for null, bytea as hex, arrays as literals. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  if (Array.isArray(v)) return escapeText(arrayLiteral(v as string[]));
  return escapeText(String(v));
}

export function copyLine(row: MemberRow): string {
  return `${memberRowColumns.map(([c]) => field(row[c])).join('\t')}\n`;
}

/**
 * Streams rows into `members` with one `COPY … FROM STDIN` (one statement: the count trigger runs once
 * over its transition table). Rows come from an iterator so millions never sit in memory at once.
 */
export async function copyMembers(client: pg.ClientBase, rows: Iterable<MemberRow>): Promise<number> {
  const stream = client.query(copyFrom(`copy members (${memberColumnNames}) from stdin`));
  let n = 0;
  let chunk = '';
  for (const row of rows) {
    chunk += copyLine(row);
    n++;
    // Writing a few hundred rows at a time keeps the per-write overhead small.
    if (n % 500 === 0) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk) stream.write(chunk);
  stream.end();
  await finished(stream);
  return n;
}

/** The same, for lines already formatted (the import comparison formats them before the clock starts). */
export async function copyLines(client: pg.ClientBase, lines: string[]): Promise<void> {
  const stream = client.query(copyFrom(`copy members (${memberColumnNames}) from stdin`));
  for (let i = 0; i < lines.length; i += 500) {
    if (!stream.write(lines.slice(i, i + 500).join(''))) await once(stream, 'drain');
  }
  stream.end();
  await finished(stream);
}
