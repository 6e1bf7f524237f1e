import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import {
  loanProducts,
  loanProgrammePartners,
  loanProgrammeTargets,
  loanProgrammes,
  orgUnits,
  partnerApprovalLimits,
  referenceRates,
  type DbOrTx,
} from '@tongxing/db';

export type ProgrammeRow = typeof loanProgrammes.$inferSelect;
export type ProductRow = typeof loanProducts.$inferSelect;

/** The reference rate products priced "reference + spread" follow: the one-year LPR. */
export const REFERENCE_RATE_NAME = 'LPR1Y';

export async function listProgrammeRows(db: DbOrTx, ids?: number[]) {
  const q = db.select().from(loanProgrammes);
  return ids ? q.where(inArray(loanProgrammes.id, ids)).orderBy(asc(loanProgrammes.id)) : q.orderBy(asc(loanProgrammes.id));
}

export async function findProgramme(db: DbOrTx, id: number, lock = false) {
  const q = db.select().from(loanProgrammes).where(eq(loanProgrammes.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function partnersOf(db: DbOrTx, programmeIds: number[]) {
  if (programmeIds.length === 0) return [];
  return db
    .select({ programmeId: loanProgrammePartners.programmeId, orgId: loanProgrammePartners.orgId, role: loanProgrammePartners.role, name: orgUnits.name })
    .from(loanProgrammePartners)
    .innerJoin(orgUnits, eq(orgUnits.id, loanProgrammePartners.orgId))
    .where(inArray(loanProgrammePartners.programmeId, programmeIds))
    .orderBy(asc(loanProgrammePartners.role), asc(loanProgrammePartners.orgId));
}

export async function targetsOf(db: DbOrTx, programmeIds: number[]) {
  if (programmeIds.length === 0) return [];
  return db
    .select({
      programmeId: loanProgrammeTargets.programmeId,
      orgId: loanProgrammeTargets.orgId,
      orgName: orgUnits.name,
      lendingFen: loanProgrammeTargets.lendingFen,
      enterprises: loanProgrammeTargets.enterprises,
      entrepreneurs: loanProgrammeTargets.entrepreneurs,
      jobs: loanProgrammeTargets.jobs,
    })
    .from(loanProgrammeTargets)
    .innerJoin(orgUnits, eq(orgUnits.id, loanProgrammeTargets.orgId))
    .where(inArray(loanProgrammeTargets.programmeId, programmeIds))
    .orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id));
}

export async function productsOf(db: DbOrTx, programmeIds: number[]) {
  if (programmeIds.length === 0) return [];
  return db.select().from(loanProducts).where(inArray(loanProducts.programmeId, programmeIds)).orderBy(asc(loanProducts.id));
}

export async function findProduct(db: DbOrTx, id: number, lock = false) {
  const q = db.select().from(loanProducts).where(eq(loanProducts.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The reference rate in force on a date (the latest effective on or before it). */
export async function referenceRateOn(db: DbOrTx, date: string, name = REFERENCE_RATE_NAME): Promise<number | null> {
  const [row] = await db
    .select({ rateBps: referenceRates.rateBps })
    .from(referenceRates)
    .where(and(eq(referenceRates.name, name), lte(referenceRates.effectiveOn, date)))
    .orderBy(desc(referenceRates.effectiveOn))
    .limit(1);
  return row?.rateBps ?? null;
}

export async function listReferenceRates(db: DbOrTx) {
  return db.select().from(referenceRates).orderBy(asc(referenceRates.name), desc(referenceRates.effectiveOn));
}

export async function unitsByIds(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind, status: orgUnits.status, parentId: orgUnits.parentId })
    .from(orgUnits)
    .where(inArray(orgUnits.id, ids));
}

export async function replacePartners(db: DbOrTx, programmeId: number, partners: { orgId: number; role: string }[]) {
  await db.delete(loanProgrammePartners).where(eq(loanProgrammePartners.programmeId, programmeId));
  if (partners.length > 0) await db.insert(loanProgrammePartners).values(partners.map((p) => ({ programmeId, orgId: p.orgId, role: p.role })));
}

export async function replaceTargets(
  db: DbOrTx,
  programmeId: number,
  targets: { orgId: number; lendingFen: number; enterprises: number; entrepreneurs: number; jobs: number }[],
) {
  await db.delete(loanProgrammeTargets).where(eq(loanProgrammeTargets.programmeId, programmeId));
  if (targets.length > 0) await db.insert(loanProgrammeTargets).values(targets.map((t) => ({ programmeId, ...t })));
}

export async function listApprovalLimits(db: DbOrTx) {
  return db
    .select({
      orgId: partnerApprovalLimits.orgId,
      orgName: orgUnits.name,
      orgKind: orgUnits.kind,
      parentId: orgUnits.parentId,
      maxAmountFen: partnerApprovalLimits.maxAmountFen,
      note: partnerApprovalLimits.note,
    })
    .from(partnerApprovalLimits)
    .innerJoin(orgUnits, eq(orgUnits.id, partnerApprovalLimits.orgId))
    .orderBy(sql`${orgUnits.path}`);
}

export async function replaceApprovalLimits(db: DbOrTx, rows: { orgId: number; maxAmountFen: number; note?: string | undefined }[]) {
  await db.delete(partnerApprovalLimits);
  if (rows.length > 0) await db.insert(partnerApprovalLimits).values(rows.map((r) => ({ orgId: r.orgId, maxAmountFen: r.maxAmountFen, note: r.note ?? null })));
}
