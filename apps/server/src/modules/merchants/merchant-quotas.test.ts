import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { activeMerchant } from '../../../test/support/merchants';
import { checkHandDown } from './quota-rule';

let t: TestApp;
let city: TestClient;
let xinbei: TestClient;
let sanjing: TestClient;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  [city, xinbei, sanjing] = [await t.login('city'), await t.login('xinbei'), await t.login('sanjing')];
  for (const [k, name] of Object.entries({ city: '常州市总工会', xinbei: '新北区总工会', wujin: '武进区总工会', sanjing: '三井街道总工会', hehai: '河海街道总工会', hutang: '湖塘镇总工会' })) {
    ids[k] = await t.orgIdByName(name);
  }
});
afterAll(async () => t.close());

describe('the hand-down rule', () => {
  it('caps the children’s sum by the parent’s quota and a child by what it has handed on', () => {
    const base = { parentQuota: 10, otherChildren: [3], handedOnBy: new Map([[1, 4]]) };
    expect(checkHandDown({ ...base, requested: [{ orgId: 1, quota: 7 }] })).toEqual([]);
    expect(checkHandDown({ ...base, requested: [{ orgId: 1, quota: 8 }] })).toEqual([{ path: 'quotas', code: 'merchant.quotaExceedsParent' }]);
    expect(checkHandDown({ ...base, requested: [{ orgId: 1, quota: 3 }] })).toEqual([{ path: 'quotas.0.quota', code: 'merchant.quotaBelowChildren' }]);
    expect(checkHandDown({ ...base, parentQuota: null, requested: [{ orgId: 1, quota: 1000 }] })).toEqual([]);
  });
});

describe('signing quotas', () => {
  it('the city opens a period and hands districts quotas; districts hand them on within their own; progress counts approvals in the period', async () => {
    expect((await xinbei.post('/api/v1/merchant-quota-periods', { name: '越权', startsOn: '2026-05-01', endsOn: '2026-06-30' })).status).toBe(403);
    const bad = await city.post('/api/v1/merchant-quota-periods', { name: '倒置', startsOn: '2026-07-01', endsOn: '2026-06-30' });
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'endsOn', code: 'date.range' })]);
    // The period runs over the test clock's today (2026-11-28), so approvals now count.
    const period = await city.post('/api/v1/merchant-quota-periods', { name: '2026 冬季签约月', startsOn: '2026-11-01', endsOn: '2026-12-31' });
    expect(period.status).toBe(201);
    const pid = period.body.id;

    const toDistricts = await city.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.city, quotas: [{ orgId: ids.xinbei, quota: 10 }, { orgId: ids.wujin, quota: 8 }] });
    expect(toDistricts.status, JSON.stringify(toDistricts.body)).toBe(200);
    expect(toDistricts.body.unit).toMatchObject({ orgId: ids.city, quota: null, handedDown: 18 });
    expect(toDistricts.body.children.find((c: { orgId: number }) => c.orgId === ids.xinbei)).toMatchObject({ quota: 10, signed: 0, progressBps: 0 });

    // 新北区 hands on at most its 10.
    const over = await xinbei.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.xinbei, quotas: [{ orgId: ids.sanjing, quota: 6 }, { orgId: ids.hehai, quota: 5 }] });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('MERCHANT_QUOTA_EXCEEDED');
    expect(over.body.errors).toEqual([expect.objectContaining({ path: 'quotas', code: 'merchant.quotaExceedsParent' })]);
    const ok = await xinbei.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.xinbei, quotas: [{ orgId: ids.sanjing, quota: 6 }, { orgId: ids.hehai, quota: 4 }] });
    expect(ok.status).toBe(200);
    expect(ok.body.unit).toMatchObject({ orgId: ids.xinbei, quota: 10, handedDown: 10 });
    // Raising one street past the district's total is refused: the other street keeps its 4.
    const raise = await xinbei.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.xinbei, quotas: [{ orgId: ids.sanjing, quota: 7 }] });
    expect(raise.body.code).toBe('MERCHANT_QUOTA_EXCEEDED');
    // The city cannot cut 新北区 below what it has handed on.
    const cut = await city.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.city, quotas: [{ orgId: ids.xinbei, quota: 9 }] });
    expect(cut.status).toBe(422);
    expect(cut.body.errors).toEqual([expect.objectContaining({ path: 'quotas.0.quota', code: 'merchant.quotaBelowChildren' })]);
    // Only direct children, and only within the setter's scope.
    const notChild = await xinbei.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.xinbei, quotas: [{ orgId: ids.hutang, quota: 1 }] });
    expect(notChild.body.errors).toEqual([expect.objectContaining({ path: 'quotas.0.orgId', code: 'merchant.quotaChild' })]);
    expect((await xinbei.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.wujin, quotas: [{ orgId: ids.hutang, quota: 1 }] })).status).toBe(404);
    // A street hands its own quota on to its community federation, within its 6.
    const community = await t.orgIdByName('三井街道社区工会联合会');
    const tooMuch = await sanjing.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.sanjing, quotas: [{ orgId: community, quota: 7 }] });
    expect(tooMuch.body.code).toBe('MERCHANT_QUOTA_EXCEEDED');
    expect((await sanjing.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.sanjing, quotas: [{ orgId: community, quota: 2 }] })).status).toBe(200);
    // A unit given no quota has nothing to hand down.
    const longhu = await t.orgIdByName('龙虎塘街道总工会');
    const none = await xinbei.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: longhu, quotas: [{ orgId: (await t.pool.query(`select id from org_units where parent_id = $1 limit 1`, [longhu])).rows[0].id, quota: 1 }] });
    expect(none.body.code).toBe('MERCHANT_QUOTA_EXCEEDED');

    // Progress: two merchants approved now in 三井街道, one in 河海街道.
    await activeMerchant(xinbei, ids.sanjing!);
    await activeMerchant(xinbei, ids.sanjing!);
    await activeMerchant(xinbei, ids.hehai!);
    const mine = await xinbei.get(`/api/v1/merchant-quota-periods/${pid}`);
    expect(mine.body.unit).toMatchObject({ orgId: ids.xinbei, quota: 10, signed: 3, progressBps: 3000 });
    expect(mine.body.children.find((c: { orgId: number }) => c.orgId === ids.sanjing)).toMatchObject({ quota: 6, signed: 2, progressBps: 3333 });
    expect(mine.body.children.find((c: { orgId: number }) => c.orgId === ids.hehai)).toMatchObject({ quota: 4, signed: 1, progressBps: 2500 });
    const street = await sanjing.get(`/api/v1/merchant-quota-periods/${pid}`);
    expect(street.body.unit).toMatchObject({ orgId: ids.sanjing, quota: 6, signed: 2 });
    expect((await sanjing.get(`/api/v1/merchant-quota-periods/${pid}?orgId=${ids.xinbei}`)).status).toBe(404);
    const cityView = await city.get(`/api/v1/merchant-quota-periods/${pid}`);
    expect(cityView.body.children.find((c: { orgId: number }) => c.orgId === ids.xinbei)).toMatchObject({ signed: 3, quota: 10 });
    expect((await city.get('/api/v1/merchant-quota-periods')).body.items[0]).toMatchObject({ id: pid, name: '2026 冬季签约月' });
    // A merchant approved outside the period does not count.
    const outside = await city.post('/api/v1/merchant-quota-periods', { name: '2026 五月签约月', startsOn: '2026-05-01', endsOn: '2026-06-30' });
    expect((await city.get(`/api/v1/merchant-quota-periods/${outside.body.id}?orgId=${ids.xinbei}`)).body.unit).toMatchObject({ quota: null, signed: 0 });
    expect((await sanjing.put(`/api/v1/merchant-quota-periods/${pid}/quotas`, { parentOrgId: ids.sanjing, quotas: [] })).status).toBe(400);
  });
});
