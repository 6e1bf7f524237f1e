import { and, eq, isNull, sql } from 'drizzle-orm';
import { loginAttempts, orgUnits, recoveryCodes, roles, sessions, userRoles, users, type DbOrTx } from '@tongxing/db';

export async function findStaffForLogin(db: DbOrTx, username: string) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      orgId: users.orgId,
      passwordHash: users.passwordHash,
      passwordChangedAt: users.passwordChangedAt,
      mustChangePassword: users.mustChangePassword,
      status: users.status,
      totpSecretEnc: users.totpSecretEnc,
      totpLastStep: users.totpLastStep,
      totpEnabledAt: users.totpEnabledAt,
      orgStatus: orgUnits.status,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgId))
    .where(and(sql`lower(${users.username}) = lower(${username})`, eq(users.kind, 'staff')))
    .limit(1);
  return rows[0] ?? null;
}

export async function userNeedsMfa(db: DbOrTx, userId: number): Promise<boolean> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.userId, userId), eq(roles.requiresMfa, true)));
  return (rows[0]?.n ?? 0) > 0;
}

export async function findAttempts(db: DbOrTx, key: string) {
  const rows = await db.select().from(loginAttempts).where(eq(loginAttempts.usernameKey, key));
  return rows[0] ?? null;
}

/**
 * Counts one failure; at the limit the name is locked and the count starts again, so after the lock
 * ends the next run of failures locks it again. Call inside a transaction: the row lock serialises
 * concurrent failures for one name.
 */
export async function recordFailure(tx: DbOrTx, key: string, now: Date, maxAttempts: number, lockMs: number) {
  await tx.insert(loginAttempts).values({ usernameKey: key, failedCount: 0 }).onConflictDoNothing();
  const [row] = await tx.select().from(loginAttempts).where(eq(loginAttempts.usernameKey, key)).for('update');
  const lockOver = row?.lockedUntil != null && row.lockedUntil.getTime() <= now.getTime();
  const count = (lockOver ? 0 : (row?.failedCount ?? 0)) + 1;
  const lockedUntil = count >= maxAttempts ? new Date(now.getTime() + lockMs) : lockOver ? null : (row?.lockedUntil ?? null);
  await tx
    .update(loginAttempts)
    .set({
      failedCount: count >= maxAttempts ? 0 : count,
      firstFailedAt: count === 1 ? now : (row?.firstFailedAt ?? now),
      lockedUntil,
    })
    .where(eq(loginAttempts.usernameKey, key));
  return { count, lockedUntil };
}

export async function clearAttempts(db: DbOrTx, key: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.usernameKey, key));
}

export async function insertSession(
  db: DbOrTx,
  s: { tokenHash: string; userId: number; csrfToken: string; state: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db.insert(sessions).values({
    tokenHash: s.tokenHash,
    userId: s.userId,
    csrfToken: s.csrfToken,
    state: s.state,
    createdAt: s.now,
    lastSeenAt: s.now,
    expiresAt: s.expiresAt,
    ip: s.ip,
    userAgent: s.userAgent,
  });
}

export async function deleteSessionByHash(db: DbOrTx, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteUserSessions(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.tokenHash });
  return rows.length;
}

export async function setSessionState(db: DbOrTx, tokenHash: string, state: string) {
  await db.update(sessions).set({ state }).where(eq(sessions.tokenHash, tokenHash));
}

export async function markLogin(db: DbOrTx, userId: number, now: Date, totpStep?: number) {
  await db
    .update(users)
    .set({ lastLoginAt: now, ...(totpStep !== undefined ? { totpLastStep: totpStep } : {}) })
    .where(eq(users.id, userId));
}

export async function findUserSecrets(db: DbOrTx, userId: number) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      passwordChangedAt: users.passwordChangedAt,
      mustChangePassword: users.mustChangePassword,
      totpSecretEnc: users.totpSecretEnc,
      totpPendingEnc: users.totpPendingEnc,
      totpEnabledAt: users.totpEnabledAt,
      totpLastStep: users.totpLastStep,
    })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  return rows[0] ?? null;
}

export async function updateUser(db: DbOrTx, userId: number, values: Partial<typeof users.$inferInsert>) {
  await db.update(users).set(values).where(eq(users.id, userId));
}

export async function replaceRecoveryCodes(db: DbOrTx, userId: number, hashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (hashes.length > 0) await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

/** Uses up a recovery code; true when it existed and was unused. */
export async function consumeRecoveryCode(db: DbOrTx, userId: number, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows[0]?.n ?? 0;
}
