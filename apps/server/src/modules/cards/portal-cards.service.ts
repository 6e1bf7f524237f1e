import { sql } from 'drizzle-orm';
import type { PortalCardStatus } from '@tongxing/contracts';
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
