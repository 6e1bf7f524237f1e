import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import {
  addAgreement,
  addCard,
  addMember,
  addMerchant,
  addPartnerKey,
  countsOf,
  setupCardFixture,
  signedPost,
  type CardFixture,
  type PartnerKey,
} from '../../../test/support/card-transactions';
import { checkCardRollups } from '../card-stats/rollup-check';

/**
 * `POST /card-transactions` through the signed API: pricing within the caps, refunds giving the subsidy back
 * exactly, bad items refused with reasons beside good ones, and idempotency on (sender, txnId) — sent twice,
 * or twice at once, every transaction counts once.
 */
let t: TestApp;
let fx: CardFixture;
const bank: PartnerKey = { keyId: 'txn-bank', secret: 'txn-bank-secret-0123456789' };
const shop: PartnerKey = { keyId: 'txn-shop', secret: 'txn-shop-secret-0123456789' };
let shopOrgId: number;
let capped: number; // 10 %, at most 5 yuan a purchase and 8 yuan a month per card
let open: number; // 5 %, no caps
let suspended: number;
let foreign: number; // another merchant unit's merchant
let members: number[];
const cards: Record<string, { id: number; number: string; hash: string }> = {};
let serial = 0;
const id = (p = 't') => `${p}-${++serial}`;
const at = (month: number, day = 10) => `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00+08:00`;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupCardFixture(t, { minQualifyingFen: 500 });
  members = [];
  for (let i = 0; i < 5; i++) members.push(await addMember(t, fx.unions[i % 3]!.id));
  cards.a = await addCard(t, fx, members[0]!);
  cards.b = await addCard(t, fx, members[1]!);
  cards.frozen = await addCard(t, fx, members[2]!, { state: 'frozen' });
  cards.issued = await addCard(t, fx, members[3]!, { state: 'issued' });
  cards.other = await addCard(t, fx, members[4]!, { bankId: fx.otherBankId });
  const units = await t.pool.query<{ id: number }>(`select id from org_units where kind = 'merchant' order by id limit 2`);
  shopOrgId = units.rows[0]!.id;
  const district = fx.unions[0]!.districtId;
  capped = await addMerchant(t, { supervisorOrgId: district, partnerOrgId: shopOrgId, category: 'supermarket' });
  await addAgreement(t, capped, { subsidyBps: 1000, capPerTxnFen: 500, capPerMonthFen: 800, validFrom: '2026-01-01', validTo: '2026-12-31' });
  open = await addMerchant(t, { supervisorOrgId: district, category: 'catering' });
  await addAgreement(t, open, { subsidyBps: 500, validFrom: '2026-03-01', validTo: '2026-12-31' });
  suspended = await addMerchant(t, { supervisorOrgId: district, state: 'suspended' });
  await addAgreement(t, suspended);
  foreign = await addMerchant(t, { supervisorOrgId: district, partnerOrgId: units.rows[1]!.id });
  await addAgreement(t, foreign);
  await addPartnerKey(t, fx.bankId, bank.keyId, bank.secret);
  await addPartnerKey(t, shopOrgId, shop.keyId, shop.secret);
});
afterAll(async () => t.close());

async function send(key: PartnerKey, items: unknown[]) {
  t.clock.advance(1000); // each send signs anew
  const res = await signedPost(t, key, { items });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as { txnId: string | null; status: string; code?: string; message?: string; subsidyFen?: number }[];
}

const buy = (card: { number: string }, merchantId: number, amountFen: number, when = at(10), txnId = id()) => ({ txnId, cardNumber: card.number, merchantId, amountFen, occurredAt: when });

describe('pricing and caps', () => {
  it('applies the subsidy rate, the per-purchase cap and the monthly cap per card and merchant', async () => {
    const r = await send(bank, [
      buy(cards.a!, capped, 3000, at(7, 1)), // 10 % = 300
      buy(cards.a!, capped, 9000, at(7, 2)), // 900 → capped at 500 a purchase, and 800 − 300 = 500 left: 500
      buy(cards.a!, capped, 2000, at(7, 3)), // 200, but the month is used up: 0
      buy(cards.b!, capped, 2000, at(7, 3)), // another card: its own month, 200
      buy(cards.a!, capped, 2000, at(8, 1)), // a new month: 200
      buy(cards.a!, open, 12345, at(7, 4)), // 5 % = 617.25 → 617, no caps
    ]);
    expect(r.map((x) => [x.status, x.subsidyFen])).toEqual([
      ['accepted', 300],
      ['accepted', 500],
      ['accepted', 0],
      ['accepted', 200],
      ['accepted', 200],
      ['accepted', 617],
    ]);
    const months = await t.pool.query(`select card_id, month, subsidy_fen::int from card_merchant_months where merchant_id = $1 and subsidy_fen <> 0 order by 1, 2`, [capped]);
    expect(months.rows).toEqual([
      { card_id: cards.a!.id, month: 202607, subsidy_fen: 800 },
      { card_id: cards.a!.id, month: 202608, subsidy_fen: 200 },
      { card_id: cards.b!.id, month: 202607, subsidy_fen: 200 },
    ]);
    // A later batch in the same month finds the cap used.
    expect((await send(bank, [buy(cards.a!, capped, 1000, at(7, 20))]))[0]!.subsidyFen).toBe(0);
    // Cards are matched by number (any spacing) or by their keyed hash.
    const spaced = cards.b!.number.replace(/(\d{4})/g, '$1 ').trim();
    const r2 = await send(bank, [
      { txnId: id(), cardNumber: spaced, merchantId: open, amountFen: 1000, occurredAt: at(9) },
      { txnId: id(), cardHash: cards.b!.hash, merchantId: open, amountFen: 1000, occurredAt: at(9) },
    ]);
    expect(r2.map((x) => x.subsidyFen)).toEqual([50, 50]);
  });

  it('gives the subsidy back in proportion on refunds, exactly in total, and frees the month’s cap', async () => {
    const p = id('p');
    // 10 % of 7777 = 778 (half up), capped at 500 a purchase.
    expect((await send(bank, [buy(cards.b!, capped, 7777, at(9, 5), p)]))[0]!.subsidyFen).toBe(500);
    const r = await send(bank, [
      { txnId: id('r'), cardNumber: cards.b!.number, merchantId: capped, amountFen: 1000, occurredAt: at(9, 6), refundOfTxnId: p },
      { txnId: id('r'), cardNumber: cards.b!.number, merchantId: capped, amountFen: 3333, occurredAt: at(9, 7), refundOfTxnId: p },
    ]);
    // round(500 × 1000 / 7777) = 64; round(500 × 4333 / 7777) − 64 = 279 − 64 = 215.
    expect(r.map((x) => x.subsidyFen)).toEqual([-64, -215]);
    const rest = await send(bank, [{ txnId: id('r'), cardNumber: cards.b!.number, merchantId: capped, amountFen: 3444, occurredAt: at(10, 1), refundOfTxnId: p }]);
    expect(rest[0]!.subsidyFen).toBe(-221);
    const month = await t.pool.query(`select subsidy_fen::int as s from card_merchant_months where card_id = $1 and merchant_id = $2 and month = 202609`, [cards.b!.id, capped]);
    expect(month.rows[0].s).toBe(0);
    const net = await t.pool.query(`select sum(subsidy_fen)::int as s from card_transactions where sender_txn_id = $1 or refund_of_id = (select id from card_transactions where sender_txn_id = $1)`, [p]);
    expect(net.rows[0].s).toBe(0);
    const over = await send(bank, [{ txnId: id('r'), cardNumber: cards.b!.number, merchantId: capped, amountFen: 1, occurredAt: at(10, 2), refundOfTxnId: p }]);
    expect(over[0]).toMatchObject({ status: 'rejected', code: 'REFUND_EXCEEDS_ORIGINAL' });
  });

  it('marks a card used for a qualifying purchase and takes the mark back with the refund that completes it', async () => {
    const member = await addMember(t, fx.unions[2]!.id);
    const c = await addCard(t, fx, member);
    const used = async () => Number((await t.pool.query(`select coalesce(sum(used), 0) as u from org_card_usage where org_id = $1 and programme_id = $2 and period = '2026-05'`, [fx.unions[2]!.districtId, fx.programmeId])).rows[0].u);
    const before = await used();
    const small = id();
    const big = id();
    // 499 fen is below the programme's 5 yuan: not qualifying.
    await send(bank, [buy(c, open, 499, at(5), small)]);
    expect(await used()).toBe(before);
    // A purchase and its partial refund in one batch, then the rest: the card is used, then not.
    await send(bank, [buy(c, open, 5000, at(5, 2), big), { txnId: id('r'), cardNumber: c.number, merchantId: open, amountFen: 2000, occurredAt: at(5, 3), refundOfTxnId: big }]);
    expect(await used()).toBe(before + 1);
    const last = await send(bank, [{ txnId: id('r'), cardNumber: c.number, merchantId: open, amountFen: 3000, occurredAt: at(6, 1), refundOfTxnId: big }]);
    expect(last[0]!.status).toBe('accepted');
    expect(await used()).toBe(before);
    const flags = await t.pool.query(`select kind, qualifying from card_transactions where card_id = $1 order by id`, [c.id]);
    expect(flags.rows.map((r: { kind: string; qualifying: boolean }) => `${r.kind}:${r.qualifying}`)).toEqual(['purchase:false', 'purchase:true', 'refund:false', 'refund:true']);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });
});

describe('bad items', () => {
  it('refuses each bad item with its reason and accepts the good ones beside them', async () => {
    const dup = id();
    const items = [
      buy(cards.a!, open, 1000, at(9)), // good
      { txnId: id(), merchantId: open, amountFen: 1000, occurredAt: at(9) }, // no card
      { txnId: id(), cardNumber: cards.a!.number, cardHash: cards.a!.hash, merchantId: open, amountFen: 1000, occurredAt: at(9) }, // both
      { txnId: id(), cardNumber: cards.a!.number, merchantId: open, amountFen: -5, occurredAt: at(9) }, // negative amount
      { txnId: id(), cardNumber: cards.a!.number, merchantId: open, amountFen: 1000, occurredAt: 'yesterday' },
      { cardNumber: cards.a!.number, merchantId: open, amountFen: 1000, occurredAt: at(9) }, // no txnId
      { txnId: id(), cardNumber: cards.a!.number, merchantId: open, amountFen: 1000, occurredAt: at(9), tip: 5 }, // unknown field
      'not an object',
      { txnId: id(), cardNumber: '1234', merchantId: open, amountFen: 1000, occurredAt: at(9) }, // not a card number
      buy({ number: '6217000000000000001' }, open, 1000), // no such card
      buy(cards.frozen!, open, 1000), // frozen
      buy(cards.issued!, open, 1000), // not activated
      buy(cards.other!, open, 1000), // another bank's card
      buy(cards.a!, 99_999_999, 1000), // no such merchant
      buy(cards.a!, suspended, 1000),
      buy(cards.a!, open, 1000, at(2)), // before the agreement
      buy(cards.a!, open, 1000, '2026-11-28T12:00:00+08:00'), // tomorrow at noon: hours ahead of the clock
      buy(cards.a!, open, 1000, at(9), dup),
      buy(cards.a!, open, 2000, at(9), dup), // the same txnId again in the batch
      { txnId: id(), cardNumber: cards.a!.number, merchantId: open, amountFen: 100, occurredAt: at(9), refundOfTxnId: 'never-sent' },
      { txnId: id(), cardNumber: cards.b!.number, merchantId: open, amountFen: 100, occurredAt: at(9), refundOfTxnId: dup }, // other card
      buy(cards.a!, open, 1000, at(9)), // good
    ];
    const r = await send(bank, items);
    expect(r.map((x) => x.code ?? x.status)).toEqual([
      'accepted',
      'CARD_REQUIRED',
      'CARD_REQUIRED',
      'ITEM_INVALID',
      'ITEM_INVALID',
      'ITEM_INVALID',
      'ITEM_INVALID',
      'ITEM_INVALID',
      'ITEM_INVALID',
      'CARD_NOT_FOUND',
      'CARD_NOT_ACTIVE',
      'CARD_NOT_ACTIVE',
      'CARD_OTHER_BANK',
      'MERCHANT_NOT_FOUND',
      'MERCHANT_NOT_ACTIVE',
      'NO_AGREEMENT',
      'OCCURRED_IN_FUTURE',
      'accepted',
      'DUPLICATE_IN_BATCH',
      'REFUND_ORIGINAL_NOT_FOUND',
      'REFUND_MISMATCH',
      'accepted',
    ]);
    expect(r[3]!.message).toMatch(/amountFen/);
    expect(r[6]!.message).toMatch(/tip/);
    expect(r[5]!.txnId).toBeNull();
    expect(r[1]!.txnId).toBe(items[1] && (items[1] as { txnId: string }).txnId);
    // A refund of a refund.
    const refundId = id('r');
    await send(bank, [{ txnId: refundId, cardNumber: cards.a!.number, merchantId: open, amountFen: 10, occurredAt: at(9, 11), refundOfTxnId: dup }]);
    const rr = await send(bank, [{ txnId: id('r'), cardNumber: cards.a!.number, merchantId: open, amountFen: 1, occurredAt: at(9, 12), refundOfTxnId: refundId }]);
    expect(rr[0]!.code).toBe('REFUND_OF_REFUND');
  });

  it('judges the card and the merchant as they were at the transaction’s time', async () => {
    const lost = await addCard(t, fx, await addMember(t, fx.unions[1]!.id), { state: 'lost', activatedOn: '2026-02-01', closedAt: '2026-06-01T10:00:00+08:00' });
    const revoked = await addMerchant(t, { supervisorOrgId: fx.unions[0]!.districtId, state: 'revoked', activatedOn: '2026-02-01', revokedOn: '2026-08-01' });
    await addAgreement(t, revoked, { subsidyBps: 1000, validTo: '2026-07-31' });
    const r = await send(bank, [
      buy(lost, open, 1000, '2026-05-31T23:00:00+08:00'), // before it was reported lost
      buy(lost, open, 1000, '2026-06-01T11:00:00+08:00'), // after
      buy(cards.a!, revoked, 1000, at(7, 31)), // before the revocation
      buy(cards.a!, revoked, 1000, at(8, 1)), // on the day
      buy(cards.a!, revoked, 1000, '2026-01-31T23:59:59+08:00'), // before it became a partner
    ]);
    expect(r.map((x) => x.code ?? x.status)).toEqual(['accepted', 'CARD_NOT_ACTIVE', 'accepted', 'MERCHANT_NOT_ACTIVE', 'MERCHANT_NOT_ACTIVE']);
    // A refund goes through whatever has become of the card since.
    const p = id('p');
    await send(bank, [buy(lost, open, 2000, '2026-05-20T12:00:00+08:00', p)]);
    const refund = await send(bank, [{ txnId: id('r'), cardNumber: lost.number, merchantId: open, amountFen: 2000, occurredAt: at(10), refundOfTxnId: p }]);
    expect(refund[0]).toMatchObject({ status: 'accepted', subsidyFen: -100 });
  });

  it('lets two refunds sent at once take back no more than the purchase', async () => {
    const p = id('p');
    await send(bank, [buy(cards.b!, open, 3000, at(8, 8), p)]);
    const ts = Math.floor(t.clock().getTime() / 1000) + 5;
    const refund = (k: number) => signedPost(t, bank, { items: [{ txnId: id('r'), cardNumber: cards.b!.number, merchantId: open, amountFen: 2000, occurredAt: at(8, 9), refundOfTxnId: p }] }, { timestamp: ts + k });
    const res = await Promise.all([refund(0), refund(1)]);
    expect(res.map((x) => x.body.results[0].code ?? x.body.results[0].status).sort()).toEqual(['REFUND_EXCEEDS_ORIGINAL', 'accepted']);
    const total = await t.pool.query(`select sum(amount_fen)::int as a from card_transactions where refund_of_id = (select id from card_transactions where sender_txn_id = $1)`, [p]);
    expect(total.rows[0].a).toBe(2000);
  });

  it('answers in the request’s language', async () => {
    t.clock.advance(1000);
    const res = await signedPost(t, bank, { items: [buy({ number: '6217000000000000002' }, open, 1000)] }, { headers: { 'accept-language': 'en' } });
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'CARD_NOT_FOUND', message: 'No such card' });
  });

  it('lets a merchant send only its own merchant’s transactions, of any bank’s cards', async () => {
    const r = await send(shop, [buy(cards.a!, capped, 1000, at(9, 15)), buy(cards.other!, capped, 1000, at(9, 15)), buy(cards.a!, foreign, 1000, at(9, 15)), buy(cards.a!, 88_888_888, 1000, at(9, 15))]);
    expect(r.map((x) => x.code ?? x.status)).toEqual(['accepted', 'accepted', 'MERCHANT_NOT_SENDER', 'MERCHANT_NOT_SENDER']);
    // The sender's txnIds are its own: the bank's and the merchant's may coincide.
    const same = id('same');
    expect((await send(bank, [buy(cards.a!, open, 1000, at(9), same)]))[0]!.status).toBe('accepted');
    expect((await send(shop, [buy(cards.a!, capped, 1000, at(9), same)]))[0]!.status).toBe('accepted');
  });
});

describe('idempotency', () => {
  it('counts a batch sent twice once, and answers the repeat with the first results', async () => {
    const member = await addMember(t, fx.unions[1]!.id);
    const c = await addCard(t, fx, member);
    const p = id('p');
    const items = [buy(c, capped, 4000, at(4, 1), p), buy(c, capped, 6000, at(4, 2)), { txnId: id('r'), cardNumber: c.number, merchantId: capped, amountFen: 4000, occurredAt: at(4, 3), refundOfTxnId: p }, buy(c, open, 100, at(2))];
    const before = await countsOf(t, fx);
    const first = await send(bank, items);
    expect(first.map((x) => [x.status, x.subsidyFen ?? x.code])).toEqual([
      ['accepted', 400],
      ['accepted', 400],
      ['accepted', -400],
      ['rejected', 'NO_AGREEMENT'],
    ]);
    const mid = await countsOf(t, fx);
    const second = await send(bank, items);
    expect(second.map((x) => [x.status, x.subsidyFen ?? x.code])).toEqual([
      ['duplicate', 400],
      ['duplicate', 400],
      ['duplicate', -400],
      ['rejected', 'NO_AGREEMENT'],
    ]);
    expect(await countsOf(t, fx)).toEqual(mid);
    expect(mid.transactions - before.transactions).toBe(3);
    expect(mid.monthlyFen - before.monthlyFen).toBe(400);
  });

  it('counts two concurrent sends of the same batch once', async () => {
    const member = await addMember(t, fx.unions[0]!.id);
    const c = await addCard(t, fx, member);
    const p = id('p');
    const items = [
      ...Array.from({ length: 40 }, (_, i) => buy(c, capped, 1000 + i, at(3, 1 + (i % 20)))),
      buy(c, open, 5000, at(3, 5), p),
      { txnId: id('r'), cardNumber: c.number, merchantId: open, amountFen: 5000, occurredAt: at(3, 6), refundOfTxnId: p },
      buy(c, open, 7000, at(3, 7)),
    ];
    const before = await countsOf(t, fx);
    const ts = Math.floor(t.clock().getTime() / 1000);
    const [a, b] = await Promise.all([signedPost(t, bank, { items }, { timestamp: ts }), signedPost(t, bank, { items }, { timestamp: ts + 1 })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const statuses = [a, b].map((r) => [...new Set(r.body.results.map((x: { status: string }) => x.status))].join());
    expect(statuses.sort()).toEqual(['accepted', 'duplicate']);
    // Both answers agree item by item on the subsidy.
    expect(a.body.results.map((x: { subsidyFen: number }) => x.subsidyFen)).toEqual(b.body.results.map((x: { subsidyFen: number }) => x.subsidyFen));
    const after = await countsOf(t, fx);
    expect(after.transactions - before.transactions).toBe(items.length);
    // The monthly cap holds: 800 fen for March at the capped merchant, whatever the interleaving.
    const march = await t.pool.query(`select subsidy_fen::int as s from card_merchant_months where card_id = $1 and merchant_id = $2 and month = 202603`, [c.id, capped]);
    expect(march.rows[0].s).toBe(800);
    expect(after.monthlyFen - before.monthlyFen).toBe(800 + 350);
    expect(after.usedCity - before.usedCity).toBe(1);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('keeps the monthly cap when different batches for one card and merchant arrive at once', async () => {
    const member = await addMember(t, fx.unions[0]!.id);
    const c = await addCard(t, fx, member);
    const ts = Math.floor(t.clock().getTime() / 1000);
    const sends = Array.from({ length: 4 }, (_, k) => signedPost(t, bank, { items: Array.from({ length: 5 }, () => buy(c, capped, 3000, at(6, 1 + k))) }, { timestamp: ts + 10 + k }));
    const res = await Promise.all(sends);
    const total = res.flatMap((r) => r.body.results.map((x: { subsidyFen: number }) => x.subsidyFen)).reduce((s: number, x: number) => s + x, 0);
    expect(total).toBe(800);
    const june = await t.pool.query(`select subsidy_fen::int as s from card_merchant_months where card_id = $1 and merchant_id = $2 and month = 202606`, [c.id, capped]);
    expect(june.rows[0].s).toBe(800);
  });
});

describe('merchant month totals', () => {
  it('equal the transactions per merchant and month', async () => {
    const res = await t.pool.query(`
      select count(*)::int as n from (
        select merchant_id, month, count(*) filter (where kind = 'purchase') as p, count(*) filter (where kind = 'refund') as r,
               sum(case when kind = 'purchase' then amount_fen else -amount_fen end) as a, sum(subsidy_fen) as s
          from card_transactions group by 1, 2
        except select merchant_id, month, purchases, refunds, amount_fen, subsidy_fen from merchant_month_totals) x`);
    expect(res.rows[0].n).toBe(0);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/tongxing_card_transaction_items_total\{status="accepted"\} \d+/);
  });
});
