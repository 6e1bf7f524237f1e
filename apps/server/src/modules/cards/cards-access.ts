import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Scope } from '@tongxing/domain';
import { AppError } from '../../lib/app-error';
import type { RequestContext } from '../../lib/context';

/**
 * Which cards a caller may see: a cadre those of members in its subtree (`org_path`), a bank officer those
 * routed to its bank or a branch under it (`bank_org_id` within the subtree). One condition serves both,
 * as for loans; out of scope reads as missing (404).
 */
export function cardScopeSql(scope: Scope, alias = 'c'): SQL {
  if (scope.all) return sql`true`;
  const c = sql.raw(alias);
  const parts: SQL[] = [];
  for (const p of scope.subtreePaths) {
    parts.push(sql`${c}.org_path <@ ${p}::ltree`, sql`${c}.bank_org_id in (select id from org_units where kind = 'bank' and path <@ ${p}::ltree)`);
  }
  if (scope.unitIds.length > 0) {
    const ids = sql`${sql.param(scope.unitIds)}::int[]`;
    parts.push(sql`${c}.org_id = any(${ids})`, sql`${c}.bank_org_id = any(${ids})`);
  }
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

export function scopeOf(ctx: RequestContext): Scope {
  if (!ctx.scope) throw new Error('card routes run with a resolved scope');
  return ctx.scope;
}

export interface ProgrammeBank {
  orgId: number;
  path: string;
  name: string;
}

export interface ActiveProgramme {
  id: number;
  name: string;
  banks: ProgrammeBank[];
}

/** Active programmes with their banks (active bank units only). */
export async function activeProgrammes(db: DbOrTx): Promise<ActiveProgramme[]> {
  const res = await db.execute<{ id: number; name: string; bank_id: number | null; bank_path: string | null; bank_name: string | null }>(sql`
    select p.id, p.name, o.id as bank_id, o.path::text as bank_path, o.name as bank_name
      from card_programmes p
      left join card_programme_banks b on b.programme_id = p.id
      left join org_units o on o.id = b.bank_org_id and o.status = 'active'
     where p.status = 'active'
     order by p.id, o.sort_order, o.id`);
  const out = new Map<number, ActiveProgramme>();
  for (const r of res.rows) {
    const p = out.get(r.id) ?? { id: r.id, name: r.name, banks: [] };
    if (r.bank_id !== null) p.banks.push({ orgId: r.bank_id, path: r.bank_path!, name: r.bank_name! });
    out.set(r.id, p);
  }
  return [...out.values()];
}

/** The programme asked for, or the only active one. */
export async function pickProgramme(db: DbOrTx, programmeId: number | undefined, filter: (p: ActiveProgramme) => boolean = () => true): Promise<ActiveProgramme> {
  const open = (await activeProgrammes(db)).filter(filter);
  if (programmeId !== undefined) {
    const p = open.find((x) => x.id === programmeId);
    if (!p) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'programmeId', code: 'not_found' }] });
    return p;
  }
  if (open.length === 0) throw new AppError('CARD_NO_PROGRAMME');
  if (open.length > 1) throw new AppError('CARD_PROGRAMME_REQUIRED');
  return open[0]!;
}

/** The bank asked for (one of the programme's), or the programme's only (allowed) bank. */
export function pickBank(p: ActiveProgramme, bankOrgId: number | undefined, allowed: (b: ProgrammeBank) => boolean = () => true): ProgrammeBank {
  const banks = p.banks.filter(allowed);
  if (bankOrgId !== undefined) {
    const b = banks.find((x) => x.orgId === bankOrgId);
    if (!b) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'bankOrgId', code: 'card.bankNotInProgramme' }] });
    return b;
  }
  if (banks.length === 0) throw new AppError('CARD_NO_PROGRAMME');
  if (banks.length > 1) throw new AppError('CARD_BANK_REQUIRED');
  return banks[0]!;
}

/** Unique-index violations on cards: a live card appeared meanwhile, or the number is another card's. */
export function cardConflict(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e.code ?? e.cause?.code;
  const constraint = e.constraint ?? e.cause?.constraint;
  if (code !== '23505') return null;
  if (constraint === 'cards_live_member_key') return new AppError('CARD_LIVE_EXISTS');
  if (constraint === 'cards_number_hash_key') return new AppError('CARD_NUMBER_TAKEN');
  return new AppError('CONFLICT');
}
