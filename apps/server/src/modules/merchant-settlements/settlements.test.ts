import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem } from '../../../test/support/loan-actors';
import { activeMerchant, seedTransactions } from '../../../test/support/merchants';
import { downloadFile, readSheets } from '../../../test/support/sheets';

let t: TestApp;
let city: TestClient;
let city2: TestClient;
let xinbei: TestClient;
let wujin: TestClient;
let street: number;

beforeAll(async () => {
  t = await createTestApp();
  [city, city2, xinbei, wujin] = [await t.login('city'), await t.login('city2'), await t.login('xinbei'), await t.login('wujin')];
  street = await t.orgIdByName('三井街道总工会');
});
afterAll(async () => t.close());

/** A merchant with purchases in September and October 2026 and a refund in October. */
async function merchantWithTxns() {
  const m = await activeMerchant(xinbei, street);
  await seedTransactions(t, m.id, street, [
    { amountFen: 10000, subsidyFen: 1200, occurredAt: '2026-09-10T03:00:00Z' },
    { amountFen: 20000, subsidyFen: 2400, occurredAt: '2026-10-02T03:00:00Z' },
    { amountFen: 5000, subsidyFen: 600, occurredAt: '2026-10-31T16:30:00Z' }, // 1 November in Shanghai
  ]);
  await seedTransactions(t, m.id, street, [
    { amountFen: 4000, subsidyFen: 480, occurredAt: '2026-10-05T03:00:00Z' },
    { kind: 'refund', amountFen: 1000, subsidyFen: -120, occurredAt: '2026-10-06T03:00:00Z' },
  ]);
  return m.id;
}

describe('monthly settlement', () => {
  it('prepares a month that has ended (late earlier months included), approves by another cadre, pays; each step idempotent', async () => {
    const merchantId = await merchantWithTxns();
    const open = await city.post('/api/v1/merchant-settlements', { merchantId, month: 202611 }, idem());
    expect(open.status).toBe(400);
    expect(open.body.errors).toEqual([expect.objectContaining({ path: 'month', code: 'merchant.monthOpen' })]);
    expect((await city.post('/api/v1/merchant-settlements', { merchantId, month: 202610 })).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

    const pending = await city.get('/api/v1/merchant-settlements/pending?month=202610');
    expect(pending.body.items.find((p: { merchantId: number }) => p.merchantId === merchantId)).toMatchObject({ txnCount: 4, amountFen: 33000, subsidyFen: 3960 });

    const key = idem();
    const made = await city.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, key);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ merchantId, month: 202610, txnCount: 4, amountFen: 33000, subsidyFen: 3960, state: 'prepared', preparedByName: '陈卫东', actions: ['cancel'] });
    expect(made.body.months).toEqual([
      { month: 202609, txnCount: 1, amountFen: 10000, subsidyFen: 1200 },
      { month: 202610, txnCount: 3, amountFen: 23000, subsidyFen: 2760 },
    ]);
    const replay = await city.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(made.body.id);
    const dup = await city.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, idem());
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('MERCHANT_SETTLEMENT_EXISTS');
    const settled = await t.pool.query('select count(*)::int as n from card_transactions where settlement_id = $1', [made.body.id]);
    expect(settled.rows[0].n).toBe(4);

    const id = made.body.id;
    const self = await city.post(`/api/v1/merchant-settlements/${id}/approve`, {}, idem());
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('MERCHANT_SETTLEMENT_MAKER_CHECKER');
    expect((await city2.post(`/api/v1/merchant-settlements/${id}/pay`, { paymentRef: 'X', paidOn: '2026-11-20' }, idem())).body.code).toBe('MERCHANT_SETTLEMENT_STATE_INVALID');
    const approved = await city2.post(`/api/v1/merchant-settlements/${id}/approve`, { comment: '核对无误' }, idem());
    expect(approved.body).toMatchObject({ state: 'approved', approvedByName: '许文静' });
    const future = await city.post(`/api/v1/merchant-settlements/${id}/pay`, { paymentRef: 'BK20261201', paidOn: '2026-12-01' }, idem());
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'paidOn', code: 'money.dateFuture' })]);
    const paid = await city.post(`/api/v1/merchant-settlements/${id}/pay`, { paymentRef: 'BK20261127001', paidOn: '2026-11-27' }, idem());
    expect(paid.body).toMatchObject({ state: 'paid', paidOn: '2026-11-27', paymentRef: 'BK20261127001', actions: [] });
    expect((await city.post(`/api/v1/merchant-settlements/${id}/cancel`, {}, idem())).body.code).toBe('MERCHANT_SETTLEMENT_STATE_INVALID');
    const audit = await t.pool.query(`select action from audit_log where entity_type = 'merchant_settlement' and entity_id = $1 order by id`, [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['merchant_settlement.prepare', 'merchant_settlement.approve', 'merchant_settlement.pay']);

    // Nothing is left to settle for the merchant up to October; November's transaction waits.
    const empty = await city.post('/api/v1/merchant-settlements', { merchantId, month: 202609 }, idem());
    expect(empty.status).toBe(422);
    expect(empty.body.code).toBe('MERCHANT_SETTLEMENT_EMPTY');

    // The statement: summary and masked lines.
    const file = await downloadFile(xinbei, `/api/v1/merchant-settlements/${id}/statement`);
    expect(file.status).toBe(200);
    const sheets = await readSheets(file.raw);
    const summary = sheets.get('结算汇总')!;
    expect(summary.find((r) => r[0] === '工会补贴（元）')?.[1]).toBe('39.6');
    expect(summary.find((r) => r[0] === '支付流水号')?.[1]).toBe('BK20261127001');
    const lines = sheets.get('交易明细')!;
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines.slice(1, 5).every((r) => /^\*{4} \*{4} \*{4} \d{4}$/.test(r[4]!))).toBe(true);
    expect(lines.find((r) => r[3] === '退款')?.[6]).toBe('-1.2');
    expect((await downloadFile(wujin, `/api/v1/merchant-settlements/${id}/statement`)).status).toBe(404);
  });

  it('cancelling before payment releases the transactions to the next settlement', async () => {
    const merchantId = await merchantWithTxns();
    const made = await xinbei.post('/api/v1/merchant-settlements', { merchantId, month: 202609 }, idem());
    expect(made.body).toMatchObject({ txnCount: 1, subsidyFen: 1200 });
    const cancelled = await xinbei.post(`/api/v1/merchant-settlements/${made.body.id}/cancel`, { comment: '月份选错' }, idem());
    expect(cancelled.body.state).toBe('cancelled');
    expect((await t.pool.query('select count(*)::int as n from card_transactions where settlement_id = $1', [made.body.id])).rows[0].n).toBe(0);
    const again = await xinbei.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, idem());
    expect(again.body).toMatchObject({ txnCount: 4, subsidyFen: 3960 });
    const list = await xinbei.get(`/api/v1/merchants/${merchantId}/settlements`);
    expect(list.body.items.map((s: { state: string }) => s.state)).toEqual(['prepared', 'cancelled']);
  });

  it('ten concurrent approvals apply once; the same key replays the one answer', async () => {
    const merchantId = await merchantWithTxns();
    const made = await city.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, idem());
    const id = made.body.id;
    const results = await Promise.all(Array.from({ length: 10 }, () => city2.post(`/api/v1/merchant-settlements/${id}/approve`, {}, idem())));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'MERCHANT_SETTLEMENT_STATE_INVALID')).toBe(true);
    const key = idem();
    const pays = await Promise.all(Array.from({ length: 10 }, () => city2.post(`/api/v1/merchant-settlements/${id}/pay`, { paymentRef: 'BK-CONC-1', paidOn: '2026-11-28' }, key)));
    expect(pays.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(pays.map((r) => r.body.paidAt)).size).toBe(1);
    const audit = await t.pool.query(`select action from audit_log where entity_type = 'merchant_settlement' and entity_id = $1 order by id`, [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['merchant_settlement.prepare', 'merchant_settlement.approve', 'merchant_settlement.pay']);
    // Ten concurrent preparations of one month: one settlement.
    const other = await merchantWithTxns();
    const preps = await Promise.all(Array.from({ length: 10 }, () => city.post('/api/v1/merchant-settlements', { merchantId: other, month: 202610 }, idem())));
    expect(preps.filter((r) => r.status === 201)).toHaveLength(1);
    expect(preps.filter((r) => r.status !== 201).every((r) => r.body.code === 'MERCHANT_SETTLEMENT_EXISTS')).toBe(true);
    expect((await t.pool.query(`select count(*)::int as n from merchant_settlements where merchant_id = $1`, [other])).rows[0].n).toBe(1);
  });

  it('is scoped: another district sees neither the settlement nor the merchant', async () => {
    const merchantId = await merchantWithTxns();
    expect((await wujin.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, idem())).status).toBe(404);
    const made = await xinbei.post('/api/v1/merchant-settlements', { merchantId, month: 202610 }, idem());
    expect((await wujin.get(`/api/v1/merchant-settlements/${made.body.id}`)).status).toBe(404);
    expect((await wujin.post(`/api/v1/merchant-settlements/${made.body.id}/approve`, {}, idem())).status).toBe(404);
    const list = await wujin.get('/api/v1/merchant-settlements?pageSize=500');
    expect(list.body.items.map((s: { id: number }) => s.id)).not.toContain(made.body.id);
    // The city approves what the district prepared.
    expect((await city.post(`/api/v1/merchant-settlements/${made.body.id}/approve`, {}, idem())).body.state).toBe('approved');
  });
});
