import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';

let t: TestApp;
let sanjing: TestClient;
let xinbei: TestClient;
let wujin: TestClient;
let fromUnion: number;
let toUnion: number;

async function unionUnder(street: string) {
  const res = await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = $1) order by id limit 1`, [street]);
  return res.rows[0].id as number;
}

async function newMember(name = '周转会') {
  const idNumber = makeIdNumber();
  const res = await sanjing.post('/api/v1/members', { name, idNumber, phone: makePhone(), orgId: fromUnion });
  expect(res.status).toBe(201);
  return { id: res.body.id as number, idNumber, name };
}

beforeAll(async () => {
  t = await createTestApp();
  sanjing = await t.login('sanjing');
  xinbei = await t.login('xinbei');
  wujin = await t.login('wujin');
  fromUnion = await unionUnder('三井街道总工会');
  toUnion = await unionUnder('湖塘镇总工会');
});
afterAll(async () => t.close());

describe('transfers started by the sending union', () => {
  it('the receiving union accepts; the member moves; the old union keeps the entry but loses the member', async () => {
    const m = await newMember();
    const started = await sanjing.post('/api/v1/member-transfers', { memberId: m.id, toOrgId: toUnion, reason: '调动到武进工作' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'pending', initiatedBy: 'sending', canAccept: false, canCancel: true, memberName: m.name });
    expect(started.body.idNumberMasked).not.toContain(m.idNumber);

    // Only one open transfer per member.
    expect((await sanjing.post('/api/v1/member-transfers', { memberId: m.id, toOrgId: toUnion })).body.code).toBe('TRANSFER_OPEN');
    // The sending side cannot accept its own request.
    expect((await sanjing.post(`/api/v1/member-transfers/${started.body.id}/accept`, {})).body.code).toBe('TRANSFER_WRONG_SIDE');

    const incoming = await wujin.get('/api/v1/member-transfers?direction=in&status=pending');
    expect(incoming.body.items.map((x: { id: number }) => x.id)).toContain(started.body.id);
    expect(incoming.body.items.find((x: { id: number }) => x.id === started.body.id).canAccept).toBe(true);

    const accepted = await wujin.post(`/api/v1/member-transfers/${started.body.id}/accept`, { note: '欢迎' });
    expect(accepted.body).toMatchObject({ status: 'accepted', canAccept: false, canCancel: false });
    expect((await wujin.get(`/api/v1/members/${m.id}`)).body.orgId).toBe(toUnion);
    // The old union: no longer the member's data …
    expect((await sanjing.get(`/api/v1/members/${m.id}`)).status).toBe(404);
    // … but still the history entry.
    const out = await sanjing.get('/api/v1/member-transfers?direction=out');
    expect(out.body.items.find((x: { id: number }) => x.id === started.body.id)).toMatchObject({ status: 'accepted', toOrgName: expect.any(String) });
    const history = (await wujin.get(`/api/v1/members/${m.id}/history`)).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'transferred', orgId: toUnion, otherOrgId: fromUnion });
    // Counts follow the member.
    const counts = await t.pool.query(`select org_id, sum(n)::int as n from org_member_counts where org_id = any($1) and status = 'active' group by org_id having sum(n) <> 0`, [[fromUnion, toUnion]]);
    const direct = await t.pool.query(`select org_id, count(*)::int as n from members where org_id = any($1) and status = 'active' group by org_id`, [[fromUnion, toUnion]]);
    expect(Object.fromEntries(counts.rows.map((r) => [r.org_id, r.n]))).toEqual(Object.fromEntries(direct.rows.map((r) => [r.org_id, r.n])));
    // Decided once only.
    expect((await wujin.post(`/api/v1/member-transfers/${started.body.id}/reject`, {})).body.code).toBe('TRANSFER_NOT_PENDING');
  });

  it('the receiving union may reject; the sender may cancel', async () => {
    const a = await newMember('吴拒绝');
    const ta = (await sanjing.post('/api/v1/member-transfers', { memberId: a.id, toOrgId: toUnion })).body;
    expect((await wujin.post(`/api/v1/member-transfers/${ta.id}/reject`, { note: '非本单位职工' })).body).toMatchObject({ status: 'rejected', decisionNote: '非本单位职工' });
    expect((await sanjing.get(`/api/v1/members/${a.id}`)).body.orgId).toBe(fromUnion);
    const tb = (await sanjing.post('/api/v1/member-transfers', { memberId: a.id, toOrgId: toUnion })).body;
    expect((await wujin.post(`/api/v1/member-transfers/${tb.id}/cancel`, {})).body.code).toBe('TRANSFER_WRONG_SIDE');
    expect((await sanjing.post(`/api/v1/member-transfers/${tb.id}/cancel`, {})).body.status).toBe('cancelled');
  });
});

describe('transfers started by the receiving union', () => {
  it('finds the person by ID number and name only, and accepts', async () => {
    const m = await newMember('郑转入');
    expect((await wujin.post('/api/v1/member-transfers', { idNumber: m.idNumber, name: '郑转出', toOrgId: toUnion })).status).toBe(404);
    expect((await wujin.post('/api/v1/member-transfers', { idNumber: makeIdNumber(), name: m.name, toOrgId: toUnion })).status).toBe(404);
    const started = await wujin.post('/api/v1/member-transfers', { idNumber: m.idNumber.toLowerCase(), name: m.name, toOrgId: toUnion, reason: '本人申请' });
    expect(started.body).toMatchObject({ initiatedBy: 'receiving', canAccept: true, canCancel: true });
    // The receiving union still cannot read the member before accepting.
    expect((await wujin.get(`/api/v1/members/${m.id}`)).status).toBe(404);
    expect((await wujin.post(`/api/v1/member-transfers/${started.body.id}/accept`, {})).body.status).toBe('accepted');
  });

  it('cannot pull into a unit outside its scope, nor to the same union', async () => {
    const m = await newMember('冯越界');
    expect((await wujin.post('/api/v1/member-transfers', { idNumber: m.idNumber, name: m.name, toOrgId: fromUnion })).status).toBe(404);
    expect((await sanjing.post('/api/v1/member-transfers', { memberId: m.id, toOrgId: fromUnion })).body.code).toBe('TRANSFER_SAME_UNION');
    const district = await t.orgIdByName('武进区总工会');
    expect((await sanjing.post('/api/v1/member-transfers', { memberId: m.id, toOrgId: district })).body.code).toBe('MEMBER_ORG_INVALID');
    expect((await sanjing.post('/api/v1/member-transfers', { toOrgId: toUnion })).status).toBe(400);
  });
});

describe('scope', () => {
  it('a third district sees nothing of it', async () => {
    const m = await newMember('陈第三方');
    const tr = (await sanjing.post('/api/v1/member-transfers', { memberId: m.id, toOrgId: toUnion })).body;
    const city = await t.login('city');
    expect((await city.get(`/api/v1/member-transfers/${tr.id}`)).status).toBe(200);
    // xinbei is the sending district: it sees it and may cancel.
    expect((await xinbei.get(`/api/v1/member-transfers/${tr.id}`)).body.canCancel).toBe(true);
    const tianning = await t.pool.query(`select id from org_units where name = '天宁区总工会'`);
    await city.post('/api/v1/users', { username: 'tn.cadre', displayName: '天宁干部', orgId: tianning.rows[0].id, password: 'Tian#Ning2026', roleIds: [], mustChangePassword: false });
    const sec = await t.loginFull('secadmin');
    const roleId = (await t.pool.query(`select id from roles where code = 'district_cadre'`)).rows[0].id;
    const uid = await t.userIdByName('tn.cadre');
    await sec.client.put(`/api/v1/users/${uid}/roles`, { roleIds: [roleId] });
    const tn = await t.login('tn.cadre', 'Tian#Ning2026');
    expect((await tn.get(`/api/v1/member-transfers/${tr.id}`)).status).toBe(404);
    expect((await tn.post(`/api/v1/member-transfers/${tr.id}/accept`, {})).status).toBe(404);
    expect((await tn.get('/api/v1/member-transfers')).body.items.map((x: { id: number }) => x.id)).not.toContain(tr.id);
  });
});
