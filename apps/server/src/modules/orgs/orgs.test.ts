import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '@tongxing/domain';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';

let t: TestApp;
let city: TestClient;
let cityId: number;
let xinbeiId: number;
beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  cityId = await t.orgIdByName('常州市总工会');
  xinbeiId = await t.orgIdByName('新北区总工会');
});
afterAll(async () => t.close());

const grassrootsCode = () => completeUscc(`81320411${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`);

describe('the Changzhou tree', () => {
  it('has the city federation at the top and its seven district-level unions', async () => {
    const roots = await city.get('/api/v1/orgs?roots=true&kind=city_federation');
    expect(roots.body.items.map((o: { name: string }) => o.name)).toEqual(['常州市总工会']);
    const districts = await city.get(`/api/v1/orgs?parentId=${cityId}`);
    expect(districts.body.total).toBe(7);
    const byName = Object.fromEntries(districts.body.items.map((o: { name: string; divisionCode: string | null }) => [o.name, o.divisionCode]));
    expect(byName).toEqual({
      天宁区总工会: '320402',
      钟楼区总工会: '320404',
      新北区总工会: '320411',
      武进区总工会: '320412',
      金坛区总工会: '320413',
      溧阳市总工会: '320481',
      常州经济开发区总工会: null,
    });
    for (const d of districts.body.items) expect(d.childCount).toBeGreaterThanOrEqual(3);
  });

  it('finds units by name, short name, credit code or division code', async () => {
    expect((await city.get(`/api/v1/orgs?q=${encodeURIComponent('三井')}`)).body.items[0].name).toBe('三井街道总工会');
    expect((await city.get('/api/v1/orgs?q=320411')).body.items[0].name).toBe('新北区总工会');
    const withCode = (await city.get('/api/v1/orgs?kind=grassroots_union&pageSize=1')).body.items[0];
    expect((await city.get(`/api/v1/orgs?q=${withCode.creditCode.toLowerCase()}`)).body.items[0].id).toBe(withCode.id);
    // LIKE wildcards typed by a user match themselves only.
    expect((await city.get(`/api/v1/orgs?q=${encodeURIComponent('%')}`)).body.total).toBe(0);
  });

  it('lists a whole subtree and pages it', async () => {
    const all = await city.get(`/api/v1/orgs?subtreeOf=${xinbeiId}&pageSize=500`);
    expect(all.body.items[0].id).toBe(xinbeiId);
    expect(all.body.items.every((o: { ancestorIds: number[]; id: number }) => o.id === xinbeiId || o.ancestorIds.includes(xinbeiId))).toBe(true);
    const page2 = await city.get(`/api/v1/orgs?subtreeOf=${xinbeiId}&pageSize=5&page=2`);
    expect(page2.body.total).toBe(all.body.total);
    expect(page2.body.items.map((o: { id: number }) => o.id)).toEqual(all.body.items.slice(5, 10).map((o: { id: number }) => o.id));
    const beyond = await city.get(`/api/v1/orgs?subtreeOf=${xinbeiId}&pageSize=5&page=999`);
    expect(beyond.body).toEqual({ items: [], total: all.body.total });
  });
});

describe('counts', () => {
  it('counts units by kind and status within the scope', async () => {
    const all = (await city.get('/api/v1/orgs/counts')).body;
    expect(all.byKind.district_union).toBe(7);
    expect(all.total).toBe(all.active + all.inactive);
    const xinbei = await t.login('xinbei');
    const mine = (await xinbei.get('/api/v1/orgs/counts')).body;
    expect(mine.byKind.district_union).toBe(1);
    expect(mine.byKind.bank).toBeUndefined();
    expect((await city.get(`/api/v1/orgs/counts?subtreeOf=${xinbeiId}`)).body).toEqual(mine);
  });
});

describe('creating units', () => {
  it('creates a street and a grassroots union under it and audits both', async () => {
    const street = await city.post('/api/v1/orgs', { name: '春江街道总工会', shortName: '春江街道', kind: 'street_federation', parentId: xinbeiId });
    expect(street.status).toBe(201);
    expect(street.body).toMatchObject({ kind: 'street_federation', parentId: xinbeiId, status: 'active', ancestorIds: [cityId, xinbeiId], depth: 2 });
    const code = grassrootsCode();
    const union = await city.post('/api/v1/orgs', {
      name: '常州春江电子有限公司工会委员会',
      kind: 'grassroots_union',
      parentId: street.body.id,
      creditCode: code.toLowerCase(),
      contactPhone: '0519-85550000',
    });
    expect(union.status).toBe(201);
    expect(union.body.creditCode).toBe(code);
    const audit = await t.pool.query(`select action, actor_username, after from audit_log where entity_type = 'org' and entity_id = $1`, [String(union.body.id)]);
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'org.create', actor_username: 'city' })]);
    expect(audit.rows[0].after.creditCode).toBe(code);
  });

  it('refuses bad input with named fields and changes nothing', async () => {
    const before = (await t.pool.query('select count(*)::int as n from org_units')).rows[0].n;
    const res = await city.post('/api/v1/orgs', {
      name: '',
      kind: 'grassroots_union',
      parentId: xinbeiId,
      creditCode: '813204110000000001',
      divisionCode: '32041',
      color: 'red',
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['color', 'creditCode', 'divisionCode', 'name']);
    expect(res.body.errors.find((e: { path: string }) => e.path === 'creditCode').message).toBe('统一社会信用代码格式或校验位错误');
    const wrongPrefix = await city.post('/api/v1/orgs', { name: 'x', kind: 'grassroots_union', parentId: xinbeiId, creditCode: completeUscc('91320411000000001') });
    expect(wrongPrefix.body.errors).toEqual([expect.objectContaining({ path: 'creditCode', code: 'uscc.grassroots81' })]);
    expect((await city.post('/api/v1/orgs', { name: 'x', kind: 'spaceship', parentId: xinbeiId })).status).toBe(400);
    expect((await t.pool.query('select count(*)::int as n from org_units')).rows[0].n).toBe(before);
  });

  it('enforces the kind order, one city federation and unique credit codes', async () => {
    const street = (await city.get(`/api/v1/orgs?parentId=${xinbeiId}&kind=street_federation`)).body.items[0];
    const districtUnderStreet = await city.post('/api/v1/orgs', { name: 'x', kind: 'district_union', parentId: street.id });
    expect(districtUnderStreet.status).toBe(422);
    expect(districtUnderStreet.body.code).toBe('ORG_PARENT_INVALID');
    const bankUnderUnion = await city.post('/api/v1/orgs', { name: 'x', kind: 'bank', parentId: street.id });
    expect(bankUnderUnion.body.params.reason).toBe('partner_mix');
    expect((await city.post('/api/v1/orgs', { name: '另一个市总', kind: 'city_federation' })).body.code).toBe('ORG_ROOT_EXISTS');
    const code = grassrootsCode();
    expect((await city.post('/api/v1/orgs', { name: 'a', kind: 'grassroots_union', parentId: street.id, creditCode: code })).status).toBe(201);
    const dup = await city.post('/api/v1/orgs', { name: 'b', kind: 'grassroots_union', parentId: street.id, creditCode: code });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CREDIT_CODE_TAKEN');
  });

  it('partners sit at the top or under their own kind, and can be lifted back to the top', async () => {
    const bank = await city.post('/api/v1/orgs', { name: '测试银行', kind: 'bank' });
    expect(bank.status).toBe(201);
    const branch = await city.post('/api/v1/orgs', { name: '测试银行某支行', kind: 'bank', parentId: bank.body.id });
    expect(branch.status).toBe(201);
    const sub = await city.post('/api/v1/orgs', { name: '测试银行某网点', kind: 'bank', parentId: branch.body.id });
    const lifted = await city.patch(`/api/v1/orgs/${branch.body.id}`, { parentId: null });
    expect(lifted.body).toMatchObject({ parentId: null, ancestorIds: [], depth: 0 });
    expect((await city.get(`/api/v1/orgs/${sub.body.id}`)).body).toMatchObject({ ancestorIds: [branch.body.id], depth: 1 });
    expect((await city.patch(`/api/v1/orgs/${xinbeiId}`, { parentId: null })).body.code).toBe('ORG_PARENT_INVALID');
    const xinbei = await t.login('xinbei');
    expect((await xinbei.post('/api/v1/orgs', { name: '区里的银行', kind: 'bank' })).status).toBe(403);
  });
});

describe('editing, moving, deactivating', () => {
  it('edits fields and records before/after', async () => {
    const s = await city.post('/api/v1/orgs', { name: '临时街道总工会', kind: 'street_federation', parentId: xinbeiId });
    const res = await city.patch(`/api/v1/orgs/${s.body.id}`, { shortName: '临时', contactName: '张三', address: '' });
    expect(res.body).toMatchObject({ shortName: '临时', contactName: '张三', address: null });
    const row = (await t.pool.query(`select before, after from audit_log where action = 'org.update' and entity_id = $1`, [String(s.body.id)])).rows[0];
    expect(row.before).toEqual({ shortName: null, contactName: null });
    expect(row.after).toEqual({ shortName: '临时', contactName: '张三' });
  });

  it('moves a subtree with its descendants and refuses cycles', async () => {
    const tianning = await t.orgIdByName('天宁区总工会');
    const street = await city.post('/api/v1/orgs', { name: '搬迁街道总工会', kind: 'street_federation', parentId: tianning });
    const union = await city.post('/api/v1/orgs', { name: '搬迁企业工会', kind: 'grassroots_union', parentId: street.body.id });
    const branch = await city.post('/api/v1/orgs', { name: '搬迁分工会', kind: 'branch', parentId: union.body.id });
    const moved = await city.patch(`/api/v1/orgs/${street.body.id}`, { parentId: xinbeiId });
    expect(moved.status).toBe(200);
    expect(moved.body.ancestorIds).toEqual([cityId, xinbeiId]);
    const deep = await city.get(`/api/v1/orgs/${branch.body.id}`);
    expect(deep.body.ancestorIds).toEqual([cityId, xinbeiId, street.body.id, union.body.id]);
    expect(deep.body.depth).toBe(4);
    const inXinbei = await city.get(`/api/v1/orgs?subtreeOf=${xinbeiId}&pageSize=500`);
    expect(inXinbei.body.items.map((o: { id: number }) => o.id)).toContain(branch.body.id);

    const cycle = await city.patch(`/api/v1/orgs/${street.body.id}`, { parentId: union.body.id });
    expect(cycle.status).toBe(422);
    expect(['ORG_MOVE_CYCLE']).toContain(cycle.body.code);
    expect((await city.patch(`/api/v1/orgs/${street.body.id}`, { parentId: street.body.id })).body.code).toBe('ORG_MOVE_CYCLE');
    expect((await city.patch(`/api/v1/orgs/${union.body.id}`, { parentId: branch.body.id })).body.code).toBe('ORG_MOVE_CYCLE');
    expect((await t.pool.query(`select action from audit_log where action = 'org.move' and entity_id = $1`, [String(street.body.id)])).rowCount).toBe(1);
  });

  it('deactivates only leaves-first, reactivates only under an active parent, deletes only what nothing uses', async () => {
    const street = await city.post('/api/v1/orgs', { name: '停用测试街道总工会', kind: 'street_federation', parentId: xinbeiId });
    const union = await city.post('/api/v1/orgs', { name: '停用测试企业工会', kind: 'grassroots_union', parentId: street.body.id });
    expect((await city.patch(`/api/v1/orgs/${street.body.id}`, { status: 'inactive' })).body.code).toBe('ORG_HAS_ACTIVE_CHILDREN');
    expect((await city.patch(`/api/v1/orgs/${union.body.id}`, { status: 'inactive' })).body.status).toBe('inactive');
    expect((await city.patch(`/api/v1/orgs/${street.body.id}`, { status: 'inactive' })).body.status).toBe('inactive');
    expect((await city.patch(`/api/v1/orgs/${union.body.id}`, { status: 'active' })).body.code).toBe('ORG_PARENT_INACTIVE');
    expect((await city.post('/api/v1/orgs', { name: 'x', kind: 'grassroots_union', parentId: street.body.id })).body.code).toBe('ORG_PARENT_INACTIVE');
    expect((await city.get(`/api/v1/orgs?parentId=${xinbeiId}&status=inactive`)).body.items.map((o: { id: number }) => o.id)).toContain(street.body.id);

    expect((await city.delete(`/api/v1/orgs/${street.body.id}`)).body.code).toBe('ORG_IN_USE');
    expect((await city.delete(`/api/v1/orgs/${union.body.id}`)).status).toBe(200);
    expect((await city.get(`/api/v1/orgs/${union.body.id}`)).status).toBe(404);
    // A unit with accounts is in use.
    expect((await city.delete(`/api/v1/orgs/${xinbeiId}`)).body.code).toBe('ORG_IN_USE');
    const sanjingStreet = await t.orgIdByName('三井街道总工会');
    const withUsers = await city.post('/api/v1/orgs', { name: '有账号的单位', kind: 'grassroots_union', parentId: sanjingStreet });
    await city.post('/api/v1/users', { username: 'unit.user', displayName: '某人', orgId: withUsers.body.id, password: 'Unit#User2026', roleIds: [] });
    expect((await city.delete(`/api/v1/orgs/${withUsers.body.id}`)).body.code).toBe('ORG_IN_USE');
  });

  it('signs out the accounts of a deactivated unit', async () => {
    const unit = await city.post('/api/v1/orgs', { name: '将停用的工会', kind: 'grassroots_union', parentId: xinbeiId });
    await city.post('/api/v1/users', { username: 'soon.gone', displayName: '某人', orgId: unit.body.id, password: 'Soon#Gone2026', roleIds: [], mustChangePassword: false });
    const member = await t.login('soon.gone', 'Soon#Gone2026');
    expect((await member.get('/api/v1/me')).status).toBe(200);
    await city.patch(`/api/v1/orgs/${unit.body.id}`, { status: 'inactive' });
    expect((await member.get('/api/v1/me')).status).toBe(401);
    expect((await t.client().post('/api/v1/auth/login', { username: 'soon.gone', password: 'Soon#Gone2026' })).status).toBe(401);
  });
});
