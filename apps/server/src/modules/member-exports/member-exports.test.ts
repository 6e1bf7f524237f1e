import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idCheckChar } from '@tongxing/domain';
import { makePhone } from '../../../test/support/people';
import { buildSheet, downloadFile, readSheets, uploadFile, type SheetRow } from '../../../test/support/sheets';

let t: TestApp;
let sanjing: TestClient;
let xinbei: TestClient;
let sanjingUnion: number;
let hehaiUnion: number;
let wujinUnion: number;
const numbers: string[] = [];

async function unionUnder(street: string) {
  const res = await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = $1) order by id limit 1`, [street]);
  return res.rows[0].id as number;
}

let serial = 0;
/** ID numbers unique over thousands of calls: the birth date walks the calendar, the sequence counts laps. */
function uniqueIdNumber() {
  const k = serial++;
  const birth = new Date(Date.UTC(1960, 0, 1) + (k % 14_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `320411${birth}${String(501 + Math.floor(k / 14_000)).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

/** Imports `n` members into a unit through the import itself (the fastest way to a big roster). */
async function importMembers(c: TestClient, orgId: number, n: number, seed: number) {
  const rows: SheetRow[] = [];
  for (let i = 0; i < n; i++) {
    const idNumber = uniqueIdNumber();
    const phone = makePhone();
    numbers.push(idNumber, phone);
    const k = seed + i;
    rows.push({
      name: `${SURNAMES[k % 16]}${GIVEN[(k * 7) % 20]}${GIVEN[(k * 3) % 20]}`,
      idNumber,
      phone,
      // Join dates with ties (every fifth row the same day), so the order has to break them by id.
      joinDate: i % 5 === 0 ? '2020-01-01' : `20${10 + (k % 15)}-0${1 + (k % 9)}-1${k % 10}`,
      category: i % 2 ? '农民工' : '产业工人',
    });
  }
  const up = await uploadFile(c, `/api/v1/member-imports?orgId=${orgId}`, 'roster.xlsx', await buildSheet(rows));
  expect(up.body.errorRows, JSON.stringify(up.body.code ? up.body : up.body.errors.slice(0, 3))).toBe(0);
  const done = await c.post(`/api/v1/member-imports/${up.body.id}/commit`, { mode: 'all' });
  expect(done.body.importedRows).toBe(n);
}

async function waitDone(c: TestClient, id: number) {
  for (let i = 0; i < 200; i++) {
    const res = await c.get(`/api/v1/member-exports/${id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('export did not finish');
}

async function exportRows(c: TestClient, filter: Record<string, unknown>) {
  const started = await c.post('/api/v1/member-exports', { filter });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ status: 'running', writtenRows: 0 });
  const done = await waitDone(c, started.body.id);
  expect(done).toMatchObject({ status: 'done', writtenRows: started.body.totalRows, totalRows: started.body.totalRows });
  const file = await downloadFile(c, `/api/v1/member-exports/${started.body.id}/file`);
  expect(file.status).toBe(200);
  const sheet = (await readSheets(file.raw)).get('会员名册')!;
  return { id: started.body.id as number, header: sheet[0]!, rows: sheet.slice(1), file, total: started.body.totalRows as number };
}

/** The member list's rows in order, page by page. */
async function listNames(c: TestClient, query: string) {
  const names: string[] = [];
  for (let page = 1; ; page++) {
    const res = await c.get(`/api/v1/members?${query}&pageSize=500&page=${page}`);
    names.push(...res.body.items.map((m: { name: string; id: number }) => `${m.name}#${m.id}`));
    if (res.body.items.length < 500) return names;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  sanjing = await t.login('sanjing');
  xinbei = await t.login('xinbei');
  sanjingUnion = await unionUnder('三井街道总工会');
  hehaiUnion = await unionUnder('河海街道总工会');
  wujinUnion = await unionUnder('湖塘镇总工会');
  // More than two export batches in the street, and members outside it (same district, other district).
  await importMembers(sanjing, sanjingUnion, 4_500, 0);
  await importMembers(xinbei, hehaiUnion, 30, 100);
  await importMembers(await t.login('wujin'), wujinUnion, 30, 200);
}, 120_000);
afterAll(async () => t.close());

describe('exporting the member list', () => {
  it("a street cadre's export holds only the street's members, masked", async () => {
    const { header, rows, file, total } = await exportRows(sanjing, {});
    expect(total).toBe(4_500);
    expect(rows).toHaveLength(4_500);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="members-20261128.xlsx"; filename*=UTF-8''${encodeURIComponent('会员名册-20261128.xlsx')}`,
    );
    const unitCol = header.indexOf('所属工会');
    const units = new Set(rows.map((r) => r[unitCol]));
    const street = await t.pool.query(`select name from org_units where path <@ (select path from org_units where name = '三井街道总工会')`);
    const inStreet = new Set(street.rows.map((r) => r.name as string));
    expect([...units].every((u) => inStreet.has(u!))).toBe(true);
    const idCol = header.indexOf('证件号码');
    const phoneCol = header.indexOf('手机号');
    expect(rows.every((r) => /^\d{6}\*{8}[\dX]{4}$/.test(r[idCol]!))).toBe(true);
    expect(rows.every((r) => /^1\d{2}\*{4}\d{4}$/.test(r[phoneCol]!))).toBe(true);
    // No cell holds a full number: neither one of ours nor anything with 11 digits in a row.
    const known = new Set(numbers);
    const cells = rows.flat();
    expect(cells.filter((c) => known.has(c!) || /\d{11}/.test(c!))).toEqual([]);
  });

  it('cannot reach a unit outside the street', async () => {
    const res = await sanjing.post('/api/v1/member-exports', { filter: { orgId: wujinUnion } });
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    const district = await exportRows(xinbei, { orgId: hehaiUnion });
    expect(district.total).toBe(30);
  });

  it('keeps the list order across batches, for every sort', async () => {
    for (const [sort, order] of [['name', 'asc'], ['joinDate', 'desc'], ['birthDate', 'asc']] as const) {
      const { id } = await exportRows(sanjing, { sort, order, category: 'industrial' });
      const listed = await listNames(sanjing, `sort=${sort}&order=${order}&category=industrial`);
      const file = await downloadFile(sanjing, `/api/v1/member-exports/${id}/file`);
      const sheet = (await readSheets(file.raw)).get('会员名册')!;
      expect(sheet.slice(1).map((r) => r[0])).toEqual(listed.map((n) => n.split('#')[0]));
      expect(listed).toHaveLength(2_250);
    }
  });

  it('is audited with its filter (a searched number only as the fact of it) and read by its creator only', async () => {
    const someone = numbers[0]!;
    const res = await sanjing.post('/api/v1/member-exports', { filter: { q: someone } });
    expect(res.body.totalRows).toBe(1);
    await waitDone(sanjing, res.body.id);
    const audit = await t.pool.query(`select after from audit_log where action = 'member.export' and entity_id = $1`, [String(res.body.id)]);
    expect(audit.rows[0].after).toMatchObject({ filter: { q: '[id]', sort: 'name', order: 'asc' }, totalRows: 1 });
    const stored = await t.pool.query('select filter from member_exports where id = $1', [res.body.id]);
    expect(JSON.stringify(stored.rows)).not.toContain(someone);
    expect((await xinbei.get(`/api/v1/member-exports/${res.body.id}`)).status).toBe(404);
    expect((await downloadFile(xinbei, `/api/v1/member-exports/${res.body.id}/file`)).status).toBe(404);
    expect((await sanjing.post('/api/v1/member-exports', { filter: { page: 2 } })).status).toBe(400);
  });
});
