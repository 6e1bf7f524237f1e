import { sql } from 'drizzle-orm';
import type { CardBankEvent, CardListQuery } from '@tongxing/contracts';
import type { CardState } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { cardConflict, scopeOf } from './cards-access';
import { parseCardNumber, sealCardNumber } from './card-number';
import { dayInstant, insertCardEvent, lockCard, transitionCard, type CardRow } from './card-transition';
import { toDetail, toListItem } from './card-view';
import * as repo from './cards.repository';

export async function listStaffCards(deps: AppDeps, ctx: ActorContext, q: CardListQuery) {
  const { rows, total, capped } = await repo.listCards(deps.db, deps.crypto, scopeOf(ctx), q);
  return { items: rows.map((r) => toListItem(deps.crypto, r)), total, totalCapped: capped };
}

export async function getStaffCard(deps: AppDeps, ctx: ActorContext, id: number) {
  const row = await repo.findCardView(deps.db, id, { scope: scopeOf(ctx) });
  if (!row) throw new AppError('NOT_FOUND');
  return toDetail(deps.crypto, row, await repo.cardEvents(deps.db, id));
}

/** States in which the union side (a cadre, or the member) may still withdraw: the bank has issued nothing yet. */
const withdrawable: readonly CardState[] = ['collected', 'applied'];

/**
 * A cadre withdraws an application. Once the bank has issued the card only the bank closes it (or the member
 * reports it lost): the union cannot cancel a card that exists at the bank.
 */
export async function cancelApplication(deps: AppDeps, ctx: ActorContext, id: number, reason: string) {
  await deps.db.transaction(async (tx) => {
    const card = await lockCard(tx, id, { scope: scopeOf(ctx) });
    if (!card) throw new AppError('NOT_FOUND');
    if (!withdrawable.includes(card.state)) throw new AppError('CARD_TRANSITION_INVALID', { params: { state: card.state, event: 'cancel' } });
    await transitionCard(tx, ctx, card, 'cancel', 'union', { source: 'console', now: deps.clock(), note: reason });
  });
  return getStaffCard(deps, ctx, id);
}

function cardNumberOf(input: string | undefined) {
  if (input === undefined) return undefined;
  const n = parseCardNumber(input);
  if (!n) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'cardNumber', code: 'card.number' }] });
  return n;
}

/** The bank reports one change of one of its cards in the console. */
export async function bankCardEvent(deps: AppDeps, ctx: ActorContext, id: number, body: CardBankEvent) {
  const number = cardNumberOf(body.cardNumber);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const card = await lockCard(tx, id, { scope: scopeOf(ctx) });
    if (!card) throw new AppError('NOT_FOUND');
    await transitionCard(tx, ctx, card, body.event, 'bank', {
      source: 'bank',
      now,
      note: body.note,
      on: body.on ?? (body.event === 'issue' || body.event === 'activate' ? undefined : shanghaiDate(now)),
      number: number ? sealCardNumber(deps.crypto, number) : undefined,
      version: body.version,
    });
  });
  return getStaffCard(deps, ctx, id);
}

/**
 * The bank issues a new card in place of an old one: a live card (damaged, or swallowed by a machine) is
 * first reported lost, then the old card ends as replaced and the new one, issued, names it.
 */
export async function replaceCard(deps: AppDeps, ctx: ActorContext, id: number, body: { cardNumber: string; issuedOn: string; note?: string | undefined; version?: number | undefined }) {
  const number = cardNumberOf(body.cardNumber)!;
  const sealed = sealCardNumber(deps.crypto, number);
  const now = deps.clock();
  if (body.issuedOn > shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'issuedOn', code: 'money.dateFuture' }] });
  const newId = await deps.db.transaction(async (tx) => {
    let card: CardRow | null = await lockCard(tx, id, { scope: scopeOf(ctx) });
    if (!card) throw new AppError('NOT_FOUND');
    if (body.version !== undefined && body.version !== card.version) throw new AppError('CONFLICT');
    if (card.issued_on && body.issuedOn < card.issued_on) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'issuedOn', code: 'card.dateOrder' }] });
    if (card.state === 'issued' || card.state === 'activated' || card.state === 'frozen') {
      card = await transitionCard(tx, ctx, card, 'report_lost', 'bank', { source: 'bank', now, note: body.note ?? '换卡' });
    }
    const replaced = await transitionCard(tx, ctx, card, 'replace', 'bank', { source: 'bank', now, note: body.note });
    let inserted: number;
    try {
      const res = await tx.execute<{ id: number }>(sql`
        insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, number_last4, number_hash, replaces_card_id,
                           applied_at, issued_on, created_by, created_at, updated_at)
        select ${replaced.programme_id}, m.id, ${replaced.bank_org_id}, m.org_id, m.org_path, 'issued', ${replaced.channel}, ${sealed.last4}, ${sealed.hash}, ${replaced.id},
               ${dayInstant(body.issuedOn, now)}, ${body.issuedOn}, ${ctx.actor.userId}, ${now}, ${now}
          from members m where m.id = ${replaced.member_id}
        returning id`);
      inserted = res.rows[0]!.id;
    } catch (err) {
      throw cardConflict(err) ?? err;
    }
    await insertCardEvent(tx, { cardId: inserted, from: null, to: 'issued', source: 'bank', actorId: ctx.actor.userId, note: body.note ?? `补换卡（原卡 #${replaced.id}）`, at: now });
    await writeAudit(tx, ctx, { action: 'card.issue', entityType: 'card', entityId: inserted, after: { state: 'issued', replacesCardId: replaced.id, numberLast4: sealed.last4, on: body.issuedOn } });
    return inserted;
  });
  return getStaffCard(deps, ctx, newId);
}
