import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, rememberSecret, type TestApp, type TestClient } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { buildSheet, downloadFile, readSheets, uploadFile, type SheetRow } from '../../../test/support/sheets';

let t: TestApp;
let sanjing: TestClient;
let xinbei: TestClient;
let wujin: TestClient;
let sanjingUnion: number;
let wujinUnion: { id: number; name: string };
/** Every personal number these tests put into a file: none may come back in clear. */
const secrets: string[] = [];

async function unionUnder(street: string) {
  const res = await t.pool.query(
    `select id, name from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = $1) order by id limit 1`,
    [street],
  );
  return res.rows[0] as { id: number; name: string };
}

function person(over: SheetRow = {}): SheetRow {
  const row: SheetRow = { name: '王建国', idNumber: makeIdNumber(), phone: makePhone(), category: '产业工人', ...over };
  for (const v of [row.idNumber, row.phone]) if (typeof v === 'string') secrets.push(v);
  return row;
}

async function memberCount() {
  return (await t.pool.query<{ n: number }>('select count(*)::int as n from members')).rows[0]!.n;
}

function expectNoSecrets(text: string) {
  for (const s of secrets) expect(text).not.toContain(s);
}

beforeAll(async () => {
  t = await createTestApp();
  sanjing = await t.login('sanjing');
  xinbei = await t.login('xinbei');
  wujin = await t.login('wujin');
  sanjingUnion = (await unionUnder('三井街道总工会')).id;
  wujinUnion = await unionUnder('湖塘镇总工会');
});
afterAll(async () => {
  // No personal number of these files reached this app's log.
  const log = readFileSync(t.deps.config.LOG_FILE!, 'utf8');
  await t.close();
  expectNoSecrets(log);
});

describe('a file with bad rows', () => {
  let importId: number;
  let rows: SheetRow[];

  beforeAll(async () => {
    const activeElsewhere = person({ name: '赵武进' });
    const registered = await wujin.post('/api/v1/members', { name: '赵武进', idNumber: activeElsewhere.idNumber, phone: activeElsewhere.phone, orgId: wujinUnion.id });
    expect(registered.status).toBe(201);
    const first = person({ name: '张一' });
    const good = makeIdNumber();
    const badChecksum = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    secrets.push(good, badChecksum);
    rows = [
      first, // row 2
      person({ name: '李二', idNumber: badChecksum }), // row 3
      person({ name: '孙三', category: '外星人' }), // row 4
      person({ name: '周四', ethnicity: '汉族', joinDate: new Date(Date.UTC(2023, 6, 1)), tags: '技术能手、青年岗位能手' }), // row 5
      person({ name: '吴五', idNumber: first.idNumber }), // row 6
      activeElsewhere, // row 7
      person({ name: '郑六', orgId: wujinUnion.name }), // row 8
    ];
  });

  it('gets a report with rows, columns and codes, and writes nothing', async () => {
    const before = await memberCount();
    const res = await uploadFile(sanjing, `/api/v1/member-imports?orgId=${sanjingUnion}`, '三井会员.xlsx', await buildSheet(rows));
    expect(res.status).toBe(201);
    importId = res.body.id;
    expect(res.body).toMatchObject({ fileName: '三井会员.xlsx', status: 'checked', totalRows: 7, validRows: 2, errorRows: 5, canCommit: true });
    const byRow = Object.fromEntries(res.body.errors.map((e: { row: number }) => [e.row, e]));
    expect(byRow[3]).toMatchObject({ column: '证件号码', field: 'idNumber', code: 'id.checksum', message: '身份证号码校验位错误' });
    expect(byRow[4]).toMatchObject({ column: '职工类别', field: 'category', code: 'import.dictionary' });
    expect(byRow[6]).toMatchObject({ column: '证件号码', code: 'import.duplicateInFile', message: '与第 2 行的证件号码重复' });
    // Already a member of a union the street cadre cannot see: said, without naming it.
    expect(byRow[7]).toMatchObject({ field: 'idNumber', code: 'import.alreadyActive', message: '此人已是在册会员，不能重复登记' });
    expect(byRow[8]).toMatchObject({ column: '所属工会', field: 'orgId', code: 'import.orgNotFound', message: '找不到该工会，或不在您的管理范围内' });
    expect(res.body.errors).toHaveLength(5);
    expectNoSecrets(JSON.stringify(res.body));
    expect(JSON.stringify(res.body)).not.toContain(wujinUnion.name.slice(2, 8));
    expect(await memberCount()).toBe(before);
  });

  it('speaks the reader’s language', async () => {
    sanjing.lang = 'en';
    try {
      const res = await sanjing.get(`/api/v1/member-imports/${importId}`);
      expect(res.body.errors.find((e: { row: number }) => e.row === 6).message).toBe('Same ID number as row 2');
    } finally {
      sanjing.lang = null;
    }
  });

  it('refuses to commit all of it, and writes nothing', async () => {
    const before = await memberCount();
    const res = await sanjing.post(`/api/v1/member-imports/${importId}/commit`, { mode: 'all' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMPORT_HAS_ERRORS');
    expect(await memberCount()).toBe(before);
    expect((await sanjing.post(`/api/v1/member-imports/${importId}/commit`, { mode: 'some' })).status).toBe(400);
  });

  it('offers the problems as .xlsx in both languages, never with an ID or phone value', async () => {
    const res = await downloadFile(sanjing, `/api/v1/member-imports/${importId}/report`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('导入问题清单')}`);
    const sheet = [...(await readSheets(res.raw)).values()][0]!;
    const header = sheet.findIndex((r) => r[0] === '行号 Row');
    const lines = sheet.slice(header + 1);
    expect(lines.map((l) => Number(l[0]))).toEqual([3, 4, 6, 7, 8]);
    expect(lines[0]!.slice(1, 5)).toEqual(['证件号码', '', '身份证号码校验位错误', 'The ID number check digit is wrong']);
    expect(lines[1]!.slice(1, 3)).toEqual(['职工类别', '外星人']);
    expect(lines[4]![2]).toBe(wujinUnion.name);
    expectNoSecrets(JSON.stringify(sheet));
  });

  it('is visible to its creator and the district above, not to another district', async () => {
    expect((await xinbei.get(`/api/v1/member-imports/${importId}`)).status).toBe(200);
    expect((await wujin.get(`/api/v1/member-imports/${importId}`)).status).toBe(404);
    expect((await wujin.post(`/api/v1/member-imports/${importId}/commit`, { mode: 'valid_only' })).status).toBe(404);
    expect((await downloadFile(wujin, `/api/v1/member-imports/${importId}/report`)).status).toBe(404);
  });

  it('imports exactly the valid rows when asked, with their history and counts', async () => {
    const before = await memberCount();
    const countsBefore = (await sanjing.get(`/api/v1/members/counts?orgId=${sanjingUnion}`)).body.members;
    const res = await sanjing.post(`/api/v1/member-imports/${importId}/commit`, { mode: 'valid_only' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: importId, status: 'committed', importedRows: 2, skippedRows: 5 });
    expect(await memberCount()).toBe(before + 2);
    const written = await t.pool.query(
      `select m.id, m.name, m.org_id, m.category, m.tags, m.join_date, m.ethnicity, m.name_initials, e.type, e.note
         from members m join member_events e on e.member_id = m.id where m.name in ('张一', '周四') order by m.name`,
    );
    const byName = Object.fromEntries(written.rows.map((r) => [r.name, r]));
    expect(written.rows).toHaveLength(2);
    expect(byName['周四']).toMatchObject({ org_id: sanjingUnion, type: 'imported', category: 'industrial', tags: ['技术能手', '青年岗位能手'], join_date: '2023-07-01', ethnicity: '01', name_initials: 'zs' });
    // No join date in the sheet: the day of the import, in Changzhou.
    expect(byName['张一']).toMatchObject({ org_id: sanjingUnion, type: 'imported', join_date: '2026-11-28' });
    expect((await sanjing.get(`/api/v1/members/counts?orgId=${sanjingUnion}`)).body.members).toBe(countsBefore + 2);
    expect((await sanjing.get(`/api/v1/members?q=zhangyi`)).body.items.map((m: { name: string }) => m.name)).toContain('张一');
    const audit = await t.pool.query(`select after from audit_log where action = 'member.import' and entity_id = $1`, [String(importId)]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after).toMatchObject({ fileName: '三井会员.xlsx', mode: 'valid_only', importedRows: 2, skippedRows: 5, orgId: sanjingUnion });
    expectNoSecrets(JSON.stringify(audit.rows));
    const again = await sanjing.post(`/api/v1/member-imports/${importId}/commit`, { mode: 'valid_only' });
    expect([again.status, again.body.code]).toEqual([409, 'IMPORT_ALREADY_COMMITTED']);
    expect((await sanjing.get(`/api/v1/member-imports/${importId}`)).body).toMatchObject({ status: 'committed', importedRows: 2, canCommit: false });
  });

  it('creates no duplicates when the same file comes again', async () => {
    const before = await memberCount();
    const res = await uploadFile(sanjing, `/api/v1/member-imports?orgId=${sanjingUnion}`, '三井会员.xlsx', await buildSheet(rows));
    expect(res.body).toMatchObject({ totalRows: 7, validRows: 0, errorRows: 7, canCommit: false });
    const row2 = res.body.errors.find((e: { row: number; code: string }) => e.row === 2);
    // Now a member of the cadre's own union: that one may be named.
    expect(row2.code).toBe('import.alreadyActive');
    expect(row2.message).toMatch(/^此人已是.+工会委员会的在册会员/);
    const commit = await sanjing.post(`/api/v1/member-imports/${res.body.id}/commit`, { mode: 'valid_only' });
    expect([commit.status, commit.body.code]).toEqual([422, 'IMPORT_NO_VALID_ROWS']);
    expect(await memberCount()).toBe(before);
  });
});

describe('scope', () => {
  it('a street cadre cannot import into a unit outside the street', async () => {
    const res = await uploadFile(sanjing, `/api/v1/member-imports?orgId=${wujinUnion.id}`, 'x.xlsx', await buildSheet([person()]));
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('rows naming a unit by credit code work inside the scope; a district is not a member unit', async () => {
    const code = (await t.pool.query('select credit_code from org_units where id = $1', [sanjingUnion])).rows[0].credit_code as string;
    const district = await t.orgIdByName('新北区总工会');
    const res = await uploadFile(xinbei, `/api/v1/member-imports?orgId=${district}`, 'x.xlsx', await buildSheet([person({ orgId: code.toLowerCase() }), person()]));
    expect(res.body).toMatchObject({ validRows: 1, errorRows: 1 });
    expect(res.body.errors[0]).toMatchObject({ row: 3, field: 'orgId', code: 'import.orgCannotHold' });
  });
});

describe('the template', () => {
  it('downloads with dropdowns and an example row that passes the dry run', async () => {
    const res = await downloadFile(sanjing, '/api/v1/member-imports/template');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('会员导入模板.xlsx')}`);
    const sheets = await readSheets(res.raw);
    expect([...sheets.keys()]).toEqual(['会员信息', '填写说明', '字典']);
    const main = sheets.get('会员信息')!;
    expect(main[0]!.slice(0, 5)).toEqual(['姓名*', '证件类型', '证件号码*', '手机号*', '所属工会']);
    expect(main[1]![0]).toBe('张三');
    expect(sheets.get('字典')!.map((r) => r[2]).filter(Boolean)).toContain('汉族');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as never);
    const ws = wb.getWorksheet('会员信息')!;
    const lists = ['B', 'F', 'H', 'K', 'L', 'N', 'O'].map((col) => ws.getCell(`${col}10001`).dataValidation);
    expect(lists.map((v) => v?.type)).toEqual(Array(7).fill('list'));
    expect(lists[0]!.formulae[0]).toBe("'字典'!$A$2:$A$7");
    expect(ws.getCell('C2').numFmt).toBe('@');
    const example = main[1]![2]!;
    rememberSecret(example);
    secrets.push(example);

    const checked = await uploadFile(sanjing, `/api/v1/member-imports?orgId=${sanjingUnion}`, '会员导入模板.xlsx', res.raw);
    expect(checked.status).toBe(201);
    expect(checked.body).toMatchObject({ totalRows: 1, validRows: 1, errorRows: 0, errors: [], canCommit: true });
  });
});

describe('concurrent commits', () => {
  it('apply once', async () => {
    const before = await memberCount();
    const up = await uploadFile(sanjing, `/api/v1/member-imports?orgId=${sanjingUnion}`, 'three.xlsx', await buildSheet([person(), person(), person()]));
    expect(up.body.validRows).toBe(3);
    const results = await Promise.all([1, 2, 3].map(() => sanjing.post(`/api/v1/member-imports/${up.body.id}/commit`, { mode: 'all' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await memberCount()).toBe(before + 3);
    const events = await t.pool.query(`select count(*)::int as n from member_events where type = 'imported' and note = '批量导入：three.xlsx'`);
    expect(events.rows[0].n).toBe(3);
  });
});
