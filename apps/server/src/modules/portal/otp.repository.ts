import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { otpCodes, type DbOrTx } from '@tongxing/db';

/** Serialises the sends for one phone, so two simultaneous requests cannot both pass the per-phone limits. */
export async function lockPhone(tx: DbOrTx, phoneHash: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`otp:${phoneHash}`}, 0))`);
}

/** Codes asked from one address since `since`, and when the oldest of them was asked. */
export async function countByIp(tx: DbOrTx, ip: string, since: Date) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${otpCodes.createdAt})` })
    .from(otpCodes)
    .where(and(eq(otpCodes.ip, ip), gt(otpCodes.createdAt, since)));
  return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

/** Codes asked for one phone (any purpose) since `since`, and the newest. */
export async function countByPhone(tx: DbOrTx, phoneHash: string, since: Date) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`, latest: sql<Date | null>`max(${otpCodes.createdAt})` })
    .from(otpCodes)
    .where(and(eq(otpCodes.phoneHash, phoneHash), gt(otpCodes.createdAt, since)));
  return { n: row?.n ?? 0, latest: row?.latest ? new Date(row.latest) : null };
}

export async function insertCode(tx: DbOrTx, values: typeof otpCodes.$inferInsert) {
  await tx.insert(otpCodes).values(values);
}

/** The newest code for the phone and purposes, locked: only the newest one counts, used or not. */
export async function latestCode(tx: DbOrTx, phoneHash: string, purposes: string[]) {
  const rows = await tx
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.phoneHash, phoneHash), inArray(otpCodes.purpose, purposes)))
    .orderBy(desc(otpCodes.createdAt), desc(otpCodes.id))
    .limit(1)
    .for('update');
  return rows[0] ?? null;
}

export async function addAttempt(tx: DbOrTx, id: number) {
  await tx
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(eq(otpCodes.id, id));
}

/** Uses the code up; false when another request used it first. */
export async function consumeCode(tx: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await tx
    .update(otpCodes)
    .set({ consumedAt: now })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  return rows.length > 0;
}
