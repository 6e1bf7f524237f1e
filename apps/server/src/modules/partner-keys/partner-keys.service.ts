import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PARTNER_KEY_MAX_ACTIVE } from '@tongxing/contracts';
import type { Scope } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { offsetOf } from '../../lib/pagination';
import { scopeCondition } from '../../lib/scope-sql';

/**
 * Partners' API signing keys (partner:keys). The secret is shown once, at creation, and kept sealed with
 * the data key (HMAC needs it back); lists never carry it. A partner holds at most two active keys, so a
 * rotation is: create the new key, move the partner's system over, revoke the old one.
 */
type KeyRow = {
  id: number;
  key_id: string;
  org_id: number;
  org_name: string;
  org_kind: string;
  label: string | null;
  status: 'active' | 'revoked';
  expires_at: Date | null;
  last_used_at: Date | null;
  created_by_name: string | null;
  created_at: Date;
  revoked_at: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function view(r: KeyRow, now: Date) {
  return {
    id: r.id,
    keyId: r.key_id,
    orgId: r.org_id,
    orgName: r.org_name,
    orgKind: r.org_kind,
    label: r.label,
    status: r.status,
    usable: r.status === 'active' && (r.expires_at === null || new Date(r.expires_at) > now),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at)!,
    revokedAt: iso(r.revoked_at),
  };
}

const keySelect = sql`
  select k.id, k.key_id, k.org_id, o.name as org_name, o.kind as org_kind, k.label, k.status, k.expires_at, k.last_used_at,
         u.display_name as created_by_name, k.created_at, k.revoked_at
    from partner_api_keys k join org_units o on o.id = k.org_id left join users u on u.id = k.created_by`;

function keyScope(scope: Scope): SQL {
  return scopeCondition(scope, { path: sql.raw('o.path'), orgId: sql.raw('o.id') });
}

export async function listKeys(deps: AppDeps, ctx: ActorContext, q: { orgId?: number | undefined; status?: string | undefined; page: number; pageSize: number }) {
  const parts: SQL[] = [keyScope(ctx.scope!)];
  if (q.orgId) parts.push(sql`k.org_id = ${q.orgId}`);
  if (q.status) parts.push(sql`k.status = ${q.status}`);
  const where = sql.join(parts, sql` and `);
  const rows = await deps.db.execute<KeyRow>(sql`${keySelect} where ${where} order by k.created_at desc, k.id desc limit ${q.pageSize} offset ${offsetOf(q.page, q.pageSize)}`);
  const total = await deps.db.execute<{ n: number }>(sql`select count(*)::int as n from partner_api_keys k join org_units o on o.id = k.org_id where ${where}`);
  const now = deps.clock();
  return { items: rows.rows.map((r) => view(r, now)), total: total.rows[0]?.n ?? 0 };
}

async function findKey(db: AppDeps['db'], scope: Scope, id: number) {
  const res = await db.execute<KeyRow>(sql`${keySelect} where k.id = ${id} and ${keyScope(scope)}`);
  return res.rows[0] ?? null;
}

/** `tx_<kind>_<16 hex>`: readable in a partner's configuration, unguessable, never a secret itself. */
function newKeyId(kind: string) {
  return `tx_${kind}_${randomBytes(8).toString('hex')}`;
}

export async function createKey(deps: AppDeps, ctx: ActorContext, body: { orgId: number; label?: string | undefined; expiresAt?: string | undefined }) {
  const now = deps.clock();
  if (body.expiresAt && new Date(body.expiresAt) <= now) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'expiresAt', code: 'partnerKey.expiresAt' }] });
  const org = await deps.db.execute<{ id: number; kind: string; status: string }>(sql`select o.id, o.kind, o.status from org_units o where o.id = ${body.orgId} and ${keyScope(ctx.scope!)}`);
  const unit = org.rows[0];
  if (!unit) throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
  if (unit.kind !== 'bank' && unit.kind !== 'merchant') throw new AppError('PARTNER_KEY_ORG_INVALID', { fields: [{ path: 'orgId', code: 'PARTNER_KEY_ORG_INVALID' }] });
  if (unit.status !== 'active') throw new AppError('ORG_INACTIVE', { fields: [{ path: 'orgId', code: 'ORG_INACTIVE' }] });
  const secret = randomBytes(32).toString('base64url');
  const keyId = newKeyId(unit.kind);
  const id = await deps.db.transaction(async (tx) => {
    // Two creations for one partner at once must not both pass the count: the unit's row is the lock.
    await tx.execute(sql`select id from org_units where id = ${unit.id} for update`);
    const active = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from partner_api_keys where org_id = ${unit.id} and status = 'active' and (expires_at is null or expires_at > ${now.toISOString()})`);
    if ((active.rows[0]?.n ?? 0) >= PARTNER_KEY_MAX_ACTIVE) throw new AppError('PARTNER_KEY_LIMIT', { params: { max: PARTNER_KEY_MAX_ACTIVE } });
    const res = await tx.execute<{ id: number }>(sql`
      insert into partner_api_keys (key_id, org_id, secret_enc, status, label, expires_at, created_by, created_at)
      values (${keyId}, ${unit.id}, ${deps.crypto.encrypt(secret)}, 'active', ${body.label ?? null}, ${body.expiresAt ?? null}, ${ctx.actor.userId}, ${now.toISOString()})
      returning id`);
    const newId = res.rows[0]!.id;
    await writeAudit(tx, ctx, { action: 'partner_key.create', entityType: 'partner_api_key', entityId: newId, orgId: unit.id, after: { keyId, orgId: unit.id, label: body.label ?? null, expiresAt: body.expiresAt ?? null } });
    return newId;
  });
  const row = await findKey(deps.db, ctx.scope!, id);
  return { ...view(row!, now), secret };
}

export async function revokeKey(deps: AppDeps, ctx: ActorContext, id: number) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await findKey(tx, ctx.scope!, id);
    if (!row) throw new AppError('NOT_FOUND');
    const res = await tx.execute(sql`
      update partner_api_keys set status = 'revoked', revoked_by = ${ctx.actor.userId}, revoked_at = ${now.toISOString()}
       where id = ${id} and status = 'active' returning id`);
    if (res.rows.length === 0) throw new AppError('PARTNER_KEY_REVOKED');
    await writeAudit(tx, ctx, { action: 'partner_key.revoke', entityType: 'partner_api_key', entityId: id, orgId: row.org_id, before: { status: 'active', keyId: row.key_id }, after: { status: 'revoked' } });
  });
  return view((await findKey(deps.db, ctx.scope!, id))!, now);
}
