import { eq, sql } from 'drizzle-orm';
import { loanProducts, referenceRates, type DbOrTx } from '@tongxing/db';
import type { Product, ProductCreate, ProductPatch } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError, type FieldError } from '../../lib/app-error';
import { diff, writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { uniqueViolation } from '../members/members.service';
import { missingStepPartners, rulesOf, toProduct } from './product-view';
import * as repo from './programmes.repository';

type ProductShape = Pick<ProductCreate, 'minAmountFen' | 'maxAmountFen' | 'minTermMonths' | 'maxTermMonths' | 'rateKind' | 'pipeline'> & {
  annualRateBps?: number | null | undefined;
  spreadBps?: number | null | undefined;
};

/** Rules across fields that the schema cannot see one field at a time, and the pipeline against the programme's partners. */
async function checkProduct(db: DbOrTx, programmeId: number, p: ProductShape, today: string) {
  const fields: FieldError[] = [];
  const roles = new Set((await repo.partnersOf(db, [programmeId])).map((x) => x.role));
  const missing = missingStepPartners(p.pipeline, roles);
  p.pipeline.forEach((step, i) => {
    if (missing.includes(step.party)) fields.push({ path: `pipeline.${i}.party`, code: 'loan.stepPartner' });
  });
  if (p.minAmountFen > p.maxAmountFen) fields.push({ path: 'minAmountFen', code: 'loan.amountRange' });
  if (p.minTermMonths > p.maxTermMonths) fields.push({ path: 'minTermMonths', code: 'loan.termRange' });
  if (p.rateKind === 'fixed' && (p.annualRateBps === null || p.annualRateBps === undefined)) fields.push({ path: 'annualRateBps', code: 'loan.rateRequired' });
  if (p.rateKind === 'reference_spread') {
    if (p.spreadBps === null || p.spreadBps === undefined) fields.push({ path: 'spreadBps', code: 'loan.rateRequired' });
    else if ((await repo.referenceRateOn(db, today)) === null) fields.push({ path: 'rateKind', code: 'loan.noReferenceRate' });
  }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

async function productView(deps: AppDeps, db: DbOrTx, id: number): Promise<Product> {
  const row = await repo.findProduct(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return toProduct(row, await repo.referenceRateOn(db, shanghaiDate(deps.clock())));
}

function codeTaken(err: unknown) {
  if (uniqueViolation(err) === 'loan_products_code_key') return new AppError('LOAN_PROGRAMME_CODE_TAKEN', { fields: [{ path: 'code', code: 'LOAN_PROGRAMME_CODE_TAKEN' }] });
  return err;
}

export async function createProduct(deps: AppDeps, ctx: ActorContext, programmeId: number, body: ProductCreate) {
  try {
    const id = await deps.db.transaction(async (tx) => {
      if (!(await repo.findProgramme(tx, programmeId, true))) throw new AppError('NOT_FOUND');
      await checkProduct(tx, programmeId, body, shanghaiDate(deps.clock()));
      const [row] = await tx
        .insert(loanProducts)
        .values({
          programmeId,
          code: body.code,
          name: body.name,
          nameEn: body.nameEn ?? null,
          borrowerType: body.borrowerType,
          minAmountFen: body.minAmountFen,
          maxAmountFen: body.maxAmountFen,
          minTermMonths: body.minTermMonths,
          maxTermMonths: body.maxTermMonths,
          rateKind: body.rateKind,
          annualRateBps: body.rateKind === 'fixed' ? (body.annualRateBps ?? null) : null,
          spreadBps: body.rateKind === 'reference_spread' ? (body.spreadBps ?? null) : null,
          repaymentMethod: body.repaymentMethod,
          eligibility: body.eligibility,
          subsidy: body.subsidy,
          modelWorker: body.modelWorker,
          riskShares: body.riskShares,
          visitPlan: body.visitPlan,
          pipeline: body.pipeline,
          status: body.status,
        })
        .returning({ id: loanProducts.id });
      await writeAudit(tx, ctx, { action: 'loan_product.create', entityType: 'loan_product', entityId: row!.id, after: { programmeId, ...body } });
      return row!.id;
    });
    return productView(deps, deps.db, id);
  } catch (err) {
    throw codeTaken(err);
  }
}

/**
 * Edits a product. Loans already applied for keep the terms written on them (amount, rate, term, method);
 * their pipeline follows the product, so a changed pipeline applies to the steps still ahead.
 */
export async function updateProduct(deps: AppDeps, ctx: ActorContext, id: number, body: ProductPatch) {
  await deps.db.transaction(async (tx) => {
    const before = await repo.findProduct(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (body.version !== undefined && body.version !== before.version) throw new AppError('CONFLICT');
    const { version: _v, ...fields } = body;
    const merged = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as typeof before;
    await checkProduct(tx, before.programmeId, { ...merged, pipeline: rulesOf(merged).pipeline } as unknown as ProductShape, shanghaiDate(deps.clock()));
    const rateFields = {
      annualRateBps: merged.rateKind === 'fixed' ? merged.annualRateBps : null,
      spreadBps: merged.rateKind === 'reference_spread' ? merged.spreadBps : null,
    };
    const changes = diff(before as unknown as Record<string, unknown>, { ...fields, ...rateFields });
    await tx
      .update(loanProducts)
      .set({ ...fields, ...rateFields, version: sql`${loanProducts.version} + 1`, updatedAt: deps.clock() })
      .where(eq(loanProducts.id, id));
    await writeAudit(tx, ctx, { action: 'loan_product.update', entityType: 'loan_product', entityId: id, before: changes.before, after: changes.after });
  });
  return productView(deps, deps.db, id);
}

export async function listReferenceRates(deps: AppDeps) {
  return { items: await repo.listReferenceRates(deps.db) };
}

export async function addReferenceRate(deps: AppDeps, ctx: ActorContext, body: { name: string; rateBps: number; effectiveOn: string }) {
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx.insert(referenceRates).values(body).returning();
      await writeAudit(tx, ctx, { action: 'reference_rate.create', entityType: 'reference_rate', entityId: row!.id, after: body });
      return row!;
    });
  } catch (err) {
    if (uniqueViolation(err) === 'reference_rates_key') throw new AppError('CONFLICT', { fields: [{ path: 'effectiveOn', code: 'CONFLICT' }] });
    throw err;
  }
}

export async function listApprovalLimits(deps: AppDeps) {
  return { items: await repo.listApprovalLimits(deps.db) };
}

/** Replaces the whole table of approval limits (a unit without a row may approve any amount). */
export async function putApprovalLimits(deps: AppDeps, ctx: ActorContext, rows: { orgId: number; maxAmountFen: number; note?: string | undefined }[]) {
  await deps.db.transaction(async (tx) => {
    const units = new Map((await repo.unitsByIds(tx, rows.map((r) => r.orgId))).map((u) => [u.id, u]));
    const fields: FieldError[] = [];
    const seen = new Set<number>();
    rows.forEach((r, i) => {
      const u = units.get(r.orgId);
      if (!u || !['bank', 'insurer', 'guarantor'].includes(u.kind)) fields.push({ path: `${i}.orgId`, code: 'loan.partnerKind' });
      if (seen.has(r.orgId)) fields.push({ path: `${i}.orgId`, code: 'duplicate' });
      seen.add(r.orgId);
    });
    if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
    const before = await repo.listApprovalLimits(tx);
    await repo.replaceApprovalLimits(tx, rows);
    await writeAudit(tx, ctx, {
      action: 'partner_approval_limits.replace',
      entityType: 'partner_approval_limits',
      before: before.map((b) => ({ orgId: b.orgId, maxAmountFen: b.maxAmountFen })),
      after: rows,
    });
  });
  return listApprovalLimits(deps);
}
