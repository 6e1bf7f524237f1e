import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from './harness';

/**
 * A district cadre of 新北区 must not see or touch anything of 武进区: every read and every write of a
 * 武进区 unit or account answers 404, exactly as for an id that does not exist, and nothing changes.
 * The routes with an :id are taken from the app's own route list, so a new route is covered when added.
 */
let t: TestApp;
let xinbei: TestClient;
let wujinUnitIds: number[];
let wujinUserIds: number[];
let xinbeiUnitId: number;

const bodies: Record<string, unknown> = {
  'PATCH /api/v1/orgs/:id': { name: '改名' },
  'DELETE /api/v1/orgs/:id': undefined,
  'PATCH /api/v1/users/:id': { displayName: '改名' },
  'POST /api/v1/users/:id/reset-password': { newPassword: 'Another#Pass2026', mustChangePassword: true },
  'POST /api/v1/users/:id/unlock': {},
  'POST /api/v1/users/:id/end-sessions': {},
  'POST /api/v1/users/:id/reset-totp': {},
  'PUT /api/v1/users/:id/roles': { roleIds: [] },
};

async function snapshot() {
  const orgs = await t.pool.query('select id, name, path::text, status, updated_at from org_units order by id');
  const users = await t.pool.query('select id, display_name, status, password_hash, org_id from users order by id');
  const sessions = await t.pool.query('select count(*)::int as n from sessions');
  return JSON.stringify([orgs.rows, users.rows]) + sessions.rows[0].n;
}

beforeAll(async () => {
  t = await createTestApp();
  xinbei = await t.login('xinbei');
  await t.login('wujin'); // a live session that must survive
  const wujinId = await t.orgIdByName('武进区总工会');
  xinbeiUnitId = await t.orgIdByName('三井街道总工会');
  wujinUnitIds = (await t.pool.query(`select id from org_units where path <@ (select path from org_units where id = $1)`, [wujinId])).rows.map((r) => r.id);
  wujinUserIds = (await t.pool.query(`select u.id from users u join org_units o on o.id = u.org_id where o.path <@ (select path from org_units where id = $1)`, [wujinId])).rows.map((r) => r.id);
  expect(wujinUnitIds.length).toBeGreaterThan(10);
  expect(wujinUserIds.length).toBeGreaterThan(0);
});
afterAll(async () => t.close());

describe('新北区 cadre and 武进区', () => {
  it('every :id route under /orgs and /users answers 404 for every 武进区 unit and account, and changes nothing', async () => {
    const before = await snapshot();
    const routes = t.app.routeCensus.filter((r) => /^\/api\/v1\/(orgs|users)\/:id/.test(r.url) && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThanOrEqual(9);
    let calls = 0;
    for (const r of routes) {
      const ids = r.url.startsWith('/api/v1/orgs') ? wujinUnitIds : wujinUserIds;
      const key = `${r.method} ${r.url}`;
      for (const id of ids) {
        const res = await xinbei.request(r.method, r.url.replace(':id', String(id)), r.method === 'GET' ? undefined : (bodies[key] ?? {}));
        expect(res.status, `${key} id=${id}`).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
        calls++;
      }
      // The same answer as for an id that does not exist at all.
      const missing = await xinbei.request(r.method, r.url.replace(':id', '2000000000'), r.method === 'GET' ? undefined : (bodies[key] ?? {}));
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
    }
    const orgRoutes = routes.filter((r) => r.url.startsWith('/api/v1/orgs')).length;
    expect(calls).toBe(orgRoutes * wujinUnitIds.length + (routes.length - orgRoutes) * wujinUserIds.length);
    expect(await snapshot()).toBe(before);
  });

  it('cannot create under, move into, or assign accounts to 武进区 units', async () => {
    const before = await snapshot();
    for (const parentId of wujinUnitIds.slice(0, 5)) {
      expect((await xinbei.post('/api/v1/orgs', { name: '越界', kind: 'branch', parentId })).status).toBe(404);
      expect((await xinbei.patch(`/api/v1/orgs/${xinbeiUnitId}`, { parentId })).status).toBe(404);
      expect((await xinbei.post('/api/v1/users', { username: `x${parentId}`, displayName: '越界', orgId: parentId, password: 'Cross#Border2026', roleIds: [] })).status).toBe(404);
    }
    const ownUser = (await xinbei.get('/api/v1/users')).body.items.find((u: { username: string }) => u.username === 'sanjing');
    expect((await xinbei.patch(`/api/v1/users/${ownUser.id}`, { orgId: wujinUnitIds[0] })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('never lists or finds 武进区 units or accounts', async () => {
    const wujinId = wujinUnitIds[0]!;
    expect((await xinbei.get(`/api/v1/orgs?subtreeOf=${wujinId}`)).body).toEqual({ items: [], total: 0 });
    expect((await xinbei.get(`/api/v1/orgs?parentId=${wujinId}`)).body).toEqual({ items: [], total: 0 });
    expect((await xinbei.get(`/api/v1/orgs?q=${encodeURIComponent('武进')}`)).body.total).toBe(0);
    expect((await xinbei.get(`/api/v1/orgs?q=${encodeURIComponent('湖塘')}`)).body.total).toBe(0);
    const all = await xinbei.get('/api/v1/orgs?pageSize=500');
    expect(all.body.items.some((o: { id: number }) => wujinUnitIds.includes(o.id))).toBe(false);
    const roots = await xinbei.get('/api/v1/orgs?roots=true');
    expect(roots.body.items.map((o: { name: string }) => o.name)).toEqual(['新北区总工会']);
    expect((await xinbei.get(`/api/v1/users?orgId=${wujinId}`)).body).toEqual({ items: [], total: 0 });
    expect((await xinbei.get('/api/v1/users?q=wujin')).body.total).toBe(0);
    const users = await xinbei.get('/api/v1/users?pageSize=500');
    expect(users.body.items.some((u: { id: number }) => wujinUserIds.includes(u.id))).toBe(false);
  });

  it('sees and edits its own district', async () => {
    expect((await xinbei.get(`/api/v1/orgs/${xinbeiUnitId}`)).status).toBe(200);
    expect((await xinbei.patch(`/api/v1/orgs/${xinbeiUnitId}`, { contactName: '值班室' })).status).toBe(200);
  });
});

describe('partner staff', () => {
  it('see only their own partner organisation (and its branches when granted)', async () => {
    const { client: bank } = await t.loginFull('bank');
    const list = await bank.get('/api/v1/orgs?pageSize=500');
    expect(list.body.items.map((o: { name: string }) => o.name)).toEqual(['江苏同舟农村商业银行常州分行']);
    const head = await t.orgIdByName('江苏同舟农村商业银行');
    expect((await bank.get(`/api/v1/orgs/${head}`)).status).toBe(404);
    expect((await bank.get(`/api/v1/orgs/${wujinUnitIds[0]}`)).status).toBe(404);
    // No org:write at all: a permission denial, not a scope miss.
    const denied = await bank.patch(`/api/v1/orgs/${xinbeiUnitId}`, { name: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    expect((await bank.get('/api/v1/users')).status).toBe(403);
    const audited = await t.pool.query(`select count(*)::int as n from audit_log where action = 'security.permission_denied' and actor_username = 'bank'`);
    expect(audited.rows[0].n).toBe(2);
  });
});
