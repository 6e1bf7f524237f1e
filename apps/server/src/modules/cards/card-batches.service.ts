import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { cardBatchReference, type CardBatch, type CardBatchCreate } from '@tongxing/contracts';
import { idTypeLabels, isPartnerKind, scopeCovers, type IdType, type OrgKind } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { scopeCondition } from '../../lib/scope-sql';
import { pickBank, pickProgramme, scopeOf } from './cards-access';
import * as repo from './card-batches.repository';
import { asDate, isoOrNull } from './db-time';

const MAX_BATCH = 20_000;

function toBatch(r: repo.BatchRow): CardBatch {
  return {
    id: r.id,
    reference: cardBatchReference(r.id, asDate(r.created_at)),
    programmeId: r.programme_id,
    bankOrgId: r.bank_org_id,
    bankName: r.bank_name,
    orgId: r.org_id,
    orgName: r.org_name,
    cardCount: r.card_count,
    note: r.note,
    createdBy: r.created_by_name,
    createdAt: asDate(r.created_at).toISOString(),
    exportedAt: isoOrNull(r.exported_at),
    states: r.states ?? {},
  };
}

type Skip = { memberId: number; name: string | null; reason: 'liveCard' | 'notActive' | 'outsideUnit' };

/**
 * A union applies for cards for members of its subtree: chosen members, or every active member there
 * without a live card. A member who already holds a live card (or a pending application) is skipped and
 * reported; a card only collected so far moves on to applied. The cards, their history, the batch and the
 * audit row are written in one transaction; a member applied for meanwhile by another way is skipped, not an error.
 */
export async function createBatch(deps: AppDeps, ctx: ActorContext, body: CardBatchCreate) {
  const scope = scopeOf(ctx);
  const orgId = body.orgId ?? ctx.actor.orgId;
  const unit = (await deps.pool.query<{ id: number; path: string; kind: string; status: string }>(`select id, path::text as path, kind, status from org_units where id = $1`, [orgId])).rows[0];
  if (!unit || !scopeCovers(scope, { orgId: unit.id, orgPath: unit.path })) throw new AppError('NOT_FOUND');
  if (isPartnerKind(unit.kind as OrgKind) || unit.status !== 'active') throw new AppError('CARD_BATCH_UNIT');
  const programme = await pickProgramme(deps.db, body.programmeId);
  const bank = pickBank(programme, body.bankOrgId);
  const now = deps.clock();

  const result = await deps.db.transaction(async (tx) => {
    const skipped: Skip[] = [];
    let candidates: { id: number; name: string }[];
    if (body.memberIds) {
      const wanted = [...new Set(body.memberIds)];
      const found = (
        await tx.execute<{ id: number; name: string; status: string; inside: boolean }>(sql`
          select m.id, m.name, m.status, (m.org_path <@ ${unit.path}::ltree) as inside from members m
           where m.id = any(${sql.param(wanted)}::int[]) and ${scopeCondition(scope, { path: sql`m.org_path`, orgId: sql`m.org_id` })}`)
      ).rows;
      const byId = new Map(found.map((m) => [m.id, m]));
      candidates = [];
      for (const id of wanted) {
        const m = byId.get(id);
        if (!m || !m.inside) skipped.push({ memberId: id, name: m?.name ?? null, reason: 'outsideUnit' });
        else if (m.status !== 'active') skipped.push({ memberId: id, name: m.name, reason: 'notActive' });
        else candidates.push({ id: m.id, name: m.name });
      }
    } else {
      candidates = (
        await tx.execute<{ id: number; name: string }>(sql`
          select m.id, m.name from members m
           where m.org_path <@ ${unit.path}::ltree and m.status = 'active'
             and not exists (select 1 from cards c where c.member_id = m.id and c.programme_id = ${programme.id} and c.state in ('applied','issued','activated','frozen'))
           order by m.id limit ${MAX_BATCH + 1}`)
      ).rows;
      if (candidates.length > MAX_BATCH) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'allWithoutCard', code: 'too_big' }], params: { max: MAX_BATCH } });
    }
    const batchId = (
      await tx.execute<{ id: number }>(sql`
        insert into card_application_batches (programme_id, bank_org_id, org_id, org_path, note, created_by, created_at)
        values (${programme.id}, ${bank.orgId}, ${unit.id}, ${unit.path}::ltree, ${body.note ?? null}, ${ctx.actor.userId}, ${now}) returning id`)
    ).rows[0]!.id;
    const ids = candidates.map((c) => c.id);
    // Cards only collected so far go on to applied (at this bank, in this batch).
    const promoted = (
      await tx.execute<{ id: number; member_id: number }>(sql`
        update cards set state = 'applied', applied_at = ${now}, batch_id = ${batchId}, bank_org_id = ${bank.orgId}, channel = 'bulk', version = version + 1, updated_at = ${now}
         where programme_id = ${programme.id} and member_id = any(${sql.param(ids)}::int[]) and state = 'collected' returning id, member_id`)
    ).rows;
    const promotedMembers = new Set(promoted.map((p) => p.member_id));
    const fresh = ids.filter((id) => !promotedMembers.has(id));
    // A member with a live card (or one applied for meanwhile) conflicts on the live-card index and is skipped.
    const created = (
      await tx.execute<{ id: number; member_id: number }>(sql`
        insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, batch_id, applied_at, created_by, created_at, updated_at)
        select ${programme.id}, m.id, ${bank.orgId}, m.org_id, m.org_path, 'applied', 'bulk', ${batchId}, ${now}, ${ctx.actor.userId}, ${now}, ${now}
          from members m where m.id = any(${sql.param(fresh)}::int[]) order by m.id
        on conflict (programme_id, member_id) where state not in ('lost','replaced','cancelled') do nothing
        returning id, member_id`)
    ).rows;
    const createdMembers = new Set(created.map((c) => c.member_id));
    for (const c of candidates) if (!promotedMembers.has(c.id) && !createdMembers.has(c.id)) skipped.push({ memberId: c.id, name: c.name, reason: 'liveCard' });
    const count = promoted.length + created.length;
    if (count === 0) throw new AppError('CARD_BATCH_EMPTY', { params: { skipped: skipped.length } });
    const eventIds = [...promoted.map((p) => p.id), ...created.map((c) => c.id)];
    const fromStates = [...promoted.map(() => 'collected'), ...created.map(() => null)];
    await tx.execute(sql`
      insert into card_events (card_id, from_state, to_state, source, actor_id, note, at)
      select x.id, x.from_state, 'applied', 'console', ${ctx.actor.userId}, ${`批量申请 ${cardBatchReference(batchId, now)}`}, ${now}
        from unnest(${sql.param(eventIds)}::int[], ${sql.param(fromStates)}::text[]) as x(id, from_state)`);
    await tx.execute(sql`update card_application_batches set card_count = ${count} where id = ${batchId}`);
    await writeAudit(tx, ctx, {
      action: 'card.batch.create',
      entityType: 'card_batch',
      entityId: batchId,
      after: { programmeId: programme.id, bankOrgId: bank.orgId, orgId: unit.id, cards: count, skipped: skipped.length, mode: body.memberIds ? 'members' : 'allWithoutCard' },
    });
    return { batchId, skipped };
  });
  const batch = await repo.findBatch(deps.db, scope, result.batchId);
  return { ...toBatch(batch!), skipped: result.skipped };
}

export async function listBatches(deps: AppDeps, ctx: ActorContext, q: { orgId?: number | undefined; programmeId?: number | undefined; page: number; pageSize: number }) {
  const { rows, total } = await repo.listBatches(deps.db, scopeOf(ctx), q);
  return { items: rows.map(toBatch), total };
}

export async function getBatch(deps: AppDeps, ctx: ActorContext, id: number) {
  const row = await repo.findBatch(deps.db, scopeOf(ctx), id);
  if (!row) throw new AppError('NOT_FOUND');
  return toBatch(row);
}

/**
 * The bank's application sheet, with the full ID numbers the bank needs to open the cards: a sensitive
 * read, so it needs a stated reason, is audited, and is built on request and never stored.
 */
export async function exportBatchSheet(deps: AppDeps, ctx: ActorContext, id: number, reason: string) {
  const scope = scopeOf(ctx);
  return deps.db.transaction(async (tx) => {
    const batch = await repo.findBatch(tx, scope, id);
    if (!batch) throw new AppError('NOT_FOUND');
    const rows = await repo.sheetRows(tx, id);
    const reference = cardBatchReference(batch.id, asDate(batch.created_at));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('办卡申请');
    ws.columns = [
      { header: '序号', key: 'n', width: 8 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '证件类型', key: 'idType', width: 16 },
      { header: '证件号码', key: 'idNumber', width: 22, style: { numFmt: '@' } },
      { header: '手机号', key: 'phone', width: 15, style: { numFmt: '@' } },
      { header: '工作单位', key: 'employer', width: 30 },
      { header: '所属工会', key: 'union', width: 30 },
      { header: '申请批次号', key: 'batch', width: 16 },
    ];
    ws.getRow(1).font = { bold: true };
    rows.forEach((r, i) =>
      ws.addRow({
        n: i + 1,
        name: r.name,
        idType: idTypeLabels[r.id_type as IdType]?.zh ?? r.id_type,
        idNumber: deps.crypto.decrypt(r.id_enc),
        phone: r.phone_enc ? deps.crypto.decrypt(r.phone_enc) : '',
        employer: r.employer ?? '',
        union: r.org_name,
        batch: reference,
      }),
    );
    const now = deps.clock();
    await tx.execute(sql`update card_application_batches set exported_at = ${now} where id = ${id}`);
    await writeAudit(tx, ctx, { action: 'card.batch.export', entityType: 'card_batch', entityId: id, after: { reason, rows: rows.length, fields: ['idNumber', 'phone'] } });
    return { fileName: `服务卡申请表-${reference}.xlsx`, asciiName: `card-applications-${reference}.xlsx`, data: Buffer.from(await wb.xlsx.writeBuffer()) };
  });
}
