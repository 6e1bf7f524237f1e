import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUscc, merchantCategories } from '@tongxing/domain';
import { seedDemoMerchants, type DemoMerchantsSummary } from '../src/demo/demo-merchants';
import { shanghaiDate } from '../src/lib/local-date';
import { createTestApp, type TestApp } from './harness';

/** The demo merchants seeded into a fresh database (the tree only), checked through the API and the tables. */
describe('the demo merchants', () => {
  let t: TestApp;
  let summary: DemoMerchantsSummary;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp();
    summary = await seedDemoMerchants(t.pool, t.deps.crypto, { today: shanghaiDate(t.clock()) });
  }, 120_000);
  afterAll(async () => t.close());

  it('loads about 300 merchants in every category and district, most active, a few in every other state, in seconds', async () => {
    expect(summary.merchants).toBe(300);
    expect(summary.seconds).toBeLessThan(10);
    expect(summary.byState.active).toBeGreaterThan(240);
    for (const s of ['applied', 'suspended', 'revoked', 'rejected']) expect(summary.byState[s], s).toBeGreaterThan(0);
    const cats = await q<{ category: string }>('select distinct category from merchants');
    expect(new Set(cats.map((c) => c.category))).toEqual(new Set(merchantCategories));
    const districts = await q<{ n: number }>(`select count(distinct subpath(supervisor_path, 1, 1))::int as n from merchants`);
    expect(districts[0]!.n).toBe(7);
    const codes = await q<{ credit_code: string }>('select credit_code from merchants');
    expect(codes.every((c) => isValidUscc(c.credit_code))).toBe(true);
    expect(new Set(codes.map((c) => c.credit_code)).size).toBe(300);
    // Every signed merchant has an agreement from its signing; stations get the 12% union subsidy.
    const unsigned = await q(`select m.id from merchants m where m.activated_on is not null and not exists (select 1 from merchant_agreements a where a.merchant_id = m.id and a.valid_from = m.activated_on)`);
    expect(unsigned).toEqual([]);
    const stations = await q<{ subsidy_bps: number; n: number }>(`select a.subsidy_bps, count(*)::int as n from merchants m join merchant_agreements a on a.merchant_id = m.id where m.category = 'worker_station' group by 1`);
    expect(stations).toEqual([{ subsidy_bps: 1200, n: 28 + 1 }]);
    // Coordinates near Changzhou.
    const box = await q<{ lo_lng: number; hi_lng: number; lo_lat: number; hi_lat: number }>(`select min(lng)::float8 as lo_lng, max(lng)::float8 as hi_lng, min(lat)::float8 as lo_lat, max(lat)::float8 as hi_lat from merchants`);
    expect(box[0]!.lo_lng).toBeGreaterThan(119.3);
    expect(box[0]!.hi_lng).toBeLessThan(120.2);
    expect(box[0]!.lo_lat).toBeGreaterThan(31.3);
    expect(box[0]!.hi_lat).toBeLessThan(31.9);
  });

  it('has one merchant revoked a year ago, banned for two more years, whose code is refused', async () => {
    const [banned] = await q<{ credit_code: string; revoked_on: string; banned_until: string }>(`select credit_code, revoked_on, banned_until from merchants where revoked_on = '2025-11-28'`);
    expect(banned).toMatchObject({ banned_until: '2028-11-28' });
    const sanjing = await t.orgIdByName('三井街道总工会');
    const res = await t.client().post('/api/v1/merchant-applications', {
      name: '重新申请',
      creditCode: banned!.credit_code,
      category: 'catering',
      address: '常州市',
      lng: 119.97,
      lat: 31.81,
      contactName: '某人',
      contactPhone: '13912345678',
      orgId: sanjing,
    });
    expect(res.body).toMatchObject({ code: 'MERCHANT_BANNED', params: { from: '2028-11-28' } });
  });

  it('gives the demo merchant operator its own merchant, and the partners their demo keys', async () => {
    const { client } = await t.loginFull('merchant');
    const me = await client.get('/api/v1/merchant-console/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: '劳动者驿站（红梅店）', state: 'active', category: 'worker_station' });
    expect((await client.get('/api/v1/merchants')).body.total).toBe(1);
    const linked = await q<{ n: number }>(`select count(*)::int as n from merchants where partner_org_id is not null`);
    expect(linked[0]!.n).toBe(5);
    const keys = await q<{ key_id: string; kind: string; secret_enc: Buffer }>(`select k.key_id, o.kind, k.secret_enc from partner_api_keys k join org_units o on o.id = k.org_id order by k.key_id`);
    expect(keys.map((k) => [k.key_id, k.kind])).toEqual([
      ['demo-bank', 'bank'],
      ['demo-merchant', 'merchant'],
    ]);
    expect(t.deps.crypto.decrypt(keys[1]!.secret_enc)).toBe('demo-merchant-secret');
  });

  it('opens this year’s May–June signing month with quotas handed down within each district', async () => {
    const city = await t.login('city');
    const periods = await city.get('/api/v1/merchant-quota-periods');
    expect(periods.body.items[0]).toMatchObject({ name: '2026 五月签约月', startsOn: '2026-05-01', endsOn: '2026-06-30' });
    const view = await city.get(`/api/v1/merchant-quota-periods/${summary.periodId}`);
    expect(view.body.children).toHaveLength(7);
    for (const d of view.body.children) {
      expect(d.quota).toBeGreaterThan(0);
      expect(d.handedDown).toBeLessThanOrEqual(d.quota);
    }
    const signed = view.body.children.reduce((s: number, d: { signed: number }) => s + d.signed, 0);
    expect(signed).toBeGreaterThan(20);
    const xinbei = await t.login('xinbei');
    const mine = await xinbei.get(`/api/v1/merchant-quota-periods/${summary.periodId}`);
    expect(mine.body.children).toHaveLength(4);
    const directory = await t.client().get('/api/v1/merchant-directory?category=worker_station&lng=119.97&lat=31.81&pageSize=5');
    expect(directory.status, JSON.stringify(directory.body)).toBe(200);
    expect(directory.body.items[0].distanceM).toBeLessThan(directory.body.items[4].distanceM);
  });
});
