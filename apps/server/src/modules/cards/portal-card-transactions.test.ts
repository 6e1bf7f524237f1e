import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { portalMember } from '../../../test/support/loan-actors';
import { addAgreement, addCard, addMerchant, addPartnerKey, setupCardFixture, signedPost, type CardFixture } from '../../../test/support/card-transactions';

/** The member's own card transactions in the portal: newest first, masked, with the subsidy, and nobody else's. */
let t: TestApp;
let fx: CardFixture;
beforeAll(async () => {
  t = await createTestApp();
  fx = await setupCardFixture(t);
});
afterAll(async () => t.close());

describe('my card transactions in the portal', () => {
  it('lists mine newest first with the subsidy, refunds giving it back, and this month’s and this year’s totals', async () => {
    const city = await t.login('city');
    const me = await portalMember(t, city, fx.unions[0]!.id, { name: '刷卡会员' });
    const other = await portalMember(t, city, fx.unions[1]!.id, { name: '别的会员' });
    const mine = await addCard(t, fx, me.memberId);
    const theirs = await addCard(t, fx, other.memberId);
    const shop = await addMerchant(t, { supervisorOrgId: fx.unions[0]!.id, name: '劳动者驿站（测试店）', category: 'worker_station' });
    await addAgreement(t, shop, { subsidyBps: 1200 });
    const key = { keyId: `bank-${process.pid}`, secret: 'portal-txn-secret-1' };
    await addPartnerKey(t, fx.bankId, key.keyId, key.secret);
    const now = t.clock();
    const month = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const at = (day: string) => `${month}-${day}T12:00:00+08:00`;
    const items = [
      { txnId: 'P-1', cardNumber: mine.number, merchantId: shop, amountFen: 10_000, occurredAt: at('01') },
      { txnId: 'P-2', cardNumber: mine.number, merchantId: shop, amountFen: 2_580, occurredAt: at('02') },
      { txnId: 'R-1', cardNumber: mine.number, merchantId: shop, amountFen: 5_000, occurredAt: at('03'), refundOfTxnId: 'P-1' },
      { txnId: 'P-3', cardNumber: theirs.number, merchantId: shop, amountFen: 9_990, occurredAt: at('02') },
      { txnId: 'P-4', cardNumber: mine.number, merchantId: shop, amountFen: 1_000, occurredAt: '2025-12-20T12:00:00+08:00' },
    ];
    const sent = await signedPost(t, key, { items });
    expect(sent.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'rejected']);

    const res = await me.client.get('/api/v1/portal/card/transactions');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { kind: string; amountFen: number; subsidyFen: number }) => [i.kind, i.amountFen, i.subsidyFen])).toEqual([
      ['refund', 5_000, -600],
      ['purchase', 2_580, 310],
      ['purchase', 10_000, 1_200],
    ]);
    expect(res.body.items[0]).toMatchObject({ merchantName: '劳动者驿站（测试店）', category: 'worker_station', numberMasked: `**** **** **** ${mine.number.slice(-4)}` });
    expect(res.body).toMatchObject({ monthSubsidyFen: 910, yearSubsidyFen: 910, monthPurchases: 2 });
    expect(JSON.stringify(res.body)).not.toContain(mine.number);
    // The other member sees only theirs; a cadre is refused the member route; a limit is honoured and checked.
    expect((await other.client.get('/api/v1/portal/card/transactions')).body.items).toHaveLength(1);
    expect((await city.get('/api/v1/portal/card/transactions')).status).toBe(403);
    expect((await me.client.get('/api/v1/portal/card/transactions?limit=1')).body.items).toHaveLength(1);
    expect((await me.client.get('/api/v1/portal/card/transactions?limit=0')).status).toBe(400);
    expect((await me.client.get('/api/v1/portal/card/transactions?all=1')).status).toBe(400);
  });
});
