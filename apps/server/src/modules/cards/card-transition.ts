import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { checkCardEvent, type CardActor, type CardEvent, type CardState, type Scope } from '@tongxing/domain';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { cardConflict, cardScopeSql } from './cards-access';
import type { SealedCardNumber } from './card-number';

/** A card as the writers need it. */
export type CardRow = {
  id: number;
  programme_id: number;
  member_id: number;
  bank_org_id: number;
  org_id: number;
  state: CardState;
  channel: string;
  number_last4: string | null;
  number_hash: string | null;
  applied_at: Date | null;
  issued_on: string | null;
  activated_on: string | null;
  closed_at: Date | null;
  version: number;
};

const cardColumns = sql`c.id, c.programme_id, c.member_id, c.bank_org_id, c.org_id, c.state, c.channel, c.number_last4, c.number_hash,
  c.applied_at, c.issued_on::text as issued_on, c.activated_on::text as activated_on, c.closed_at, c.version`;

/** One card in scope (or of one member, for the portal), locked until the transaction ends. */
export async function lockCard(tx: DbOrTx, id: number, where: { scope: Scope } | { memberId: number }): Promise<CardRow | null> {
  const cond = 'scope' in where ? cardScopeSql(where.scope) : sql`c.member_id = ${where.memberId}`;
  const res = await tx.execute<CardRow>(sql`select ${cardColumns} from cards c where c.id = ${id} and ${cond} for update of c`);
  return res.rows[0] ?? null;
}

/** A day as an instant: noon in Shanghai, or now when the day is today (an instant is never in the future). */
export function dayInstant(day: string, now: Date): Date {
  return day === shanghaiDate(now) ? now : new Date(`${day}T12:00:00+08:00`);
}

export interface TransitionOptions {
  source: 'console' | 'portal' | 'bank';
  now: Date;
  note?: string | undefined;
  /** The day of the change: required to issue and to activate. */
  on?: string | undefined;
  number?: SealedCardNumber | undefined;
  version?: number | undefined;
}

function dateField(path: string, code: string): AppError {
  return new AppError('VALIDATION_FAILED', { fields: [{ path, code }] });
}

/**
 * One event on one locked card: checked against the workflow, the row's dates set as the rollups count them
 * (a closing event sets `closed_at`), the history row and the audit row written in the caller's transaction.
 */
export async function transitionCard(tx: DbOrTx, ctx: ActorContext, card: CardRow, event: CardEvent, actor: CardActor, o: TransitionOptions): Promise<CardRow> {
  if (o.version !== undefined && o.version !== card.version) throw new AppError('CONFLICT');
  const check = checkCardEvent(card.state, event, actor);
  if (!check.ok) throw new AppError('CARD_TRANSITION_INVALID', { params: { state: card.state, event } });
  const today = shanghaiDate(o.now);
  if (o.on !== undefined && o.on > today) throw dateField('on', 'money.dateFuture');
  const next = { ...card, state: check.to };
  switch (event) {
    case 'apply':
      next.applied_at = o.now;
      break;
    case 'issue': {
      if (!o.number) throw dateField('cardNumber', 'card.number');
      if (!o.on) throw dateField('on', 'date.format');
      next.number_hash = o.number.hash;
      next.number_last4 = o.number.last4;
      next.issued_on = o.on;
      next.applied_at = card.applied_at ?? dayInstant(o.on, o.now);
      break;
    }
    case 'activate':
      if (!o.on) throw dateField('on', 'date.format');
      if (card.issued_on && o.on < card.issued_on) throw dateField('on', 'card.dateOrder');
      next.activated_on = o.on;
      break;
    case 'report_lost':
    case 'cancel':
    case 'replace':
      if (o.on && card.issued_on && o.on < card.issued_on) throw dateField('on', 'card.dateOrder');
      next.closed_at = card.closed_at ?? (o.on ? dayInstant(o.on, o.now) : o.now);
      break;
    default:
      break;
  }
  try {
    await tx.execute(sql`
      update cards set state = ${next.state}, applied_at = ${next.applied_at}, issued_on = ${next.issued_on}, activated_on = ${next.activated_on},
             closed_at = ${next.closed_at}, number_hash = ${next.number_hash}, number_last4 = ${next.number_last4},
             version = version + 1, updated_at = ${o.now}
       where id = ${card.id}`);
  } catch (err) {
    throw cardConflict(err) ?? err;
  }
  await insertCardEvent(tx, { cardId: card.id, from: card.state, to: next.state, source: o.source, actorId: ctx.actor.userId, note: o.note ?? null, at: o.now });
  await writeAudit(tx, ctx, {
    action: `card.${event}`,
    entityType: 'card',
    entityId: card.id,
    before: { state: card.state },
    after: { state: next.state, on: o.on, note: o.note, numberLast4: o.number?.last4 },
  });
  return { ...next, version: card.version + 1 };
}

export async function insertCardEvent(
  tx: DbOrTx,
  e: { cardId: number; from: CardState | null; to: CardState; source: string; actorId: number | null; note: string | null; at: Date; importId?: number | null },
) {
  await tx.execute(sql`
    insert into card_events (card_id, from_state, to_state, source, import_id, actor_id, note, at)
    values (${e.cardId}, ${e.from}, ${e.to}, ${e.source}, ${e.importId ?? null}, ${e.actorId}, ${e.note}, ${e.at})`);
}
