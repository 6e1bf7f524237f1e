import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAN_ATTACHMENT_MAX_BYTES, LOAN_ATTACHMENT_MAX_COUNT } from '@tongxing/contracts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { loanActors, officer, partnerUnit, portalMember, sanjingUnion, type LoanActors } from '../../../test/support/loan-actors';
import { buildLoan, defaultPipeline, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { completeUscc, makeIdNumber, makePhone } from '../../../test/support/people';

/** Applying: in the portal and on a member's behalf, eligibility with reasons, corrections, withdrawal, attachments. */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;
let union: number;
let enterpriseProductId: number;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
  union = await sanjingUnion(t);
  const enterprise = await a.city.post(`/api/v1/loan-programmes/${fx.programmeId}/products`, {
    code: 'enterprise',
    name: '小微企业贷',
    borrowerType: 'enterprise',
    minAmountFen: 5_000_000,
    maxAmountFen: 50_000_000,
    minTermMonths: 12,
    maxTermMonths: 36,
    rateKind: 'fixed',
    annualRateBps: 385,
    repaymentMethod: 'interest_only',
    eligibility: { requireActiveMember: true, minOperatingMonths: 12, requireNoBadCredit: true, maxLifetimeLoans: 2, maxConcurrentLoans: 1 },
    subsidy: { premiumBps: 500, borrowerRateCapBps: null },
    modelWorker: { maxAmountFen: null, premiumBps: null, borrowerRateCapBps: null, priority: true },
    riskShares: { union: 6000, insurer: 3000, bank: 1000, guarantor: 0 },
    visitPlan: { monthsAfterDisbursement: [6], monthsBeforeMaturity: 1 },
    pipeline: defaultPipeline,
  });
  expect(enterprise.status, JSON.stringify(enterprise.body)).toBe(201);
  enterpriseProductId = enterprise.body.id;
});
afterAll(async () => t.close());

const apply = (o: Record<string, unknown> = {}) => ({
  productId: fx.productId,
  amountFen: 10_000_000,
  termMonths: 12,
  purpose: '开办社区早餐店',
  jobsExpected: 3,
  declaresNoBadCredit: true,
  ...o,
});

const reasonsOf = (body: { params?: { reasons?: { code: string }[] } }) => (body.params?.reasons ?? []).map((r) => r.code).sort();
const ids = (body: { items: { id: number }[] }) => body.items.map((l) => l.id);
const loanCount = async (memberId: number) => (await t.pool.query('select count(*)::int as n from loans where member_id = $1', [memberId])).rows[0].n as number;

describe('applying in the portal', () => {
  it('a draft is kept, corrected and then submitted to the first step, every step audited', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const draft = await m.client.post('/api/v1/portal/loans', apply({ submit: false }));
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ state: 'draft', stepIndex: null, memberId: m.memberId, submittedAt: null });
    expect(draft.body.actions).toEqual(expect.arrayContaining(['submit', 'withdraw', 'edit', 'attach']));
    // A draft waits on nobody.
    expect(ids((await a.sanjing.get('/api/v1/loans?queue=mine')).body)).not.toContain(draft.body.id);

    const edited = await m.client.patch(`/api/v1/portal/loans/${draft.body.id}`, { amountFen: 12_000_000, purpose: '开办社区早餐店（扩大）', version: draft.body.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ amountRequestedFen: 12_000_000, purpose: '开办社区早餐店（扩大）' });
    expect((await m.client.patch(`/api/v1/portal/loans/${draft.body.id}`, { amountFen: 1, version: draft.body.version })).status).toBe(409);
    expect((await m.client.patch(`/api/v1/portal/loans/${draft.body.id}`, { rateBps: 1 })).status).toBe(400);

    const submitted = await m.client.post(`/api/v1/portal/loans/${draft.body.id}/submit`, {});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', stepIndex: 0, stepName: '基层推荐' });
    expect(submitted.body.submittedAt).not.toBeNull();
    expect(ids((await a.sanjing.get('/api/v1/loans?queue=mine')).body)).toContain(draft.body.id);
    // Submitted, it is no longer the applicant's to edit.
    expect((await m.client.patch(`/api/v1/portal/loans/${draft.body.id}`, { amountFen: 13_000_000 })).body.code).toBe('LOAN_TRANSITION_INVALID');
    const audit = await t.pool.query(`select action from audit_log where entity_type = 'loan' and entity_id = $1 order by id`, [String(draft.body.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['loan.create', 'loan.edit', 'loan.submit']);
  });

  it('not eligible: LOAN_NOT_ELIGIBLE (422) with every reason, and nothing is stored', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const res = await m.client.post('/api/v1/portal/loans', apply({ amountFen: 30_000_000, termMonths: 48, declaresNoBadCredit: false }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('LOAN_NOT_ELIGIBLE');
    expect(reasonsOf(res.body)).toEqual(['amount_out_of_range', 'bad_credit_not_declared', 'term_out_of_range']);
    expect(res.body.params.reasons[0]).toEqual({ code: expect.any(String), zh: expect.any(String), en: expect.any(String) });
    expect(res.body.params.reasons.find((r: { code: string }) => r.code === 'amount_out_of_range').zh).toContain('200,000');
    const low = await m.client.post('/api/v1/portal/loans', apply({ amountFen: 999_999, termMonths: 5 }));
    expect(reasonsOf(low.body)).toEqual(['amount_out_of_range', 'term_out_of_range']);
    expect(await loanCount(m.memberId)).toBe(0);
  });

  it('a member no longer active is not eligible; a draft refused at submission stays a draft', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const draft = await m.client.post('/api/v1/portal/loans', apply({ submit: false }));
    await t.pool.query(`update members set status = 'retired' where id = $1`, [m.memberId]);
    const res = await m.client.post(`/api/v1/portal/loans/${draft.body.id}/submit`, {});
    expect(res.status).toBe(422);
    expect(reasonsOf(res.body)).toEqual(['member_inactive']);
    expect((await m.client.get(`/api/v1/portal/loans/${draft.body.id}`)).body.state).toBe('draft');
  });

  it('lifetime and concurrent limits count the member’s other loans', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const open = await buildLoan(t, fx, a.sanjing, { state: 'repaying' });
    await t.pool.query('update loans set member_id = $1 where id = $2', [m.memberId, open.loanId]);
    const one = await m.client.post('/api/v1/portal/loans', apply());
    expect(reasonsOf(one.body)).toEqual(['concurrent_limit']);
    // Settled, the first loan no longer blocks; a second settled loan reaches the lifetime limit of 2.
    await t.pool.query(`update loans set state = 'settled' where id = $1`, [open.loanId]);
    const draft = await m.client.post('/api/v1/portal/loans', apply({ submit: false }));
    const settled = await buildLoan(t, fx, a.sanjing, { state: 'settled' });
    await t.pool.query('update loans set member_id = $1 where id = $2', [m.memberId, settled.loanId]);
    const two = await m.client.post(`/api/v1/portal/loans/${draft.body.id}/submit`, {});
    expect(reasonsOf(two.body)).toEqual(['lifetime_limit']);
    // Withdrawn and rejected applications count for neither.
    await t.pool.query(`update loans set state = 'rejected' where id = $1`, [settled.loanId]);
    expect((await m.client.post(`/api/v1/portal/loans/${draft.body.id}/submit`, {})).status).toBe(200);
  });

  it('enterprise loans: details required, operating at least N months, the credit code’s checksum checked', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const base = apply({ productId: enterpriseProductId, amountFen: 20_000_000, termMonths: 24 });
    const missing = await m.client.post('/api/v1/portal/loans', base);
    expect(reasonsOf(missing.body)).toEqual(['enterprise_details_missing']);
    const code = completeUscc('91320411MA1X2Y3W4');
    const young = await m.client.post('/api/v1/portal/loans', { ...base, enterpriseName: '晓峰早餐店', enterpriseCreditCode: code, enterpriseFoundedOn: '2026-06-01' });
    expect(young.status).toBe(422);
    expect(reasonsOf(young.body)).toEqual(['operating_too_short']);
    expect(young.body.params.reasons[0].zh).toContain('12');
    const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const bad = await m.client.post('/api/v1/portal/loans', { ...base, enterpriseName: '晓峰早餐店', enterpriseCreditCode: wrongCheck, enterpriseFoundedOn: '2024-06-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'enterpriseCreditCode', code: 'uscc.invalid' })]);
    const future = await m.client.post('/api/v1/portal/loans', { ...base, enterpriseName: '晓峰早餐店', enterpriseCreditCode: code, enterpriseFoundedOn: '2027-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'enterpriseFoundedOn' })]);
    // Lower case and spaces are normalised before the check.
    const ok = await m.client.post('/api/v1/portal/loans', { ...base, enterpriseName: '晓峰早餐店', enterpriseCreditCode: ` ${code.toLowerCase()} `, enterpriseFoundedOn: '2025-11-28' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ state: 'submitted', borrowerType: 'enterprise', enterpriseCreditCode: code, enterpriseFoundedOn: '2025-11-28' });
  });

  it('a model worker gets the higher cap and priority', async () => {
    const worker = await portalMember(t, a.sanjing, union, { name: '钱劳模', modelWorkerLevel: 'city' });
    const products = await worker.client.get('/api/v1/portal/loan-products');
    expect(products.body.items.find((p: { id: number }) => p.id === fx.productId)).toMatchObject({ maxAmountFen: 20_000_000, myMaxAmountFen: 100_000_000 });
    const res = await worker.client.post('/api/v1/portal/loans', apply({ amountFen: 50_000_000 }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ modelWorkerLevel: 'city', priority: true, amountRequestedFen: 50_000_000 });
    const over = await worker.client.post('/api/v1/portal/loans', apply({ amountFen: 100_000_001 }));
    expect(reasonsOf(over.body)).toEqual(['amount_out_of_range', 'concurrent_limit']);

    const plain = await portalMember(t, a.sanjing, union);
    const refused = await plain.client.post('/api/v1/portal/loans', apply({ amountFen: 50_000_000 }));
    expect(reasonsOf(refused.body)).toEqual(['amount_out_of_range']);
    const normal = await plain.client.post('/api/v1/portal/loans', apply());
    expect(normal.body).toMatchObject({ modelWorkerLevel: 'none', priority: false });
  });

  it('a member sees only their own loans; another’s answers 404', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const other = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    expect((await other.client.get(`/api/v1/portal/loans/${loan.id}`)).status).toBe(404);
    expect((await other.client.get(`/api/v1/portal/loans/${loan.id}/schedule`)).status).toBe(404);
    expect((await other.client.post(`/api/v1/portal/loans/${loan.id}/withdraw`, {})).status).toBe(404);
    expect((await other.client.patch(`/api/v1/portal/loans/${loan.id}`, { purpose: '篡改用途' })).status).toBe(404);
    expect((await other.client.get('/api/v1/portal/loans')).body).toEqual({ items: [], total: 0 });
    // Naming another member in the portal is not a way round it.
    const named = await other.client.post('/api/v1/portal/loans', apply({ memberId: m.memberId }));
    expect(named.status).toBe(404);
    expect((await m.client.get('/api/v1/portal/loans')).body.total).toBe(1);
    // Staff sessions are not members.
    expect((await a.sanjing.get('/api/v1/portal/loans')).status).toBe(403);
  });
});

describe('on a member’s behalf, withdrawal, return and resubmission', () => {
  it('a cadre enters an application for a member in scope; out of scope is 404; a partner may not', async () => {
    const reg = await a.sanjing.post('/api/v1/members', { name: '周代办', idNumber: makeIdNumber(), phone: makePhone(), orgId: union });
    const memberId = reg.body.id as number;
    const res = await a.sanjing.post('/api/v1/loans', apply({ memberId }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ memberId, state: 'submitted', stepIndex: 0, bankName: '江苏同舟农村商业银行常州分行', insurerName: '安信财产保险股份有限公司常州中心支公司' });
    const created = await t.pool.query(`select data from loan_events where loan_id = $1 and event = 'create'`, [res.body.id]);
    expect(created.rows[0].data).toMatchObject({ via: 'console', memberId });

    const outside = await a.wujin.post('/api/v1/loans', apply({ memberId }));
    expect(outside.status).toBe(404);
    expect(outside.body.errors).toEqual([expect.objectContaining({ path: 'memberId' })]);
    expect((await a.sanjing.post('/api/v1/loans', apply())).body.errors).toEqual([expect.objectContaining({ path: 'memberId', code: 'loan.memberRequired' })]);
    expect((await a.bank.post('/api/v1/loans', apply({ memberId }))).status).toBe(403);
    expect((await a.sanjing.post('/api/v1/loans', apply({ memberId, productId: 99999999 }))).body.errors).toEqual([expect.objectContaining({ path: 'productId' })]);
    expect((await a.sanjing.post('/api/v1/loans', { ...apply({ memberId }), interestFree: true })).status).toBe(400);
    // Ids past int4 are refused by the schema, not by the database.
    expect((await a.sanjing.post('/api/v1/loans', apply({ memberId: 99_999_999_999 }))).body.errors).toEqual([expect.objectContaining({ path: 'memberId', code: 'too_big' })]);
    expect((await a.sanjing.post('/api/v1/loans', apply({ memberId, productId: 99_999_999_999 }))).body.errors).toEqual([expect.objectContaining({ path: 'productId', code: 'too_big' })]);
    // The same eligibility as in the portal.
    expect(reasonsOf((await a.sanjing.post('/api/v1/loans', apply({ memberId }))).body)).toEqual(['concurrent_limit']);
  });

  it('withdrawn by the member while in review: it leaves every queue and cannot be withdrawn twice', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    expect((await a.sanjing.post(`/api/v1/loans/${loan.id}/decision`, { decision: 'approve', comment: '同意推荐' })).status).toBe(200);
    expect(ids((await a.xinbei.get('/api/v1/loans?queue=mine')).body)).toContain(loan.id);
    const res = await m.client.post(`/api/v1/portal/loans/${loan.id}/withdraw`, { comment: '暂不需要' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'withdrawn', stepIndex: null, actions: [] });
    expect(ids((await a.xinbei.get('/api/v1/loans?queue=mine')).body)).not.toContain(loan.id);
    const twice = await m.client.post(`/api/v1/portal/loans/${loan.id}/withdraw`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('LOAN_TRANSITION_INVALID');
    // A withdrawn application does not count against the member.
    expect((await m.client.post('/api/v1/portal/loans', apply())).status).toBe(201);
  });

  it('returned for correction at the district step, corrected by the member, resubmitted to that same step', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    expect((await a.sanjing.post(`/api/v1/loans/${loan.id}/decision`, { decision: 'approve' })).body.stepIndex).toBe(1);
    const returned = await a.xinbei.post(`/api/v1/loans/${loan.id}/decision`, { decision: 'return', comment: '请补充经营计划' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'returned', stepIndex: 1 });
    expect(ids((await a.xinbei.get('/api/v1/loans?queue=mine')).body)).not.toContain(loan.id);
    const mine = await m.client.get(`/api/v1/portal/loans/${loan.id}`);
    expect(mine.body.actions).toEqual(expect.arrayContaining(['resubmit', 'edit', 'withdraw', 'attach']));
    expect(mine.body.events.at(-1)).toMatchObject({ event: 'return', comment: '请补充经营计划', actorName: '王丽华' });
    expect((await m.client.post(`/api/v1/portal/loans/${loan.id}/submit`, {})).body.code).toBe('LOAN_TRANSITION_INVALID');

    expect((await m.client.patch(`/api/v1/portal/loans/${loan.id}`, { purpose: '开办社区早餐店，附经营计划' })).status).toBe(200);
    const again = await m.client.post(`/api/v1/portal/loans/${loan.id}/resubmit`, { comment: '已补充' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ state: 'in_review', stepIndex: 1, stepName: '区总初审', purpose: '开办社区早餐店，附经营计划' });
    expect(ids((await a.xinbei.get('/api/v1/loans?queue=mine')).body)).toContain(loan.id);
    expect(ids((await a.sanjing.get('/api/v1/loans?queue=mine')).body)).not.toContain(loan.id);
    expect((await a.xinbei.post(`/api/v1/loans/${loan.id}/decision`, { decision: 'approve' })).body.stepIndex).toBe(2);
  });
});

/** A multipart form with `kind` and one `file`, sent by the signed-in client. */
async function upload(c: TestClient, url: string, kind: string, fileName: string, data: Buffer) {
  const boundary = `----tx${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(c.cookie ? { cookie: `tx_session=${c.cookie}` } : {}), ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}) },
  });
  return { status: res.statusCode, body: res.json() };
}

async function download(c: TestClient, url: string) {
  const res = await c.app.inject({ method: 'GET', url, headers: c.cookie ? { cookie: `tx_session=${c.cookie}` } : {} });
  return { status: res.statusCode, raw: res.rawPayload, headers: res.headers };
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% 营业执照扫描件 BUSINESS-LICENCE-MARKER\n'), randomBytes(2000), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);

describe('attachments', () => {
  it('PDF/JPG/PNG by content only, stored encrypted under the data folder, served to the member, the chain and the loan’s partners; others 404', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    const up = await upload(m.client, `/api/v1/portal/loans/${loan.id}/attachments`, 'business_licence', '营业执照.pdf', PDF);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.attachments).toEqual([expect.objectContaining({ kind: 'business_licence', fileName: '营业执照.pdf', sizeBytes: PDF.length })]);
    const attId = up.body.attachments[0].id as number;

    const dir = path.join(t.deps.config.dataDir, 'uploads', 'loans', String(loan.id));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const stored = readFileSync(path.join(dir, files[0]!));
    expect(stored.includes(Buffer.from('BUSINESS-LICENCE-MARKER'))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF-'))).toBe(false);

    const url = `/api/v1/loans/${loan.id}/attachments/${attId}`;
    const own = await download(m.client, `/api/v1/portal/loans/${loan.id}/attachments/${attId}`);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(own.raw, PDF)).toBe(0);
    for (const who of ['sanjing', 'xinbei', 'city', 'insurer', 'bank'] as const) {
      const res = await download(a[who], url);
      expect(res.status, who).toBe(200);
      expect(Buffer.compare(res.raw, PDF), who).toBe(0);
    }
    const reads = await t.pool.query(`select count(*)::int as n from audit_log where action = 'loan.attachment_read' and entity_id = $1`, [String(loan.id)]);
    expect(reads.rows[0].n).toBe(6);

    const stranger = await portalMember(t, a.sanjing, union);
    expect((await download(stranger.client, `/api/v1/portal/loans/${loan.id}/attachments/${attId}`)).status).toBe(404);
    expect((await download(a.wujin, url)).status).toBe(404);
    const otherBank = await partnerUnit(t, { name: '江南示范银行常州分行', kind: 'bank' });
    const outsider = await officer(t, { username: 'bank-outsider', displayName: '外行经办', orgId: otherBank, role: 'bank_officer' });
    expect((await download(outsider, url)).status).toBe(404);
    expect((await upload(outsider, `/api/v1/loans/${loan.id}/attachments`, 'other', 'x.pdf', PDF)).status).toBe(404);
    expect((await download(a.sanjing, `/api/v1/loans/${loan.id}/attachments/99999999`)).status).toBe(404);

    // The chain may add papers while the application is open.
    const staff = await upload(a.sanjing, `/api/v1/loans/${loan.id}/attachments`, 'business_plan', 'plan.png', PNG);
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    expect(staff.body.attachments).toHaveLength(2);
  });

  it('anything else is LOAN_ATTACHMENT_INVALID whatever its name; past 10 MB is LOAN_ATTACHMENT_TOO_LARGE; the kind is checked', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    const url = `/api/v1/portal/loans/${loan.id}/attachments`;
    const html = await upload(m.client, url, 'id_copy', 'id.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(422);
    expect(html.body.code).toBe('LOAN_ATTACHMENT_INVALID');
    const gif = await upload(m.client, url, 'id_copy', 'id.jpg', Buffer.from('GIF89a........'));
    expect(gif.body.code).toBe('LOAN_ATTACHMENT_INVALID');
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(LOAN_ATTACHMENT_MAX_BYTES)]);
    const tooBig = await upload(m.client, url, 'business_plan', 'plan.pdf', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('LOAN_ATTACHMENT_TOO_LARGE');
    const kind = await upload(m.client, url, 'selfie', 'x.pdf', PDF);
    expect(kind.status).toBe(400);
    expect(kind.body.errors).toEqual([expect.objectContaining({ path: 'kind' })]);
    const jpeg = await upload(m.client, url, 'id_copy', 'id', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]));
    expect(jpeg.status).toBe(201);
    expect(jpeg.body.attachments).toEqual([expect.objectContaining({ kind: 'id_copy', sizeBytes: 104 })]);
    const rows = await t.pool.query('select mime from loan_attachments where loan_id = $1', [loan.id]);
    expect(rows.rows).toEqual([{ mime: 'image/jpeg' }]);
    expect(readdirSync(path.join(t.deps.config.dataDir, 'uploads', 'loans', String(loan.id)))).toHaveLength(1);
  });

  it('at most 20 files on a loan; a file gone from the disk is a clear 410, not a 500', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    const url = `/api/v1/portal/loans/${loan.id}/attachments`;
    let last = 0;
    for (let i = 0; i < LOAN_ATTACHMENT_MAX_COUNT; i++) {
      const up = await upload(m.client, url, 'other', `p${i}.pdf`, PDF);
      expect(up.status).toBe(201);
      last = up.body.attachments.at(-1).id;
    }
    const over = await upload(m.client, url, 'other', 'one-more.pdf', PDF);
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('LOAN_ATTACHMENT_LIMIT');
    const stored = (await t.pool.query('select stored_file from loan_attachments where id = $1', [last])).rows[0].stored_file as string;
    rmSync(path.join(t.deps.config.dataDir, stored));
    const gone = await download(m.client, `${url}/${last}`);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.raw.toString()).code).toBe('LOAN_ATTACHMENT_FILE_MISSING');
  });

  it('a loan past review takes no more attachments', async () => {
    const m = await portalMember(t, a.sanjing, union);
    const loan = (await m.client.post('/api/v1/portal/loans', apply())).body;
    expect((await m.client.post(`/api/v1/portal/loans/${loan.id}/withdraw`, {})).status).toBe(200);
    const res = await upload(m.client, `/api/v1/portal/loans/${loan.id}/attachments`, 'other', 'x.pdf', PDF);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LOAN_TRANSITION_INVALID');
  });
});
