import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { lastCode, smsTo } from '../../../test/support/sms';

/** 网上入会 from the applicant's form to the cadre's decision, and what the applicant then sees. */
let t: TestApp;
let sanjing: TestClient;
let unionId: number;
let streetId: number;

beforeAll(async () => {
  t = await createTestApp({ OTP_IP_HOURLY_LIMIT: '100000' });
  sanjing = await t.login('sanjing');
  streetId = await t.orgIdByName('三井街道总工会');
  unionId = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = $1 order by id limit 1`, [streetId])).rows[0].id;
});
afterAll(async () => t.close());

interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
}

function person(name = '林晓燕'): Applicant {
  return { name, idNumber: makeIdNumber({ male: false }), phone: makePhone() };
}

/** The public form: ask for a code, read it from the outbox (as the applicant reads the SMS), submit. */
async function apply(p: Applicant, extra: Record<string, unknown> = {}) {
  t.clock.advance(61_000);
  const sent = await t.client().post('/api/v1/portal/otp', { phone: p.phone, purpose: 'join' });
  expect(sent.status).toBe(200);
  const code = await lastCode(t, p.phone);
  return t.client().post('/api/v1/join-applications', {
    name: p.name,
    idType: 'resident_id',
    idNumber: p.idNumber,
    phone: p.phone,
    code,
    employer: '常州新北精密机械有限公司',
    orgId: unionId,
    ...extra,
  });
}

const statusOf = (reference: string, phone: string) =>
  t.client().get(`/api/v1/join-applications/status?reference=${encodeURIComponent(reference)}&phone=${phone}`);

async function idOf(reference: string): Promise<number> {
  return (await t.pool.query('select id from join_applications where reference = $1', [reference])).rows[0].id;
}

describe('applying and being approved', () => {
  it('goes from the form to a member who can sign in to the portal', async () => {
    const p = person();
    const submitted = await apply(p, { ethnicity: '01', politicalStatus: '13', education: 'college', category: 'migrant' });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({ reference: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{12}$/), status: 'pending' });
    const { reference } = submitted.body;
    const pending = await statusOf(reference.toLowerCase(), p.phone);
    expect(pending.body).toMatchObject({ reference, status: 'pending', orgName: expect.stringMatching(/工会委员会$/), rejectReason: null });

    // The street cadre sees it, masked.
    const list = await sanjing.get('/api/v1/join-applications?status=pending');
    const item = list.body.items.find((i: { reference: string }) => i.reference === reference);
    expect(item).toMatchObject({ name: p.name, idNumberMasked: `${p.idNumber.slice(0, 6)}********${p.idNumber.slice(-4)}`, phoneMasked: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}` });
    expect(JSON.stringify(list.body)).not.toContain(p.idNumber);
    expect(JSON.stringify(list.body)).not.toContain(p.phone);
    const detail = await sanjing.get(`/api/v1/join-applications/${item.id}`);
    expect(detail.body).toMatchObject({ gender: 'F', ethnicity: '01', category: 'migrant', status: 'pending', memberId: null });
    expect(JSON.stringify(detail.body)).not.toContain(p.idNumber);
    expect((await sanjing.get(`/api/v1/join-applications?q=${encodeURIComponent(p.name.slice(0, 2))}`)).body.items.map((i: { id: number }) => i.id)).toContain(item.id);

    const approved = await sanjing.post(`/api/v1/join-applications/${item.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedByName: '刘敏', memberId: expect.any(Number) });
    const memberId = approved.body.memberId as number;

    // The member exists as a cadre's registration would make it, with its history and audit rows.
    const member = await sanjing.get(`/api/v1/members/${memberId}`);
    expect(member.body).toMatchObject({ name: p.name, status: 'active', orgId: unionId, gender: 'F', category: 'migrant', ethnicity: '01', education: 'college', joinDate: '2026-11-28' });
    const reveal = await sanjing.post(`/api/v1/members/${memberId}/reveal`, { reason: '核对网上入会信息' });
    expect(reveal.body).toEqual({ idNumber: p.idNumber, phone: p.phone });
    const history = await sanjing.get(`/api/v1/members/${memberId}/history`);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['joined_online']);
    const audit = await t.pool.query(`select action, entity_type, entity_id from audit_log where (entity_type = 'member' and entity_id = $1) or (entity_type = 'join_application' and entity_id = $2) order by id`, [String(memberId), String(item.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['join_application.submit', 'member.create', 'join_application.approve', 'member.reveal']));

    // The applicant is told by SMS and sees it on the status page.
    expect((await smsTo(t, p.phone))[0]).toMatchObject({ template: 'join_approved', body: expect.stringContaining(reference) });
    expect((await statusOf(reference, p.phone)).body).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });

    // First sign-in with an SMS code, then with the password.
    t.clock.advance(61_000);
    await t.client().post('/api/v1/portal/otp', { phone: p.phone, purpose: 'first_login' });
    const member1 = t.client();
    const set = await member1.post('/api/v1/portal/auth/set-password', { phone: p.phone, code: await lastCode(t, p.phone), newPassword: 'linxy2026' });
    expect(set.status).toBe(200);
    expect((await member1.get('/api/v1/portal/me')).body).toMatchObject({ memberId, name: p.name });
    const account = (await t.pool.query(`select kind, username, member_id, org_id, must_change_password from users where member_id = $1`, [memberId])).rows[0];
    expect(account).toEqual({ kind: 'member', username: `m${memberId}`, member_id: memberId, org_id: unionId, must_change_password: false });
    const again = t.client();
    expect((await again.post('/api/v1/portal/auth/login', { phone: p.phone, password: 'linxy2026' })).status).toBe(200);
    expect((await again.get('/api/v1/portal/applications')).body.items).toEqual([expect.objectContaining({ reference, status: 'approved' })]);
  });
});

describe('rejecting', () => {
  it('needs a reason, which the applicant sees and is sent', async () => {
    const p = person('钱文博');
    const { reference } = (await apply(p)).body;
    const id = await idOf(reference);
    expect((await sanjing.post(`/api/v1/join-applications/${id}/reject`, {})).status).toBe(400);
    expect((await sanjing.post(`/api/v1/join-applications/${id}/reject`, { reason: ' ' })).status).toBe(400);
    const rejected = await sanjing.post(`/api/v1/join-applications/${id}/reject`, { reason: '所填单位不是本人工作单位，请重新选择' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '所填单位不是本人工作单位，请重新选择' });
    expect((await statusOf(reference, p.phone)).body).toMatchObject({ status: 'rejected', rejectReason: '所填单位不是本人工作单位，请重新选择' });
    expect((await smsTo(t, p.phone))[0]).toMatchObject({ template: 'join_rejected', body: expect.stringContaining('请重新选择') });
    // A decided application takes no second decision; the person may apply again.
    expect((await sanjing.post(`/api/v1/join-applications/${id}/approve`, {})).body.code).toBe('JOIN_APPLICATION_NOT_PENDING');
    expect((await sanjing.post(`/api/v1/join-applications/${id}/reject`, { reason: '再次驳回' })).body.code).toBe('JOIN_APPLICATION_NOT_PENDING');
    expect((await apply(p)).status).toBe(201);
  });
});

describe('the status page', () => {
  it('answers 404 alike for a wrong phone and an unknown reference', async () => {
    const p = person('孙立群');
    const { reference } = (await apply(p)).body;
    const wrongPhone = await statusOf(reference, makePhone());
    const unknown = await statusOf('ABCDEFGH2345', p.phone);
    expect(wrongPhone.status).toBe(404);
    expect(unknown.status).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: null });
    expect(strip(wrongPhone.body)).toEqual(strip(unknown.body));
    expect((await t.client().get(`/api/v1/join-applications/status?reference=${reference}`)).status).toBe(400);
  });
});

describe('scope', () => {
  it('a cadre of another district gets 404 on the application; the district above sees it', async () => {
    const { reference } = (await apply(person('许嘉文'))).body;
    const id = await idOf(reference);
    const wujin = await t.login('wujin');
    expect((await wujin.get(`/api/v1/join-applications/${id}`)).status).toBe(404);
    expect((await wujin.post(`/api/v1/join-applications/${id}/approve`, {})).status).toBe(404);
    expect((await wujin.post(`/api/v1/join-applications/${id}/reject`, { reason: '不在本区' })).status).toBe(404);
    expect((await wujin.get('/api/v1/join-applications')).body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    expect((await wujin.get(`/api/v1/join-applications/${id + 100000}`)).body.code).toBe('NOT_FOUND');
    const xinbei = await t.login('xinbei');
    expect((await xinbei.get(`/api/v1/join-applications/${id}`)).status).toBe(200);
    expect((await t.pool.query('select status from join_applications where id = $1', [id])).rows[0].status).toBe('pending');
  });

  it('accounts without member:approve are refused', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/v1/join-applications')).status).toBe(403);
  });
});

describe('duplicates', () => {
  it('refuses an active member and a person with a pending application', async () => {
    const member = person('韩丽娟');
    expect((await sanjing.post('/api/v1/members', { name: member.name, idNumber: member.idNumber, phone: member.phone, orgId: unionId })).status).toBe(201);
    const dup = await apply(member);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('MEMBER_ALREADY_ACTIVE');
    expect(dup.body.params).toBeUndefined();

    const waiting = person('韩丽娟');
    expect((await apply(waiting)).status).toBe(201);
    const second = await apply({ ...waiting, phone: makePhone() });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('JOIN_APPLICATION_PENDING');
  });

  it('approving a person who became a member meanwhile is refused and leaves the application pending', async () => {
    const p = person('谢志强');
    const { reference } = (await apply(p)).body;
    const id = await idOf(reference);
    const wujinUnion = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '湖塘镇总工会') order by id limit 1`)).rows[0].id;
    const wujin = await t.login('wujin');
    expect((await wujin.post('/api/v1/members', { name: p.name, idNumber: p.idNumber, phone: makePhone(), orgId: wujinUnion })).status).toBe(201);
    const res = await sanjing.post(`/api/v1/join-applications/${id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MEMBER_ALREADY_ACTIVE');
    expect(res.body.params).toBeUndefined();
    expect((await sanjing.get(`/api/v1/join-applications/${id}`)).body).toMatchObject({ status: 'pending', memberId: null });
    const city = await t.login('city');
    expect((await city.post(`/api/v1/join-applications/${id}/approve`, {})).body.params.orgName).toMatch(/工会委员会$/);
  });
});

describe('checking the form', () => {
  it('names the wrong fields before spending the code', async () => {
    const p = person();
    const bad = p.idNumber.slice(0, 17) + (p.idNumber[17] === '0' ? '1' : '0');
    const r1 = await apply({ ...p, idNumber: bad });
    expect(r1.status).toBe(400);
    expect(r1.body.errors).toEqual([expect.objectContaining({ path: 'idNumber', code: 'id.checksum' })]);
    const district = await t.orgIdByName('新北区总工会');
    expect((await apply(p, { orgId: district })).body).toMatchObject({ code: 'MEMBER_ORG_INVALID', errors: [expect.objectContaining({ path: 'orgId' })] });
    expect((await apply(p, { orgId: 99999999 })).body.code).toBe('NOT_FOUND');
    const passport = await apply({ ...p, idNumber: 'E12345678' }, { idType: 'passport' });
    expect(passport.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['birthDate', 'gender']);
    expect((await apply(p, { memberId: 1 })).body.errors).toEqual([expect.objectContaining({ path: 'memberId' })]);
    // Street federations take workers whose employer has no union.
    expect((await apply(p, { orgId: streetId })).status).toBe(201);
  });
});
