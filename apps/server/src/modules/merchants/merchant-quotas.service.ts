import { sql } from 'drizzle-orm';
import { unionKinds, type Scope } from '@tongxing/domain';
import type { MerchantQuotaSet } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { checkHandDown } from './quota-rule';

/**
 * Merchant-signing quotas: the city opens a period (e.g. 五月签约月) and hands each district a number of
 * new merchants; districts hand theirs on to their streets. Progress counts the merchants of a unit's
 * subtree first approved (activated_on) within the period.
 */
const UNION_KINDS = sql.raw(`(${unionKinds.map((k) => `'${k}'`).join(',')})`);
const iso = (d: Date) => new Date(d).toISOString();

function inScope(scope: Scope, path: string) {
  return scope.all || scope.subtreePaths.some((p) => path === p || path.startsWith(`${p}.`));
}

export async function listPeriods(deps: AppDeps) {
  const res = await deps.db.execute<{ id: number; name: string; starts_on: string; ends_on: string; created_at: Date }>(sql`
    select id, name, starts_on, ends_on, created_at from merchant_quota_periods order by starts_on desc, id desc`);
  return { items: res.rows.map((r) => ({ id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, createdAt: iso(r.created_at) })) };
}

export async function createPeriod(deps: AppDeps, ctx: ActorContext, body: { name: string; startsOn: string; endsOn: string }) {
  // Periods are city-wide: only an all-units quota scope opens one.
  if (!ctx.scope?.all) throw new AppError('FORBIDDEN');
  return deps.db.transaction(async (tx) => {
    const res = await tx.execute<{ id: number; created_at: Date }>(sql`
      insert into merchant_quota_periods (name, starts_on, ends_on, created_by, created_at)
      values (${body.name}, ${body.startsOn}::date, ${body.endsOn}::date, ${ctx.actor.userId}, ${deps.clock().toISOString()}) returning id, created_at`);
    const row = res.rows[0]!;
    await writeAudit(tx, ctx, { action: 'merchant_quota.period_create', entityType: 'merchant_quota_period', entityId: row.id, after: body });
    return { id: row.id, ...body, createdAt: iso(row.created_at) };
  });
}

async function findPeriod(db: AppDeps['db'], id: number, forUpdate = false) {
  const res = await db.execute<{ id: number; name: string; starts_on: string; ends_on: string; created_at: Date }>(sql`
    select id, name, starts_on, ends_on, created_at from merchant_quota_periods where id = ${id} ${forUpdate ? sql`for update` : sql``}`);
  return res.rows[0] ?? null;
}

async function findUnit(db: AppDeps['db'], id: number) {
  const res = await db.execute<{ id: number; parent_id: number | null; path: string; kind: string; name: string }>(sql`
    select id, parent_id, path::text as path, kind, name from org_units where id = ${id} and kind in ${UNION_KINDS}`);
  return res.rows[0] ?? null;
}

/** Sets the quotas a unit hands to some of its direct union children (refused whole if the rule is broken). */
export async function setQuotas(deps: AppDeps, ctx: ActorContext, periodId: number, body: MerchantQuotaSet) {
  const parent = await findUnit(deps.db, body.parentOrgId);
  if (!parent || !inScope(ctx.scope!, parent.path)) throw new AppError('NOT_FOUND', { fields: [{ path: 'parentOrgId', code: 'NOT_FOUND' }] });
  const seen = new Set<number>();
  body.quotas.forEach((q, i) => {
    if (seen.has(q.orgId)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: `quotas.${i}.orgId`, code: 'merchant.quotaChild' }] });
    seen.add(q.orgId);
  });
  await deps.db.transaction(async (tx) => {
    // One hand-down of a period at a time: the sums below stay true until the commit.
    const period = await findPeriod(tx, periodId, true);
    if (!period) throw new AppError('NOT_FOUND');
    const children = await tx.execute<{ id: number; quota: number | null; handed_on: number }>(sql`
      select c.id, q.quota,
             (select coalesce(sum(gq.quota), 0)::int from merchant_quotas gq join org_units g on g.id = gq.org_id
               where gq.period_id = ${periodId} and g.parent_id = c.id) as handed_on
        from org_units c left join merchant_quotas q on q.period_id = ${periodId} and q.org_id = c.id
       where c.parent_id = ${parent.id} and c.kind in ${UNION_KINDS}`);
    const byId = new Map(children.rows.map((c) => [c.id, c]));
    const notChildren = body.quotas.map((q, i) => (byId.has(q.orgId) ? null : i)).filter((i): i is number => i !== null);
    if (notChildren.length > 0) throw new AppError('VALIDATION_FAILED', { fields: notChildren.map((i) => ({ path: `quotas.${i}.orgId`, code: 'merchant.quotaChild' })) });
    const own = await tx.execute<{ quota: number }>(sql`select quota from merchant_quotas where period_id = ${periodId} and org_id = ${parent.id}`);
    // The top of the tree has nothing above it; any other unit hands down only what it was given.
    const parentQuota = own.rows[0]?.quota ?? (parent.parent_id === null ? null : 0);
    const errors = checkHandDown({
      parentQuota,
      requested: body.quotas,
      otherChildren: children.rows.filter((c) => !seen.has(c.id)).map((c) => c.quota ?? 0),
      handedOnBy: new Map(children.rows.map((c) => [c.id, c.handed_on])),
    });
    if (errors.length > 0) throw new AppError('MERCHANT_QUOTA_EXCEEDED', { fields: errors, params: { parentQuota } });
    const now = deps.clock().toISOString();
    await tx.execute(sql`
      insert into merchant_quotas (period_id, org_id, quota, set_by, set_at)
      select ${periodId}, o, q, ${ctx.actor.userId}, ${now} from unnest(${sql.param(body.quotas.map((q) => q.orgId))}::int[], ${sql.param(body.quotas.map((q) => q.quota))}::int[]) as t(o, q)
      on conflict (period_id, org_id) do update set quota = excluded.quota, set_by = excluded.set_by, set_at = excluded.set_at`);
    await writeAudit(tx, ctx, {
      action: 'merchant_quota.set',
      entityType: 'merchant_quota_period',
      entityId: periodId,
      orgId: parent.id,
      before: { quotas: body.quotas.map((q) => ({ orgId: q.orgId, quota: byId.get(q.orgId)?.quota ?? null })) },
      after: { parentOrgId: parent.id, quotas: body.quotas },
    });
  });
  return progress(deps, ctx, periodId, { orgId: parent.id }, ctx.scope!);
}

type ProgressRow = {
  id: number;
  name: string;
  kind: string;
  quota: number | null;
  signed: number;
  handed_down: number;
};

/** A unit (the caller's own by default) and its direct union children: quota, signed in the period, handed down. */
export async function progress(deps: AppDeps, ctx: ActorContext, periodId: number, q: { orgId?: number | undefined }, scope: Scope = ctx.scope!) {
  const period = await findPeriod(deps.db, periodId);
  if (!period) throw new AppError('NOT_FOUND');
  const unit = await findUnit(deps.db, q.orgId ?? ctx.actor.orgId);
  if (!unit || !inScope(scope, unit.path)) throw new AppError('NOT_FOUND');
  const res = await deps.db.execute<ProgressRow>(sql`
    select u.id, u.name, u.kind, mq.quota,
           (select count(*)::int from merchants m where m.supervisor_path <@ u.path
               and m.activated_on between ${period.starts_on}::date and ${period.ends_on}::date) as signed,
           (select coalesce(sum(cq.quota), 0)::int from merchant_quotas cq join org_units c on c.id = cq.org_id
             where cq.period_id = ${periodId} and c.parent_id = u.id) as handed_down
      from org_units u left join merchant_quotas mq on mq.period_id = ${periodId} and mq.org_id = u.id
     where (u.id = ${unit.id} or (u.parent_id = ${unit.id} and u.status = 'active')) and u.kind in ${UNION_KINDS}
     order by (u.id = ${unit.id}) desc, u.sort_order, u.id`);
  const view = (r: ProgressRow) => ({
    orgId: r.id,
    orgName: r.name,
    kind: r.kind,
    quota: r.quota,
    signed: r.signed,
    progressBps: r.quota ? Math.round((r.signed * 10000) / r.quota) : null,
    handedDown: r.handed_down,
  });
  const [first, ...rest] = res.rows;
  return { id: period.id, name: period.name, startsOn: period.starts_on, endsOn: period.ends_on, createdAt: iso(period.created_at), unit: view(first!), children: rest.map(view) };
}
