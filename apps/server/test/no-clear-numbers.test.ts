import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from './harness';
import { idem, portalMember } from './support/loan-actors';
import { bankCsv, makeCardNumber, setupCardProgramme } from './support/card-life';
import { buildLoan, setupLoanProgramme } from './support/loans';
import { activeMerchant, seedTransactions } from './support/merchants';
import { makeIdNumber, makePhone } from './support/people';
import { uploadFile } from './support/sheets';
import { lastCode } from './support/sms';

/**
 * No full ID number or phone reaches any response except `POST /members/:id/reveal`: every GET route of
 * the app (taken from its own route list, so a new route is covered when added) is called with real ids,
 * as the city cadre and as the member, and no body may contain the people's numbers.
 */
let t: TestApp;
let city: TestClient;
let borrower: TestClient;
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
  // A loan being repaid (schedule, disbursement) for a borrower whose numbers join the secrets.
  const fx = await setupLoanProgramme(t);
  const loan = await buildLoan(t, fx, city, { state: 'repaying', orgId: union });
  // The loan goes to a member who signs in to the portal.
  const member = await portalMember(t, city, union, { name: '号码借款人' });
  await t.pool.query('update loans set member_id = $1 where id = $2', [member.memberId, loan.loanId]);
  borrower = member.client;
  for (const id of [loan.memberId, member.memberId]) {
    const revealed = await city.post(`/api/v1/members/${id}/reveal`, { reason: '抽查核对' });
    secrets.push(revealed.body.idNumber, revealed.body.phone);
  }
  ids.loan = loan.loanId;
  ids.programme = fx.programmeId;
  // A partner merchant whose contact phone joins the secrets, with a settlement and a quota period.
  const merchantPhone = makePhone();
  secrets.push(merchantPhone);
  const merchant = await activeMerchant(city, street, { contactPhone: merchantPhone });
  ids.merchant = merchant.id;
  await seedTransactions(t, merchant.id, union, [{ amountFen: 10000, subsidyFen: 1200, occurredAt: '2026-10-03T04:00:00Z' }]);
  ids.settlement = (await city.post('/api/v1/merchant-settlements', { merchantId: merchant.id, month: 202610 }, idem())).body.id;
  ids.quotaPeriod = (await city.post('/api/v1/merchant-quota-periods', { name: '签约月', startsOn: '2026-05-01', endsOn: '2026-06-30' })).body.id;
  // A service card: the borrower applies in the portal, the bank issues it by its file; a batch for the other member.
  const { programmeId: cardProgramme } = await setupCardProgramme(t, city);
  ids.cardProgramme = cardProgramme;
  await borrower.post('/api/v1/portal/card/apply', {});
  const bank = (await t.loginFull('bank')).client;
  const cardNumber = makeCardNumber();
  secrets.push(cardNumber);
  const revealedBorrower = await city.post(`/api/v1/members/${member.memberId}/reveal`, { reason: '抽查核对' });
  const checked = await uploadFile(
    bank,
    '/api/v1/card-bank-imports',
    'cards.csv',
    bankCsv([{ idNumber: revealedBorrower.body.idNumber, name: '号码借款人', cardNumber, state: '已激活', issuedOn: '2026-11-02', activatedOn: '2026-11-05' }]),
    { contentType: 'text/csv' },
  );
  ids.cardImport = (await bank.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, {}, idem())).body.id;
  ids.card = (await t.pool.query('select id from cards where member_id = $1', [member.memberId])).rows[0].id;
  ids.cardBatch = (await city.post('/api/v1/card-batches', { orgId: union, memberIds: [loan.memberId] })).body.id;
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
    ['/api/v1/loans/', 'loan'],
    ['/api/v1/loan-programmes/', 'programme'],
    ['/api/v1/merchants/', 'merchant'],
    ['/api/v1/merchant-directory/', 'merchant'],
    ['/api/v1/merchant-settlements/', 'settlement'],
    ['/api/v1/merchant-quota-periods/', 'quotaPeriod'],
    ['/api/v1/cards/', 'card'],
    ['/api/v1/card-batches/', 'cardBatch'],
    ['/api/v1/card-bank-imports/', 'cardImport'],
    ['/api/v1/card-programmes/', 'cardProgramme'],
  ];
  const hit = map.find(([prefix]) => url.startsWith(prefix));
  return hit ? (ids[hit[1]] ?? 1) : 1;
}

describe('personal numbers in responses', () => {
  it('never appear in clear in any GET answer, for the city cadre', async () => {
    // The member's own portal routes refuse a cadre; the portal test below reads them as the member.
    const routes = t.app.routeCensus.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && r.access !== 'member');
    expect(routes.length).toBeGreaterThan(20);
    const queries: Record<string, string> = {
      '/api/v1/members': `?q=${secrets[0]}`,
      '/api/v1/join-applications/status': '?reference=XXXXXXXXXXXX&phone=13900000000',
      '/api/v1/ledger/export': '?programmeId=PROGRAMME',
      '/api/v1/subsidy-batches/pending': '?programmeId=PROGRAMME&kind=interest&upTo=2026-12-31',
      '/api/v1/merchant-settlements/pending': '?month=202610',
      '/api/v1/merchant-applications/status': '?reference=XXXXXXXXXXXX&phone=13900000000',
      '/api/v1/card-stats': '?period=2026-11',
      '/api/v1/card-stats/export': '?period=2026-11',
      '/api/v1/card-dashboards': '?period=2026-11',
    };
    let checked = 0;
    let answered = 0;
    for (const r of routes) {
      const url = r.url.replace(':id', String(idFor(r.url))) + (queries[r.url] ?? '').replace('PROGRAMME', String(ids.programme));
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

  it('never appear in clear in any GET answer of the member portal, for the borrower', async () => {
    const routes = t.app.routeCensus.filter((r) => r.method === 'GET' && r.access === 'member');
    expect(routes.length).toBeGreaterThan(4);
    let answered = 0;
    for (const r of routes) {
      const url = r.url.replace(':id', String(ids.loan));
      const res = await borrower.get(url);
      const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      for (const s of secrets) expect(body, `${url} leaks a number`).not.toContain(s);
      if (res.status === 200) answered++;
    }
    expect(answered).toBeGreaterThan(routes.length * 0.7);
  });

  it('appear only through reveal, which is audited', async () => {
    const res = await city.post(`/api/v1/members/${ids.member}/reveal`, { reason: '抽查核对' });
    expect(secrets).toContain(res.body.idNumber);
  });
});
