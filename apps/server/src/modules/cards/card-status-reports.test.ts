import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { makeCardNumber, registerMembers, setupCardProgramme, type TestPerson } from '../../../test/support/card-life';
import { addPartnerKey, signedPost, type PartnerKey } from '../../../test/support/card-transactions';
import { officer, partnerUnit, sanjingUnion } from '../../../test/support/loan-actors';
import { makeIdNumber } from '../../../test/support/people';
import { checkCardRollups } from '../card-stats/rollup-check';

/**
 * The bank's system reporting card status through the signed partner API: the same matching and workflow
 * as the bank's file, committed at once for the items that can be; every other item answered with its
 * reason; sending the same items again changes nothing; only a bank of the programme may send, and only
 * about its own cards. The test clock stands at 2026-11-28.
 */
let t: TestApp;
let city: TestClient;
let sanjing: TestClient;
let bank: TestClient;
let otherBankClient: TestClient;
let programmeId: number;
let own: number;
let people: TestPerson[];
const url = '/api/v1/card-status-reports';
const key: PartnerKey = { keyId: 'status-bank', secret: 'status-bank-secret-0123456789' };
const otherKey: PartnerKey = { keyId: 'status-other-bank', secret: 'status-other-secret-0123456789' };
const number0 = makeCardNumber();
const number1 = makeCardNumber();

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  sanjing = await t.login('sanjing');
  bank = (await t.loginFull('bank')).client;
  const union = await sanjingUnion(t);
  const other = await partnerUnit(t, { name: '另一家报送银行', kind: 'bank' });
  otherBankClient = await officer(t, { username: 'statusother', displayName: '他行经办', orgId: other, role: 'bank_officer' });
  own = await t.orgIdByName('江苏同舟农村商业银行常州分行');
  ({ programmeId } = await setupCardProgramme(t, city, { bankOrgIds: [own, other] }));
  people = await registerMembers(sanjing, union, 6);
  // People 0–2 applied at our bank, person 3 at the other bank; persons 4 and 5 have no card.
  expect((await sanjing.post('/api/v1/card-batches', { orgId: union, bankOrgId: own, memberIds: people.slice(0, 3).map((p) => p.id) })).status).toBe(201);
  expect((await sanjing.post('/api/v1/card-batches', { orgId: union, bankOrgId: other, memberIds: [people[3]!.id] })).status).toBe(201);
  await addPartnerKey(t, own, key.keyId, key.secret);
  await addPartnerKey(t, other, otherKey.keyId, otherKey.secret);
});
afterAll(async () => t.close());

const cardOf = async (memberId: number) =>
  (
    await t.pool.query<{ id: number; state: string; number_last4: string | null; issued_on: string | null; activated_on: string | null; version: number }>(
      `select id, state, number_last4, issued_on::text, activated_on::text, version from cards where member_id = $1 and programme_id = $2 order by id`,
      [memberId, programmeId],
    )
  ).rows;

const batch = () => ({
  items: [
    { ref: 'r0', idNumber: people[0]!.idNumber, name: people[0]!.name, cardNumber: number0, state: 'issued', issuedOn: '2026-11-03' },
    { ref: 'r1', idType: 'resident_id', idNumber: people[1]!.idNumber, name: people[1]!.name, cardNumber: number1, state: 'activated', issuedOn: '2026-11-03', activatedOn: '2026-11-20' },
    { ref: 'r2', idNumber: people[2]!.idNumber, name: people[2]!.name, cardNumber: makeCardNumber(), state: 'destroyed', issuedOn: '2026-11-03' },
    { ref: 'r3', idNumber: makeIdNumber(), name: '查无此人', cardNumber: makeCardNumber(), state: 'issued', issuedOn: '2026-11-03' },
    { ref: 'r4', idNumber: people[3]!.idNumber, name: people[3]!.name, cardNumber: makeCardNumber(), state: 'issued', issuedOn: '2026-11-03' },
    { ref: 'r5', idNumber: people[4]!.idNumber, name: people[4]!.name, state: 'lost' },
    { ref: 'r6', idNumber: people[2]!.idNumber, name: '别人', cardNumber: makeCardNumber(), state: 'issued', issuedOn: '2026-11-03' },
    { ref: 'r7', idNumber: people[2]!.idNumber, name: people[2]!.name, cardNumber: makeCardNumber(), state: 'issued', issuedOn: '2026-11-03', color: 'red' },
    42,
    { ref: 'r9', idNumber: people[2]!.idNumber, name: people[2]!.name, cardNumber: makeCardNumber(), state: 'activated', issuedOn: '2026-11-03', activatedOn: '2026-12-01' },
  ],
});

describe('POST /card-status-reports', () => {
  let first: Awaited<ReturnType<typeof signedPost>>;
  let sent: ReturnType<typeof batch>;

  it('applies the items that can be and answers every other with its reason', async () => {
    sent = batch();
    first = await signedPost(t, key, sent, { url });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const by = first.body.results.map((r: { index: number; ref: string | null; status: string; code?: string; field?: string }) =>
      [r.index, r.ref, r.status, r.code ?? '', r.field ?? ''].join(':'),
    );
    expect(by).toEqual([
      '0:r0:applied::',
      '1:r1:applied::',
      '2:r2:rejected:cardImport.itemInvalid:state',
      '3:r3:unmatched:cardImport.memberNotFound:idNumber',
      '4:r4:unmatched:cardImport.otherBank:idNumber',
      '5:r5:unmatched:cardImport.noCard:idNumber',
      '6:r6:rejected:cardImport.nameMismatch:name',
      '7:r7:rejected:cardImport.itemInvalid:item',
      '8::rejected:cardImport.itemInvalid:item',
      '9:r9:rejected:cardImport.dateFuture:activatedOn',
    ]);
    expect(first.body.counts).toEqual({ applied: 2, unchanged: 0, unmatched: 3, rejected: 5, newCards: 0 });
    expect(first.body.results[2].message).toBe('字段 state 格式不正确');
    expect(first.body.programmeId).toBe(programmeId);
    // Nothing of a person's numbers comes back.
    expect(JSON.stringify(first.body)).not.toContain(people[0]!.idNumber);
    expect(JSON.stringify(first.body)).not.toContain(number0);

    const [c0] = await cardOf(people[0]!.id);
    expect(c0).toMatchObject({ state: 'issued', number_last4: number0.slice(-4), issued_on: '2026-11-03', activated_on: null });
    const [c1] = await cardOf(people[1]!.id);
    expect(c1).toMatchObject({ state: 'activated', number_last4: number1.slice(-4), issued_on: '2026-11-03', activated_on: '2026-11-20' });
    // Person 2's card is untouched: every item about it was refused.
    expect((await cardOf(people[2]!.id))[0]).toMatchObject({ state: 'applied', number_last4: null });
    // Each change is in the card's history, from the bank's API, without a user.
    const events = await t.pool.query(`select to_state, source, actor_id, import_id, note from card_events where card_id = $1 order by id`, [c1!.id]);
    expect(events.rows.slice(-2)).toEqual([
      { to_state: 'issued', source: 'partner_api', actor_id: null, import_id: first.body.reportId, note: '第 2 条' },
      { to_state: 'activated', source: 'partner_api', actor_id: null, import_id: first.body.reportId, note: '第 2 条' },
    ]);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('answers in English when asked', async () => {
    const res = await signedPost(t, key, { items: [{ idNumber: makeIdNumber(), name: '查无此人', state: 'lost' }] }, { url, headers: { 'accept-language': 'en' } });
    expect(res.body.results[0]).toMatchObject({ status: 'unmatched', code: 'cardImport.memberNotFound', message: 'No union member holds this ID number' });
  });

  it('keeps the batch as one of the bank’s imports, audited under the key', async () => {
    const audit = await t.pool.query(`select actor_user_id, actor_username, actor_org_id, entity_id, after from audit_log where action = 'card.status_report' order by id`);
    expect(audit.rows[0]).toMatchObject({ actor_user_id: null, actor_username: `partner:${key.keyId}`, actor_org_id: own, entity_id: String(first.body.reportId) });
    expect(audit.rows[0].after).toMatchObject({ rows: 10, applied: 2, unchanged: 0, unmatched: 3, errors: 5 });
    // The bank's officer sees it among the bank's imports, with its report; the other bank does not.
    const list = await bank.get('/api/v1/card-bank-imports');
    const row = list.body.items.find((i: { id: number }) => i.id === first.body.reportId);
    expect(row).toMatchObject({ source: 'api', partnerKeyId: key.keyId, createdBy: null, bankOrgId: own, rows: 10, applied: 2, unmatched: 3, errors: 5 });
    const one = await bank.get(`/api/v1/card-bank-imports/${first.body.reportId}`);
    expect(one.status).toBe(200);
    expect(one.body.issues.map((i: { row: number }) => i.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(JSON.stringify(one.body)).not.toContain(people[2]!.idNumber);
    expect((await otherBankClient.get(`/api/v1/card-bank-imports/${first.body.reportId}`)).status).toBe(404);
  });

  it('changes nothing when the same items come again', async () => {
    const before = { c0: await cardOf(people[0]!.id), c1: await cardOf(people[1]!.id) };
    const events = (await t.pool.query(`select count(*)::int as n from card_events`)).rows[0].n;
    // Signed afresh (a new timestamp): the request is new, the items are not.
    const again = await signedPost(t, key, sent, { url, timestamp: first.timestamp + 1 });
    expect(again.status).toBe(200);
    expect(again.body.counts).toEqual({ applied: 0, unchanged: 2, unmatched: 3, rejected: 5, newCards: 0 });
    expect(again.body.results.slice(0, 2).map((r: { status: string }) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect({ c0: await cardOf(people[0]!.id), c1: await cardOf(people[1]!.id) }).toEqual(before);
    expect((await t.pool.query(`select count(*)::int as n from card_events`)).rows[0].n).toBe(events);
    // The very same signed request again is a replay.
    const replay = await signedPost(t, key, sent, { url, timestamp: first.timestamp + 1 });
    expect([replay.status, replay.body.code]).toEqual([401, 'PARTNER_SIGNATURE_REPLAYED']);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('moves cards along the workflow: a card is frozen, reported lost and replaced', async () => {
    const base = { idNumber: people[1]!.idNumber, name: people[1]!.name };
    const frozen = await signedPost(t, key, { items: [{ ...base, cardNumber: number1, state: 'frozen', changedOn: '2026-11-25' }] }, { url });
    expect(frozen.body.results[0].status).toBe('applied');
    expect((await cardOf(people[1]!.id))[0]!.state).toBe('frozen');
    const replacement = makeCardNumber();
    const lostThenNew = await signedPost(
      t,
      key,
      {
        items: [
          { ...base, cardNumber: number1, state: 'lost', changedOn: '2026-11-26' },
          { ...base, cardNumber: replacement, state: 'activated', issuedOn: '2026-11-27', activatedOn: '2026-11-27' },
        ],
      },
      { url },
    );
    expect(lostThenNew.body.counts).toMatchObject({ applied: 2, newCards: 1 });
    const cards = await cardOf(people[1]!.id);
    expect(cards.map((c) => [c.state, c.number_last4])).toEqual([
      ['replaced', number1.slice(-4)],
      ['activated', replacement.slice(-4)],
    ]);
    const link = await t.pool.query(`select replaces_card_id from cards where id = $1`, [cards[1]!.id]);
    expect(link.rows[0].replaces_card_id).toBe(cards[0]!.id);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('a bank reports only on its own cards', async () => {
    // The other bank of the programme names our member's card: not its card.
    const res = await signedPost(t, otherKey, { items: [{ idNumber: people[0]!.idNumber, name: people[0]!.name, cardNumber: number0, state: 'activated', issuedOn: '2026-11-03', activatedOn: '2026-11-10' }] }, { url });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ status: 'unmatched', code: 'cardImport.otherBank' });
    expect((await cardOf(people[0]!.id))[0]!.state).toBe('issued');
  });

  it('refuses senders that are not a bank of the programme, and unsigned or altered requests', async () => {
    const insurer = await partnerUnit(t, { name: '报送测试保险', kind: 'insurer' });
    const k: PartnerKey = { keyId: 'status-insurer', secret: 'status-insurer-secret-0123456789' };
    await addPartnerKey(t, insurer, k.keyId, k.secret);
    const item = { idNumber: people[5]!.idNumber, name: people[5]!.name, cardNumber: makeCardNumber(), state: 'issued', issuedOn: '2026-11-03' };
    const notBank = await signedPost(t, k, { items: [item] }, { url });
    expect([notBank.status, notBank.body.code]).toEqual([403, 'PARTNER_NOT_BANK']);
    // A bank that issues no card of any programme.
    const lone = await partnerUnit(t, { name: '未合作银行', kind: 'bank' });
    const lk: PartnerKey = { keyId: 'status-lone-bank', secret: 'status-lone-secret-0123456789' };
    await addPartnerKey(t, lone, lk.keyId, lk.secret);
    const noProgramme = await signedPost(t, lk, { items: [item] }, { url });
    expect([noProgramme.status, noProgramme.body.code]).toEqual([409, 'CARD_NO_PROGRAMME']);
    const wrongProgramme = await signedPost(t, key, { programmeId: 999_999, items: [item] }, { url });
    expect([wrongProgramme.status, wrongProgramme.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const unsigned = await t.app.inject({ method: 'POST', url, payload: JSON.stringify({ items: [item] }), headers: { 'content-type': 'application/json' } });
    expect([unsigned.statusCode, unsigned.json().code]).toEqual([401, 'PARTNER_SIGNATURE_MISSING']);
    const wrongSecret = await signedPost(t, { keyId: key.keyId, secret: 'not-the-secret' }, { items: [item] }, { url });
    expect([wrongSecret.status, wrongSecret.body.code]).toEqual([401, 'PARTNER_SIGNATURE_INVALID']);
    const stale = await signedPost(t, key, { items: [item] }, { url, timestamp: Math.floor(t.clock().getTime() / 1000) - 301 });
    expect([stale.status, stale.body.code]).toEqual([401, 'PARTNER_SIGNATURE_STALE']);
    // A person's session is not a partner's signature.
    expect((await bank.post(url, { items: [item] })).status).toBe(401);
    expect((await cardOf(people[5]!.id)).length).toBe(0);
  });

  it('refuses a malformed batch as a whole', async () => {
    const empty = await signedPost(t, key, { items: [] }, { url });
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const extra = await signedPost(t, key, { items: [{}], send: 'now' }, { url });
    expect([extra.status, extra.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooMany = await signedPost(t, key, { items: Array.from({ length: 1001 }, () => ({})) }, { url });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const notJson = await signedPost(t, key, '{"items": [', { url });
    expect([notJson.status, notJson.body.code]).toEqual([400, 'MALFORMED_BODY']);
  });
});
