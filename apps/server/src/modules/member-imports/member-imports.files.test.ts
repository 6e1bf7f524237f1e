import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, rememberSecret, type TestApp, type TestClient } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { buildCsv, buildSheet, downloadFile, importHeaders, readSheets, uploadFile, type SheetRow } from '../../../test/support/sheets';

let t: TestApp;
let sanjing: TestClient;
let union: number;
let url: string;

function person(over: SheetRow = {}): SheetRow {
  return { name: '陈晓东', idNumber: makeIdNumber(), phone: makePhone(), ...over };
}

beforeAll(async () => {
  t = await createTestApp();
  sanjing = await t.login('sanjing');
  union = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '三井街道总工会') order by id limit 1`)).rows[0].id;
  url = `/api/v1/member-imports?orgId=${union}`;
});
afterAll(async () => t.close());

describe('what may be uploaded', () => {
  it.each([
    ['an old .xls', '名册.xls', Buffer.from('d0cf11e0a1b11ae1', 'hex'), 415, 'IMPORT_FILE_TYPE'],
    ['a web page named .xlsx', '名册.xlsx', Buffer.from('<html></html>'), 400, 'IMPORT_FILE_UNREADABLE'],
    // 3 MB: past the JSON body limit, so this also shows uploads have their own.
    ['a broken zip', '名册.xlsx', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(3 * 1024 * 1024, 7)]), 400, 'IMPORT_FILE_UNREADABLE'],
    ['a CSV saved in GBK', '名册.csv', Buffer.from('d0d5c3fb2ca3ac', 'hex'), 400, 'IMPORT_CSV_ENCODING'],
  ])('refuses %s with a clear code', async (_what, name, data, status, code) => {
    const res = await uploadFile(sanjing, url, name, data);
    expect([res.status, res.body.code]).toEqual([status, code]);
  });

  it('refuses a file over 60 MB, a form without the file field, and a JSON body', async () => {
    const big = await uploadFile(sanjing, url, 'big.xlsx', Buffer.alloc(60 * 1024 * 1024 + 10, 1));
    expect([big.status, big.body.code]).toEqual([413, 'IMPORT_FILE_TOO_LARGE']);
    const wrongField = await uploadFile(sanjing, url, 'a.xlsx', await buildSheet([person()]), { field: 'upload' });
    expect([wrongField.status, wrongField.body.code]).toEqual([400, 'IMPORT_FILE_MISSING']);
    const json = await sanjing.post(url, { file: 'x' });
    expect(json.status).toBe(415);
  });

  it('names the missing columns, and refuses a sheet without rows', async () => {
    const noPhone = await uploadFile(sanjing, url, 'a.xlsx', await buildSheet([person()], { headers: importHeaders.filter((h) => h !== '手机号*') }));
    expect([noPhone.status, noPhone.body.code, noPhone.body.params]).toEqual([400, 'IMPORT_COLUMNS_MISSING', { columns: ['手机号'] }]);
    const empty = await uploadFile(sanjing, url, 'a.xlsx', await buildSheet([]));
    expect([empty.status, empty.body.code]).toEqual([400, 'IMPORT_EMPTY']);
  });

  it('reads UTF-8 CSV with the same headers, and keeps a Chinese file name', async () => {
    const rows = [person(), person({ idNumber: makeIdNumber().toLowerCase() })];
    const res = await uploadFile(sanjing, url, '会员名单（三井）.csv', buildCsv(rows), { contentType: 'text/csv' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: '会员名单（三井）.csv', totalRows: 2, validRows: 2 });
  });

  it('finds the header row below a title row, in a sheet with any name, ignoring unknown columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['三井街道 2026 年会员花名册']);
    ws.addRow(['序号', '姓名', '证件号码', '手机号', '备用']);
    const p = person();
    rememberSecret(p.idNumber as string);
    ws.addRow([1, p.name, p.idNumber, p.phone, 'x']);
    const res = await uploadFile(sanjing, url, 'roster.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.body).toMatchObject({ totalRows: 1, validRows: 1 });
  });
});

describe('row checks', () => {
  it('reports each problem at its row and column', async () => {
    const mismatched = makeIdNumber({ birth: '19850304' });
    const rows: SheetRow[] = [
      person({ name: '' }), // 2: name missing
      person({ name: '长'.repeat(51) }), // 3: too long
      person({ idNumber: Number('320411198503041234') as never }), // 4: Excel turned the ID into a number (3.2E+17)
      person({ idType: '护照', idNumber: 'E12345678' }), // 5: passport without gender and birth date
      person({ idType: 'passport', idNumber: 'E87654321', gender: '男', birthDate: '1985/3/4' }), // 6: fine
      person({ idNumber: mismatched, birthDate: '1985-03-05' }), // 7: birth date disagrees with the ID
      person({ phone: '1391234567' }), // 8: ten digits
      person({ joinDate: '2023-02-30', modelWorkerYear: 'abc' }), // 9: no such day, no year
      person({ tags: `${'长'.repeat(21)}、技术能手` }), // 10: a tag too long
      person({ ethnicity: '汉', politicalStatus: '13', category: 'migrant', education: '大学专科', modelWorkerLevel: '省部级劳模', modelWorkerYear: 2019, phone: '139 1234-5678' }), // 11: codes and short labels
      person({ orgId: '不存在的工会' }), // 12
    ];
    const res = await uploadFile(sanjing, url, 'checks.xlsx', await buildSheet(rows));
    expect(res.status).toBe(201);
    const got = res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]);
    expect(got).toEqual([
      [2, '姓名', 'import.required'],
      [3, '姓名', 'import.tooLong'],
      [4, '证件号码', 'import.idNumeric'],
      [5, '性别', 'id.factsRequired'],
      [5, '出生日期', 'id.factsRequired'],
      [7, '出生日期', 'id.factsMismatch'],
      [8, '手机号', 'phone.invalid'],
      [9, '入会日期', 'import.date'],
      [9, '劳模年份', 'import.year'],
      [10, '标签', 'import.tags'],
      [12, '所属工会', 'import.orgNotFound'],
    ]);
    expect(res.body.errors[1].message).toBe('不能超过 50 个字');
    expect(res.body).toMatchObject({ totalRows: 11, validRows: 2, errorRows: 9 });
    expect(JSON.stringify(res.body)).not.toContain(mismatched);
  });

  it('never keeps a number that may be personal, even under another header', async () => {
    const phone = makePhone();
    rememberSecret(phone);
    const res = await uploadFile(sanjing, url, 'shifted.xlsx', await buildSheet([person({ ethnicity: phone, employer: '长'.repeat(101) })]));
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['import.dictionary', 'import.tooLong']);
    const report = await downloadFile(sanjing, `/api/v1/member-imports/${res.body.id}/report`);
    const lines = [...(await readSheets(report.raw)).values()][0]!.slice(2);
    expect(lines.map((l) => l.slice(1, 3))).toEqual([
      ['民族', ''],
      ['工作单位', '长'.repeat(100)],
    ]);
  });

  it('a row without a unit needs the unit chosen at upload', async () => {
    const res = await uploadFile(sanjing, '/api/v1/member-imports', 'a.xlsx', await buildSheet([person()]));
    expect(res.body.errors[0]).toMatchObject({ row: 2, field: 'orgId', code: 'import.orgRequired' });
  });
});
