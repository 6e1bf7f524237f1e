import { eq, sql } from 'drizzle-orm';
import { loanProgrammes, type DbOrTx, type Tx } from '@tongxing/db';
import type { Programme, ProgrammeCreate, ProgrammePatch } from '@tongxing/contracts';
import { isPartnerKind, type OrgKind } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError, type FieldError } from '../../lib/app-error';
import { diff, writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { post } from '../../lib/ledger';
import { runIdempotent } from '../../lib/idempotency';
import { shanghaiDate } from '../../lib/local-date';
import { uniqueViolation } from '../members/members.service';
import { missingStepPartners, rulesOf, toProduct } from './product-view';
import * as repo from './programmes.repository';

/** Programmes with their partners, targets and products, as one view. */
export async function programmeViews(db: DbOrTx, today: string, ids?: number[]): Promise<Programme[]> {
  const rows = await repo.listProgrammeRows(db, ids);
  const idList = rows.map((r) => r.id);
  const partners = await repo.partnersOf(db, idList);
  const targets = await repo.targetsOf(db, idList);
  const products = await repo.productsOf(db, idList);
  const lpr = await repo.referenceRateOn(db, today);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    description: r.description,
    fundFen: r.fundFen,
    targetLendingFen: r.targetLendingFen,
    targetEnterprises: r.targetEnterprises,
    targetEntrepreneurs: r.targetEntrepreneurs,
    targetJobs: r.targetJobs,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    status: r.status as Programme['status'],
    partners: partners.filter((p) => p.programmeId === r.id).map((p) => ({ orgId: p.orgId, name: p.name, role: p.role as 'bank' | 'insurer' | 'guarantor' })),
    targets: targets.filter((t) => t.programmeId === r.id).map(({ programmeId: _p, ...t }) => t),
    products: products.filter((p) => p.programmeId === r.id).map((p) => toProduct(p, lpr)),
    version: r.version,
  }));
}

const today = (deps: AppDeps) => shanghaiDate(deps.clock());

export async function listProgrammes(deps: AppDeps) {
  return { items: await programmeViews(deps.db, today(deps)) };
}

export async function getProgramme(deps: AppDeps, id: number, db: DbOrTx = deps.db): Promise<Programme> {
  const [view] = await programmeViews(db, today(deps), [id]);
  if (!view) throw new AppError('NOT_FOUND');
  return view;
}

/** Partners must be units of the kind of their role; targets go to union units. */
async function checkUnits(tx: DbOrTx, partners: { orgId: number; role: string }[] | undefined, targets: { orgId: number }[] | undefined) {
  const ids = [...(partners ?? []).map((p) => p.orgId), ...(targets ?? []).map((t) => t.orgId)];
  const units = new Map((await repo.unitsByIds(tx, [...new Set(ids)])).map((u) => [u.id, u]));
  const fields: FieldError[] = [];
  (partners ?? []).forEach((p, i) => {
    const u = units.get(p.orgId);
    if (!u || u.kind !== p.role || u.status !== 'active') fields.push({ path: `partners.${i}.orgId`, code: 'loan.partnerKind' });
  });
  (targets ?? []).forEach((t, i) => {
    const u = units.get(t.orgId);
    if (!u || isPartnerKind(u.kind as OrgKind)) fields.push({ path: `targets.${i}.orgId`, code: 'loan.targetOrg' });
  });
  // A unit is a partner of a programme once, in one role; a target is set once per unit.
  const duplicates = (list: { orgId: number }[] | undefined, name: string) => {
    const seen = new Set<number>();
    (list ?? []).forEach((x, i) => {
      if (seen.has(x.orgId)) fields.push({ path: `${name}.${i}.orgId`, code: 'duplicate' });
      seen.add(x.orgId);
    });
  };
  duplicates(partners, 'partners');
  duplicates(targets, 'targets');
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

/** Partners edited: every product's pipeline must still find a partner for each of its partner steps. */
async function checkProductsKeepPartners(tx: DbOrTx, programmeId: number, partners: { role: string }[]) {
  const roles = new Set(partners.map((p) => p.role));
  const missing = new Set((await repo.productsOf(tx, [programmeId])).flatMap((product) => missingStepPartners(rulesOf(product).pipeline, roles)));
  if (missing.size > 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'partners', code: 'loan.stepPartner' }], params: { roles: [...missing].sort() } });
}

/** A fund contribution: cash in, capital up (fund_cash Dr / fund_capital Cr). */
async function postContribution(tx: Tx, ctx: ActorContext, programmeId: number, amountFen: number, postedOn: string, memo: string | null) {
  return post(tx, {
    programmeId,
    kind: 'fund_contribution',
    memo,
    postedOn,
    postedBy: ctx.actor.userId,
    lines: [
      { account: 'fund_cash', debitFen: amountFen },
      { account: 'fund_capital', creditFen: amountFen },
    ],
  });
}

export async function createProgramme(deps: AppDeps, ctx: ActorContext, key: string, body: ProgrammeCreate) {
  if (body.startsOn && body.endsOn && body.endsOn < body.startsOn) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'endsOn', code: 'loan.dateRange' }] });
  try {
    return await runIdempotent(deps, ctx, key, 'POST /loan-programmes', body, async (tx) => {
      await checkUnits(tx, body.partners, body.targets);
      const [row] = await tx
        .insert(loanProgrammes)
        .values({
          code: body.code,
          name: body.name,
          nameEn: body.nameEn ?? null,
          description: body.description ?? null,
          fundFen: body.fundFen,
          targetLendingFen: body.targetLendingFen,
          targetEnterprises: body.targetEnterprises,
          targetEntrepreneurs: body.targetEntrepreneurs,
          targetJobs: body.targetJobs,
          startsOn: body.startsOn ?? null,
          endsOn: body.endsOn ?? null,
          createdBy: ctx.actor.userId,
        })
        .returning();
      const id = row!.id;
      await repo.replacePartners(tx, id, body.partners);
      await repo.replaceTargets(tx, id, body.targets);
      if (body.fundFen > 0) await postContribution(tx, ctx, id, body.fundFen, body.startsOn ?? today(deps), '初始资金 / initial fund');
      await writeAudit(tx, ctx, { action: 'loan_programme.create', entityType: 'loan_programme', entityId: id, after: { ...body } });
      return { status: 201, body: await getProgramme(deps, id, tx) };
    });
  } catch (err) {
    if (uniqueViolation(err) === 'loan_programmes_code_key') throw new AppError('LOAN_PROGRAMME_CODE_TAKEN', { fields: [{ path: 'code', code: 'LOAN_PROGRAMME_CODE_TAKEN' }] });
    throw err;
  }
}

export async function updateProgramme(deps: AppDeps, ctx: ActorContext, id: number, body: ProgrammePatch) {
  await deps.db.transaction(async (tx) => {
    const before = await repo.findProgramme(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (body.version !== undefined && body.version !== before.version) throw new AppError('CONFLICT');
    const startsOn = body.startsOn === undefined ? before.startsOn : body.startsOn;
    const endsOn = body.endsOn === undefined ? before.endsOn : body.endsOn;
    if (startsOn && endsOn && endsOn < startsOn) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'endsOn', code: 'loan.dateRange' }] });
    await checkUnits(tx, body.partners, undefined);
    if (body.partners) await checkProductsKeepPartners(tx, id, body.partners);
    const { partners, version: _v, ...fields } = body;
    const changes = diff(before as unknown as Record<string, unknown>, fields);
    await tx
      .update(loanProgrammes)
      .set({ ...fields, version: sql`${loanProgrammes.version} + 1`, updatedAt: deps.clock() })
      .where(eq(loanProgrammes.id, id));
    if (partners) await repo.replacePartners(tx, id, partners);
    await writeAudit(tx, ctx, { action: 'loan_programme.update', entityType: 'loan_programme', entityId: id, before: changes.before, after: { ...changes.after, ...(partners ? { partners } : {}) } });
  });
  return getProgramme(deps, id);
}

export async function putTargets(deps: AppDeps, ctx: ActorContext, id: number, targets: { orgId: number; lendingFen: number; enterprises: number; entrepreneurs: number; jobs: number }[]) {
  await deps.db.transaction(async (tx) => {
    const programme = await repo.findProgramme(tx, id, true);
    if (!programme) throw new AppError('NOT_FOUND');
    await checkUnits(tx, undefined, targets);
    await repo.replaceTargets(tx, id, targets);
    await tx.update(loanProgrammes).set({ version: sql`${loanProgrammes.version} + 1`, updatedAt: deps.clock() }).where(eq(loanProgrammes.id, id));
    await writeAudit(tx, ctx, { action: 'loan_programme.targets', entityType: 'loan_programme', entityId: id, after: { targets } });
  });
  return getProgramme(deps, id);
}

export async function addFundContribution(deps: AppDeps, ctx: ActorContext, key: string, id: number, body: { amountFen: number; postedOn: string; memo?: string | undefined }) {
  return runIdempotent(deps, ctx, key, `POST /loan-programmes/${id}/fund-contributions`, body, async (tx) => {
    const programme = await repo.findProgramme(tx, id, true);
    if (!programme) throw new AppError('NOT_FOUND');
    // Money is read back as exact JavaScript integers: a fund past 2^53 fen could no longer be shown or summed.
    if (programme.fundFen + body.amountFen > Number.MAX_SAFE_INTEGER) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'amountFen', code: 'too_big' }] });
    // Money that has not arrived is not in the fund: a contribution is posted on or before today.
    if (body.postedOn > today(deps)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'postedOn', code: 'money.dateFuture' }] });
    const txnId = await postContribution(tx, ctx, id, body.amountFen, body.postedOn, body.memo ?? null);
    await tx
      .update(loanProgrammes)
      .set({ fundFen: sql`${loanProgrammes.fundFen} + ${body.amountFen}`, version: sql`${loanProgrammes.version} + 1`, updatedAt: deps.clock() })
      .where(eq(loanProgrammes.id, id));
    await writeAudit(tx, ctx, { action: 'loan_programme.fund_contribution', entityType: 'loan_programme', entityId: id, after: { ...body, transactionId: txnId } });
    return { status: 201, body: { transactionId: txnId, programmeId: id, amountFen: body.amountFen, postedOn: body.postedOn } };
  });
}
