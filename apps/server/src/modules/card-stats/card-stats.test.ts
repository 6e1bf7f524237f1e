import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { addAgreement, addCard, addMember, addMerchant, addPartnerKey, setupCardFixture, signedPost, type CardFixture, type PartnerKey } from '../../../test/support/card-transactions';

/**
 * `GET /card-stats` and the dashboards against a small fixture counted by hand: six members in three unions
 * of two districts, six cards at every stage, purchases and a whole refund sent through the signed API.
 */
let t: TestApp;
let fx: CardFixture;
let city: TestClient;
let xinbei: number;
let tianning: number;
const bank: PartnerKey = { keyId: 'stats-bank', secret: 'stats-bank-secret-0123456789' };
let merchantId: number;

async function send(items: unknown[]) {
  t.clock.advance(1000);
  const res = await signedPost(t, bank, { items });
  expect(res.status).toBe(200);
  for (const r of res.body.results) expect(r.status, JSON.stringify(r)).toBe('accepted');
}

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupCardFixture(t, { minQualifyingFen: 100 });
  city = await t.login('city');
  xinbei = await t.orgIdByName('新北区总工会');
  tianning = await t.orgIdByName('天宁区总工会');
  expect(fx.unions.map((u) => u.districtId)).toEqual([xinbei, xinbei, tianning]);
  const [a1, a2, b1] = fx.unions.map((u) => u.id) as [number, number, number];
  const m = [await addMember(t, a1), await addMember(t, a1), await addMember(t, a1), await addMember(t, a2), await addMember(t, b1), await addMember(t, b1)];
  const c1 = await addCard(t, fx, m[0]!, { issuedOn: '2026-01-10', activatedOn: '2026-01-15' });
  await addCard(t, fx, m[1]!, { state: 'issued', issuedOn: '2026-02-10' });
  await addCard(t, fx, m[2]!, { state: 'applied' });
  const c4 = await addCard(t, fx, m[3]!, { state: 'lost', issuedOn: '2026-03-01', activatedOn: '2026-03-05', closedAt: '2026-06-01T10:00:00+08:00' });
  const c5 = await addCard(t, fx, m[4]!, { issuedOn: '2026-04-01', activatedOn: '2026-04-02' });
  await addCard(t, fx, m[5]!, { state: 'collected' });
  merchantId = await addMerchant(t, { supervisorOrgId: xinbei, category: 'catering', activatedOn: '2026-01-01' });
  await addAgreement(t, merchantId, { subsidyBps: 1000 });
  const shop2 = await addMerchant(t, { supervisorOrgId: tianning, category: 'supermarket', activatedOn: '2026-05-20' });
  await addAgreement(t, shop2, { subsidyBps: 500 });
  await addPartnerKey(t, fx.bankId, bank.keyId, bank.secret);
  const buy = (card: { number: string }, mid: number, amountFen: number, occurredAt: string, txnId: string, refundOfTxnId?: string) => ({
    txnId,
    cardNumber: card.number,
    merchantId: mid,
    amountFen,
    occurredAt,
    ...(refundOfTxnId ? { refundOfTxnId } : {}),
  });
  await send([
    buy(c1, merchantId, 2000, '2026-05-03T12:00:00+08:00', 'h1'),
    buy(c5, shop2, 50, '2026-05-25T12:00:00+08:00', 'h2'), // below the 1 yuan that qualifies
    buy(c5, shop2, 500, '2026-10-08T12:00:00+08:00', 'h3'),
    buy(c4, merchantId, 1000, '2026-05-10T12:00:00+08:00', 'h4'),
  ]);
  await send([buy(c4, merchantId, 1000, '2026-06-05T12:00:00+08:00', 'h5', 'h4')]); // wholly refunded
  // Quotas for the May–June signing month: the city hands 新北 two and 天宁 one.
  const period = (await t.pool.query(`insert into merchant_quota_periods (name, starts_on, ends_on) values ('五六月签约月', '2026-05-01', '2026-06-30') returning id`)).rows[0].id;
  await t.pool.query('insert into merchant_quotas (period_id, org_id, quota) values ($1, $2, 5), ($1, $3, 2), ($1, $4, 1)', [period, fx.cityId, xinbei, tianning]);
});
afterAll(async () => t.close());

const pick = (r: Record<string, unknown>) => ({ members: r.members, collected: r.collected, issued: r.issued, activated: r.activated, used: r.used, issueRate: r.issueRate, activationRate: r.activationRate, usageRate: r.usageRate });

describe('GET /card-stats', () => {
  it('equals the fixture counted by hand, for a month and for the year', async () => {
    const may = await city.get(`/api/v1/card-stats?period=2026-05&programmeId=${fx.programmeId}`);
    expect(may.status, JSON.stringify(may.body)).toBe(200);
    expect(may.body).toMatchObject({ orgId: fx.cityId, period: '2026-05', issueRateBase: 'members' });
    // Issued by May: cards 1, 2, 4, 5; activated 1, 4, 5; used in May: card 1 (card 4's purchase was refunded, card 5's too small).
    expect(pick(may.body)).toEqual({ members: 6, collected: 6, issued: 4, activated: 3, used: 1, issueRate: 0.6667, activationRate: 0.75, usageRate: 0.3333 });
    const byId = new Map(may.body.children.map((c: { orgId: number }) => [c.orgId, c]));
    expect(may.body.children.length).toBe(7);
    expect(pick(byId.get(xinbei) as Record<string, unknown>)).toEqual({ members: 4, collected: 4, issued: 3, activated: 2, used: 1, issueRate: 0.75, activationRate: 0.6667, usageRate: 0.5 });
    expect(pick(byId.get(tianning) as Record<string, unknown>)).toEqual({ members: 2, collected: 2, issued: 1, activated: 1, used: 0, issueRate: 0.5, activationRate: 1, usageRate: 0 });
    // The year: card 4 was lost in June (out of the funnel), card 5 used in October.
    const year = await city.get(`/api/v1/card-stats?period=2026&programmeId=${fx.programmeId}`);
    expect(pick(year.body)).toEqual({ members: 6, collected: 5, issued: 3, activated: 2, used: 2, issueRate: 0.5, activationRate: 0.6667, usageRate: 1 });
    const q2 = await city.get(`/api/v1/card-stats?orgId=${xinbei}&period=2026-Q2&programmeId=${fx.programmeId}`);
    expect(pick(q2.body)).toEqual({ members: 4, collected: 3, issued: 2, activated: 1, used: 1, issueRate: 0.5, activationRate: 0.5, usageRate: 1 });
    expect(q2.body.children.map((c: { orgId: number }) => c.orgId)).not.toContain(tianning);
    // A quarter before anything: no activated cards, no rate.
    const q4 = await city.get(`/api/v1/card-stats?period=2025-Q4&programmeId=${fx.programmeId}`);
    expect(pick(q4.body)).toEqual({ members: 6, collected: 0, issued: 0, activated: 0, used: 0, issueRate: 0, activationRate: null, usageRate: null });
  });

  it('keeps a cadre to its subtree: another district is 404; a bank is told rates are per union unit', async () => {
    const x = await t.login('xinbei');
    const own = await x.get(`/api/v1/card-stats?period=2026-05&programmeId=${fx.programmeId}`);
    expect([own.status, own.body.orgId, own.body.issued]).toEqual([200, xinbei, 3]);
    const other = await x.get(`/api/v1/card-stats?orgId=${tianning}&period=2026-05`);
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await x.get(`/api/v1/card-stats?orgId=${fx.cityId}&period=2026-05`)).status).toBe(404);
    expect((await x.get(`/api/v1/card-dashboards?orgId=${tianning}&period=2026-05`)).status).toBe(404);
    expect((await x.get(`/api/v1/card-stats/export?orgId=${tianning}&period=2026-05`)).status).toBe(404);
    const b = (await t.loginFull('bank')).client;
    const res = await b.get('/api/v1/card-stats?period=2026-05');
    expect([res.status, res.body.code]).toEqual([404, 'CARD_STATS_UNION_ONLY']);
  });

  it('refuses bad queries with the field named', async () => {
    const bad = await city.get('/api/v1/card-stats?period=2026-13');
    expect([bad.status, bad.body.code, bad.body.errors[0].path]).toEqual([400, 'VALIDATION_FAILED', 'querystring.period']);
    expect((await city.get('/api/v1/card-stats?period=2026&extra=1')).status).toBe(400);
    expect((await city.get('/api/v1/card-stats?period=2026&programmeId=999999')).status).toBe(404);
    expect((await city.get('/api/v1/card-stats?period=2026&orgId=99999999')).status).toBe(404);
  });

  it('uses records collected as the base of 开卡率 when the programme says so', async () => {
    await t.pool.query(`update card_programmes set issue_rate_base = 'collected' where id = $1`, [fx.programmeId]);
    try {
      const res = await city.get(`/api/v1/card-stats?period=2026-05&programmeId=${fx.programmeId}`);
      expect([res.body.issueRateBase, res.body.issueRate]).toEqual(['collected', 0.6667]);
      const year = await city.get(`/api/v1/card-stats?period=2026&programmeId=${fx.programmeId}`);
      expect(year.body.issueRate).toBe(0.6);
    } finally {
      await t.pool.query(`update card_programmes set issue_rate_base = 'members' where id = $1`, [fx.programmeId]);
    }
  });

  it('checks the rollups against the raw tables for the city only', async () => {
    const res = await city.get('/api/v1/card-stats/check');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, differences: [] });
    await t.pool.query(`update org_card_usage set used = used + 1 where org_id = $1 and programme_id = $2 and period = '2026-05'`, [xinbei, fx.programmeId]);
    const broken = await city.get('/api/v1/card-stats/check');
    expect(broken.body.ok).toBe(false);
    expect(broken.body.differences).toEqual([{ table: 'org_card_usage', key: `${xinbei}/${fx.programmeId}/2026-05`, stored: '2', recomputed: '1' }]);
    await t.pool.query(`update org_card_usage set used = used - 1 where org_id = $1 and programme_id = $2 and period = '2026-05'`, [xinbei, fx.programmeId]);
    expect((await (await t.login('xinbei')).get('/api/v1/card-stats/check')).status).toBe(403);
  });
});

describe('GET /card-dashboards', () => {
  it('gives the funnel per district, twelve months of rates, merchants against the quota, subsidy by month and top categories', async () => {
    const res = await city.get(`/api/v1/card-dashboards?period=2026-10&programmeId=${fx.programmeId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    expect(d.funnel[0]).toEqual({ orgId: fx.cityId, orgName: '常州市总工会', collected: 5, applied: 4, issued: 3, activated: 2 });
    expect(d.funnel.find((r: { orgId: number }) => r.orgId === xinbei)).toMatchObject({ collected: 3, applied: 3, issued: 2, activated: 1 });
    expect(d.rates.map((r: { month: string }) => r.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    const month = (m: string) => d.rates.find((r: { month: string }) => r.month === m);
    expect(month('2026-05')).toEqual({ month: '2026-05', issued: 4, activated: 3, used: 1, issueRate: 0.6667, activationRate: 0.75, usageRate: 0.3333 });
    expect(month('2026-06')).toMatchObject({ issued: 3, activated: 2, used: 0, usageRate: 0 });
    expect(month('2026-10')).toMatchObject({ used: 1, usageRate: 0.5 });
    expect(month('2025-12')).toMatchObject({ issued: 0, issueRate: 0, activationRate: null });
    expect(d.merchantQuota.period).toMatchObject({ name: '五六月签约月', startsOn: '2026-05-01', endsOn: '2026-06-30' });
    expect(d.merchantQuota.rows[0]).toMatchObject({ orgId: fx.cityId, quota: 5, signed: 1 });
    expect(d.merchantQuota.rows.find((r: { orgId: number }) => r.orgId === tianning)).toMatchObject({ quota: 1, signed: 1 });
    expect(d.merchantQuota.rows.find((r: { orgId: number }) => r.orgId === xinbei)).toMatchObject({ quota: 2, signed: 0 });
    const sub = (m: string) => d.subsidyByMonth.find((r: { month: string }) => r.month === m);
    // May: 2000 × 10 % + 50 × 5 % (2.5 → 3) + 1000 × 10 %; June: the refund of 1000 gives back 100.
    expect(sub('2026-05')).toEqual({ month: '2026-05', purchases: 3, refunds: 0, amountFen: 3050, subsidyFen: 303 });
    expect(sub('2026-06')).toEqual({ month: '2026-06', purchases: 0, refunds: 1, amountFen: -1000, subsidyFen: -100 });
    expect(d.topCategories).toEqual([
      { category: 'catering', transactions: 2, amountFen: 2000, subsidyFen: 200 },
      { category: 'supermarket', transactions: 2, amountFen: 550, subsidyFen: 28 },
    ]);
    // A district sees its own merchants only.
    const x = await (await t.login('xinbei')).get(`/api/v1/card-dashboards?period=2026-10&programmeId=${fx.programmeId}`);
    expect(x.body.topCategories.map((c: { category: string }) => c.category)).toEqual(['catering']);
  });

  it('exports the rates table as .xlsx', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/card-stats/export?period=2026-05&programmeId=${fx.programmeId}`, headers: { cookie: `tx_session=${city.cookie}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(1 + 1 + 7);
    expect(ws.getRow(2).values).toEqual([undefined, '常州市总工会（合计）', 6, 6, 4, 3, 1, 0.6667, 0.75, 0.3333]);
    const audit = await t.pool.query(`select count(*)::int as n from audit_log where action = 'card_stats.export'`);
    expect(audit.rows[0].n).toBe(1);
  });
});
