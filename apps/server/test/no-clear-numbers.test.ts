import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from './harness';
import { makeIdNumber, makePhone } from './support/people';
import { lastCode } from './support/sms';

/**
 * No full ID number or phone reaches any response except `POST /members/:id/reveal`: every GET route of
 * the app (taken from its own route list, so a new route is covered when added) is called with real ids,
 * as the city cadre and as the member, and no body may contain the people's numbers.
 */
let t: TestApp;
let city: TestClient;
const secrets: string[] = [];
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp({ OTP_IP_HOURLY_LIMIT: '100000' });
  city = await t.login('city');
  const street = await t.orgIdByName('三井街道总工会');
  const union = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = $1 order by id limit 1`, [street])).rows[0].id;
  const other = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '湖塘镇总工会') limit 1`)).rows[0].id;
  for (let i = 0; i < 3; i++) {
    const idNumber = makeIdNumber();
    const phone = makePhone();
    secrets.push(idNumber, phone);
    const res = await city.post('/api/v1/members', { name: `号码${i}`, idNumber, phone, orgId: union, tags: ['抽查'] });
    ids.member = res.body.id;
  }
  ids.transfer = (await city.post('/api/v1/member-transfers', { memberId: ids.member, toOrgId: other })).body.id;
  // A joining application and a member with a portal login.
  const applicant = { idNumber: makeIdNumber(), phone: makePhone() };
  secrets.push(applicant.idNumber, applicant.phone);
  await t.client().post('/api/v1/portal/otp', { phone: applicant.phone, purpose: 'join' });
  const code = await lastCode(t, applicant.phone);
  await t.client().post('/api/v1/join-applications', { name: '申请人', idType: 'resident_id', ...applicant, code, employer: '某公司', orgId: union });
  ids.application = (await t.pool.query('select max(id) as id from join_applications')).rows[0].id;
  ids.org = union;
  ids.user = await t.userIdByName('sanjing');
  ids.role = (await t.pool.query(`select id from roles where code = 'city_cadre'`)).rows[0].id;
  const exported = await city.post('/api/v1/member-exports', { filter: {} });
  ids.export = exported.body.id;
});
afterAll(async () => t.close());

function idFor(url: string): number {
  const map: [string, string][] = [
    ['/api/v1/members/', 'member'],
    ['/api/v1/member-transfers/', 'transfer'],
    ['/api/v1/join-applications/', 'application'],
    ['/api/v1/orgs/', 'org'],
    ['/api/v1/users/', 'user'],
    ['/api/v1/roles/', 'role'],
    ['/api/v1/member-exports/', 'export'],
  ];
  const hit = map.find(([prefix]) => url.startsWith(prefix));
  return hit ? (ids[hit[1]] ?? 1) : 1;
}

describe('personal numbers in responses', () => {
  it('never appear in clear in any GET answer, for the city cadre', async () => {
    const routes = t.app.routeCensus.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(20);
    const queries: Record<string, string> = {
      '/api/v1/members': `?q=${secrets[0]}`,
      '/api/v1/join-applications/status': '?reference=XXXXXXXXXXXX&phone=13900000000',
    };
    let checked = 0;
    let answered = 0;
    for (const r of routes) {
      const url = r.url.replace(':id', String(idFor(r.url))) + (queries[r.url] ?? '');
      const res = await city.get(url);
      const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      for (const s of secrets) expect(body, `${url} leaks a number`).not.toContain(s);
      checked++;
      if (res.status === 200) answered++;
    }
    // The search by a full number found the member, masked.
    const found = await city.get(`/api/v1/members?q=${secrets[0]}`);
    expect(found.body.total).toBe(1);
    expect(checked).toBe(routes.length);
    // Most routes really answered (not a 404 or 403 that proves nothing).
    expect(answered).toBeGreaterThan(routes.length * 0.7);
  });

  it('appear only through reveal, which is audited', async () => {
    const res = await city.post(`/api/v1/members/${ids.member}/reveal`, { reason: '抽查核对' });
    expect(secrets).toContain(res.body.idNumber);
  });
});
