import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';

let t: TestApp;
let city: TestClient;
let xinbei: TestClient;
let sanjing: TestClient;
let unionId: number;
let wujinUnionId: number;

async function unionUnder(street: string) {
  const res = await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = $1) order by id limit 1`, [street]);
  return res.rows[0].id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  xinbei = await t.login('xinbei');
  sanjing = await t.login('sanjing');
  unionId = await unionUnder('三井街道总工会');
  wujinUnionId = await unionUnder('湖塘镇总工会');
});
afterAll(async () => t.close());

describe('registering members', () => {
  it('creates a member, derives birth date and gender from the ID, masks the numbers', async () => {
    const idNumber = makeIdNumber({ birth: '19880215', male: false });
    const phone = makePhone();
    const res = await sanjing.post('/api/v1/members', { name: '张三丰', idNumber: idNumber.toLowerCase(), phone, orgId: unionId, category: 'industrial' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '张三丰', gender: 'F', birthDate: '1988-02-15', status: 'active', orgId: unionId, category: 'industrial' });
    expect(res.body.idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(res.body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain(idNumber);
    expect(raw).not.toContain(phone);
    const stored = (await t.pool.query('select id_enc, phone_enc, id_hash from members where id = $1', [res.body.id])).rows[0];
    expect(stored.id_enc.includes(Buffer.from(idNumber))).toBe(false);
    expect(stored.phone_enc.includes(Buffer.from(phone))).toBe(false);
  });

  it('refuses a bad check digit, a birth date that disagrees with the ID, and a non-member unit', async () => {
    const good = makeIdNumber();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r1 = await sanjing.post('/api/v1/members', { name: '李四', idNumber: bad, phone: makePhone(), orgId: unionId });
    expect(r1.status).toBe(400);
    expect(r1.body.errors).toEqual([expect.objectContaining({ path: 'idNumber', code: 'id.checksum' })]);
    const r2 = await sanjing.post('/api/v1/members', { name: '李四', idNumber: good, phone: makePhone(), orgId: unionId, birthDate: '2001-01-01' });
    expect(r2.body.errors[0]).toMatchObject({ path: 'birthDate', code: 'id.factsMismatch' });
    const district = await t.orgIdByName('新北区总工会');
    expect((await xinbei.post('/api/v1/members', { name: '李四', idNumber: good, phone: makePhone(), orgId: district })).body.code).toBe('MEMBER_ORG_INVALID');
    const passport = await sanjing.post('/api/v1/members', { name: 'John Smith', idType: 'passport', idNumber: 'E12345678', phone: makePhone(), orgId: unionId });
    expect(passport.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['birthDate', 'gender']);
  });

  it('one active membership per person: the second registration names the union only when visible', async () => {
    const idNumber = makeIdNumber();
    expect((await t.login('wujin').then((w) => w.post('/api/v1/members', { name: '王五', idNumber, phone: makePhone(), orgId: wujinUnionId }))).status).toBe(201);
    const dup = await sanjing.post('/api/v1/members', { name: '王五', idNumber, phone: makePhone(), orgId: unionId });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('MEMBER_ALREADY_ACTIVE');
    expect(dup.body.params).toBeUndefined();
    const fromCity = await city.post('/api/v1/members', { name: '王五', idNumber, phone: makePhone(), orgId: unionId });
    expect(fromCity.body.params.orgName).toMatch(/工会委员会$/);
  });

  it('two concurrent registrations of the same ID give exactly one member', async () => {
    const idNumber = makeIdNumber();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => sanjing.post('/api/v1/members', { name: '赵六', idNumber, phone: makePhone(), orgId: unionId })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });
});

describe('finding members', () => {
  let id: number;
  let idNumber: string;
  let phone: string;
  beforeAll(async () => {
    idNumber = makeIdNumber();
    phone = makePhone();
    id = (await sanjing.post('/api/v1/members', { name: '欧阳晓明', idNumber, phone, orgId: unionId, tags: ['技术能手'] })).body.id;
    await sanjing.post('/api/v1/members', { name: '单田芳', idNumber: makeIdNumber(), phone: makePhone(), orgId: unionId });
  });

  const ids = (res: { body: { items: { id: number }[] } }) => res.body.items.map((m) => m.id);

  it.each([
    ['name substring', '晓明'],
    ['one character', '欧'],
    ['three characters', '欧阳晓'],
    ['pinyin initials', 'oyxm'],
    ['initials prefix', 'oy'],
    ['full pinyin', 'ouyangxiaoming'],
    ['pinyin fragment', 'yangxiao'],
  ])('by %s (%s)', async (_k, q) => {
    expect(ids(await sanjing.get(`/api/v1/members?q=${encodeURIComponent(q)}`))).toContain(id);
  });

  it('by the last four digits of ID or phone, and by the full numbers', async () => {
    expect(ids(await sanjing.get(`/api/v1/members?q=${idNumber.slice(-4)}`))).toContain(id);
    expect(ids(await sanjing.get(`/api/v1/members?q=${phone.slice(-4)}`))).toContain(id);
    expect(ids(await sanjing.get(`/api/v1/members?q=${idNumber.toLowerCase()}`))).toEqual([id]);
    expect(ids(await sanjing.get(`/api/v1/members?q=${phone}`))).toEqual([id]);
  });

  it('reads surnames as surnames: 单 is shan', async () => {
    expect((await sanjing.get('/api/v1/members?q=shantianfang')).body.items.map((m: { name: string }) => m.name)).toEqual(['单田芳']);
  });

  it('filters by tag and counts', async () => {
    const res = await sanjing.get(`/api/v1/members?tag=${encodeURIComponent('技术能手')}`);
    expect(res.body).toMatchObject({ total: 1, totalCapped: false });
    const all = await sanjing.get('/api/v1/members?status=active&pageSize=1');
    const counts = await sanjing.get('/api/v1/members/counts');
    expect(all.body.total).toBe(counts.body.members);
  });

  it('stays inside the scope', async () => {
    const wujin = await t.login('wujin');
    expect((await wujin.get(`/api/v1/members?q=${idNumber}`)).body.total).toBe(0);
    expect((await wujin.get(`/api/v1/members/${id}`)).status).toBe(404);
    expect((await wujin.patch(`/api/v1/members/${id}`, { note: 'x' })).status).toBe(404);
    expect((await wujin.post(`/api/v1/members/${id}/reveal`, { reason: '核对信息' })).status).toBe(404);
    expect((await wujin.get(`/api/v1/members/${id}/history`)).status).toBe(404);
  });

  it('reveals the clear numbers only with member:reveal, a reason and an audit row', async () => {
    const res = await xinbei.post(`/api/v1/members/${id}/reveal`, { reason: '发放慰问品需要联系本人' });
    expect(res.body).toEqual({ idNumber, phone });
    expect((await xinbei.post(`/api/v1/members/${id}/reveal`, {})).status).toBe(400);
    const audit = await t.pool.query(`select after from audit_log where action = 'member.reveal' and entity_id = $1`, [String(id)]);
    expect(audit.rows[0].after).toEqual({ reason: '发放慰问品需要联系本人', fields: ['idNumber', 'phone'] });
    expect(JSON.stringify(audit.rows)).not.toContain(idNumber);
  });
});

describe('editing and history', () => {
  it('keeps every change in the history, personal numbers only as "changed"', async () => {
    const created = await sanjing.post('/api/v1/members', { name: '钱七', idNumber: makeIdNumber(), phone: makePhone(), orgId: unionId });
    const id = created.body.id;
    const newPhone = makePhone();
    const edited = await sanjing.patch(`/api/v1/members/${id}`, { version: created.body.version, employer: '江南智能装备', phone: newPhone, modelWorkerLevel: 'city', modelWorkerYear: 2024 });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(created.body.version + 1);
    const stale = await sanjing.patch(`/api/v1/members/${id}`, { version: created.body.version, note: 'x' });
    expect(stale.body.code).toBe('CONFLICT');
    expect((await sanjing.patch(`/api/v1/members/${id}`, { status: 'retired' })).body.status).toBe('retired');
    expect((await sanjing.patch(`/api/v1/members/${id}`, { status: 'deceased' })).body.status).toBe('deceased');
    expect((await sanjing.patch(`/api/v1/members/${id}`, { status: 'active' })).body.code).toBe('MEMBER_STATUS_INVALID');
    const history = (await sanjing.get(`/api/v1/members/${id}/history`)).body.items;
    expect(history.map((e: { type: string }) => e.type)).toEqual(['created', 'updated', 'status_changed', 'status_changed']);
    expect(history[1].changes.phone).toEqual({ from: '[changed]', to: '[changed]' });
    expect(JSON.stringify(history)).not.toContain(newPhone);
  });
});

describe('counts', () => {
  it('sum up the tree from the per-unit counts and match a direct count', async () => {
    const counts = (await city.get('/api/v1/members/counts')).body;
    const direct = (await t.pool.query(`select count(*)::int as n from members where status = 'active'`)).rows[0].n;
    expect(counts.members).toBe(direct);
    expect(counts.children.reduce((s: number, c: { members: number }) => s + c.members, 0)).toBe(direct);
    const xinbeiId = await t.orgIdByName('新北区总工会');
    const district = (await city.get(`/api/v1/members/counts?orgId=${xinbeiId}`)).body;
    const directDistrict = (await t.pool.query(`select count(*)::int as n from members where status = 'active' and org_path <@ (select path from org_units where id = $1)`, [xinbeiId])).rows[0].n;
    expect(district.members).toBe(directDistrict);
    expect((await xinbei.get(`/api/v1/members/counts?orgId=${await t.orgIdByName('武进区总工会')}`)).status).toBe(404);
  });
});

describe('rollups', () => {
  /** Recomputes every unit's subtree counts from the member rows and compares them with the triggers' rollups. */
  async function rollupsMatchRecount() {
    const recount = await t.pool.query(`
      select o.id as org_id, m.status, m.category, m.model_worker_level <> 'none' as mw, count(*)::int as n
        from org_units o join members m on m.org_path <@ o.path
       group by 1, 2, 3, 4`);
    const kept = await t.pool.query(`select org_id, status, category, model_worker as mw, n from org_member_rollups where n <> 0`);
    const key = (r: { org_id: number; status: string; category: string; mw: boolean; n: number }) => `${r.org_id}/${r.status}/${r.category}/${r.mw}=${r.n}`;
    expect(kept.rows.map(key).sort()).toEqual(recount.rows.map(key).sort());
  }

  it('equal a full recount after creates, edits, status changes, transfers and moving a street to another district', async () => {
    const street = await city.post('/api/v1/orgs', { name: '搬迁测试街道总工会', kind: 'street_federation', parentId: await t.orgIdByName('新北区总工会') });
    const union = await city.post('/api/v1/orgs', { name: '搬迁测试企业工会', kind: 'grassroots_union', parentId: street.body.id });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await city.post('/api/v1/members', { name: `搬迁${i}`, idNumber: makeIdNumber(), phone: makePhone(), orgId: i % 2 ? union.body.id : street.body.id, category: i % 3 ? 'migrant' : 'industrial', modelWorkerLevel: i === 0 ? 'city' : 'none' });
      ids.push(r.body.id);
    }
    await city.patch(`/api/v1/members/${ids[1]}`, { status: 'retired' });
    await city.patch(`/api/v1/members/${ids[2]}`, { category: 'new_form' });
    const tr = await city.post('/api/v1/member-transfers', { memberId: ids[3], toOrgId: wujinUnionId });
    await city.post(`/api/v1/member-transfers/${tr.body.id}/accept`, {});
    await rollupsMatchRecount();
    expect((await city.patch(`/api/v1/orgs/${street.body.id}`, { parentId: await t.orgIdByName('武进区总工会') })).status).toBe(200);
    await rollupsMatchRecount();
    const wujinCounts = (await city.get(`/api/v1/members/counts?orgId=${await t.orgIdByName('武进区总工会')}`)).body;
    expect(wujinCounts.children.find((c: { orgId: number }) => c.orgId === street.body.id).members).toBe(4);
  });
});

describe('short searches through the search keys', () => {
  it('return the same page and total as a direct query, in pinyin order, for one character, two initials and a tag', async () => {
    for (const name of ['王小明', '王芳', '黄王', '汪洋', '王', '李王五']) {
      await sanjing.post('/api/v1/members', { name, idNumber: makeIdNumber(), phone: makePhone(), orgId: unionId, tags: name.length === 2 ? ['困难职工'] : [] });
    }
    await sanjing.patch(`/api/v1/members/${(await sanjing.get(`/api/v1/members?q=${encodeURIComponent('汪洋')}`)).body.items[0].id}`, { name: '汪王洋' });
    const scopePath = (await t.pool.query(`select path::text as p from org_units where name = '三井街道总工会'`)).rows[0].p;
    const cases: [string, string][] = [
      [`q=${encodeURIComponent('王')}`, `name like '%王%'`],
      ['q=wx', `name_initials like 'wx%'`],
      [`tag=${encodeURIComponent('困难职工')}`, `tags @> '{困难职工}'`],
    ];
    for (const [query, condition] of cases) {
      const direct = await t.pool.query(`select id from members where org_path <@ $1 and ${condition} order by name_pinyin, id`, [scopePath]);
      const api = await sanjing.get(`/api/v1/members?${query}&pageSize=500`);
      expect(api.body.items.map((m: { id: number }) => m.id), query).toEqual(direct.rows.map((r) => r.id));
      expect(api.body.total).toBe(direct.rowCount);
      const desc = await sanjing.get(`/api/v1/members?${query}&pageSize=500&order=desc`);
      expect(desc.body.items.map((m: { id: number }) => m.id)).toEqual([...direct.rows.map((r) => r.id)].reverse());
    }
  });
});
