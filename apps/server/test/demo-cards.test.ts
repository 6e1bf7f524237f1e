import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardStates } from '@tongxing/domain';
import { checkCardRollups } from '../src/modules/card-stats/rollup-check';
import { demoCardNumber, seedDemoCards, type DemoCardsSummary } from '../src/demo/demo-cards';
import { seedDemoMembers } from '../src/demo/demo-members';
import { shanghaiDate } from '../src/lib/local-date';
import { createTestApp, type TestApp } from './harness';

/** The demo cards seeded into a fresh database: shares of the funnel, dates in order, history, rollups. */
describe('the demo cards', () => {
  let t: TestApp;
  let summary: DemoCardsSummary;
  let today: string;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoMembers(t.pool, t.deps.crypto);
    today = shanghaiDate(t.clock());
    summary = await seedDemoCards(t.pool, t.deps.crypto, { today });
  }, 120_000);
  afterAll(async () => t.close());

  it('loads cards for most members in every state, in seconds', async () => {
    expect(summary.seconds).toBeLessThan(15);
    expect(new Set(Object.keys(summary.byState))).toEqual(new Set(cardStates));
    const [m] = await q(`select count(*)::int as n from members where status = 'active'`);
    const [live] = await q(`
      select count(*)::int as collected,
             count(*) filter (where state in ('issued','activated','frozen'))::int as issued,
             count(*) filter (where state in ('activated','frozen'))::int as activated
        from cards where state not in ('lost','replaced','cancelled')`);
    const share = (n: number) => n / m.n;
    expect(share(live.collected)).toBeGreaterThan(0.8);
    expect(share(live.collected)).toBeLessThan(0.9);
    expect(share(live.issued)).toBeGreaterThan(0.7);
    expect(share(live.issued)).toBeLessThan(0.8);
    expect(share(live.activated)).toBeGreaterThan(0.55);
    expect(share(live.activated)).toBeLessThan(0.66);
    expect(summary.batches).toBeGreaterThan(3);
    const channels = await q(`select channel, count(*)::int as n from cards group by channel`);
    expect(new Set(channels.map((c) => c.channel))).toEqual(new Set(['bulk', 'portal', 'street', 'bank']));
  });

  it('keeps the workflow’s facts: dates in order and not in the future, closed cards closed, successors linked', async () => {
    const [bad] = await q(
      `select count(*)::int as n from cards
        where applied_at < created_at - interval '1 second' or issued_on < (applied_at at time zone 'Asia/Shanghai')::date
           or activated_on < issued_on or activated_on > $1::date or issued_on > $1::date or closed_at > now() + interval '1 day'
           or (state in ('lost','replaced','cancelled')) <> (closed_at is not null)
           or (state in ('issued','activated','frozen','lost','replaced') and number_hash is null) or (state in ('collected','applied') and number_hash is not null)`,
      [today],
    );
    expect(bad.n).toBe(0);
    const [pairs] = await q(`select count(*)::int as n from cards n join cards o on o.id = n.replaces_card_id where o.state <> 'replaced' or o.member_id <> n.member_id`);
    expect(pairs.n).toBe(0);
    const [dup] = await q(`select count(*)::int as n from (select member_id from cards where state not in ('lost','replaced','cancelled') group by member_id having count(*) > 1) x`);
    expect(dup.n).toBe(0);
    const [first] = await q(`select count(*)::int as n from cards c where not exists (select 1 from card_events e where e.card_id = c.id and e.to_state = c.state)`);
    expect(first.n).toBe(0);
  });

  it('stores numbers only as last four and keyed hash, by the shared rule for demo numbers', async () => {
    const [card] = await q(`select id, number_last4, number_hash from cards where state = 'activated' order by id limit 1`);
    const n = demoCardNumber(card.id);
    expect(n).toMatch(/^621788\d{13}$/);
    expect(card.number_last4).toBe(n.slice(-4));
    expect(card.number_hash).toBe(t.deps.crypto.lookupHash('card', n));
  });

  it('the funnel rollups equal a recomputation from the cards', async () => {
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });
});
