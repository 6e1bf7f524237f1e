import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { users, type DbOrTx } from '@tongxing/db';
import { likePattern } from '../../lib/pagination';

export interface PortalTarget {
  memberId: number;
  name: string;
  orgId: number;
  userId: number | null;
  passwordHash: string | null;
  userStatus: string | null;
  userOrgId: number | null;
  orgStatus: string;
}

/**
 * The member a phone number signs in as: an active member whose record holds this number (the register
 * is the truth, so a number a cadre has replaced stops working at once). When several active members
 * share a number, the one that already has a portal account wins, then the oldest.
 */
export async function findPortalTarget(db: DbOrTx, phoneHash: string): Promise<PortalTarget | null> {
  const res = await db.execute<{
    member_id: number;
    name: string;
    org_id: number;
    user_id: number | null;
    password_hash: string | null;
    user_status: string | null;
    user_org_id: number | null;
    org_status: string;
  }>(sql`
    select m.id as member_id, m.name, m.org_id, u.id as user_id, u.password_hash, u.status as user_status,
           u.org_id as user_org_id, o.status as org_status
      from members m
      join org_units o on o.id = m.org_id
      left join users u on u.member_id = m.id and u.kind = 'member'
     where m.phone_hash = ${phoneHash} and m.status = 'active'
     order by (u.id is not null) desc, m.id
     limit 1`);
  const r = res.rows[0];
  if (!r) return null;
  return {
    memberId: r.member_id,
    name: r.name,
    orgId: r.org_id,
    userId: r.user_id,
    passwordHash: r.password_hash,
    userStatus: r.user_status,
    userOrgId: r.user_org_id,
    orgStatus: r.org_status,
  };
}

export async function insertMemberUser(
  db: DbOrTx,
  v: { memberId: number; name: string; orgId: number; passwordHash: string; now: Date; phone: { enc: Buffer; hash: string; last4: string } },
): Promise<number> {
  const [row] = await db
    .insert(users)
    .values({
      kind: 'member',
      // Nobody types it: members sign in with their phone. It only has to be unique and stable.
      username: `m${v.memberId}`,
      displayName: v.name.slice(0, 40),
      orgId: v.orgId,
      memberId: v.memberId,
      passwordHash: v.passwordHash,
      passwordChangedAt: v.now,
      mustChangePassword: false,
      phoneEnc: v.phone.enc,
      phoneHash: v.phone.hash,
      phoneLast4: v.phone.last4,
      createdAt: v.now,
      updatedAt: v.now,
    })
    .returning({ id: users.id });
  return row!.id;
}

export async function memberIdOfUser(db: DbOrTx, userId: number): Promise<number | null> {
  const rows = await db.select({ memberId: users.memberId }).from(users).where(eq(users.id, userId));
  return rows[0]?.memberId ?? null;
}

export interface ProfileRow {
  id: number;
  name: string;
  gender: 'M' | 'F' | null;
  id_type: string;
  id_enc: Buffer;
  id_hash: string;
  phone_enc: Buffer | null;
  phone_hash: string | null;
  employer: string | null;
  status: string;
  join_date: string | null;
  category: string;
  model_worker_level: string;
  org_id: number;
  org_name: string;
  org_short_name: string | null;
  org_kind: string;
  org_contact_phone: string | null;
  org_path: string;
  last_login_at: Date | null;
}

export async function findProfile(pool: pg.Pool, userId: number): Promise<ProfileRow | null> {
  const res = await pool.query<ProfileRow>(
    `select m.id, m.name, m.gender, m.id_type, m.id_enc, m.id_hash, m.phone_enc, m.phone_hash, m.employer, m.status,
            m.join_date, m.category, m.model_worker_level, o.id as org_id, o.name as org_name, o.short_name as org_short_name,
            o.kind as org_kind, o.contact_phone as org_contact_phone, o.path::text as org_path, u.last_login_at
       from users u
       join members m on m.id = u.member_id
       join org_units o on o.id = m.org_id
      where u.id = $1 and u.kind = 'member'`,
    [userId],
  );
  return res.rows[0] ?? null;
}

export async function unitsByIds(pool: pg.Pool, ids: number[]) {
  const res = await pool.query<{ id: number; name: string; kind: string }>('select id, name, kind from org_units where id = any($1::int[])', [ids]);
  return res.rows;
}

/** Applications made with the member's phone or ID number, newest first. */
export async function applicationsOf(pool: pg.Pool, phoneHash: string | null, idHash: string) {
  const res = await pool.query<{
    reference: string;
    org_name: string;
    status: string;
    reject_reason: string | null;
    created_at: Date;
    decided_at: Date | null;
  }>(
    `select a.reference, o.name as org_name, a.status, a.reject_reason, a.created_at, a.decided_at
       from join_applications a join org_units o on o.id = a.org_id
      where a.id_hash = $2 or ($1::varchar is not null and a.phone_hash = $1)
      order by a.created_at desc, a.id desc
      limit 50`,
    [phoneHash, idHash],
  );
  return res.rows;
}

/**
 * The public unit picker: active grassroots unions and street federations by name or short name (or
 * their street's), with the district each lies in. Names only — contacts stay inside the console.
 */
export async function searchUnits(pool: pg.Pool, q: { q?: string | undefined; kind?: string | undefined; limit: number }) {
  const params: unknown[] = [];
  const where = [`o.status = 'active'`, `o.kind in ('grassroots_union', 'street_federation')`];
  if (q.kind) {
    params.push(q.kind);
    where.push(`o.kind = $${params.length}`);
  }
  if (q.q) {
    params.push(likePattern(q.q));
    // A worker often knows the street before the union's registered name: a street's name finds its unions too.
    where.push(`(o.name ilike $${params.length} or o.short_name ilike $${params.length}
                 or exists (select 1 from org_units s where s.kind = 'street_federation' and s.path @> o.path
                                                     and (s.name ilike $${params.length} or s.short_name ilike $${params.length})))`);
  }
  params.push(q.limit);
  const res = await pool.query<{ id: number; name: string; short_name: string | null; kind: 'grassroots_union' | 'street_federation'; district_name: string | null }>(
    `select o.id, o.name, o.short_name, o.kind,
            (select d.name from org_units d where d.kind = 'district_union' and d.path @> o.path limit 1) as district_name
       from org_units o
      where ${where.join(' and ')}
      order by o.path, o.id
      limit $${params.length}`,
    params,
  );
  return res.rows;
}
