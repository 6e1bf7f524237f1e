import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { makeCardNumber, registerMembers, setupCardProgramme, type TestPerson } from '../../../test/support/card-life';
import { officer, partnerUnit, portalMember } from '../../../test/support/loan-actors';
import { checkCardRollups } from '../card-stats/rollup-check';

/**
 * Who sees which card, and what each side may do to it: a district cadre sees its members' cards only (another
 * district's read as missing), a bank only the cards routed to it; the workflow refuses illegal changes with
 * 409 CARD_TRANSITION_INVALID; the member applies in the portal (through the street federation when the unit
 * has no union), reports the card lost, and the bank replaces it. Card numbers never appear in an answer.
 */
let t: TestApp;
let city: TestClient;
let xinbei: TestClient;
let wujin: TestClient;
let bank: TestClient;
let otherBank: TestClient;
let xinbeiPeople: TestPerson[];
let wujinPeople: TestPerson[];
let bankOrgId: number;
const cardOf: Record<number, number> = {};

async function grassrootsUnder(t: TestApp, districtName: string): Promise<number> {
  const res = await t.pool.query(
    `select u.id from org_units u join org_units d on u.path <@ d.path where d.name = $1 and u.kind = 'grassroots_union' and u.status = 'active' order by u.id limit 1`,
    [districtName],
  );
  return res.rows[0].id;
}

beforeAll(async () => {
  t = await createTestApp({ OTP_IP_HOURLY_LIMIT: '100000' });
  city = await t.login('city');
  xinbei = await t.login('xinbei');
  wujin = await t.login('wujin');
  bank = (await t.loginFull('bank')).client;
  const other = await partnerUnit(t, { name: '第二家银行', kind: 'bank' });
  otherBank = await officer(t, { username: 'bankb', displayName: '乙行经办', orgId: other, role: 'bank_officer' });
  ({ bankOrgId } = await setupCardProgramme(t, city));
  const xu = await grassrootsUnder(t, '新北区总工会');
  const wu = await grassrootsUnder(t, '武进区总工会');
  xinbeiPeople = await registerMembers(xinbei, xu, 3);
  wujinPeople = await registerMembers(wujin, wu, 2);
  for (const [c, unit, ps] of [
    [xinbei, xu, xinbeiPeople],
    [wujin, wu, wujinPeople],
  ] as const) {
    const res = await c.post('/api/v1/card-batches', { orgId: unit, memberIds: ps.map((p) => p.id) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const all = await city.get('/api/v1/cards?pageSize=100');
  for (const c of all.body.items) cardOf[c.memberId] = c.id;
});
afterAll(async () => t.close());

describe('scope', () => {
  it('a district cadre sees only its own cards; another district’s card is missing', async () => {
    const mine = await xinbei.get('/api/v1/cards');
    expect(mine.body.items.map((c: { memberId: number }) => c.memberId).sort()).toEqual(xinbeiPeople.map((p) => p.id).sort());
    expect((await xinbei.get(`/api/v1/cards/${cardOf[wujinPeople[0]!.id]}`)).status).toBe(404);
    expect((await wujin.get(`/api/v1/cards/${cardOf[wujinPeople[0]!.id]}`)).status).toBe(200);
    // Searching by the other district's member finds nothing; by name in its own scope it does.
    expect((await xinbei.get(`/api/v1/cards?q=${wujinPeople[0]!.idNumber}`)).body.total).toBe(0);
    expect((await wujin.get(`/api/v1/cards?q=${wujinPeople[0]!.idNumber}`)).body.total).toBe(1);
    expect((await xinbei.get(`/api/v1/cards?q=${encodeURIComponent(xinbeiPeople[0]!.name)}`)).body.total).toBeGreaterThanOrEqual(1);
    // A cadre cannot cancel another district's application either.
    expect((await xinbei.post(`/api/v1/cards/${cardOf[wujinPeople[0]!.id]}/cancel`, { reason: '越权' })).status).toBe(404);
    expect((await city.get('/api/v1/cards')).body.total).toBe(5);
  });

  it('a bank sees only the cards routed to it', async () => {
    expect((await bank.get('/api/v1/cards')).body.total).toBe(5);
    expect((await otherBank.get('/api/v1/cards')).body.total).toBe(0);
    expect((await otherBank.get(`/api/v1/cards/${cardOf[xinbeiPeople[0]!.id]}`)).status).toBe(404);
    const res = await otherBank.post(`/api/v1/cards/${cardOf[xinbeiPeople[0]!.id]}/events`, { event: 'issue', cardNumber: makeCardNumber(), on: '2026-11-20' });
    expect(res.status).toBe(404);
  });
});

describe('transitions', () => {
  it('refuses illegal changes with 409 and a stable code', async () => {
    const id = cardOf[xinbeiPeople[0]!.id]!;
    const activate = await bank.post(`/api/v1/cards/${id}/events`, { event: 'activate', on: '2026-11-20' });
    expect(activate.status).toBe(409);
    expect(activate.body.code).toBe('CARD_TRANSITION_INVALID');
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'unfreeze' })).body.code).toBe('CARD_TRANSITION_INVALID');
    // Issuing needs a valid card number and a day not in the future.
    const badNumber = await bank.post(`/api/v1/cards/${id}/events`, { event: 'issue', cardNumber: '6217990000000000001', on: '2026-11-20' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.errors[0]).toMatchObject({ path: 'cardNumber', code: 'card.number' });
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'issue', cardNumber: makeCardNumber(), on: '2026-12-20' })).status).toBe(400);
    const number = makeCardNumber();
    const issued = await bank.post(`/api/v1/cards/${id}/events`, { event: 'issue', cardNumber: number, on: '2026-11-20' });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ state: 'issued', issuedOn: '2026-11-20', numberMasked: `**** **** **** ${number.slice(-4)}` });
    expect(JSON.stringify(issued.body)).not.toContain(number);
    // The same number on another card is refused.
    const dup = await bank.post(`/api/v1/cards/${cardOf[xinbeiPeople[1]!.id]}/events`, { event: 'issue', cardNumber: number, on: '2026-11-20' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CARD_NUMBER_TAKEN');
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'activate', on: '2026-11-19' })).body.errors[0].code).toBe('card.dateOrder');
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'activate', on: '2026-11-21' })).body.state).toBe('activated');
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'freeze' })).body.state).toBe('frozen');
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'freeze' })).status).toBe(409);
    expect((await bank.post(`/api/v1/cards/${id}/events`, { event: 'unfreeze' })).body.state).toBe('activated');
    // A cadre has no bank events.
    expect((await xinbei.post(`/api/v1/cards/${id}/events`, { event: 'freeze' })).status).toBe(403);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('the bank replaces a live card: the old one ends (closed), the new one names it', async () => {
    const id = cardOf[xinbeiPeople[0]!.id]!;
    const fresh = makeCardNumber();
    const res = await bank.post(`/api/v1/cards/${id}/replace`, { cardNumber: fresh, issuedOn: '2026-11-27', note: '卡片损坏' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'issued', replacesCardId: id, issuedOn: '2026-11-27' });
    const old = (await bank.get(`/api/v1/cards/${id}`)).body;
    expect(old).toMatchObject({ state: 'replaced', replacedByCardId: res.body.id });
    expect(old.closedAt).not.toBeNull();
    expect(old.events.map((e: { toState: string }) => e.toState)).toEqual(['applied', 'issued', 'activated', 'frozen', 'activated', 'lost', 'replaced']);
    const cancel = await bank.post(`/api/v1/cards/${res.body.id}/events`, { event: 'cancel', note: '销户' });
    expect(cancel.body).toMatchObject({ state: 'cancelled' });
    expect(cancel.body.closedAt).not.toBeNull();
    expect((await bank.post(`/api/v1/cards/${res.body.id}/events`, { event: 'report_lost' })).status).toBe(409);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });
});

describe('the portal', () => {
  it('a member applies (我要办), sees the card masked, cannot apply twice, reports it lost', async () => {
    const xu = await grassrootsUnder(t, '新北区总工会');
    const member = await portalMember(t, xinbei, xu, { name: '周小卡' });
    const before = await member.client.get('/api/v1/portal/card');
    expect(before.body).toMatchObject({ card: null, canApply: true, applyChannel: 'portal' });
    const applied = await member.client.post('/api/v1/portal/card/apply', {});
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.card).toMatchObject({ state: 'applied', channel: 'portal', numberMasked: null });
    expect(applied.body.canApply).toBe(false);
    const twice = await member.client.post('/api/v1/portal/card/apply', {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CARD_LIVE_EXISTS');
    // Reporting lost a card not yet issued is not possible.
    expect((await member.client.post('/api/v1/portal/card/report-lost', {})).body.code).toBe('CARD_TRANSITION_INVALID');
    const number = makeCardNumber();
    const card = applied.body.card.id;
    await bank.post(`/api/v1/cards/${card}/events`, { event: 'issue', cardNumber: number, on: '2026-11-25' });
    await bank.post(`/api/v1/cards/${card}/events`, { event: 'activate', on: '2026-11-26' });
    const shown = await member.client.get('/api/v1/portal/card');
    expect(shown.body.card).toMatchObject({ state: 'activated', numberMasked: `**** **** **** ${number.slice(-4)}` });
    expect(JSON.stringify(shown.body)).not.toContain(number);
    // A cadre reaches the member's card, another district does not.
    expect((await xinbei.get(`/api/v1/cards/${card}`)).status).toBe(200);
    expect((await wujin.get(`/api/v1/cards/${card}`)).status).toBe(404);
    const lost = await member.client.post('/api/v1/portal/card/report-lost', { note: '丢在地铁上' });
    expect(lost.status).toBe(200);
    expect(lost.body.card).toBeNull();
    expect(lost.body.past[0]).toMatchObject({ state: 'lost' });
    expect(lost.body.canApply).toBe(true);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('a member of a street federation without a union applies through the street', async () => {
    const street = (await t.pool.query(`select id from org_units where name = '三井街道总工会'`)).rows[0].id;
    const member = await portalMember(t, city, street, { name: '吴街道' });
    const res = await member.client.post('/api/v1/portal/card/apply', {});
    expect(res.status).toBe(200);
    expect(res.body.card).toMatchObject({ state: 'applied', channel: 'street' });
    const withdrawn = await member.client.post('/api/v1/portal/card/cancel', {});
    expect(withdrawn.body.card).toBeNull();
    expect(withdrawn.body.past[0]).toMatchObject({ state: 'cancelled' });
  });

  it('the programme’s configuration needs card:configure; a bank with live cards stays', async () => {
    const programme = (await city.get('/api/v1/card-programmes')).body.items[0];
    expect(programme.banks[0]).toMatchObject({ orgId: bankOrgId });
    expect(programme.liveCards).toBeGreaterThan(0);
    const body = { name: programme.name, issueRateBase: 'collected', minQualifyingFen: 500, status: 'active', bankOrgIds: [bankOrgId] };
    expect((await xinbei.put(`/api/v1/card-programmes/${programme.id}`, body)).status).toBe(403);
    const updated = await city.put(`/api/v1/card-programmes/${programme.id}`, body);
    expect(updated.body).toMatchObject({ issueRateBase: 'collected', minQualifyingFen: 500 });
    const other = (await t.pool.query(`select id from org_units where name = '第二家银行'`)).rows[0].id;
    const removed = await city.put(`/api/v1/card-programmes/${programme.id}`, { ...body, bankOrgIds: [other] });
    expect(removed.status).toBe(409);
    expect(removed.body.code).toBe('CARD_PROGRAMME_BANK_IN_USE');
    const notBank = await city.put(`/api/v1/card-programmes/${programme.id}`, { ...body, bankOrgIds: [bankOrgId, (await t.pool.query(`select id from org_units where name = '三井街道总工会'`)).rows[0].id] });
    expect(notBank.status).toBe(400);
    expect(notBank.body.errors[0]).toMatchObject({ path: 'bankOrgIds.1', code: 'card.bankKind' });
    const dupCode = await city.post('/api/v1/card-programmes', { code: programme.code, name: 'x', issueRateBase: 'members', minQualifyingFen: 1, bankOrgIds: [bankOrgId] });
    expect(dupCode.body.code).toBe('CARD_PROGRAMME_CODE_TAKEN');
  });
});
