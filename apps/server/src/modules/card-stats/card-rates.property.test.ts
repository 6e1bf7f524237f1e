import fc from 'fast-check';
import { rate } from '@tongxing/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { addAgreement, addMember, addMerchant, addPartnerKey, makeTxnCardNumber, setupCardFixture, signedPost, type CardFixture, type PartnerKey } from '../../../test/support/card-transactions';
import { checkCardRollups } from './rollup-check';

/**
 * After a random sequence of card issues, activations and closures (by SQL, as the card module writes them)
 * and purchases and refunds sent through the signed API, the rates served by `GET /card-stats` (from the
 * rollups) equal the same rates counted straight from the raw tables, and `checkCardRollups` finds nothing.
 */
let t: TestApp;
let fx: CardFixture;
let city: TestClient;
const bank: PartnerKey = { keyId: 'prop-bank', secret: 'prop-bank-secret-0123456789' };
const members: number[] = [];
const merchants: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupCardFixture(t, { minQualifyingFen: 300 });
  city = await t.login('city');
  for (let i = 0; i < 6; i++) members.push(await addMember(t, fx.unions[i % 3]!.id));
  merchants.push(await addMerchant(t, { supervisorOrgId: fx.unions[0]!.districtId, category: 'supermarket' }));
  await addAgreement(t, merchants[0]!, { subsidyBps: 1000, capPerTxnFen: 300, capPerMonthFen: 700 });
  merchants.push(await addMerchant(t, { supervisorOrgId: fx.unions[2]!.districtId, category: 'catering' }));
  await addAgreement(t, merchants[1]!, { subsidyBps: 800 });
  await addPartnerKey(t, fx.bankId, bank.keyId, bank.secret);
});
afterAll(async () => t.close());

async function reset() {
  await t.pool.query('truncate card_usage, org_card_usage, org_card_flow, card_merchant_months, merchant_month_totals, card_transactions, card_events, cards restart identity cascade');
}

/** The rates of a unit counted from cards, transactions and members directly. */
async function fromRawTables(path: string, fromMonth: number, toMonth: number) {
  const res = await t.pool.query<{ collected: number; issued: number; activated: number; used: number; members: number }>(
    `with c as (
       select c.*, c.closed_at is not null and card_month(c.closed_at) <= $3 as closed from cards c where c.org_path <@ $1::ltree and c.programme_id = $4
     )
     select (select count(*) from c where card_month(created_at) <= $3 and not closed)::int as collected,
            (select count(*) from c where to_char(issued_on, 'YYYYMM')::int <= $3 and not closed)::int as issued,
            (select count(*) from c where to_char(activated_on, 'YYYYMM')::int <= $3 and not closed)::int as activated,
            (select count(distinct p.card_id) from card_transactions p join c on c.id = p.card_id
              where p.kind = 'purchase' and p.qualifying and p.month between $2 and $3
                and not exists (select 1 from card_transactions r where r.refund_of_id = p.id and r.qualifying))::int as used,
            (select count(*) from members m where m.status = 'active' and m.org_path <@ $1::ltree)::int as members`,
    [path, fromMonth, toMonth, fx.programmeId],
  );
  const r = res.rows[0]!;
  return { ...r, issueRate: rate(r.issued, r.members), activationRate: rate(r.activated, r.issued), usageRate: rate(r.used, r.activated) };
}

const periods: [string, number, number][] = [
  ['2026-04', 202604, 202604],
  ['2026-Q3', 202607, 202609],
  ['2026', 202601, 202612],
];

describe('rates from the rollups', () => {
  it('equal the rates counted from the raw tables after random issues, activations, purchases and refunds through the API', async () => {
    const month = fc.integer({ min: 1, max: 10 });
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ op: fc.constant('card' as const), who: fc.nat(5), m: month, stage: fc.nat(3) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), which: fc.nat(20), m: month }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), which: fc.nat(20), m: month }) },
      { weight: 5, arbitrary: fc.record({ op: fc.constant('buy' as const), which: fc.nat(20), m: month, early: fc.boolean(), shop: fc.nat(1), amount: fc.integer({ min: 1, max: 9_000 }) }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('refund' as const), which: fc.nat(40), whole: fc.boolean() }) },
    );
    const paths = new Map<number, string>();
    for (const id of [fx.cityId, ...new Set(fx.unions.map((u) => u.districtId))]) {
      paths.set(id, (await t.pool.query('select path::text from org_units where id = $1', [id])).rows[0].path);
    }
    let run = 0;
    const tally = { purchases: 0, refunds: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 8, maxLength: 30 }), async (ops) => {
        await reset();
        run++;
        const cards: { id: number; number: string; who: number; stage: number; last: number; closed: boolean }[] = [];
        const sent: { txnId: string; card: { number: string }; shop: number; left: number; m: number }[] = [];
        let batch: Record<string, unknown>[] = [];
        let serial = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          t.clock.advance(1000);
          const res = await signedPost(t, bank, { items: batch });
          expect(res.status).toBe(200);
          res.body.results.forEach((r: { status: string; txnId: string }, i: number) => {
            const item = batch[i]!;
            if (r.status !== 'accepted') {
              tally.rejected++;
              return;
            }
            tally[item.refundOfTxnId ? 'refunds' : 'purchases']++;
            if (item.refundOfTxnId) sent.find((s) => s.txnId === item.refundOfTxnId)!.left -= item.amountFen as number;
            else sent.push({ txnId: r.txnId, card: { number: item.cardNumber as string }, shop: item.merchantId as number, left: item.amountFen as number, m: Number((item.occurredAt as string).slice(5, 7)) });
          });
          batch = [];
        };
        const day = (m: number, d = 10) => `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        for (const o of ops) {
          if (o.op === 'card') {
            if (cards.some((c) => c.who === o.who && !c.closed)) continue;
            // A card that has already come some way through the funnel, all within the month.
            const number = makeTxnCardNumber();
            const id = (
              await t.pool.query(
                `insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, number_last4, number_hash, created_at, applied_at, issued_on, activated_on)
                 select $1, m.id, $2, m.org_id, m.org_path, $7, 'bulk', right($3, 4), $4, $5, $8, $9, $10 from members m where m.id = $6 returning id`,
                [
                  fx.programmeId,
                  fx.bankId,
                  number,
                  t.deps.crypto.lookupHash('card', number),
                  `${day(o.m, 1)}T09:00:00+08:00`,
                  members[o.who],
                  ['collected', 'applied', 'issued', 'activated'][o.stage],
                  o.stage >= 1 ? `${day(o.m, 3)}T09:00:00+08:00` : null,
                  o.stage >= 2 ? day(o.m, 5) : null,
                  o.stage >= 3 ? day(o.m, 7) : null,
                ],
              )
            ).rows[0].id;
            cards.push({ id, number, who: o.who, stage: o.stage, last: o.m, closed: false });
            continue;
          }
          if (o.op === 'refund') {
            const p = sent.length > 0 ? sent[o.which % sent.length]! : undefined;
            if (!p || p.left === 0) continue;
            const amount = o.whole || p.left === 1 ? p.left : Math.floor(p.left / 2);
            batch.push({ txnId: `r${run}-${++serial}`, cardNumber: p.card.number, merchantId: p.shop, amountFen: amount, occurredAt: `${day(Math.min(p.m + 1, 10), 20)}T12:00:00+08:00`, refundOfTxnId: p.txnId });
          } else {
            const card = cards.length > 0 ? cards[o.which % cards.length]! : undefined;
            if (!card || card.closed) continue;
            const m = Math.max(card.last, o.m);
            if (o.op === 'close') {
              // Flushed first: purchases already sent stay valid for the card's time before the closure.
              await flush();
              await t.pool.query(`update cards set state = 'cancelled', closed_at = $2 where id = $1`, [card.id, `${day(m, 28)}T18:00:00+08:00`]);
              card.closed = true;
            } else if (o.op === 'advance' && card.stage < 3) {
              const set = ["state = 'applied', applied_at = $2::date + time '09:00'", "state = 'issued', issued_on = $2", "state = 'activated', activated_on = $2"][card.stage]!;
              await t.pool.query(`update cards set ${set} where id = $1`, [card.id, day(m, 12)]);
              card.stage++;
              card.last = m;
            } else if (o.op === 'buy') {
              // Sent whatever the card's stage: cards not yet activated are refused, and count nothing.
              batch.push({ txnId: `p${run}-${++serial}`, cardNumber: card.number, merchantId: merchants[o.shop], amountFen: o.amount, occurredAt: `${day(o.early ? o.m : m, 15)}T12:00:00+08:00` });
            }
          }
          if (batch.length >= 4) await flush();
        }
        await flush();
        expect(await checkCardRollups(t.pool)).toEqual([]);
        for (const [code, from, to] of periods) {
          const res = await city.get(`/api/v1/card-stats?period=${code}&programmeId=${fx.programmeId}`);
          expect(res.status).toBe(200);
          const rows = [res.body, ...res.body.children].filter((r: { orgId: number }) => paths.has(r.orgId));
          expect(rows.length).toBe(paths.size);
          for (const r of rows) {
            const want = await fromRawTables(paths.get(r.orgId)!, from, to);
            const got = { collected: r.collected, issued: r.issued, activated: r.activated, used: r.used, members: r.members, issueRate: r.issueRate, activationRate: r.activationRate, usageRate: r.usageRate };
            expect(got, `${code} unit ${r.orgId}`).toEqual(want);
          }
        }
      }),
      { numRuns: 25 },
    );
    // The sequences did reach the interesting cases (random: a handful of each is typical, none would mean the generator broke).
    expect(Math.min(tally.purchases, tally.refunds, tally.rejected)).toBeGreaterThan(0);
  }, 90_000);
});
