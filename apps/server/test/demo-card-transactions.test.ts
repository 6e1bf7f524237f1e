import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCardTransactions, type DemoCardTransactionsSummary } from '../src/demo/demo-card-transactions';
import { demoCardNumber, seedDemoCards } from '../src/demo/demo-cards';
import { seedDemoMembers } from '../src/demo/demo-members';
import { seedDemoMerchants } from '../src/demo/demo-merchants';
import { shanghaiDate } from '../src/lib/local-date';
import { checkCardRollups } from '../src/modules/card-stats/rollup-check';
import { createTestApp, type TestApp } from './harness';
import { signedPost } from './support/card-transactions';

/** The demo's year of card transactions on top of the demo members, cards and merchants. */
describe('the demo card transactions', () => {
  let t: TestApp;
  let summary: DemoCardTransactionsSummary;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp();
    const today = shanghaiDate(t.clock());
    await seedDemoMembers(t.pool, t.deps.crypto);
    await seedDemoCards(t.pool, t.deps.crypto, { today });
    await seedDemoMerchants(t.pool, t.deps.crypto, { today });
    summary = await seedDemoCardTransactions(t.pool, { today });
  }, 240_000);
  afterAll(async () => t.close());

  it('loads a few hundred thousand transactions in seconds, and the rollups agree with them', async () => {
    expect(summary.purchases).toBeGreaterThan(200_000);
    expect(summary.purchases).toBeLessThan(400_000);
    expect(summary.refunds).toBeGreaterThan(summary.purchases * 0.01);
    // A generous bound (it takes a few seconds alone): it catches a per-row loop, not a busy machine.
    expect(summary.seconds).toBeLessThan(45);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  }, 120_000);

  it('prices every transaction by the partner API’s rules: rate, caps, refunds, the monthly sums', async () => {
    // Each purchase: at most the agreement's rate and its per-purchase cap.
    const over = await q(`
      select count(*)::int as n from card_transactions t join merchant_agreements a on a.id = t.agreement_id
       where t.kind = 'purchase' and (t.subsidy_fen < 0 or t.subsidy_fen > a.cap_per_txn_fen or t.subsidy_fen * 10000 > t.amount_fen * a.subsidy_bps + 5000)`);
    expect(over[0].n).toBe(0);
    // The monthly sums equal the transactions (refunds counted in their purchase's month) and stay within the cap.
    const sums = await q(`
      with s as (
        select t.card_id, t.merchant_id, coalesce(o.month, t.month) as month, sum(t.subsidy_fen) as fen
          from card_transactions t left join card_transactions o on o.id = t.refund_of_id group by 1, 2, 3)
      select count(*) filter (where s.fen is distinct from m.subsidy_fen)::int as differ,
             count(*) filter (where m.subsidy_fen > (select max(a.cap_per_month_fen) from merchant_agreements a where a.merchant_id = m.merchant_id))::int as above
        from card_merchant_months m full join s on s.card_id = m.card_id and s.merchant_id = m.merchant_id and s.month = m.month`);
    expect(sums[0]).toEqual({ differ: 0, above: 0 });
    // Refunds: never more than the purchase, the subsidy back in proportion, the completing one flagged.
    const refunds = await q<{ amount: string; subsidy: string; p_amount: string; p_subsidy: string; qualifying: boolean; p_qualifying: boolean }>(`
      select r.amount_fen as amount, r.subsidy_fen as subsidy, p.amount_fen as p_amount, p.subsidy_fen as p_subsidy, r.qualifying, p.qualifying as p_qualifying
        from card_transactions r join card_transactions p on p.id = r.refund_of_id`);
    for (const r of refunds) {
      expect(Number(r.amount)).toBeLessThanOrEqual(Number(r.p_amount));
      const want = Number(r.amount) === Number(r.p_amount) ? Number(r.p_subsidy) : Math.round((Number(r.p_subsidy) * Number(r.amount)) / Number(r.p_amount));
      expect(-Number(r.subsidy)).toBe(want);
      expect(r.qualifying).toBe(r.p_qualifying && r.amount === r.p_amount);
    }
  });

  it('looks like a real city: supermarkets and eateries first, busier weekends, most cards used', async () => {
    const cats = await q<{ category: string; n: number }>(`select m.category, count(*)::int as n from card_transactions t join merchants m on m.id = t.merchant_id where t.kind = 'purchase' group by 1 order by 2 desc`);
    expect(cats.slice(0, 2).map((c) => c.category).sort()).toEqual(['catering', 'supermarket']);
    const days = await q<{ weekend: boolean; per_day: number }>(`
      select extract(isodow from occurred_at at time zone 'Asia/Shanghai') >= 6 as weekend, count(*)::float / count(distinct (occurred_at at time zone 'Asia/Shanghai')::date) as per_day
        from card_transactions where kind = 'purchase' group by 1`);
    const weekend = days.find((d) => d.weekend)!.per_day;
    const weekday = days.find((d) => !d.weekend)!.per_day;
    expect(weekend).toBeGreaterThan(weekday * 1.2);
    const city = await t.login('city');
    const stats = await city.get(`/api/v1/card-stats?period=${shanghaiDate(new Date(t.clock().getTime() - 30 * 86_400_000)).slice(0, 7)}`);
    expect(stats.status).toBe(200);
    expect(stats.body.usageRate).toBeGreaterThan(0.2);
    expect(stats.body.usageRate).toBeLessThan(0.95);
    expect(stats.body.children.length).toBe(7);
  });

  it('takes more transactions through the demo keys, priced against the seeded months', async () => {
    const card = (await q<{ id: number }>(`select id from cards where state = 'activated' order by id limit 1`))[0]!;
    const today = shanghaiDate(t.clock());
    const shop = (
      await q<{ id: number }>(
        `select m.id from merchants m join merchant_agreements a on a.merchant_id = m.id and a.status = 'active' and $1::date between a.valid_from and a.valid_to
          where m.state = 'active' and m.activated_on <= $1::date order by m.id limit 1`,
        [today],
      )
    )[0]!;
    const res = await signedPost(t, { keyId: 'demo-bank', secret: 'demo-bank-secret' }, { items: [{ txnId: 'demo-test-1', cardNumber: demoCardNumber(card.id), merchantId: shop.id, amountFen: 5000, occurredAt: new Date(t.clock().getTime() - 3_600_000).toISOString() }] });
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe('accepted');
    const existing = (await q<{ sender_txn_id: string; subsidy_fen: string; card_id: number; merchant_id: number; amount_fen: string; occurred_at: Date }>(`select t.* from card_transactions t join org_units o on o.id = t.sender_org_id and o.kind = 'bank' where t.kind = 'purchase' order by t.id limit 1`))[0]!;
    t.clock.advance(1000);
    const again = await signedPost(t, { keyId: 'demo-bank', secret: 'demo-bank-secret' }, { items: [{ txnId: existing.sender_txn_id, cardNumber: demoCardNumber(existing.card_id), merchantId: existing.merchant_id, amountFen: Number(existing.amount_fen), occurredAt: existing.occurred_at.toISOString() }] });
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', subsidyFen: Number(existing.subsidy_fen) });
  });
});
