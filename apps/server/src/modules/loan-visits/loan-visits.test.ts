import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { downloadFile, uploadFile } from '../../../test/support/sheets';
import { planVisits } from './visit-plan';

let t: TestApp;
let fx: LoanFixture;
let city: TestClient;
let xinbei: TestClient;
let wujin: TestClient;
let sanjing: TestClient;
let bank: TestClient;
let sanjingLoan: number;
let wujinLoan: number;
/** The 三井 loan's visits by label, as the test clock's business date (2026-11-28) sees them. */
const v: Record<string, number> = {};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)]);

async function unionUnder(street: string) {
  const res = await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = $1) order by id limit 1`, [street]);
  return res.rows[0].id as number;
}

/** A lent loan with its planned visits, as the disbursement confirmation writes them. */
async function lentLoanWithVisits(orgId: number, disbursedOn: string) {
  const built = await buildLoan(t, fx, city, { state: 'repaying', orgId, disbursedOn, termMonths: 12 });
  await planVisits(t.deps.db, { id: built.loanId, orgId, disbursedOn, maturityOn: built.schedule.at(-1)!.dueDate }, { monthsAfterDisbursement: [3, 6, 12], monthsBeforeMaturity: 1 });
  return built.loanId;
}

const record = {
  doneOn: '2026-11-20',
  operatingStatus: 'difficult',
  jobsCreated: 4,
  useOfFunds: '购置冷柜两台、补充货品',
  riskFlag: true,
  riskNote: '门店客流下降，三月营业额下滑四成',
  problems: '周边道路施工',
  helpNeeded: '希望协调临时停车位',
};

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  city = await t.login('city');
  xinbei = await t.login('xinbei');
  wujin = await t.login('wujin');
  sanjing = await t.login('sanjing');
  bank = (await t.loginFull('bank')).client;
  sanjingLoan = await lentLoanWithVisits(await unionUnder('三井街道总工会'), '2026-01-15');
  wujinLoan = await lentLoanWithVisits(await unionUnder('湖塘镇总工会'), '2026-01-15');
  const rows = await t.pool.query(`select id, label from loan_visits where loan_id = $1`, [sanjingLoan]);
  for (const r of rows.rows) v[r.label] = r.id;
});
afterAll(async () => t.close());

describe('the visit queue', () => {
  it("shows a union its overdue and due visits (30 days ahead), with every tab's count", async () => {
    // Disbursed 2026-01-15 for 12 months: M+3 04-15 and M+6 07-15 overdue, T-1 12-15 due, M+12 2027-01-15 upcoming.
    expect(Object.keys(v).sort()).toEqual(['M+12', 'M+3', 'M+6', 'T-1']);
    const res = await sanjing.get('/api/v1/loan-visits');
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-11-28');
    expect(res.body.counts).toEqual({ overdue: 2, due: 1, upcoming: 1, done: 0 });
    expect(res.body.items.map((i: { label: string; due: string }) => [i.label, i.due])).toEqual([
      ['M+3', 'overdue'],
      ['M+6', 'overdue'],
      ['T-1', 'due'],
    ]);
    expect(res.body.items[0]).toMatchObject({ loanId: sanjingLoan, dueOn: '2026-04-15', daysOverdue: 227, state: 'planned', canRecord: true, orgName: expect.stringContaining('工会') });
    const upcoming = await sanjing.get('/api/v1/loan-visits?due=upcoming');
    expect(upcoming.body.items.map((i: { label: string }) => i.label)).toEqual(['M+12']);
    // A later business date moves the tabs.
    const later = await sanjing.get('/api/v1/loan-visits?asOf=2026-12-20');
    expect(later.body.counts).toEqual({ overdue: 3, due: 1, upcoming: 0, done: 0 });
  });

  it('keeps each union to its own subtree: another district sees nothing and gets 404', async () => {
    const mine = await xinbei.get('/api/v1/loan-visits');
    expect(mine.body.items.every((i: { loanId: number }) => i.loanId === sanjingLoan)).toBe(true);
    const other = await wujin.get('/api/v1/loan-visits');
    expect(other.body.items.every((i: { loanId: number }) => i.loanId === wujinLoan)).toBe(true);
    expect((await wujin.get(`/api/v1/loan-visits/${v['M+3']}`)).status).toBe(404);
    expect((await wujin.get(`/api/v1/loan-visits?loanId=${sanjingLoan}`)).status).toBe(404);
    expect((await wujin.get(`/api/v1/loan-visits?orgId=${await t.orgIdByName('三井街道总工会')}`)).status).toBe(404);
    expect((await wujin.post(`/api/v1/loan-visits/${v['M+3']}/record`, record)).status).toBe(404);
    const all = await city.get('/api/v1/loan-visits?pageSize=50');
    expect(all.body.counts.overdue).toBe(4);
    // The bank reads the visits of its loans (alerts point to them) but records none.
    const seen = await bank.get(`/api/v1/loan-visits/${v['M+3']}`);
    expect(seen.status).toBe(200);
    expect(seen.body.canRecord).toBe(false);
  });

  it('refuses bad input with named fields: a risk without a note, a future date, unknown fields', async () => {
    const noNote = await sanjing.post(`/api/v1/loan-visits/${v['M+3']}/record`, { ...record, riskNote: undefined });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors).toEqual([expect.objectContaining({ path: 'riskNote', code: 'visit.riskNoteRequired' })]);
    const future = await sanjing.post(`/api/v1/loan-visits/${v['M+3']}/record`, { ...record, doneOn: '2026-12-01' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'doneOn', code: 'visit.doneOnRange' })]);
    const badDate = await sanjing.post(`/api/v1/loan-visits/${v['M+3']}/record`, { ...record, doneOn: '2026-02-30' });
    expect(badDate.body.errors).toEqual([expect.objectContaining({ path: 'doneOn', code: 'date.format' })]);
    const extra = await sanjing.post(`/api/v1/loan-visits/${v['M+3']}/record`, { ...record, state: 'done' });
    expect(extra.body.errors).toEqual([expect.objectContaining({ path: 'state' })]);
    expect((await sanjing.get('/api/v1/loan-visits?due=soon')).status).toBe(400);
    expect((await sanjing.get('/api/v1/loan-visits?asOf=2026-13-01')).status).toBe(400);
  });
});

describe('recording a visit', () => {
  it('records the findings, keeps the loan’s jobs created, and a risk flag alerts the district and the bank', async () => {
    const res = await sanjing.post(`/api/v1/loan-visits/${v['M+3']}/record`, record);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'done', due: 'done', doneOn: '2026-11-20', operatingStatus: 'difficult', jobsCreated: 4, riskFlag: true, riskNote: record.riskNote, doneByName: expect.any(String) });
    expect((await t.pool.query('select jobs_created from loans where id = $1', [sanjingLoan])).rows[0].jobs_created).toBe(4);

    const alerts = await t.pool.query(`select a.org_id, a.kind, a.loan_id, a.visit_id, a.message from alerts a where a.visit_id = $1 order by a.org_id`, [v['M+3']]);
    const district = await t.orgIdByName('新北区总工会');
    expect(alerts.rows.map((r) => r.org_id).sort()).toEqual([district, fx.bankBranchId].sort());
    expect(alerts.rows[0]).toMatchObject({ kind: 'visit_risk', loan_id: sanjingLoan });
    expect(alerts.rows[0].message).toContain(record.riskNote);

    const districtView = await xinbei.get('/api/v1/alerts');
    expect(districtView.body).toMatchObject({ total: 1, unread: 1 });
    expect(districtView.body.items[0]).toMatchObject({ orgId: district, visitId: v['M+3'], loanId: sanjingLoan, readAt: null });
    const bankView = await bank.get('/api/v1/alerts');
    expect(bankView.body.items.map((a: { orgId: number }) => a.orgId)).toEqual([fx.bankBranchId]);
    expect((await wujin.get('/api/v1/alerts')).body.total).toBe(0);
    expect((await sanjing.get('/api/v1/alerts')).body.total).toBe(0);
    expect((await city.get('/api/v1/alerts')).body.total).toBe(2);

    const audit = await t.pool.query(`select after from audit_log where action = 'loan_visit.record' and entity_id = $1`, [String(v['M+3'])]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after.alerts).toHaveLength(2);
  });

  it('marks an alert read for its unit, within scope only', async () => {
    const id = (await xinbei.get('/api/v1/alerts')).body.items[0].id;
    expect((await wujin.post(`/api/v1/alerts/${id}/read`)).status).toBe(404);
    const read = await xinbei.post(`/api/v1/alerts/${id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect(read.body.readByName).toEqual(expect.any(String));
    expect((await xinbei.get('/api/v1/alerts?unread=true')).body.total).toBe(0);
    expect((await xinbei.get('/api/v1/alerts')).body.unread).toBe(0);
  });

  it('records a visit once; the done tab lists it; the latest visit sets the jobs', async () => {
    const again = await sanjing.post(`/api/v1/loan-visits/${v['M+3']}/record`, record);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LOAN_VISIT_DONE');
    const quiet = await sanjing.post(`/api/v1/loan-visits/${v['M+6']}/record`, { ...record, doneOn: '2026-11-25', operatingStatus: 'normal', jobsCreated: 6, riskFlag: false, riskNote: undefined });
    expect(quiet.status).toBe(200);
    expect((await t.pool.query('select count(*)::int as n from alerts where visit_id = $1', [v['M+6']])).rows[0].n).toBe(0);
    expect((await t.pool.query('select jobs_created from loans where id = $1', [sanjingLoan])).rows[0].jobs_created).toBe(6);
    const done = await sanjing.get('/api/v1/loan-visits?due=done');
    expect(done.body.items.map((i: { label: string }) => i.label)).toEqual(['M+6', 'M+3']);
    expect(done.body.counts).toEqual({ overdue: 0, due: 1, upcoming: 1, done: 2 });
  });
});

describe('visit photos', () => {
  it('takes images only, stores them under the data folder, serves them in scope', async () => {
    const up = await uploadFile(sanjing, `/api/v1/loan-visits/${v['M+3']}/photos`, '门店.png', PNG, { contentType: 'image/png' });
    expect(up.status).toBe(201);
    expect(up.body.photos).toEqual([expect.objectContaining({ n: 1, fileName: '门店.png', mime: 'image/png', sizeBytes: PNG.length })]);
    const stored = (await t.pool.query('select photos from loan_visits where id = $1', [v['M+3']])).rows[0].photos[0].storedFile as string;
    expect(stored.startsWith(path.join('uploads', 'visits', String(v['M+3'])))).toBe(true);
    expect(existsSync(path.join(t.deps.config.dataDir, stored))).toBe(true);

    // A JPEG sent as "image/png" is still taken as what its bytes say.
    const jpg = await uploadFile(sanjing, `/api/v1/loan-visits/${v['M+3']}/photos`, 'shop.png', JPEG, { contentType: 'image/png' });
    expect(jpg.body.photos[1]).toMatchObject({ n: 2, mime: 'image/jpeg' });

    const got = await downloadFile(xinbei, `/api/v1/loan-visits/${v['M+3']}/photos/1`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.raw, PNG)).toBe(0);
    expect((await downloadFile(wujin, `/api/v1/loan-visits/${v['M+3']}/photos/1`)).status).toBe(404);
    expect((await downloadFile(xinbei, `/api/v1/loan-visits/${v['M+3']}/photos/9`)).status).toBe(404);
    const reads = await t.pool.query(`select count(*)::int as n from audit_log where action = 'loan_visit.photo_read' and entity_id = $1`, [String(v['M+3'])]);
    expect(reads.rows[0].n).toBe(1);
  });

  it('refuses what is not an image, what is over 5 MB, the tenth photo, and other districts', async () => {
    const text = await uploadFile(sanjing, `/api/v1/loan-visits/${v['T-1']}/photos`, 'photo.jpg', Buffer.from('not an image at all'), { contentType: 'image/jpeg' });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('LOAN_VISIT_PHOTO_TYPE');
    const pdf = await uploadFile(sanjing, `/api/v1/loan-visits/${v['T-1']}/photos`, 'a.pdf', Buffer.from('%PDF-1.7\n...'), { contentType: 'application/pdf' });
    expect(pdf.body.code).toBe('LOAN_VISIT_PHOTO_TYPE');
    const big = await uploadFile(sanjing, `/api/v1/loan-visits/${v['T-1']}/photos`, 'big.png', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), { contentType: 'image/png' });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('LOAN_VISIT_PHOTO_TOO_LARGE');
    const missing = await uploadFile(sanjing, `/api/v1/loan-visits/${v['T-1']}/photos`, 'a.png', PNG, { field: 'photo', contentType: 'image/png' });
    expect(missing.body.code).toBe('LOAN_VISIT_PHOTO_MISSING');
    expect((await uploadFile(wujin, `/api/v1/loan-visits/${v['T-1']}/photos`, 'a.png', PNG, { contentType: 'image/png' })).status).toBe(404);
    for (let i = 0; i < 9; i++) expect((await uploadFile(sanjing, `/api/v1/loan-visits/${v['T-1']}/photos`, `${i}.png`, PNG, { contentType: 'image/png' })).status).toBe(201);
    const tenth = await uploadFile(sanjing, `/api/v1/loan-visits/${v['T-1']}/photos`, 'ten.png', PNG, { contentType: 'image/png' });
    expect(tenth.status).toBe(409);
    expect(tenth.body.code).toBe('LOAN_VISIT_PHOTO_LIMIT');
    expect((await t.pool.query('select jsonb_array_length(photos) as n from loan_visits where id = $1', [v['T-1']])).rows[0].n).toBe(9);
  });
});
