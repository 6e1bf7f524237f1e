import { expect } from 'vitest';
import type { TestApp, TestClient } from '../harness';
import { makeIdNumber, makePhone } from './people';
import { lastCode } from './sms';

/** The people of the lifecycle tests: a member with a portal login, and a client per demo account. */
export interface LoanActors {
  sanjing: TestClient;
  xinbei: TestClient;
  wujin: TestClient;
  city: TestClient;
  insurer: TestClient;
  bank: TestClient;
  bank2: TestClient;
}

export async function loanActors(t: TestApp): Promise<LoanActors> {
  return {
    sanjing: await t.login('sanjing'),
    xinbei: await t.login('xinbei'),
    wujin: await t.login('wujin'),
    city: await t.login('city'),
    insurer: (await t.loginFull('insurer')).client,
    bank: (await t.loginFull('bank')).client,
    bank2: (await t.loginFull('bank2')).client,
  };
}

export async function sanjingUnion(t: TestApp): Promise<number> {
  return (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '三井街道总工会') order by id limit 1`)).rows[0].id;
}

/** A member registered by `registrar` in `orgId`, signed in to the portal with a password set by SMS code. */
export async function portalMember(t: TestApp, registrar: TestClient, orgId: number, opts: { name?: string; modelWorkerLevel?: string } = {}) {
  const phone = makePhone();
  const res = await registrar.post('/api/v1/members', { name: opts.name ?? '顾晓峰', idNumber: makeIdNumber(), phone, orgId, modelWorkerLevel: opts.modelWorkerLevel ?? 'none' });
  expect(res.status).toBe(201);
  t.clock.advance(61_000);
  expect((await t.client().post('/api/v1/portal/otp', { phone, purpose: 'first_login' })).status).toBe(200);
  const c = t.client();
  const set = await c.post('/api/v1/portal/auth/set-password', { phone, code: await lastCode(t, phone), newPassword: 'gu2026loan' });
  expect(set.status).toBe(200);
  return { memberId: res.body.id as number, client: c };
}

let keySeq = 0;
/** A fresh Idempotency-Key header. */
export function idem(key?: string): Record<string, string> {
  return { 'idempotency-key': key ?? `test-key-${process.pid}-${++keySeq}-${Math.random().toString(36).slice(2, 8)}` };
}

/**
 * A partner unit (under `parentId`, or a new root) and an officer of it with the given built-in role,
 * written into the tables (the demo has one bank): for the wrong-bank and approval-authority tests.
 */
export async function partnerUnit(t: TestApp, o: { name: string; kind: 'bank' | 'insurer' | 'guarantor'; parentId?: number }): Promise<number> {
  const id = (await t.pool.query(`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`)).rows[0].id as number;
  const parentPath = o.parentId ? (await t.pool.query('select path::text as p from org_units where id = $1', [o.parentId])).rows[0].p : null;
  const path = parentPath ? `${parentPath}.${id}` : String(id);
  await t.pool.query(`insert into org_units (id, parent_id, path, depth, kind, name) values ($1, $2, $3::ltree, $4, $5, $6)`, [id, o.parentId ?? null, path, path.split('.').length - 1, o.kind, o.name]);
  return id;
}

export async function officer(t: TestApp, o: { username: string; displayName: string; orgId: number; role: string }) {
  await t.pool.query(
    `insert into users (username, display_name, org_id, password_hash) select $1, $2, $3, password_hash from users where username = 'bank'`,
    [o.username, o.displayName, o.orgId],
  );
  await t.pool.query(`insert into user_roles (user_id, role_id) select u.id, r.id from users u, roles r where u.username = $1 and r.code = $2`, [o.username, o.role]);
  return (await t.loginFull(o.username)).client;
}
