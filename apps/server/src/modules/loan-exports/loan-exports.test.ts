import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestApp, type TestApp } from '../../../test/harness';
import { loanActors, portalMember, sanjingUnion, type LoanActors } from '../../../test/support/loan-actors';
import { contribute } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { makeIdNumber, makePhone } from '../../../test/support/people';
import { downloadFile, readSheets, XLSX_TYPE } from '../../../test/support/sheets';
import { loanForForm } from './loan-exports.repository';
import { buildLoanForm } from './loan-form-pdf';
import { loadCjkFont, parsedFaces } from './pdf-font';

/** The loan book and the ledger as .xlsx, the 申请审批表 as PDF: scope, masking, audit, and what the files say. */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;
let union: number;
let wujinUnion: number;
const known = { idNumber: makeIdNumber(), phone: makePhone() };
const L: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
  union = await sanjingUnion(t);
  wujinUnion = (await t.pool.query(`select id from org_units where kind = 'grassroots_union' and parent_id = (select id from org_units where name = '湖塘镇总工会') order by id limit 1`)).rows[0].id;
  L.x1 = (await buildLoan(t, fx, a.sanjing, { state: 'repaying', disbursedOn: '2026-10-15' })).loanId;
  L.x2 = (await buildLoan(t, fx, a.sanjing, { state: 'in_review', stepIndex: 2 })).loanId;
  L.w1 = (await buildLoan(t, fx, a.wujin, { state: 'repaying', orgId: wujinUnion, amountFen: 30_000_000 })).loanId;
  // x1's borrower has numbers the test knows, to look for them in the files.
  const m = await a.sanjing.post('/api/v1/members', { name: '蒋明亮', idNumber: known.idNumber, phone: known.phone, orgId: union });
  expect(m.status).toBe(201);
  await t.pool.query('update loans set member_id = $1 where id = $2', [m.body.id, L.x1]);
});
afterAll(async () => t.close());

const auditRows = async (action: string) => (await t.pool.query(`select entity_id, after, actor_user_id from audit_log where action = $1 order by id`, [action])).rows;

/** Every cell of every sheet, flattened. */
const cells = (sheets: Map<string, string[][]>) => [...sheets.values()].flat(2);

describe('GET /loans/export', () => {
  it('the loan book in scope as .xlsx: headers, one row per loan, numbers masked; audited with the filter', async () => {
    const res = await downloadFile(a.xinbei, `/api/v1/loans/export?programmeId=${fx.programmeId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const sheets = await readSheets(res.raw);
    const [rows] = [...sheets.values()];
    expect([...sheets.keys()][0]).toBe('贷款台账（截至2026-11-28）');
    const header = rows![0]!;
    for (const h of ['贷款编号', '借款人', '证件号码', '手机号码', '状态', '申请金额（元）', '贷款余额（元）', '逾期天数', '合作银行']) expect(header).toContain(h);
    const body = rows!.slice(1).filter((r) => r.some((c) => c !== ''));
    expect(body).toHaveLength(2);
    const col = (name: string) => header.indexOf(name);
    const refs = await t.pool.query('select id, reference from loans where id = any($1::int[])', [[L.x1, L.x2, L.w1]]);
    const ref = Object.fromEntries(refs.rows.map((r) => [r.id, r.reference]));
    expect(body.map((r) => r[col('贷款编号')]).sort()).toEqual([ref[L.x1!], ref[L.x2!]].sort());
    const x1 = body.find((r) => r[col('贷款编号')] === ref[L.x1!])!;
    expect(x1[col('借款人')]).toBe('蒋明亮');
    expect(x1[col('状态')]).toBe('还款中');
    expect(x1[col('申请金额（元）')]).toBe('100000');
    expect(x1[col('逾期天数')]).toBe('13');
    expect(x1[col('证件号码')]).toContain('*');
    expect(x1[col('证件号码')]).not.toBe(known.idNumber);
    expect(x1[col('手机号码')]).toContain('*');
    const all = cells(sheets).join('\n');
    expect(all).not.toContain(known.idNumber);
    expect(all).not.toContain(known.phone);
    expect(all).not.toMatch(/\d{17}[\dX]/);
    expect(all).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);

    const audit = await auditRows('loan.export');
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ filter: { programmeId: fx.programmeId, asOf: '2026-11-28' }, rows: 2 });
  });

  it('filters like the list; a city cadre gets every district; a unit out of scope is 404; partners export only their loans', async () => {
    const city = await readSheets((await downloadFile(a.city, `/api/v1/loans/export?programmeId=${fx.programmeId}&state=repaying`)).raw);
    expect([...city.values()][0]!.slice(1).filter((r) => r.some((c) => c !== ''))).toHaveLength(2);
    const bank = await downloadFile(a.bank, `/api/v1/loans/export?programmeId=${fx.programmeId}`);
    expect(bank.status).toBe(200);
    expect([...(await readSheets(bank.raw)).values()][0]!.slice(1).filter((r) => r.some((c) => c !== ''))).toHaveLength(3);
    // The bank's own unit as the filter gives its loans, as the list does.
    const own = await downloadFile(a.bank, `/api/v1/loans/export?orgId=${fx.bankBranchId}&programmeId=${fx.programmeId}`);
    expect([...(await readSheets(own.raw)).values()][0]!.slice(1).filter((r) => r.some((c) => c !== ''))).toHaveLength(3);
    expect((await a.bank.get(`/api/v1/loans?orgId=${fx.bankBranchId}&programmeId=${fx.programmeId}`)).body.total).toBe(3);
    const outside = await downloadFile(a.xinbei, `/api/v1/loans/export?orgId=${await t.orgIdByName('武进区总工会')}`);
    expect(outside.status).toBe(404);
    expect((await downloadFile(a.xinbei, '/api/v1/loans/export?state=lost')).status).toBe(400);
    expect((await downloadFile(a.xinbei, '/api/v1/loans/export?page=2')).status).toBe(400);
    expect((await downloadFile(a.city, '/api/v1/loans/export?orgId=99999999999')).status).toBe(400);
    // A street cadre may read loans but not export them; neither may the insurer.
    expect((await downloadFile(a.sanjing, '/api/v1/loans/export')).status).toBe(403);
    expect((await downloadFile(a.insurer, '/api/v1/loans/export')).status).toBe(403);
  });
});

describe('GET /ledger/export', () => {
  it('a programme’s trial balance and every line; ledger:read only; unknown programme 404; audited', async () => {
    await contribute(t, fx.programmeId, 500_000_000, '2026-03-01');
    const res = await downloadFile(a.city, `/api/v1/ledger/export?programmeId=${fx.programmeId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const sheets = await readSheets(res.raw);
    expect([...sheets.keys()]).toEqual(['科目余额', '记账分录']);
    const tb = sheets.get('科目余额')!;
    expect(tb[0]).toEqual(['科目代码', '科目名称', '余额方向', '借方合计（元）', '贷方合计（元）', '余额（元）', '分录数']);
    expect(tb.slice(1)).toEqual(
      expect.arrayContaining([
        ['fund_capital', '资金来源（财政及工会拨入）', '贷', '0', '5000000', '5000000', '1'],
        ['fund_cash', '专项资金（银行存款）', '借', '5000000', '0', '5000000', '1'],
      ]),
    );
    const lines = sheets.get('记账分录')!;
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual(expect.arrayContaining(['2026-03-01', '测试注资', 'fund_cash']));
    const audit = await auditRows('ledger.export');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_id: String(fx.programmeId), after: { rows: 2 } });

    expect((await downloadFile(a.xinbei, `/api/v1/ledger/export?programmeId=${fx.programmeId}`)).status).toBe(403);
    expect((await downloadFile(a.bank, `/api/v1/ledger/export?programmeId=${fx.programmeId}`)).status).toBe(403);
    expect((await downloadFile(a.city, '/api/v1/ledger/export?programmeId=99999999')).status).toBe(404);
    expect((await downloadFile(a.city, '/api/v1/ledger/export')).status).toBe(400);
    const range = await downloadFile(a.city, `/api/v1/ledger/export?programmeId=${fx.programmeId}&from=2026-05-01&to=2026-04-01`);
    expect(range.status).toBe(400);
    const empty = await readSheets((await downloadFile(a.city, `/api/v1/ledger/export?programmeId=${fx.programmeId}&from=2026-04-01`)).raw);
    expect(empty.get('记账分录')).toHaveLength(1);
  });
});

/** The text of every page of a PDF, as pdf.js extracts it. */
async function pdfText(data: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

describe('GET /loans/:id/form.pdf', () => {
  it('the 申请审批表 with every review step’s decision and comment, the borrower, masked numbers; out of scope 404; audited', async () => {
    const member = await portalMember(t, a.sanjing, union, { name: '顾晓峰' });
    const applied = await member.client.post('/api/v1/portal/loans', {
      productId: fx.productId,
      amountFen: 10_000_000,
      termMonths: 12,
      purpose: '开办社区早餐店',
      jobsExpected: 3,
      declaresNoBadCredit: true,
    });
    expect(applied.status).toBe(201);
    const id = applied.body.id as number;
    const act = async (who: keyof LoanActors, body: Record<string, unknown>) => {
      const res = await a[who].post(`/api/v1/loans/${id}/decision`, body);
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).toBe(200);
    };
    await act('sanjing', { decision: 'approve', comment: '经营场所已核实同意推荐' });
    await act('xinbei', { decision: 'return', comment: '请补充营业执照' });
    expect((await member.client.post(`/api/v1/portal/loans/${id}/resubmit`, { comment: '已补充材料' })).status).toBe(200);
    await act('xinbei', { decision: 'approve', comment: '材料齐全同意' });
    await act('city', { decision: 'approve', approvedAmountFen: 10_000_000, comment: '核定十万元' });
    await act('insurer', { decision: 'approve', policyNo: 'AX-2026-0077', comment: '同意承保' });
    await act('bank', { decision: 'approve', contractNo: 'TZ-JK-2026-0088', comment: '同意放款' });

    const res = await downloadFile(a.xinbei, `/api/v1/loans/${id}/form.pdf`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfText(res.raw)).replace(/\s+/g, '');
    expect(text).toContain('申请审批表');
    expect(text).toContain(applied.body.reference);
    expect(text).toContain('顾晓峰');
    for (const s of ['经营场所已核实同意推荐', '请补充营业执照', '已补充材料', '材料齐全同意', '核定十万元', '同意承保', '同意放款', 'AX-2026-0077', 'TZ-JK-2026-0088', '刘敏', '王丽华', '陈卫东', '周晓明']) {
      expect(text, s).toContain(s);
    }
    for (const step of ['基层推荐', '区总初审', '市总复核', '保险承保', '银行审批']) expect(text, step).toContain(step);
    expect(text).toContain('退回');
    expect(text).toContain('同意');
    const numbers = (await t.pool.query('select id_enc, phone_enc from members where id = $1', [member.memberId])).rows[0];
    const idNumber = t.deps.crypto.decrypt(numbers.id_enc);
    const phone = t.deps.crypto.decrypt(numbers.phone_enc);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain(phone);
    expect(text).toContain(`${idNumber.slice(0, 4)}`);

    const audit = await auditRows('loan.form_pdf');
    expect(audit.at(-1)).toMatchObject({ entity_id: String(id), after: { reference: applied.body.reference } });

    // The bank prints the loans routed to it; another district, the insurer (no export right) and members cannot.
    expect((await downloadFile(a.bank, `/api/v1/loans/${id}/form.pdf`)).status).toBe(200);
    expect((await downloadFile(a.wujin, `/api/v1/loans/${id}/form.pdf`)).status).toBe(404);
    expect((await downloadFile(a.wujin, `/api/v1/loans/${L.x1}/form.pdf`)).status).toBe(404);
    expect((await downloadFile(a.city, '/api/v1/loans/99999999/form.pdf')).status).toBe(404);
    expect((await downloadFile(a.insurer, `/api/v1/loans/${id}/form.pdf`)).status).toBe(403);
    expect((await downloadFile(member.client, `/api/v1/loans/${id}/form.pdf`)).status).toBe(403);
  });

  it('an application still in review prints its steps so far, the one waiting marked', async () => {
    const res = await downloadFile(a.city, `/api/v1/loans/${L.x2}/form.pdf`);
    expect(res.status).toBe(200);
    const text = (await pdfText(res.raw)).replace(/\s+/g, '');
    expect(text).toContain('待办理');
    expect(text).toContain('审核中');
  });
});


describe('the CJK font', () => {
  it('comes from the npm package, so no system font is needed, and is parsed once for every form', () => {
    const font = loadCjkFont()!;
    expect(font.source).toContain('@expo-google-fonts/noto-sans-sc');
    const faces = parsedFaces(font);
    expect(parsedFaces(loadCjkFont()!)).toBe(faces);
    expect([faces.regular.postscriptName, faces.bold.postscriptName]).toEqual(['NotoSansSC-Regular', 'NotoSansSC-Bold']);
  });

  const wqy = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
  it.runIf(existsSync(wqy))('a system collection prints with its named face; a face it lacks is an error, not a blank form', async () => {
    const font = loadCjkFont([{ regular: wqy, family: 'WenQuanYiMicroHei' }])!;
    const loan = (await loanForForm(t.pool, { all: true, subtreePaths: [], unitIds: [], ownerUserId: null }, L.x1!))!;
    const pdf = await buildLoanForm(font, loan, [], { maskedId: '3204**********123X', maskedPhone: '139****0000', printedOn: '2026-11-28' });
    expect((await pdfText(pdf)).replace(/\s+/g, '')).toContain('蒋明亮');
    expect(() => parsedFaces(loadCjkFont([{ regular: wqy, family: 'NoSuchFace' }])!)).toThrow(/no face named NoSuchFace/);
  });
});
