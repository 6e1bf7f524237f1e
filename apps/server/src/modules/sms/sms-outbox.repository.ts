import { desc, sql } from 'drizzle-orm';
import { smsOutbox, type DbOrTx } from '@tongxing/db';
import { offsetOf } from '../../lib/pagination';

export async function listOutbox(db: DbOrTx, page: number, pageSize: number) {
  const rows = await db.select().from(smsOutbox).orderBy(desc(smsOutbox.id)).limit(pageSize).offset(offsetOf(page, pageSize));
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(smsOutbox);
  return { rows, total: count?.n ?? 0 };
}
