import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeys, type Tx } from '@tongxing/db';
import type { AppDeps } from '../deps';
import { AppError } from './app-error';
import type { ActorContext } from './context';
import { sha256Hex } from './crypto';

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** True when the answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
    throw new AppError('IDEMPOTENCY_KEY_REQUIRED', { fields: [{ path: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REQUIRED' }] });
  }
  return key;
}

/**
 * Runs a money write once per (actor, Idempotency-Key). The key row is inserted first, in the same
 * transaction as the change: a concurrent request with the same key waits on it, then replays the stored
 * answer (or, if the first failed and rolled back, goes ahead itself). The same key with a different body
 * or on another route is refused. Errors are not stored: a refused request may be retried with its key.
 */
export async function runIdempotent<T>(
  deps: AppDeps,
  ctx: ActorContext,
  key: string,
  route: string,
  body: unknown,
  work: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const requestHash = sha256Hex(`${route}\n${canonical(body)}`);
  const actorUserId = ctx.actor.userId;
  return deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ actorUserId, key, route, requestHash, status: 0, response: sql`'null'::jsonb` })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [prior] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.actorUserId, actorUserId), eq(idempotencyKeys.key, key)));
      if (!prior || prior.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { status: prior.status, body: prior.response as T, replayed: true };
    }
    const result = await work(tx);
    await tx
      .update(idempotencyKeys)
      .set({ status: result.status, response: sql`${JSON.stringify(result.body)}::jsonb` })
      .where(and(eq(idempotencyKeys.actorUserId, actorUserId), eq(idempotencyKeys.key, key)));
    return { ...result, replayed: false };
  });
}
