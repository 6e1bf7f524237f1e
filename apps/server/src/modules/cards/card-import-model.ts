import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { CardState } from '@tongxing/domain';
import type { CardRec, ImportModel, MemberRec, Plan } from './card-import-plan';
import { asDate } from './db-time';

/**
 * The records a bank file's rows can touch: the members holding its ID numbers, their cards in the
 * programme, and any card holding one of its card numbers. With `lock` the cards stay locked until the
 * commit's transaction ends.
 */
export async function loadImportModel(db: DbOrTx, programmeId: number, idHashes: string[], numberHashes: string[], lock = false): Promise<ImportModel> {
  const members = await db.execute<MemberRec & { id_hash: string }>(sql`
    select id, name, status, id_hash from members where id_hash = any(${sql.param(idHashes)}::text[]) order by id`);
  const byHash = new Map<string, MemberRec[]>();
  for (const m of members.rows) byHash.set(m.id_hash, [...(byHash.get(m.id_hash) ?? []), { id: m.id, name: m.name, status: m.status }]);
  const memberIds = members.rows.map((m) => m.id);
  const cards = await db.execute<{
    id: number;
    member_id: number;
    bank_org_id: number;
    bank_path: string;
    programme_id: number;
    state: CardState;
    channel: string;
    number_hash: string | null;
    number_last4: string | null;
    replaces_card_id: number | null;
    applied_at: Date | null;
    issued_on: string | null;
    activated_on: string | null;
    closed_at: Date | null;
  }>(sql`
    select c.id, c.member_id, c.bank_org_id, b.path::text as bank_path, c.programme_id, c.state, c.channel, c.number_hash, c.number_last4, c.replaces_card_id,
           c.applied_at, c.issued_on::text as issued_on, c.activated_on::text as activated_on, c.closed_at
      from cards c join org_units b on b.id = c.bank_org_id
     where (c.programme_id = ${programmeId} and c.member_id = any(${sql.param(memberIds)}::int[]))
        or c.number_hash = any(${sql.param(numberHashes)}::text[])
     order by c.id
     ${lock ? sql`for update of c` : sql``}`);
  const cardsByMember = new Map<number, CardRec[]>();
  const cardsByNumber = new Map<string, CardRec>();
  for (const c of cards.rows) {
    const rec: CardRec = {
      id: c.id,
      memberId: c.member_id,
      bankOrgId: c.bank_org_id,
      bankPath: c.bank_path,
      programmeId: c.programme_id,
      state: c.state,
      channel: c.channel,
      numberHash: c.number_hash,
      numberLast4: c.number_last4,
      replacesCardId: c.replaces_card_id,
      appliedAt: c.applied_at === null ? null : asDate(c.applied_at),
      issuedOn: c.issued_on,
      activatedOn: c.activated_on,
      closedAt: c.closed_at === null ? null : asDate(c.closed_at),
      createdAt: null,
      isNew: false,
      touched: false,
    };
    if (c.programme_id === programmeId) cardsByMember.set(c.member_id, [...(cardsByMember.get(c.member_id) ?? []), rec]);
    if (c.number_hash) cardsByNumber.set(c.number_hash, rec);
  }
  return { members: byHash, cardsByMember, cardsByNumber };
}

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Writes a plan set-based: the changed cards in one UPDATE, the new ones in one INSERT (after the update, so
 * a card reported lost earlier in the file is closed before its replacement takes the member's live slot),
 * the history in one INSERT. The rollup triggers run once per statement.
 */
export async function writePlan(
  tx: DbOrTx,
  plan: Plan,
  o: { importId: number; actorId: number | null; now: Date; createdBy: number | null; source: 'bank_file' | 'partner_api' },
) {
  const changed = plan.cards.filter((c) => !c.isNew);
  const fresh = plan.cards.filter((c) => c.isNew);
  if (changed.length > 0) {
    await tx.execute(sql`
      update cards c set state = x.state, number_hash = x.number_hash, number_last4 = x.number_last4, applied_at = x.applied_at,
             issued_on = x.issued_on, activated_on = x.activated_on, closed_at = x.closed_at, version = c.version + 1, updated_at = ${o.now}
        from unnest(${sql.param(changed.map((c) => c.id))}::int[], ${sql.param(changed.map((c) => c.state))}::text[],
                    ${sql.param(changed.map((c) => c.numberHash))}::text[], ${sql.param(changed.map((c) => c.numberLast4))}::text[],
                    ${sql.param(changed.map((c) => isoOrNull(c.appliedAt)))}::timestamptz[], ${sql.param(changed.map((c) => c.issuedOn))}::date[],
                    ${sql.param(changed.map((c) => c.activatedOn))}::date[], ${sql.param(changed.map((c) => isoOrNull(c.closedAt)))}::timestamptz[])
             as x(id, state, number_hash, number_last4, applied_at, issued_on, activated_on, closed_at)
       where c.id = x.id`);
  }
  if (fresh.length > 0) {
    const ids = (
      await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('cards', 'id'))::int as id from generate_series(1, ${fresh.length})`)
    ).rows.map((r) => r.id);
    fresh.forEach((c, i) => {
      c.id = ids[i]!;
    });
    await tx.execute(sql`
      insert into cards (id, programme_id, member_id, bank_org_id, org_id, org_path, state, channel, number_hash, number_last4, replaces_card_id,
                         applied_at, issued_on, activated_on, created_by, created_at, updated_at)
      select x.id, x.programme_id, m.id, x.bank_org_id, m.org_id, m.org_path, x.state, x.channel, x.number_hash, x.number_last4, x.replaces_card_id,
             x.applied_at, x.issued_on, x.activated_on, ${o.createdBy}::int, x.applied_at, ${o.now}
        from unnest(${sql.param(fresh.map((c) => c.id))}::int[], ${sql.param(fresh.map((c) => c.programmeId))}::int[], ${sql.param(fresh.map((c) => c.memberId))}::int[],
                    ${sql.param(fresh.map((c) => c.bankOrgId))}::int[], ${sql.param(fresh.map((c) => c.state))}::text[], ${sql.param(fresh.map((c) => c.channel))}::text[],
                    ${sql.param(fresh.map((c) => c.numberHash))}::text[], ${sql.param(fresh.map((c) => c.numberLast4))}::text[],
                    ${sql.param(fresh.map((c) => c.replacesCardId))}::int[], ${sql.param(fresh.map((c) => isoOrNull(c.appliedAt)))}::timestamptz[],
                    ${sql.param(fresh.map((c) => c.issuedOn))}::date[], ${sql.param(fresh.map((c) => c.activatedOn))}::date[])
             as x(id, programme_id, member_id, bank_org_id, state, channel, number_hash, number_last4, replaces_card_id, applied_at, issued_on, activated_on)
        join members m on m.id = x.member_id
       order by x.id`);
  }
  if (plan.events.length > 0) {
    await tx.execute(sql`
      insert into card_events (card_id, from_state, to_state, source, import_id, actor_id, note, at)
      select x.card_id, x.from_state, x.to_state, ${o.source}, ${o.importId}, ${o.actorId}::int, '第 ' || x.row || ${o.source === 'bank_file' ? ' 行' : ' 条'}, ${o.now}
        from unnest(${sql.param(plan.events.map((e) => e.card.id))}::int[], ${sql.param(plan.events.map((e) => e.from))}::text[],
                    ${sql.param(plan.events.map((e) => e.to))}::text[], ${sql.param(plan.events.map((e) => e.row))}::int[]) with ordinality
             as x(card_id, from_state, to_state, row, n)
       order by x.n`);
  }
}
