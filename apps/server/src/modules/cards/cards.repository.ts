import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import { looksLikePinyin, normaliseIdNumber, type Scope } from '@tongxing/domain';
import type { CardListQuery } from '@tongxing/contracts';
import type { FieldCrypto } from '../../lib/crypto';
import { likePattern, offsetOf } from '../../lib/pagination';
import { hashIdNumber } from '../../lib/personal';
import { cardScopeSql } from './cards-access';
import { hashCardNumber, parseCardNumber } from './card-number';

export type CardViewRow = {
  id: number;
  programme_id: number;
  programme_name: string;
  member_id: number;
  member_name: string;
  id_enc: Buffer;
  org_id: number;
  org_name: string;
  bank_org_id: number;
  bank_name: string;
  state: string;
  channel: string;
  batch_id: number | null;
  number_last4: string | null;
  replaces_card_id: number | null;
  replaced_by_card_id: number | null;
  applied_at: Date | null;
  issued_on: string | null;
  activated_on: string | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const viewColumns = sql`c.id, c.programme_id, p.name as programme_name, c.member_id, m.name as member_name, m.id_enc, c.org_id, o.name as org_name,
  c.bank_org_id, b.name as bank_name, c.state, c.channel, c.batch_id, c.number_last4, c.replaces_card_id,
  (select r.id from cards r where r.replaces_card_id = c.id order by r.id limit 1) as replaced_by_card_id,
  c.applied_at, c.issued_on::text as issued_on, c.activated_on::text as activated_on, c.closed_at, c.created_at, c.updated_at, c.version`;
const viewFrom = sql`cards c join members m on m.id = c.member_id join org_units o on o.id = c.org_id
  join org_units b on b.id = c.bank_org_id join card_programmes p on p.id = c.programme_id`;

/**
 * The search box: a full card number or ID number goes by its keyed hash, four digits match the last four
 * of either, letters the pinyin initials or the pinyin, characters the name (grams for one or two).
 */
function searchCondition(crypto: FieldCrypto, q: string): SQL {
  const card = parseCardNumber(q);
  if (card) return sql`c.number_hash = ${hashCardNumber(crypto, card)}`;
  const n = normaliseIdNumber(q);
  if (/^\d{3}[\dX]$/.test(n)) return sql`(c.number_last4 = ${n} or m.id_last4 = ${n})`;
  if (/^\d{17}[\dX]$/.test(n) || /^[HM]\d{8,10}$/.test(n) || /^(?=.*\d)[A-Z0-9]{8,17}$/.test(n)) return sql`m.id_hash = ${hashIdNumber(crypto, n)}`;
  if (looksLikePinyin(q)) {
    const lower = q.toLowerCase();
    return lower.length >= 3 ? sql`(m.name_initials like ${`${lower}%`} or m.name_pinyin like ${likePattern(lower)})` : sql`m.name_initials like ${`${lower}%`}`;
  }
  const chars = [...q.replace(/\s+/g, '')];
  return chars.length <= 2 ? sql`m.name_grams @> array[${chars.join('')}]::text[]` : sql`m.name like ${likePattern(chars.join(''))}`;
}

const COUNT_CAP = 10_000;

export async function listCards(db: DbOrTx, crypto: FieldCrypto, scope: Scope, q: CardListQuery) {
  const where: SQL[] = [cardScopeSql(scope)];
  if (q.programmeId) where.push(sql`c.programme_id = ${q.programmeId}`);
  if (q.state?.length) where.push(sql`c.state = any(${sql.param(q.state)}::text[])`);
  if (q.orgId) {
    // The path resolved first: a constant the planner can estimate, as in the member search.
    const path = (await db.execute<{ path: string }>(sql`select path::text as path from org_units where id = ${q.orgId}`)).rows[0]?.path;
    where.push(path ? sql`c.org_path <@ ${path}::ltree` : sql`false`);
  }
  if (q.bankOrgId) where.push(sql`c.bank_org_id in (select id from org_units where path <@ (select path from org_units where id = ${q.bankOrgId}))`);
  if (q.channel) where.push(sql`c.channel = ${q.channel}`);
  if (q.batchId) where.push(sql`c.batch_id = ${q.batchId}`);
  if (q.memberId) where.push(sql`c.member_id = ${q.memberId}`);
  if (q.q) where.push(searchCondition(crypto, q.q));
  const cond = sql.join(where, sql` and `);
  const rows = await db.execute<CardViewRow>(sql`
    select ${viewColumns} from ${viewFrom}
     where ${cond}
     order by c.id desc
     limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const counted = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (select 1 from cards c join members m on m.id = c.member_id where ${cond} limit ${COUNT_CAP + 1}) x`);
  const n = counted.rows[0]?.n ?? 0;
  return { rows: rows.rows, total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

export async function findCardView(db: DbOrTx, id: number, where: { scope: Scope } | { memberId: number }): Promise<CardViewRow | null> {
  const cond = 'scope' in where ? cardScopeSql(where.scope) : sql`c.member_id = ${where.memberId}`;
  const res = await db.execute<CardViewRow>(sql`select ${viewColumns} from ${viewFrom} where c.id = ${id} and ${cond}`);
  return res.rows[0] ?? null;
}

export async function memberCards(db: DbOrTx, memberId: number): Promise<CardViewRow[]> {
  const res = await db.execute<CardViewRow>(sql`select ${viewColumns} from ${viewFrom} where c.member_id = ${memberId} order by c.id desc`);
  return res.rows;
}

export type CardEventRow = {
  id: number;
  at: Date;
  from_state: string | null;
  to_state: string;
  source: string;
  import_id: number | null;
  actor_name: string | null;
  note: string | null;
};

export async function cardEvents(db: DbOrTx, cardId: number): Promise<CardEventRow[]> {
  const res = await db.execute<CardEventRow>(sql`
    select e.id::int as id, e.at, e.from_state, e.to_state, e.source, e.import_id, u.display_name as actor_name, e.note
      from card_events e left join users u on u.id = e.actor_id
     where e.card_id = ${cardId}
     order by e.id`);
  return res.rows;
}
