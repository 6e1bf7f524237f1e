import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, rememberSecret, type TestApp, type TestClient } from '../../../test/harness';
import { activeMerchant, agreementBody, makeMerchantUscc, merchantBody, seedTransactions } from '../../../test/support/merchants';
import { downloadFile, uploadFile } from '../../../test/support/sheets';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

let t: TestApp;
let city: TestClient;
let xinbei: TestClient;
let wujin: TestClient;
let sanjing: TestClient;
let sanjingStreet: number;
let xinbeiDistrict: number;
let wujinDistrict: number;

beforeAll(async () => {
  t = await createTestApp();
  [city, xinbei, wujin, sanjing] = [await t.login('city'), await t.login('xinbei'), await t.login('wujin'), await t.login('sanjing')];
  sanjingStreet = await t.orgIdByName('三井街道总工会');
  xinbeiDistrict = await t.orgIdByName('新北区总工会');
  wujinDistrict = await t.orgIdByName('武进区总工会');
});
afterAll(async () => t.close());

const fieldsOf = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path}:${e.code}`);

describe('the public application', () => {
  it('takes an application, answers a reference, and shows its state to the applicant only', async () => {
    const body = merchantBody(sanjingStreet);
    const res = await t.client().post('/api/v1/merchant-applications', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ reference: expect.stringMatching(/^[0-9A-Z]{12}$/), state: 'applied' });
    const status = await t.client().get(`/api/v1/merchant-applications/status?reference=${res.body.reference}&phone=${body.contactPhone}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ name: body.name, orgName: '三井街道总工会', state: 'applied', bannedUntil: null });
    expect((await t.client().get(`/api/v1/merchant-applications/status?reference=${res.body.reference}&phone=13900000000`)).status).toBe(404);
    // The cadres see it, the phone masked, the proposal kept.
    const row = (await t.pool.query('select id, contact_phone_last4, contact_phone_enc from merchants where reference = $1', [res.body.reference])).rows[0];
    expect(row.contact_phone_enc.toString('latin1')).not.toContain(body.contactPhone);
    const got = await xinbei.get(`/api/v1/merchants/${row.id}`);
    expect(got.body).toMatchObject({ state: 'applied', source: 'online', contactPhoneMasked: `${body.contactPhone.slice(0, 3)}****${body.contactPhone.slice(-4)}`, proposal: { discountBps: 500, subsidyBps: 300 } });
    expect(JSON.stringify(got.body)).not.toContain(body.contactPhone);
    expect(got.body.actions).toEqual(['approve', 'reject']);
    const audit = await t.pool.query(`select after from audit_log where action = 'merchant.apply' and entity_id = $1`, [String(row.id)]);
    expect(JSON.stringify(audit.rows[0].after)).not.toContain(body.contactPhone);
  });

  it('names every bad field: credit code check digit, unknown fields, coordinates outside China, phone', async () => {
    const good = merchantBody(sanjingStreet);
    const badCode = good.creditCode.slice(0, 17) + (good.creditCode[17] === '0' ? '1' : '0');
    const res = await t.client().post('/api/v1/merchant-applications', { ...good, creditCode: badCode, lng: 12.5, lat: 95, contactPhone: '12345', owner: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(['creditCode:uscc.invalid', 'lng:merchant.lngLat', 'lat:merchant.lngLat', 'contactPhone:phone.invalid', 'owner:unrecognized_keys']));
    const en = t.client();
    en.lang = 'en';
    const msg = await en.post('/api/v1/merchant-applications', { ...good, lat: 60 });
    expect(msg.body.errors[0].message).toMatch(/within China/);
    // A unit that does not take merchants, and one that does not exist.
    const union = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' limit 1`)).rows[0].id;
    const wrong = await t.client().post('/api/v1/merchant-applications', merchantBody(union));
    expect(wrong.status).toBe(422);
    expect(fieldsOf(wrong.body)).toEqual(['orgId:MERCHANT_UNIT_INVALID']);
    expect((await t.client().post('/api/v1/merchant-applications', merchantBody(99999999))).status).toBe(404);
    // Lower-case letters are accepted and normalised.
    const lower = merchantBody(sanjingStreet);
    const ok = await t.client().post('/api/v1/merchant-applications', { ...lower, creditCode: lower.creditCode.toLowerCase() });
    expect(ok.status).toBe(201);
  });

  it('lists the districts and streets a merchant can belong to', async () => {
    const res = await t.client().get('/api/v1/merchant-applications/units');
    expect(res.status).toBe(200);
    expect(res.body.items.filter((u: { kind: string }) => u.kind === 'district_union')).toHaveLength(7);
    expect(res.body.items.find((u: { id: number }) => u.id === sanjingStreet)).toEqual({ id: sanjingStreet, name: '三井街道总工会', kind: 'street_federation', parentId: xinbeiDistrict });
    expect(new Set(res.body.items.map((u: { kind: string }) => u.kind))).toEqual(new Set(['district_union', 'street_federation']));
  });

  it('refuses a second application of a code already applying or signed', async () => {
    const body = merchantBody(sanjingStreet);
    expect((await t.client().post('/api/v1/merchant-applications', body)).status).toBe(201);
    const again = await t.client().post('/api/v1/merchant-applications', { ...body, name: '换个名字' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MERCHANT_ALREADY_REGISTERED');
    expect(fieldsOf(again.body)).toEqual(['creditCode:MERCHANT_ALREADY_REGISTERED']);
  });

  it('refuses a merchant revoked less than 3 years ago, with the day it may apply again', async () => {
    const m = await activeMerchant(xinbei, sanjingStreet);
    const code = (await xinbei.get(`/api/v1/merchants/${m.id}`)).body.creditCode as string;
    const revoked = await xinbei.post(`/api/v1/merchants/${m.id}/revoke`, { reason: '多次违规收取会员费用', revokedOn: '2025-11-28' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ state: 'revoked', revokedOn: '2025-11-28', bannedUntil: '2028-11-28', actions: [] });
    const res = await t.client().post('/api/v1/merchant-applications', merchantBody(sanjingStreet, { creditCode: code }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MERCHANT_BANNED');
    expect(res.body.params).toEqual({ from: '2028-11-28' });
    expect(res.body.detail).toContain('2028-11-28');
    // A cadre cannot enter it either.
    const byCadre = await xinbei.post('/api/v1/merchants', merchantBody(sanjingStreet, { creditCode: code }));
    expect(byCadre.body.code).toBe('MERCHANT_BANNED');
  });

  it('lets a merchant revoked more than 3 years ago apply again', async () => {
    const m = await activeMerchant(xinbei, sanjingStreet);
    const code = (await xinbei.get(`/api/v1/merchants/${m.id}`)).body.creditCode as string;
    const revoked = await xinbei.post(`/api/v1/merchants/${m.id}/revoke`, { reason: '停业', revokedOn: '2023-11-27' });
    expect(revoked.body.bannedUntil).toBe('2026-11-27');
    const res = await t.client().post('/api/v1/merchant-applications', merchantBody(sanjingStreet, { creditCode: code }));
    expect(res.status).toBe(201);
    // The revocation date cannot lie ahead.
    const other = await activeMerchant(xinbei, sanjingStreet);
    const future = await xinbei.post(`/api/v1/merchants/${other.id}/revoke`, { reason: '停业', revokedOn: '2026-12-01' });
    expect(fieldsOf(future.body)).toEqual(['revokedOn:merchant.revokedOn']);
  });
});

describe('review by the district union', () => {
  it('approves: the first agreement, the merchant’s own unit, then suspend, resume and revoke; illegal steps are 409', async () => {
    const created = await xinbei.post('/api/v1/merchants', merchantBody(sanjingStreet, { category: 'worker_station', name: '劳动者驿站（三井店）' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'applied', source: 'cadre', reference: null, districtName: '新北区总工会', orgName: '三井街道总工会' });
    const id = created.body.id;
    const badTerms = await xinbei.post(`/api/v1/merchants/${id}/approve`, { agreement: agreementBody({ discountBps: 0, subsidyBps: 0, validFrom: '2027-01-01', validTo: '2026-01-01' }) });
    expect(fieldsOf(badTerms.body)).toEqual(expect.arrayContaining(['agreement.subsidyBps:merchant.termsRequired', 'agreement.validTo:date.range']));
    const approved = await xinbei.post(`/api/v1/merchants/${id}/approve`, { agreement: agreementBody({ discountBps: 0, subsidyBps: 1200 }), note: '材料齐全' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'active', activatedOn: '2026-11-28', subsidyBps: 1200, discountBps: 0, reviewNote: '材料齐全', actions: ['suspend', 'revoke'] });
    expect(approved.body.agreements).toEqual([expect.objectContaining({ category: 'worker_station', subsidyBps: 1200, capPerTxnFen: 5000, capPerMonthFen: 20000, current: true, status: 'active', signedByName: '王丽华' })]);
    const unit = (await t.pool.query('select kind, name, parent_id, status from org_units where id = $1', [approved.body.partnerOrgId])).rows[0];
    expect(unit).toEqual({ kind: 'merchant', name: '劳动者驿站（三井店）', parent_id: null, status: 'active' });

    const again = await xinbei.post(`/api/v1/merchants/${id}/approve`, { agreement: agreementBody() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'MERCHANT_TRANSITION_INVALID', params: { state: 'active', event: 'approve' } });
    expect((await xinbei.post(`/api/v1/merchants/${id}/resume`, {})).body.code).toBe('MERCHANT_TRANSITION_INVALID');
    expect((await xinbei.post(`/api/v1/merchants/${id}/reject`, { reason: '不行' })).status).toBe(409);
    const suspended = await xinbei.post(`/api/v1/merchants/${id}/suspend`, { reason: '会员投诉核查中' });
    expect(suspended.body).toMatchObject({ state: 'suspended', reviewNote: '会员投诉核查中', actions: ['resume', 'revoke'] });
    expect((await xinbei.post(`/api/v1/merchants/${id}/resume`, { note: '核查无误' })).body.state).toBe('active');

    // Revocation also ends the merchant's API keys.
    const key = await city.post('/api/v1/partner-keys', { orgId: approved.body.partnerOrgId, label: '收银系统' });
    expect(key.status).toBe(201);
    rememberSecret(key.body.secret);
    const revoked = await xinbei.post(`/api/v1/merchants/${id}/revoke`, { reason: '停止合作' });
    expect(revoked.body).toMatchObject({ state: 'revoked', revokedOn: '2026-11-28', bannedUntil: '2029-11-28' });
    expect((await t.pool.query('select status, revoked_at from partner_api_keys where id = $1', [key.body.id])).rows[0].status).toBe('revoked');
    expect((await xinbei.post(`/api/v1/merchants/${id}/suspend`, { reason: 'x' })).status).toBe(409);
    const actions = await t.pool.query(`select action from audit_log where entity_type = 'merchant' and entity_id = $1 order by id`, [String(id)]);
    expect(actions.rows.map((r) => r.action)).toEqual(['merchant.create', 'merchant.approve', 'merchant.suspend', 'merchant.resume', 'merchant.revoke']);
  });

  it('rejects with a reason the applicant sees', async () => {
    const body = merchantBody(sanjingStreet);
    const applied = await t.client().post('/api/v1/merchant-applications', body);
    const id = (await t.pool.query('select id from merchants where reference = $1', [applied.body.reference])).rows[0].id;
    expect((await xinbei.post(`/api/v1/merchants/${id}/reject`, {})).body.code).toBe('VALIDATION_FAILED');
    const rejected = await xinbei.post(`/api/v1/merchants/${id}/reject`, { reason: '经营场所与营业执照不符' });
    expect(rejected.body.state).toBe('rejected');
    const status = await t.client().get(`/api/v1/merchant-applications/status?reference=${applied.body.reference}&phone=${body.contactPhone}`);
    expect(status.body).toMatchObject({ state: 'rejected', reviewNote: '经营场所与营业执照不符' });
    // A rejected code may apply again.
    expect((await t.client().post('/api/v1/merchant-applications', { ...body, contactPhone: body.contactPhone })).status).toBe(201);
  });

  it('keeps agreement versions apart, ends one early, and records one assessment a year', async () => {
    const m = await activeMerchant(xinbei, sanjingStreet, {}, { validFrom: '2026-01-01', validTo: '2026-12-31' });
    const overlap = await xinbei.post(`/api/v1/merchants/${m.id}/agreements`, agreementBody({ validFrom: '2026-12-01', validTo: '2027-12-31' }));
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('MERCHANT_AGREEMENT_OVERLAP');
    const next = await xinbei.post(`/api/v1/merchants/${m.id}/agreements`, agreementBody({ subsidyBps: 1000, validFrom: '2027-01-01', validTo: '2027-12-31' }));
    expect(next.status).toBe(201);
    expect(next.body.agreements.map((a: { validFrom: string; current: boolean }) => [a.validFrom, a.current])).toEqual([
      ['2027-01-01', false],
      ['2026-01-01', true],
    ]);
    const current = next.body.agreements[1].id;
    const early = await xinbei.post(`/api/v1/merchants/${m.id}/agreements/${current}/end`, { endOn: '2026-11-01', reason: '调整补贴比例' });
    expect(fieldsOf(early.body)).toEqual(['endOn:merchant.endOn']);
    const ended = await xinbei.post(`/api/v1/merchants/${m.id}/agreements/${current}/end`, { endOn: '2026-11-30', reason: '调整补贴比例' });
    expect(ended.status).toBe(200);
    expect(ended.body.agreements[1]).toMatchObject({ validTo: '2026-11-30', status: 'ended', current: true });
    expect((await xinbei.post(`/api/v1/merchants/${m.id}/agreements/${current}/end`, { endOn: '2026-11-30', reason: 'x' })).body.code).toBe('MERCHANT_AGREEMENT_ENDED');
    // December is free again.
    expect((await xinbei.post(`/api/v1/merchants/${m.id}/agreements`, agreementBody({ validFrom: '2026-12-01', validTo: '2026-12-31' }))).status).toBe(201);

    const first = await xinbei.post(`/api/v1/merchants/${m.id}/assessments`, { year: 2026, result: 'excellent', score: 96, note: '会员满意度高' });
    expect(first.status).toBe(201);
    expect(first.body.assessments).toEqual([expect.objectContaining({ year: 2026, result: 'excellent', score: 96, assessedByName: '王丽华' })]);
    const twice = await xinbei.post(`/api/v1/merchants/${m.id}/assessments`, { year: 2026, result: 'pass' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('MERCHANT_ASSESSMENT_EXISTS');
    expect((await xinbei.post(`/api/v1/merchants/${m.id}/assessments`, { year: 2026, result: 'great' })).status).toBe(400);
  });

  it('keeps photos (images only, ≤ 9) and edits with the version read', async () => {
    const m = await activeMerchant(xinbei, sanjingStreet);
    const up = await uploadFile(xinbei, `/api/v1/merchants/${m.id}/photos`, '门头.png', PNG, { contentType: 'image/png' });
    expect(up.status).toBe(201);
    expect(up.body.photos).toEqual([expect.objectContaining({ n: 1, fileName: '门头.png', mime: 'image/png', sizeBytes: PNG.length })]);
    const text = await uploadFile(xinbei, `/api/v1/merchants/${m.id}/photos`, 'a.png', Buffer.from('not an image'), { contentType: 'image/png' });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('MERCHANT_PHOTO_TYPE');
    const big = await uploadFile(xinbei, `/api/v1/merchants/${m.id}/photos`, 'big.png', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), { contentType: 'image/png' });
    expect(big.body.code).toBe('MERCHANT_PHOTO_TOO_LARGE');
    const got = await downloadFile(xinbei, `/api/v1/merchants/${m.id}/photos/1`);
    expect(got.status).toBe(200);
    expect(got.raw.equals(PNG)).toBe(true);
    const pub = await downloadFile(t.client(), `/api/v1/merchant-directory/${m.id}/photos/1`);
    expect(pub.status).toBe(200);
    expect((await downloadFile(wujin, `/api/v1/merchants/${m.id}/photos/1`)).status).toBe(404);

    const version = up.body.version;
    const edited = await xinbei.patch(`/api/v1/merchants/${m.id}`, { version, openingHours: '07:00-23:00', lng: 119.98 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ openingHours: '07:00-23:00', lng: 119.98 });
    const stale = await xinbei.patch(`/api/v1/merchants/${m.id}`, { version, name: '旧版本' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const removed = await xinbei.delete(`/api/v1/merchants/${m.id}/photos/1`);
    expect(removed.body.photos).toEqual([]);
    expect((await downloadFile(xinbei, `/api/v1/merchants/${m.id}/photos/1`)).status).toBe(404);
  });

  it('reveals the contact phone only on purpose, audited', async () => {
    const body = merchantBody(sanjingStreet);
    const created = await xinbei.post('/api/v1/merchants', body);
    const res = await xinbei.post(`/api/v1/merchants/${created.body.id}/reveal-contact`, { reason: '核实经营情况' });
    expect(res.body).toEqual({ contactPhone: body.contactPhone });
    const audit = await t.pool.query(`select after from audit_log where action = 'merchant.reveal_contact' and entity_id = $1`, [String(created.body.id)]);
    expect(audit.rows[0].after).toEqual({ reason: '核实经营情况' });
  });
});

describe('scope', () => {
  let xinbeiShop: number;
  let wujinShop: number;

  beforeAll(async () => {
    xinbeiShop = (await activeMerchant(xinbei, sanjingStreet, { name: '三井便民超市' })).id;
    wujinShop = (await activeMerchant(wujin, wujinDistrict, { name: '湖塘影城', category: 'cinema', lng: 119.95, lat: 31.7 })).id;
  });

  it('a district cadre sees and decides only on its own merchants; another district’s are 404', async () => {
    const list = await xinbei.get('/api/v1/merchants?pageSize=500');
    const ids = list.body.items.map((m: { id: number }) => m.id);
    expect(ids).toContain(xinbeiShop);
    expect(ids).not.toContain(wujinShop);
    expect(list.body.items.every((m: { districtName: string }) => m.districtName === '新北区总工会')).toBe(true);
    expect((await xinbei.get(`/api/v1/merchants/${wujinShop}`)).status).toBe(404);
    expect((await xinbei.post(`/api/v1/merchants/${wujinShop}/suspend`, { reason: 'x' })).status).toBe(404);
    expect((await xinbei.get(`/api/v1/merchants/${wujinShop}/transactions`)).status).toBe(404);
    // Entering a merchant for another district's unit is refused as not found.
    const outside = await xinbei.post('/api/v1/merchants', merchantBody(wujinDistrict));
    expect(outside.status).toBe(404);
    expect(fieldsOf(outside.body)).toEqual(['orgId:NOT_FOUND']);
    const map = await xinbei.get('/api/v1/merchants/map');
    expect(map.body.items.map((p: { id: number }) => p.id)).not.toContain(wujinShop);
    const cityList = await city.get(`/api/v1/merchants?orgId=${wujinDistrict}&category=cinema`);
    expect(cityList.body.items.map((m: { id: number }) => m.id)).toEqual([wujinShop]);
    const q = await city.get(`/api/v1/merchants?q=${encodeURIComponent('三井便民')}`);
    expect(q.body.items.map((m: { id: number }) => m.id)).toEqual([xinbeiShop]);
  });

  it('a street cadre reads its street’s merchants and cannot review', async () => {
    const list = await sanjing.get('/api/v1/merchants?pageSize=500');
    expect(list.body.items.map((m: { id: number }) => m.id)).toContain(xinbeiShop);
    expect(list.body.items.every((m: { orgName: string }) => m.orgName === '三井街道总工会')).toBe(true);
    expect((await sanjing.get(`/api/v1/merchants/${xinbeiShop}`)).body.actions).toEqual([]);
    expect((await sanjing.post(`/api/v1/merchants/${xinbeiShop}/suspend`, { reason: 'x' })).status).toBe(403);
  });

  it('a merchant operator sees its own merchant, agreements and transactions, nothing of another', async () => {
    const unit = await t.orgIdByName('劳动者驿站（红梅店）');
    const created = await xinbei.post('/api/v1/merchants', merchantBody(sanjingStreet, { name: '劳动者驿站（红梅店）', category: 'worker_station' }));
    await t.pool.query('update merchants set partner_org_id = $1 where id = $2', [unit, created.body.id]);
    const approved = await xinbei.post(`/api/v1/merchants/${created.body.id}/approve`, { agreement: agreementBody() });
    expect(approved.body.partnerOrgId).toBe(unit);
    const own = created.body.id;
    await seedTransactions(t, own, sanjingStreet, [{ amountFen: 10000, subsidyFen: 1200, occurredAt: '2026-10-03T04:00:00Z' }]);
    const other = await seedTransactions(t, xinbeiShop, sanjingStreet, [{ amountFen: 8000, subsidyFen: 960, occurredAt: '2026-10-04T04:00:00Z' }]);

    const { client: op } = await t.loginFull('merchant');
    const me = await op.get('/api/v1/merchant-console/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: own, name: '劳动者驿站（红梅店）', actions: [] });
    expect(me.body.agreements).toHaveLength(1);
    const list = await op.get('/api/v1/merchants');
    expect(list.body.items.map((m: { id: number }) => m.id)).toEqual([own]);
    const txns = await op.get(`/api/v1/merchants/${own}/transactions?month=202610`);
    expect(txns.status).toBe(200);
    expect(txns.body.summary).toEqual({ count: 1, amountFen: 10000, subsidyFen: 1200 });
    expect(txns.body.items[0]).toMatchObject({ kind: 'purchase', amountFen: 10000, subsidyFen: 1200, cardMasked: expect.stringMatching(/^\*{4} \*{4} \*{4} \d{4}$/), month: 202610, settlementId: null });
    expect((await op.get(`/api/v1/merchants/${own}/transactions`)).body.total).toBe(0);
    for (const url of [`/api/v1/merchants/${xinbeiShop}`, `/api/v1/merchants/${xinbeiShop}/transactions?month=202610`, `/api/v1/merchants/${xinbeiShop}/settlements`]) {
      expect((await op.get(url)).status, url).toBe(404);
    }
    expect(JSON.stringify((await op.get(`/api/v1/merchants/${own}/transactions?month=202610`)).body)).not.toContain(`"${other.last4}"`);
    expect((await op.post(`/api/v1/merchants/${own}/suspend`, { reason: 'x' })).status).toBe(403);
    expect((await op.get('/api/v1/merchant-settlements')).status).toBe(403);
    // Someone without a merchant of their own has no console.
    expect((await xinbei.get('/api/v1/merchant-console/me')).status).toBe(404);
  });
});

describe('the public directory', () => {
  it('shows active merchants only, public facts only, nearest first', async () => {
    const near = await activeMerchant(xinbei, sanjingStreet, { name: '近处的店', category: 'catering', lng: 119.97, lat: 31.81 });
    const far = await activeMerchant(wujin, wujinDistrict, { name: '远处的店', category: 'catering', lng: 119.6, lat: 31.5 });
    const pending = await xinbei.post('/api/v1/merchants', merchantBody(sanjingStreet, { name: '待审核的店', category: 'catering' }));
    const res = await t.client().get('/api/v1/merchant-directory?category=catering&lng=119.9701&lat=31.8101&pageSize=100');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((m: { id: number }) => m.id);
    expect(ids.indexOf(near.id)).toBeLessThan(ids.indexOf(far.id));
    expect(ids).not.toContain(pending.body.id);
    const first = res.body.items.find((m: { id: number }) => m.id === near.id);
    expect(first.distanceM).toBeGreaterThan(5);
    expect(first.distanceM).toBeLessThan(30);
    const second = res.body.items.find((m: { id: number }) => m.id === far.id);
    // About 48 km as the crow flies.
    expect(second.distanceM).toBeGreaterThan(45_000);
    expect(second.distanceM).toBeLessThan(52_000);
    expect(first).toMatchObject({ subsidyBps: 1200, discountBps: 500, districtName: '新北区总工会' });
    expect(Object.keys(first)).not.toContain('creditCode');
    expect(JSON.stringify(res.body)).not.toMatch(/contact/i);

    const byDistrict = await t.client().get(`/api/v1/merchant-directory?orgId=${wujinDistrict}&pageSize=100`);
    expect(byDistrict.body.items.every((m: { districtName: string }) => m.districtName === '武进区总工会')).toBe(true);
    expect(byDistrict.body.items.map((m: { id: number }) => m.id)).toContain(far.id);
    const half = await t.client().get('/api/v1/merchant-directory?lng=119.97');
    expect(half.status).toBe(400);
    expect(fieldsOf(half.body)).toEqual(['querystring.lat:merchant.lngLatPair']);
    const detail = await t.client().get(`/api/v1/merchant-directory/${near.id}`);
    expect(detail.body).toMatchObject({ id: near.id, capPerTxnFen: 5000, capPerMonthFen: 20000, validTo: '2027-12-31' });
    expect((await t.client().get(`/api/v1/merchant-directory/${pending.body.id}`)).status).toBe(404);
  });
});

describe('a merchant code', () => {
  it('is a valid credit code in the fixtures', () => {
    expect(makeMerchantUscc()).toMatch(/^92320411MA\d{7}[0-9A-Y]$/);
  });
});
