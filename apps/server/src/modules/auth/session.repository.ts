import type pg from 'pg';
import type { Grant, ScopeKind } from '@tongxing/domain';

export interface SessionRow {
  tokenHash: string;
  csrfToken: string;
  state: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userId: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'member';
  userStatus: string;
  locale: string;
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  orgId: number;
  orgPath: string;
  orgName: string;
  orgKind: string;
  orgStatus: string;
  roles: { id: number; code: string; name: string; nameEn: string | null; requiresMfa: boolean }[];
  grants: { permission: string; scope: ScopeKind; unitPaths: string[] }[];
}

// One round trip per request: session, account, unit, roles and grants (with the chosen units' paths).
const LOOKUP = `
select s.token_hash as "tokenHash", s.csrf_token as "csrfToken", s.state, s.created_at as "createdAt",
       s.last_seen_at as "lastSeenAt", s.expires_at as "expiresAt",
       u.id as "userId", u.username, u.display_name as "displayName", u.kind, u.status as "userStatus",
       u.locale, (u.totp_enabled_at is not null) as "totpEnabled", u.last_login_at as "lastLoginAt",
       o.id as "orgId", o.path::text as "orgPath", o.name as "orgName", o.kind as "orgKind", o.status as "orgStatus",
       coalesce((select json_agg(json_build_object('id', r.id, 'code', r.code, 'name', r.name, 'nameEn', r.name_en, 'requiresMfa', r.requires_mfa) order by r.id)
                 from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id), '[]'::json) as roles,
       coalesce((select json_agg(json_build_object('permission', rp.permission, 'scope', rp.scope,
                   'unitPaths', (select coalesce(array_agg(x.path::text), '{}') from org_units x where x.id = any(rp.unit_ids))))
                 from user_roles ur join role_permissions rp on rp.role_id = ur.role_id where ur.user_id = u.id), '[]'::json) as grants
  from sessions s
  join users u on u.id = s.user_id
  join org_units o on o.id = u.org_id
 where s.token_hash = $1`;

export async function findSession(pool: pg.Pool, tokenHash: string): Promise<SessionRow | null> {
  const res = await pool.query<SessionRow>({ name: 'session_lookup', text: LOOKUP, values: [tokenHash] });
  return res.rows[0] ?? null;
}

export async function touchSession(pool: pg.Pool, tokenHash: string, now: Date): Promise<void> {
  await pool.query({
    name: 'session_touch',
    text: 'update sessions set last_seen_at = $2 where token_hash = $1',
    values: [tokenHash, now],
  });
}

export async function deleteSession(pool: pg.Pool, tokenHash: string): Promise<void> {
  await pool.query('delete from sessions where token_hash = $1', [tokenHash]);
}

export function toGrants(rows: SessionRow['grants']): Grant[] {
  return rows.map((g) => ({ permission: g.permission, scope: g.scope, unitPaths: g.unitPaths ?? [] }));
}
