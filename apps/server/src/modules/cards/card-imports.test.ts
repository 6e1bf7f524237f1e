import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { bankCsv, makeCardNumber, registerMembers, setupCardProgramme, type TestPerson } from '../../../test/support/card-life';
import { idem, officer, partnerUnit, sanjingUnion } from '../../../test/support/loan-actors';
import { makeIdNumber } from '../../../test/support/people';
import { downloadFile, readSheets, uploadFile } from '../../../test/support/sheets';
import { checkCardRollups } from '../card-stats/rollup-check';

/**
 * The bank's card file: malformed rows (ID check digit, dates, state, card number) and unmatched ones (no such
 * member, a card at another bank, nothing to change) come back with row, column and code, in the answer and in
 * the downloadable report; valid rows are written; re-sending changes nothing; a lost card followed by a new
 * number is a replacement. The test clock stands at 2026-11-28.
 */
let t: TestApp;
let city: TestClient;
let sanjing: TestClient;
let bank: TestClient;
let otherBank: TestClient;
let programmeId: number;
let people: TestPerson[];

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  sanjing = await t.login('sanjing');
  bank = (await t.loginFull('bank')).client;
  const union = await sanjingUnion(t);
  const other = await partnerUnit(t, { name: '另一家银行', kind: 'bank' });
  otherBank = await officer(t, { username: 'otherbank', displayName: '他行经办', orgId: other, role: 'bank_officer' });
  const own = await t.orgIdByName('江苏同舟农村商业银行常州分行');
  ({ programmeId } = await setupCardProgramme(t, city, { bankOrgIds: [own, other] }));
  people = await registerMembers(sanjing, union, 5);
  // People 0–2 applied at our bank, person 3 at the other bank; person 4 has no card.
  expect((await sanjing.post('/api/v1/card-batches', { orgId: union, bankOrgId: own, memberIds: people.slice(0, 3).map((p) => p.id) })).status).toBe(201);
  expect((await sanjing.post('/api/v1/card-batches', { orgId: union, bankOrgId: other, memberIds: [people[3]!.id] })).status).toBe(201);
});
afterAll(async () => t.close());

function breakCheckDigit(id: string) {
  const last = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
}

describe('the bank file', () => {
  it('reports every malformed and unmatched row and writes the good ones', async () => {
    const good = makeCardNumber();
    const badLuhn = makeCardNumber().replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const file = bankCsv([
      { idNumber: people[0]!.idNumber, name: people[0]!.name, cardNumber: good, state: '已发卡', issuedOn: '2026-11-03' },
      { idNumber: breakCheckDigit(people[1]!.idNumber), name: people[1]!.name, cardNumber: makeCardNumber(), state: '已发卡', issuedOn: '2026-11-03' },
      { idNumber: people[2]!.idNumber, name: people[2]!.name, cardNumber: makeCardNumber(), state: '已发卡', issuedOn: '2026-13-03' },
      { idNumber: people[2]!.idNumber, name: people[2]!.name, cardNumber: makeCardNumber(), state: '已作废', issuedOn: '2026-11-03' },
      { idNumber: people[2]!.idNumber, name: people[2]!.name, cardNumber: badLuhn, state: '已发卡', issuedOn: '2026-11-03' },
      { idNumber: makeIdNumber(), name: '查无此人', cardNumber: makeCardNumber(), state: '已发卡', issuedOn: '2026-11-03' },
      { idNumber: people[3]!.idNumber, name: people[3]!.name, cardNumber: makeCardNumber(), state: '已发卡', issuedOn: '2026-11-03' },
      { idNumber: people[4]!.idNumber, name: people[4]!.name, state: '已挂失' },
      { idNumber: people[1]!.idNumber, name: '别人', cardNumber: makeCardNumber(), state: '已发卡', issuedOn: '2026-11-03' },
      { idNumber: people[1]!.idNumber, name: people[1]!.name, cardNumber: makeCardNumber(), state: '已激活', issuedOn: '2026-11-03', activatedOn: '2026-12-01' },
    ]);
    const checked = await uploadFile(bank, '/api/v1/card-bank-imports', 'cards.csv', file, { contentType: 'text/csv' });
    expect(checked.status, JSON.stringify(checked.body)).toBe(201);
    expect(checked.body).toMatchObject({ rows: 10, applied: 1, unchanged: 0, unmatched: 3, errors: 6 });
    const byRow = Object.fromEntries(checked.body.issues.map((i: { row: number; code: string; column: string; kind: string }) => [i.row, `${i.kind}:${i.column}:${i.code}`]));
    expect(byRow).toEqual({
      3: 'error:证件号码:cardImport.idChecksum',
      4: 'error:发卡日期:cardImport.issuedOn',
      5: 'error:状态:cardImport.state',
      6: 'error:卡号:cardImport.number',
      7: 'unmatched:证件号码:cardImport.memberNotFound',
      8: 'unmatched:证件号码:cardImport.otherBank',
      9: 'unmatched:证件号码:cardImport.noCard',
      10: 'error:姓名:cardImport.nameMismatch',
      11: 'error:激活日期:cardImport.dateFuture',
    });
    // Rows are named by name and masked ID, never the full number.
    expect(JSON.stringify(checked.body)).not.toContain(people[1]!.idNumber);
    const row8 = checked.body.issues.find((i: { row: number }) => i.row === 8);
    expect(row8.idNumberMasked).toBe(`${people[3]!.idNumber.slice(0, 6)}********${people[3]!.idNumber.slice(-4)}`);

    // The check's report as a sheet.
    const report = await downloadFile(bank, `/api/v1/card-bank-imports/${checked.body.id}/report`);
    expect(report.status).toBe(200);
    const sheet = (await readSheets(report.raw)).get('处理报告')!;
    expect(sheet).toHaveLength(10);
    expect(sheet[1]![0]).toBe('3');

    // Nothing is written by the check; `all` refuses; `valid` writes row 2 only.
    expect((await t.pool.query(`select count(*)::int as n from cards where state = 'issued'`)).rows[0].n).toBe(0);
    const all = await bank.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, { mode: 'all' }, idem());
    expect(all.status).toBe(422);
    expect(all.body.code).toBe('IMPORT_HAS_ERRORS');
    const done = await bank.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, { mode: 'valid' }, idem());
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: 1, unmatched: 3, errors: 6 });
    expect(done.body.issues).toHaveLength(9);
    const again = await bank.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, { mode: 'valid' }, idem());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IMPORT_ALREADY_COMMITTED');
    const committedReport = await downloadFile(bank, `/api/v1/card-bank-imports/${done.body.id}/report`);
    expect((await readSheets(committedReport.raw)).get('处理报告')).toHaveLength(10);
    expect((await bank.get(`/api/v1/card-bank-imports/${done.body.id}`)).body.issues).toHaveLength(9);
    expect((await bank.get('/api/v1/card-bank-imports')).body.total).toBe(1);
    // Another bank sees neither the import nor its report.
    expect((await otherBank.get(`/api/v1/card-bank-imports/${done.body.id}`)).status).toBe(404);
    expect((await otherBank.get('/api/v1/card-bank-imports')).body.total).toBe(0);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('an .xlsx with a title row; a member without a card gets one from the bank; re-import changes nothing', async () => {
    const number = makeCardNumber();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('明细');
    ws.addRow(['同舟农商行服务卡发卡明细']);
    ws.addRow(['证件号码', '姓名', '卡号', '状态', '发卡日期', '激活日期']);
    ws.addRow([people[4]!.idNumber, people[4]!.name, number, '已激活', '2026-10-20', new Date(Date.UTC(2026, 9, 25))]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const checked = await uploadFile(bank, '/api/v1/card-bank-imports', 'cards.xlsx', data);
    expect(checked.status, JSON.stringify(checked.body)).toBe(201);
    expect(checked.body).toMatchObject({ rows: 1, applied: 1, newCards: 1 });
    const done = await bank.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, {}, idem());
    expect(done.body).toMatchObject({ applied: 1, newCards: 1 });
    const card = (await bank.get(`/api/v1/cards?memberId=${people[4]!.id}`)).body.items[0];
    expect(card).toMatchObject({ state: 'activated', channel: 'bank', issuedOn: '2026-10-20', activatedOn: '2026-10-25' });
    const flow = await t.pool.query(`select month, collected, applied, issued, activated from org_card_flow where org_id = $1 and programme_id = $2 and month = 202610`, [await sanjingUnion(t), programmeId]);
    expect(flow.rows[0]).toEqual({ month: 202610, collected: 1, applied: 1, issued: 1, activated: 1 });

    const second = await uploadFile(bank, '/api/v1/card-bank-imports', 'cards.xlsx', data);
    expect(second.body).toMatchObject({ applied: 0, unchanged: 1, newCards: 0, previousImport: { id: done.body.id } });
    const before = (await t.pool.query(`select count(*)::int as n from card_events`)).rows[0].n;
    expect((await bank.post(`/api/v1/card-bank-imports/${second.body.id}/commit`, {}, idem())).body).toMatchObject({ applied: 0, unchanged: 1 });
    expect((await t.pool.query(`select count(*)::int as n from card_events`)).rows[0].n).toBe(before);
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('a card reported lost, then a new number on the next row: the new card replaces the old', async () => {
    const card = (await bank.get(`/api/v1/cards?memberId=${people[4]!.id}`)).body.items[0];
    const fresh = makeCardNumber();
    const checked = await uploadFile(
      bank,
      '/api/v1/card-bank-imports',
      'lost.csv',
      bankCsv([
        { idNumber: people[4]!.idNumber, name: people[4]!.name, state: '已挂失', changedOn: '2026-11-20' },
        { idNumber: people[4]!.idNumber, name: people[4]!.name, cardNumber: fresh, state: '已发卡', issuedOn: '2026-11-25' },
      ]),
      { contentType: 'text/csv' },
    );
    expect(checked.body).toMatchObject({ applied: 2, newCards: 1, errors: 0, unmatched: 0 });
    await bank.post(`/api/v1/card-bank-imports/${checked.body.id}/commit`, {}, idem());
    const old = (await bank.get(`/api/v1/cards/${card.id}`)).body;
    expect(old.state).toBe('replaced');
    expect(old.closedAt).toBe('2026-11-20T04:00:00.000Z');
    expect(old.events.map((e: { toState: string }) => e.toState)).toEqual(['issued', 'activated', 'lost', 'replaced']);
    const successor = (await bank.get(`/api/v1/cards/${old.replacedByCardId}`)).body;
    expect(successor).toMatchObject({ state: 'issued', replacesCardId: card.id, numberMasked: `**** **** **** ${fresh.slice(-4)}` });
    expect(await checkCardRollups(t.pool)).toEqual([]);
  });

  it('the template downloads; a file without the required columns is refused', async () => {
    const template = await downloadFile(bank, '/api/v1/card-bank-imports/template');
    expect(template.status).toBe(200);
    expect((await readSheets(template.raw)).get('发卡明细')![0]).toEqual(['证件类型', '证件号码', '姓名', '卡号', '状态', '发卡日期', '激活日期', '变更日期']);
    const res = await uploadFile(bank, '/api/v1/card-bank-imports', 'x.csv', Buffer.from('姓名,卡号\r\n张三,1\r\n'), { contentType: 'text/csv' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_COLUMNS_MISSING');
    // Cadres do not upload bank files.
    expect((await uploadFile(sanjing, '/api/v1/card-bank-imports', 'x.csv', Buffer.from('a\r\n'))).status).toBe(403);
  });
});
