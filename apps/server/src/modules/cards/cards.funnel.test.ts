import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { bankCsv, funnel, makeCardNumber, postForFile, registerMembers, setupCardProgramme, type TestPerson } from '../../../test/support/card-life';
import { idem, sanjingUnion } from '../../../test/support/loan-actors';
import { readSheets, uploadFile } from '../../../test/support/sheets';
import { checkCardRollups } from '../card-stats/rollup-check';

/**
 * The card funnel through the API: a street cadre applies in bulk for members of a grassroots union, the
 * bank's sheet is exported (audited, with a reason), the bank's file reports the cards issued and then
 * activated; each step moves the unit's funnel (org_card_flow), which always equals a recomputation from
 * the cards. The test clock stands at 2026-11-28 (Asia/Shanghai).
 */
let t: TestApp;
let city: TestClient;
let sanjing: TestClient;
let bank: TestClient;
let union: number;
let street: number;
let programmeId: number;
let people: TestPerson[];
const numbers: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  sanjing = await t.login('sanjing');
  bank = (await t.loginFull('bank')).client;
  union = await sanjingUnion(t);
  street = await t.orgIdByName('三井街道总工会');
  ({ programmeId } = await setupCardProgramme(t, city));
  people = await registerMembers(sanjing, union, 6);
  for (let i = 0; i < people.length; i++) numbers.push(makeCardNumber());
});
afterAll(async () => t.close());

async function commit(c: TestClient, file: Buffer, name = 'cards.csv') {
  const checked = await uploadFile(c, '/api/v1/card-bank-imports', name, file, { contentType: 'text/csv' });
  expect(checked.status, JSON.stringify(checked.body)).toBe(201);
  const done = await c.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, { mode: 'valid' }, idem());
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { checked: checked.body, done: done.body };
}

describe('the card funnel', () => {
  let batchId: number;

  it('a bulk application puts the chosen members in applied, skipping one who already applied', async () => {
    const first = await sanjing.post('/api/v1/card-batches', { orgId: union, memberIds: [people[0]!.id] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const res = await sanjing.post('/api/v1/card-batches', { orgId: union, memberIds: people.map((p) => p.id), note: '十一月批次' });
    expect(res.status).toBe(201);
    expect(res.body.cardCount).toBe(5);
    expect(res.body.skipped).toEqual([{ memberId: people[0]!.id, name: people[0]!.name, reason: 'liveCard' }]);
    expect(res.body.states).toEqual({ applied: 5 });
    expect(res.body.reference).toMatch(/^CB2026\d{6}$/);
    batchId = res.body.id;
    const list = await sanjing.get(`/api/v1/cards?batchId=${batchId}`);
    expect(list.body.total).toBe(5);
    expect(list.body.items.every((c: { state: string; channel: string; numberMasked: null }) => c.state === 'applied' && c.channel === 'bulk' && c.numberMasked === null)).toBe(true);
    expect(await funnel(t, union, programmeId)).toEqual({ collected: 6, applied: 6, issued: 0, activated: 0 });
    // The street and the city above count the same cards.
    expect(await funnel(t, street, programmeId)).toEqual({ collected: 6, applied: 6, issued: 0, activated: 0 });
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('all active members without a card: nobody left, so the batch is refused', async () => {
    const res = await sanjing.post('/api/v1/card-batches', { orgId: union, allWithoutCard: true });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CARD_BATCH_EMPTY');
  });

  it('the bank sheet needs a reason and card:apply, holds the full numbers, and is audited', async () => {
    expect((await postForFile(sanjing, `/api/v1/card-batches/${batchId}/export`, {})).status).toBe(400);
    expect((await postForFile(bank, `/api/v1/card-batches/${batchId}/export`, { reason: '报送银行' })).status).toBe(403);
    const res = await postForFile(sanjing, `/api/v1/card-batches/${batchId}/export`, { reason: '报送银行制卡' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const sheet = (await readSheets(res.raw)).get('办卡申请')!;
    expect(sheet[0]).toEqual(['序号', '姓名', '证件类型', '证件号码', '手机号', '工作单位', '所属工会', '申请批次号']);
    expect(sheet).toHaveLength(6);
    expect(sheet.map((r) => r[3])).toEqual(expect.arrayContaining(people.slice(1).map((p) => p.idNumber)));
    const audit = await t.pool.query(`select after from audit_log where action = 'card.batch.export' and entity_id = $1`, [String(batchId)]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after).toMatchObject({ reason: '报送银行制卡', rows: 5 });
    expect((await sanjing.get(`/api/v1/card-batches/${batchId}`)).body.exportedAt).not.toBeNull();
  });

  it('the bank file issues the cards: the issue rate moves', async () => {
    const rows = people.map((p, i) => ({ idNumber: p.idNumber, name: p.name, cardNumber: numbers[i]!, state: '已发卡', issuedOn: '2026-11-02' }));
    const { checked, done } = await commit(bank, bankCsv(rows));
    expect(checked).toMatchObject({ rows: 6, applied: 6, unchanged: 0, unmatched: 0, errors: 0, newCards: 0, previousImport: null });
    expect(done).toMatchObject({ rows: 6, applied: 6, unchanged: 0 });
    expect(await funnel(t, union, programmeId)).toEqual({ collected: 6, applied: 6, issued: 6, activated: 0 });
    const card = (await sanjing.get(`/api/v1/cards?memberId=${people[1]!.id}`)).body.items[0];
    expect(card).toMatchObject({ state: 'issued', issuedOn: '2026-11-02', numberMasked: `**** **** **** ${numbers[1]!.slice(-4)}` });
    const detail = await sanjing.get(`/api/v1/cards/${card.id}`);
    expect(detail.body.events.map((e: { toState: string; source: string }) => `${e.toState}/${e.source}`)).toEqual(['applied/console', 'issued/bank_file']);
    expect(detail.body.events[1].importId).toBe(done.id);
    const stored = await t.pool.query(`select number_last4, number_hash from cards where id = $1`, [card.id]);
    expect(stored.rows[0].number_last4).toBe(numbers[1]!.slice(-4));
    expect(stored.rows[0].number_hash).toBe(t.deps.crypto.lookupHash('card', numbers[1]!));
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('the next file activates four of them: the activation rate moves', async () => {
    const rows = people.slice(0, 4).map((p, i) => ({ idNumber: p.idNumber, name: p.name, cardNumber: numbers[i]!, state: '已激活', issuedOn: '2026-11-02', activatedOn: '2026-11-12' }));
    const file = bankCsv(rows);
    const { done } = await commit(bank, file, 'activated.csv');
    expect(done).toMatchObject({ applied: 4, unchanged: 0 });
    expect(await funnel(t, union, programmeId)).toEqual({ collected: 6, applied: 6, issued: 6, activated: 4 });
    const november = await t.pool.query(`select issued, activated from org_card_flow where org_id = $1 and programme_id = $2 and month = 202611`, [union, programmeId]);
    expect(november.rows[0]).toEqual({ issued: 6, activated: 4 });
    expect(await checkCardRollups(t.pool)).toEqual([]);

    // The same file again: recognised, and it changes nothing.
    const events = (await t.pool.query(`select count(*)::int as n from card_events`)).rows[0].n;
    const again = await commit(bank, file, 'activated.csv');
    expect(again.checked.previousImport).toMatchObject({ id: done.id });
    expect(again.checked).toMatchObject({ applied: 0, unchanged: 4 });
    expect(again.done).toMatchObject({ applied: 0, unchanged: 4 });
    expect((await t.pool.query(`select count(*)::int as n from card_events`)).rows[0].n).toBe(events);
    expect(await funnel(t, union, programmeId)).toEqual({ collected: 6, applied: 6, issued: 6, activated: 4 });
  });

  it('a cadre withdraws an application but not an issued card', async () => {
    const [extra] = await registerMembers(sanjing, union, 1);
    const res = await sanjing.post('/api/v1/card-batches', { orgId: union, allWithoutCard: true });
    expect(res.body.cardCount).toBe(1);
    const card = (await sanjing.get(`/api/v1/cards?memberId=${extra!.id}`)).body.items[0];
    const cancelled = await sanjing.post(`/api/v1/cards/${card.id}/cancel`, { reason: '会员放弃办理' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect(cancelled.body.closedAt).not.toBeNull();
    const issued = (await sanjing.get(`/api/v1/cards?memberId=${people[5]!.id}`)).body.items[0];
    const refused = await sanjing.post(`/api/v1/cards/${issued.id}/cancel`, { reason: '试一下' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CARD_TRANSITION_INVALID');
    expect(await funnel(t, union, programmeId)).toEqual({ collected: 6, applied: 6, issued: 6, activated: 4 });
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });
});
