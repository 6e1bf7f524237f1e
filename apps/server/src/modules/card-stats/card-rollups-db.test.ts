import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { checkCardRollups } from './rollup-check';

/**
 * The card rollups are kept by triggers in the same transaction as each change (migration 0011). Here they
 * are driven straight through SQL — the way every writer reaches them — and compared with a hand count and
 * with a full recomputation from the raw tables after random sequences of changes.
 */
let t: TestApp;
let programmeId: number;
let bankId: number;
const units: number[] = [];
const memberIds: number[] = [];
let cityId: number;
let districtOf: Map<number, number>;

beforeAll(async () => {
  t = await createTestApp();
  const city = await t.login('city');
  cityId = await t.orgIdByName('常州市总工会');
  bankId = (await t.pool.query(`select id from org_units where kind = 'bank' order by depth, id limit 1`)).rows[0].id;
  // Three grassroots unions in two districts.
  const rows = await t.pool.query<{ id: number; district: number }>(
    `select id, subpath(path, 1, 1)::text::int as district from (
       select distinct on (subpath(path, 1, 1)) id, path from org_units where kind = 'grassroots_union' order by subpath(path, 1, 1), id) x
     order by id limit 2`,
  );
  const extra = await t.pool.query<{ id: number; district: number }>(
    `select id, subpath(path, 1, 1)::text::int as district from org_units where kind = 'grassroots_union' and id <> all($1) and subpath(path, 1, 1)::text::int = $2 order by id limit 1`,
    [rows.rows.map((r) => r.id), rows.rows[0]!.district],
  );
  const all = [...rows.rows, ...extra.rows];
  units.push(...all.map((r) => r.id));
  districtOf = new Map(all.map((r) => [r.id, r.district]));
  for (let i = 0; i < 6; i++) {
    const res = await city.post('/api/v1/members', { name: `持卡人${i}`, idNumber: makeIdNumber(), phone: makePhone(), orgId: units[i % units.length] });
    expect(res.status).toBe(201);
    memberIds.push(res.body.id);
  }
  programmeId = (await t.pool.query(`insert into card_programmes (code, name) values ('test-card', '测试服务卡') returning id`)).rows[0].id;
  await t.pool.query('insert into card_programme_banks (programme_id, bank_org_id) values ($1, $2)', [programmeId, bankId]);
});
afterAll(async () => t.close());

async function reset() {
  await t.pool.query('truncate card_usage, org_card_usage, org_card_flow, merchant_month_totals, card_transactions, card_events, cards restart identity cascade');
  for (let i = 0; i < memberIds.length; i++) {
    await t.pool.query('update members set org_id = o.id, org_path = o.path from org_units o where o.id = $2 and members.id = $1', [memberIds[i], units[i % units.length]]);
  }
}

async function newCard(memberId: number, at: string): Promise<number> {
  const res = await t.pool.query(
    `insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, created_at)
     select $1, m.id, $2, m.org_id, m.org_path, 'collected', 'bulk', $3 from members m where m.id = $4 returning id`,
    [programmeId, bankId, at, memberId],
  );
  return res.rows[0].id;
}

let txnSeq = 0;
async function purchase(cardId: number, at: string, amountFen: number): Promise<number> {
  const res = await t.pool.query(
    `insert into card_transactions (sender_org_id, sender_txn_id, card_id, merchant_id, kind, amount_fen, qualifying, occurred_at, month)
     values ($1, $2, $3, 1, 'purchase', $4, true, $5, card_month($5)) returning id`,
    [bankId, `p${++txnSeq}`, cardId, amountFen, at],
  );
  return res.rows[0].id;
}

async function refund(of: number, at: string, amountFen: number, completes: boolean) {
  await t.pool.query(
    `insert into card_transactions (sender_org_id, sender_txn_id, card_id, merchant_id, kind, amount_fen, refund_of_id, qualifying, occurred_at, month)
     select $1, $2, card_id, merchant_id, 'refund', $3, id, $4, $5, card_month($5) from card_transactions where id = $6`,
    [bankId, `r${++txnSeq}`, amountFen, completes, at, of],
  );
}

async function funnel(orgId: number, upTo: number) {
  const res = await t.pool.query(
    `select coalesce(sum(collected), 0)::int as collected, coalesce(sum(applied), 0)::int as applied, coalesce(sum(issued), 0)::int as issued, coalesce(sum(activated), 0)::int as activated
       from org_card_flow where org_id = $1 and programme_id = $2 and month <= $3`,
    [orgId, programmeId, upTo],
  );
  return res.rows[0];
}

async function used(orgId: number, period: string): Promise<number> {
  const res = await t.pool.query('select used from org_card_usage where org_id = $1 and programme_id = $2 and period = $3', [orgId, programmeId, period]);
  return res.rows[0]?.used ?? 0;
}

describe('card rollups', () => {
  it('match a small fixture counted by hand', async () => {
    await reset();
    const [a, b, c] = [await newCard(memberIds[0]!, '2026-01-05T10:00:00+08:00'), await newCard(memberIds[1]!, '2026-01-06T10:00:00+08:00'), await newCard(memberIds[3]!, '2026-02-01T10:00:00+08:00')];
    // a: applied Jan, issued Feb, activated Mar. b: applied and issued Feb, cancelled Apr. c: applied Mar.
    await t.pool.query(`update cards set state = 'activated', applied_at = '2026-01-10T09:00:00+08:00', issued_on = '2026-02-03', activated_on = '2026-03-01' where id = $1`, [a]);
    await t.pool.query(`update cards set state = 'cancelled', applied_at = '2026-02-01T09:00:00+08:00', issued_on = '2026-02-20', closed_at = '2026-04-02T12:00:00+08:00' where id = $1`, [b]);
    await t.pool.query(`update cards set state = 'applied', applied_at = '2026-03-15T09:00:00+08:00' where id = $1`, [c]);
    // Member 0 and 3 share a union (index 0); member 1 is in the other district.
    expect(await funnel(cityId, 202601)).toEqual({ collected: 2, applied: 1, issued: 0, activated: 0 });
    expect(await funnel(cityId, 202602)).toEqual({ collected: 3, applied: 2, issued: 2, activated: 0 });
    expect(await funnel(cityId, 202603)).toEqual({ collected: 3, applied: 3, issued: 2, activated: 1 });
    expect(await funnel(cityId, 202604)).toEqual({ collected: 2, applied: 2, issued: 1, activated: 1 });
    expect(await funnel(units[0]!, 202612)).toEqual({ collected: 2, applied: 2, issued: 1, activated: 1 });
    expect(await funnel(units[1]!, 202612)).toEqual({ collected: 0, applied: 0, issued: 0, activated: 0 });
    // Usage: a buys twice in March and once in May; the May purchase is wholly refunded (in two parts).
    await purchase(a, '2026-03-02T12:00:00+08:00', 5000);
    await purchase(a, '2026-03-20T12:00:00+08:00', 3000);
    const may = await purchase(a, '2026-05-08T12:00:00+08:00', 2000);
    expect([await used(cityId, '2026-03'), await used(cityId, '2026-Q1'), await used(cityId, '2026-05'), await used(cityId, '2026')]).toEqual([1, 1, 1, 1]);
    await refund(may, '2026-06-01T12:00:00+08:00', 1500, false);
    expect(await used(units[0]!, '2026-05')).toBe(1);
    await refund(may, '2026-06-02T12:00:00+08:00', 500, true);
    expect([await used(units[0]!, '2026-05'), await used(units[0]!, '2026-Q2'), await used(units[0]!, '2026')]).toEqual([0, 0, 1]);
    expect(await used(districtOf.get(units[0]!)!, '2026-03')).toBe(1);
    // The member moves to the other district: the card and its marks follow.
    await t.pool.query('update members set org_id = o.id, org_path = o.path from org_units o where o.id = $2 and members.id = $1', [memberIds[0], units[1]]);
    expect(await funnel(units[0]!, 202612)).toEqual({ collected: 1, applied: 1, issued: 0, activated: 0 });
    expect(await funnel(units[1]!, 202612)).toEqual({ collected: 1, applied: 1, issued: 1, activated: 1 });
    expect([await used(units[0]!, '2026-03'), await used(units[1]!, '2026-03'), await used(cityId, '2026-03')]).toEqual([0, 1, 1]);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('equal a full recomputation after random issues, activations, closures, moves, purchases and refunds', async () => {
    const month = fc.integer({ min: 1, max: 12 });
    const op = fc.oneof(
      fc.record({ op: fc.constant('card' as const), who: fc.nat(5), m: month }),
      fc.record({ op: fc.constant('advance' as const), which: fc.nat(20), m: month }),
      fc.record({ op: fc.constant('close' as const), which: fc.nat(20), m: month }),
      fc.record({ op: fc.constant('move' as const), who: fc.nat(5), to: fc.nat(2) }),
      fc.record({ op: fc.constant('buy' as const), which: fc.nat(20), m: month, amount: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ op: fc.constant('refund' as const), which: fc.nat(40), m: month, whole: fc.boolean() }),
    );
    const at = (m: number, day = 10) => `2026-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00+08:00`;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), async (ops) => {
        await reset();
        const cards: { id: number; who: number; stage: number; closed: boolean }[] = [];
        const purchases: { id: number; left: number; done: boolean }[] = [];
        for (const o of ops) {
          if (o.op === 'card') {
            // One live card per member and programme (the database refuses a second).
            if (cards.some((c) => c.who === o.who && !c.closed)) continue;
            cards.push({ id: await newCard(memberIds[o.who]!, at(o.m)), who: o.who, stage: 0, closed: false });
          }
          else if (o.op === 'move') {
            await t.pool.query('update members set org_id = u.id, org_path = u.path from org_units u where u.id = $2 and members.id = $1', [memberIds[o.who], units[o.to]]);
          } else if (o.op === 'advance' || o.op === 'close' || o.op === 'buy') {
            const card = cards.length > 0 ? cards[o.which % cards.length]! : undefined;
            if (!card || card.closed) continue;
            if (o.op === 'close') {
              await t.pool.query(`update cards set state = 'cancelled', closed_at = $2 where id = $1`, [card.id, at(o.m, 20)]);
              card.closed = true;
            } else if (o.op === 'advance' && card.stage < 3) {
              const column = ['applied_at', 'issued_on', 'activated_on'][card.stage]!;
              const state = ['applied', 'issued', 'activated'][card.stage]!;
              await t.pool.query(`update cards set state = $2, ${column} = $3 where id = $1`, [card.id, state, column.endsWith('_on') ? at(o.m).slice(0, 10) : at(o.m)]);
              card.stage++;
            } else if (o.op === 'buy' && card.stage === 3) {
              purchases.push({ id: await purchase(card.id, at(o.m), o.amount), left: o.amount, done: false });
            }
          } else {
            const p = purchases.length > 0 ? purchases[o.which % purchases.length]! : undefined;
            if (!p || p.done) continue;
            const amount = o.whole || p.left === 1 ? p.left : Math.floor(p.left / 2);
            p.left -= amount;
            p.done = p.left === 0;
            await refund(p.id, at(o.m, 25), amount, p.done);
          }
        }
        expect(await checkCardRollups(t.pool)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('copies of tree paths follow a moved unit', () => {
  it('moves a street with its members, their cards and rollups, and its loans to the other district', async () => {
    await reset();
    const { buildLoan, setupLoanProgramme } = await import('../../../test/support/loans');
    const city = await t.login('city');
    const tianning = await t.orgIdByName('天宁区总工会');
    const xinbei = await t.orgIdByName('新北区总工会');
    const street = (await city.post('/api/v1/orgs', { name: '迁移测试街道总工会', kind: 'street_federation', parentId: tianning })).body.id as number;
    const union = (await city.post('/api/v1/orgs', { name: '迁移测试企业工会', kind: 'grassroots_union', parentId: street })).body.id as number;
    const member = (await city.post('/api/v1/members', { name: '迁移持卡人', idNumber: makeIdNumber(), phone: makePhone(), orgId: union })).body.id as number;
    const card = await newCard(member, '2026-03-01T10:00:00+08:00');
    await t.pool.query(`update cards set state = 'activated', applied_at = '2026-03-02T10:00:00+08:00', issued_on = '2026-03-05', activated_on = '2026-03-06' where id = $1`, [card]);
    await purchase(card, '2026-04-01T10:00:00+08:00', 1000);
    const fx = await setupLoanProgramme(t, { code: 'move-test' });
    const loan = await buildLoan(t, fx, city, { state: 'repaying', orgId: union });
    expect((await t.pool.query('select district_id from loans where id = $1', [loan.loanId])).rows[0].district_id).toBe(tianning);

    expect((await city.patch(`/api/v1/orgs/${street}`, { parentId: xinbei })).status).toBe(200);
    const l = (await t.pool.query(`select district_id, org_path::text as p from loans where id = $1`, [loan.loanId])).rows[0];
    expect(l.district_id).toBe(xinbei);
    expect(l.p.split('.').map(Number)).toEqual([cityId, xinbei, street, union]);
    const c = (await t.pool.query(`select org_path::text as p from cards where id = $1`, [card])).rows[0];
    expect(c.p.split('.').map(Number)).toEqual([cityId, xinbei, street, union]);
    expect(await funnel(xinbei, 202612)).toEqual({ collected: 1, applied: 1, issued: 1, activated: 1 });
    expect(await funnel(tianning, 202612)).toEqual({ collected: 0, applied: 0, issued: 0, activated: 0 });
    expect([await used(xinbei, '2026-04'), await used(tianning, '2026-04')]).toEqual([1, 0]);
    // The district cadre of 新北 now sees the loan; 天宁's would not.
    const xinbeiCadre = await t.login('xinbei');
    expect((await xinbeiCadre.get(`/api/v1/loans/${loan.loanId}`)).status).toBe(200);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });
});
