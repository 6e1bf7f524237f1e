import { sql } from 'drizzle-orm';
import type { CardProgramme, CardProgrammeCreate, CardProgrammeUpdate } from '@tongxing/contracts';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError, type FieldError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { asDate } from '../cards/db-time';

type ProgrammeRow = {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  issue_rate_base: 'members' | 'collected';
  min_qualifying_fen: number;
  status: 'active' | 'closed';
  created_at: Date;
  updated_at: Date;
  banks: { orgId: number; name: string; shortName: string | null; liveCards: number }[] | null;
};

const LIVE = sql.raw(`('collected','applied','issued','activated','frozen')`);

async function loadProgrammes(db: DbOrTx, id?: number): Promise<CardProgramme[]> {
  const res = await db.execute<ProgrammeRow>(sql`
    select p.id, p.code, p.name, p.name_en, p.issue_rate_base, p.min_qualifying_fen::int as min_qualifying_fen, p.status, p.created_at, p.updated_at,
           (select jsonb_agg(jsonb_build_object('orgId', o.id, 'name', o.name, 'shortName', o.short_name,
                     'liveCards', (select count(*) from cards c where c.programme_id = p.id and c.bank_org_id = o.id and c.state in ${LIVE}))
                     order by o.sort_order, o.id)
              from card_programme_banks b join org_units o on o.id = b.bank_org_id where b.programme_id = p.id) as banks
      from card_programmes p
     where ${id === undefined ? sql`true` : sql`p.id = ${id}`}
     order by p.id`);
  return res.rows.map((r) => {
    const banks = r.banks ?? [];
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      issueRateBase: r.issue_rate_base,
      minQualifyingFen: Number(r.min_qualifying_fen),
      status: r.status,
      banks,
      liveCards: banks.reduce((s, b) => s + b.liveCards, 0),
      createdAt: asDate(r.created_at).toISOString(),
      updatedAt: asDate(r.updated_at).toISOString(),
    };
  });
}

export async function listProgrammes(deps: AppDeps) {
  return { items: await loadProgrammes(deps.db) };
}

export async function getProgramme(deps: AppDeps, id: number) {
  const [p] = await loadProgrammes(deps.db, id);
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

/** Issuing banks are active partner units of kind bank. */
async function checkBanks(db: DbOrTx, ids: number[]) {
  const res = await db.execute<{ id: number }>(sql`select id from org_units where id = any(${sql.param(ids)}::int[]) and kind = 'bank' and status = 'active'`);
  const ok = new Set(res.rows.map((r) => r.id));
  const fields: FieldError[] = [];
  ids.forEach((id, i) => {
    if (!ok.has(id)) fields.push({ path: `bankOrgIds.${i}`, code: 'card.bankKind' });
  });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

function uniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return (e.code ?? e.cause?.code) === '23505';
}

export async function createProgramme(deps: AppDeps, ctx: ActorContext, body: CardProgrammeCreate) {
  await checkBanks(deps.db, body.bankOrgIds);
  const now = deps.clock();
  const id = await deps.db
    .transaction(async (tx) => {
      const res = await tx.execute<{ id: number }>(sql`
        insert into card_programmes (code, name, name_en, issue_rate_base, min_qualifying_fen, status, created_at, updated_at)
        values (${body.code}, ${body.name}, ${body.nameEn ?? null}, ${body.issueRateBase}, ${body.minQualifyingFen}, ${body.status}, ${now}, ${now}) returning id`);
      const pid = res.rows[0]!.id;
      await tx.execute(sql`insert into card_programme_banks (programme_id, bank_org_id) select ${pid}, unnest(${sql.param(body.bankOrgIds)}::int[])`);
      await writeAudit(tx, ctx, { action: 'card.programme.create', entityType: 'card_programme', entityId: pid, after: body });
      return pid;
    })
    .catch((err: unknown) => {
      throw uniqueViolation(err) ? new AppError('CARD_PROGRAMME_CODE_TAKEN', { fields: [{ path: 'code', code: 'CARD_PROGRAMME_CODE_TAKEN' }] }) : err;
    });
  return getProgramme(deps, id);
}

/**
 * Replaces a programme's settings and banks. A bank that still has live cards in the programme stays: its
 * cards would otherwise belong to no issuing bank of the programme.
 */
export async function updateProgramme(deps: AppDeps, ctx: ActorContext, id: number, body: CardProgrammeUpdate) {
  await checkBanks(deps.db, body.bankOrgIds);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const before = await tx.execute<{ name: string; issue_rate_base: string; min_qualifying_fen: number; status: string }>(sql`
      select name, issue_rate_base, min_qualifying_fen::int as min_qualifying_fen, status from card_programmes where id = ${id} for update`);
    if (!before.rows[0]) throw new AppError('NOT_FOUND');
    const removed = await tx.execute<{ bank_org_id: number }>(sql`
      select bank_org_id from card_programme_banks where programme_id = ${id} and bank_org_id <> all(${sql.param(body.bankOrgIds)}::int[])`);
    const removedIds = removed.rows.map((r) => r.bank_org_id);
    if (removedIds.length > 0) {
      const inUse = await tx.execute<{ n: number }>(sql`
        select count(*)::int as n from cards where programme_id = ${id} and bank_org_id = any(${sql.param(removedIds)}::int[]) and state in ${LIVE}`);
      if ((inUse.rows[0]?.n ?? 0) > 0) throw new AppError('CARD_PROGRAMME_BANK_IN_USE');
      await tx.execute(sql`delete from card_programme_banks where programme_id = ${id} and bank_org_id = any(${sql.param(removedIds)}::int[])`);
    }
    await tx.execute(sql`
      insert into card_programme_banks (programme_id, bank_org_id) select ${id}, unnest(${sql.param(body.bankOrgIds)}::int[]) on conflict do nothing`);
    await tx.execute(sql`
      update card_programmes set name = ${body.name}, name_en = ${body.nameEn ?? null}, issue_rate_base = ${body.issueRateBase},
             min_qualifying_fen = ${body.minQualifyingFen}, status = ${body.status}, updated_at = ${now}
       where id = ${id}`);
    await writeAudit(tx, ctx, { action: 'card.programme.update', entityType: 'card_programme', entityId: id, before: before.rows[0], after: body });
  });
  return getProgramme(deps, id);
}
