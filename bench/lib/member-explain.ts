import type pg from 'pg';
import { memberListQuerySchema } from '@tongxing/contracts';
import type { Scope } from '@tongxing/domain';
import type { FieldCrypto } from '../../apps/server/src/lib/crypto.ts';
import { listMembers } from '../../apps/server/src/modules/members/members.repository.ts';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of exactly the statements the app runs for one list request: the app's own
 * repository function is called with a pool that explains each statement before answering it, so the
 * plans are of the real SQL text and parameters, never of a copy.
 */
export async function explainMemberList(pool: pg.Pool, crypto: FieldCrypto, scope: Scope, queryString: string): Promise<string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(queryString)) {
    const prev = raw[k];
    raw[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const q = memberListQuerySchema.parse(raw);
  const plans: string[] = [];
  const explaining = {
    async query(text: string, params: unknown[]) {
      const res = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, params);
      plans.push(`${text.replace(/\s+/g, ' ').trim()}\n${res.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
      // The real answer too: later statements may depend on it (the unit filter's path).
      return pool.query(text, params);
    },
  } as unknown as pg.Pool;
  await listMembers(explaining, crypto, scope, q);
  return plans;
}
