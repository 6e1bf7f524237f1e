import { sql } from 'drizzle-orm';
import type { PortalCardStatus, PortalCardTransactions } from '@tongxing/contracts';
import { shanghaiMonth } from '@tongxing/domain';
import { closedCardStates, type CardEvent, type CardState } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { activeProgrammes, cardConflict, pickBank, pickProgramme } from './cards-access';
import { maskedNumber } from './card-number';
import { insertCardEvent, lockCard, transitionCard } from './card-transition';
import { toEvent } from './card-view';
import * as repo from './cards.repository';
import { isoOrNull } from './db-time';

interface PortalMember {
  id: number;
  status: string;
  orgKind: string;
}

async function portalMember(deps: AppDeps, ctx: ActorContext): Promise<PortalMember> {
  const res = await deps.db.execute<{ id: number; status: string; org_kind: string }>(sql`
    select m.id, m.status, o.kind as org_kind from users u join members m on m.id = u.member_id join org_units o on o.id = m.org_id
     where u.id = ${ctx.actor.userId} and u.kind = 'member'`);
  const r = res.rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  return { id: r.id, status: r.status, orgKind: r.org_kind };
}

/** A member whose employer has no union of its own belongs to the street federation directly: it applies through it. */
function channelOf(m: PortalMember): 'portal' | 'street' {
  return m.orgKind === 'street_federation' ? 'street' : 'portal';
}


function cardBrief(r: repo.CardViewRow) {
  return {
    id: r.id,
    programmeName: r.programme_name,
    bankName: r.bank_name,
    state: r.state as CardState,
    channel: r.channel as 'bulk' | 'portal' | 'street' | 'bank',
    numberMasked: maskedNumber(r.number_last4),
    appliedAt: isoOrNull(r.applied_at),
    issuedOn: r.issued_on,
    activatedOn: r.activated_on,
    closedAt: isoOrNull(r.closed_at),
  };
}

/** My card (masked) and its history, the cards I had before, and whether and where I may apply. */
export async function portalCardStatus(deps: AppDeps, ctx: ActorContext): Promise<PortalCardStatus> {
  const member = await portalMember(deps, ctx);
  const cards = await repo.memberCards(deps.db, member.id);
  const live = cards.find((c) => !closedCardStates.includes(c.state as CardState)) ?? null;
  const programmes = (await activeProgrammes(deps.db)).filter((p) => p.banks.length > 0);
  const events = live ? await repo.cardEvents(deps.db, live.id) : [];
  return {
    card: live
      ? {
          ...cardBrief(live),
          events: events.map((e) => {
            const { actorName: _a, importId: _i, ...rest } = toEvent(e);
            return rest;
          }),
        }
      : null,
    past: cards.filter((c) => c !== live).map(cardBrief),
    canApply: member.status === 'active' && programmes.length > 0 && (!live || live.state === 'collected'),
    applyChannel: channelOf(member),
    programmes: programmes.map((p) => ({ id: p.id, name: p.name, banks: p.banks.map((b) => ({ orgId: b.orgId, name: b.name })) })),
  };
}

/** 我要办: the member applies alone; a record only collected so far goes on to applied. */
export async function portalApply(deps: AppDeps, ctx: ActorContext, body: { programmeId?: number | undefined; bankOrgId?: number | undefined }) {
  const member = await portalMember(deps, ctx);
  if (member.status !== 'active') throw new AppError('CARD_MEMBER_INACTIVE');
  const programme = await pickProgramme(deps.db, body.programmeId, (p) => p.banks.length > 0);
  const bank = pickBank(programme, body.bankOrgId);
  const channel = channelOf(member);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const existing = await tx.execute<{ id: number; state: CardState }>(sql`
      select id, state from cards where programme_id = ${programme.id} and member_id = ${member.id} and state not in ('lost','replaced','cancelled') for update`);
    const live = existing.rows[0];
    if (live && live.state !== 'collected') throw new AppError('CARD_LIVE_EXISTS');
    if (live) {
      const card = (await lockCard(tx, live.id, { memberId: member.id }))!;
      await tx.execute(sql`update cards set bank_org_id = ${bank.orgId}, channel = ${channel} where id = ${card.id}`);
      await transitionCard(tx, ctx, card, 'apply', 'member', { source: 'portal', now });
      return;
    }
    let id: number;
    try {
      const res = await tx.execute<{ id: number }>(sql`
        insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, applied_at, created_by, created_at, updated_at)
        select ${programme.id}, m.id, ${bank.orgId}, m.org_id, m.org_path, 'applied', ${channel}, ${now}, ${ctx.actor.userId}, ${now}, ${now}
          from members m where m.id = ${member.id}
        returning id`);
      id = res.rows[0]!.id;
    } catch (err) {
      throw cardConflict(err) ?? err;
    }
    await insertCardEvent(tx, { cardId: id, from: null, to: 'applied', source: 'portal', actorId: ctx.actor.userId, note: null, at: now });
    await writeAudit(tx, ctx, { action: 'card.apply', entityType: 'card', entityId: id, after: { state: 'applied', channel, programmeId: programme.id, bankOrgId: bank.orgId } });
  });
  return portalCardStatus(deps, ctx);
}

/** The member reports their card lost, freezes it, or withdraws an application the bank has not acted on. */
export async function portalCardAction(deps: AppDeps, ctx: ActorContext, event: Extract<CardEvent, 'report_lost' | 'freeze' | 'cancel'>, note?: string) {
  const member = await portalMember(deps, ctx);
  await deps.db.transaction(async (tx) => {
    const live = await tx.execute<{ id: number }>(sql`
      select id from cards where member_id = ${member.id} and state not in ('lost','replaced','cancelled') order by id desc limit 1`);
    const id = live.rows[0]?.id;
    const card = id ? await lockCard(tx, id, { memberId: member.id }) : null;
    if (!card) throw new AppError('NOT_FOUND');
    if (event === 'cancel' && card.state !== 'collected' && card.state !== 'applied') throw new AppError('CARD_TRANSITION_INVALID', { params: { state: card.state, event } });
    await transitionCard(tx, ctx, card, event, 'member', { source: 'portal', now: deps.clock(), note });
  });
  return portalCardStatus(deps, ctx);
}

/**
 * My latest card transactions (all my cards, masked) and the subsidy the union paid me this month and this
 * year. Reads by card through (card_id, occurred_at); the month keys are Asia/Shanghai, as the rollups'.
 */
export async function portalCardTransactions(deps: AppDeps, ctx: ActorContext, limit: number): Promise<PortalCardTransactions> {
  const member = await portalMember(deps, ctx);
  const month = shanghaiMonth(deps.clock());
  const year = Math.floor(month / 100);
  const items = await deps.db.execute<{ id: number; occurred_at: Date | string; kind: 'purchase' | 'refund'; merchant_id: number; merchant_name: string; category: string; amount_fen: number; subsidy_fen: number; number_last4: string | null }>(sql`
    select t.id, t.occurred_at, t.kind, t.merchant_id, m.name as merchant_name, m.category, t.amount_fen::float8 as amount_fen, t.subsidy_fen::float8 as subsidy_fen, c.number_last4
      from cards c
      join lateral (select * from card_transactions t where t.card_id = c.id order by t.occurred_at desc limit ${limit}) t on true
      join merchants m on m.id = t.merchant_id
     where c.member_id = ${member.id}
     order by t.occurred_at desc, t.id desc
     limit ${limit}`);
  const totals = await deps.db.execute<{ month_subsidy: number; year_subsidy: number; month_purchases: number }>(sql`
    select coalesce(sum(t.subsidy_fen) filter (where t.month = ${month}), 0)::float8 as month_subsidy,
           coalesce(sum(t.subsidy_fen), 0)::float8 as year_subsidy,
           count(*) filter (where t.month = ${month} and t.kind = 'purchase')::int as month_purchases
      from cards c join card_transactions t on t.card_id = c.id
     where c.member_id = ${member.id} and t.occurred_at >= make_timestamptz(${year}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`);
  const tot = totals.rows[0]!;
  return {
    items: items.rows.map((r) => ({
      id: Number(r.id),
      occurredAt: isoOrNull(r.occurred_at)!,
      kind: r.kind,
      merchantId: r.merchant_id,
      merchantName: r.merchant_name,
      category: r.category,
      amountFen: Number(r.amount_fen),
      subsidyFen: Number(r.subsidy_fen),
      numberMasked: maskedNumber(r.number_last4),
    })),
    monthSubsidyFen: Number(tot.month_subsidy),
    yearSubsidyFen: Number(tot.year_subsidy),
    monthPurchases: tot.month_purchases,
  };
}
