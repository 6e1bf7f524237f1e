import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem, loanActors, officer, partnerUnit, type LoanActors } from '../../../test/support/loan-actors';
import { ledgerFacts, loanRow } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { uploadFile } from '../../../test/support/sheets';

/**
 * The bank's repayment file: the dry run reports every bad row with its row, column and code and writes
 * nothing; the commit applies the good rows; the same file sent again changes nothing. Files are built with
 * exceljs (.xlsx) or as UTF-8 text (.csv). The test clock stands at 2026-11-28; loans are disbursed 2026-01-15
 * (100,000.00 yuan, 4.35%, 12 months: 8,530.99 a month, period 1 = 362.50 interest + 8,168.49 principal).
 */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
});
afterAll(async () => t.close());

type Row = [reference: string | null, contractNo: string | null, paidOn: string | Date | number | null, amount: string | number | null, ref: string | null];
const headers = ['贷款编号', '合同编号', '还款日期', '还款金额（元）', '银行流水号'];

async function xlsx(rows: Row[], opts: { title?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('还款明细');
  if (opts.title) ws.addRow([opts.title]);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: Row[]): Buffer {
  const cell = (v: Row[number]) => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  return Buffer.from(`\uFEFF${[headers.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`, 'utf8');
}

async function loanWithRef(o: { contractNo?: string } = {}) {
  const { loanId } = await buildLoan(t, fx, a.city, { state: 'repaying' });
  if (o.contractNo) await t.pool.query('update loans set contract_no = $1 where id = $2', [o.contractNo, loanId]);
  const reference = (await t.pool.query('select reference from loans where id = $1', [loanId])).rows[0].reference as string;
  return { loanId, reference };
}

const check = (c: TestClient, name: string, data: Buffer) => uploadFile(c, '/api/v1/loan-repayment-imports', name, data, { contentType: name.endsWith('.csv') ? 'text/csv' : undefined });
const commit = (c: TestClient, id: string, mode: 'all' | 'valid', key = idem()) => c.post(`/api/v1/loan-repayment-imports/${id}/commit`, { mode }, key);
const repaymentCount = async (loanId: number) => (await t.pool.query('select count(*)::int as n from loan_repayments where loan_id = $1', [loanId])).rows[0].n as number;

describe("the bank's repayment file", () => {
  it('checks every row (row, column, code), writes nothing, then applies the good rows; the same file again changes nothing', async () => {
    const one = await loanWithRef();
    const two = await loanWithRef({ contractNo: 'TZ-HT-0002' });
    const three = await loanWithRef();
    const foreignUnit = await partnerUnit(t, { name: '外行', kind: 'bank' });
    const foreign = await buildLoan(t, fx, a.city, { state: 'repaying' });
    await t.pool.query(`update loans set bank_org_id = $1, partner_paths = array[(select path from org_units where id = $1)] where id = $2`, [foreignUnit, foreign.loanId]);
    const foreignRef = (await t.pool.query('select reference from loans where id = $1', [foreign.loanId])).rows[0].reference as string;
    const rows: Row[] = [
      [one.reference, null, new Date(Date.UTC(2026, 1, 15)), 8530.99, 'B-0001'], // row 3: period 1 on time
      [null, 'TZ-HT-0002', '2026/3/1', '8,530.99', 'B-0002'], // row 4: by contract number, typed amount
      [one.reference, null, '2026-03-15', 8530.99, 'B-0003'], // row 5: period 2 of loan one
      ['NO-SUCH-LOAN', null, '2026-03-15', 100, 'B-0004'], // row 6: unknown loan
      [three.reference, null, '2026-02-30', 100, 'B-0005'], // row 7: no such day
      [three.reference, null, '2026-03-15', '12.345', 'B-0006'], // row 8: three decimals
      [three.reference, null, '2026-03-15', 100, null], // row 9: no reference
      [three.reference, null, '2026-03-16', 100, 'B-0001'], // row 10: the same reference as row 3
      [three.reference, null, '2026-03-15', 99_999_999, 'B-0007'], // row 11: more than is owed
      [three.reference, null, '2026-12-01', 100, 'B-0008'], // row 12: in the future
      [foreignRef, null, '2026-03-15', 100, 'B-0009'], // row 13: another bank's loan
      [three.reference, 'TZ-HT-0002', '2026-03-15', 100, 'B-0010'], // row 14: reference and contract of different loans
    ];
    const file = await xlsx(rows, { title: '江苏同舟农村商业银行 还款明细 2026年3月' });
    const ledgerBefore = await ledgerFacts(t, fx.programmeId);
    const checked = await check(a.bank, '还款明细.xlsx', file);
    expect(checked.status).toBe(201);
    expect(checked.body).toMatchObject({ status: 'checked', rows: 12, valid: 3, duplicates: 0, totalFen: 853_099 * 3 });
    expect(checked.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [6, '贷款编号', 'repaymentImport.loanNotFound'],
      [7, '还款日期', 'repaymentImport.date'],
      [8, '还款金额（元）', 'repaymentImport.amount'],
      [9, '银行流水号', 'repaymentImport.refRequired'],
      [10, '银行流水号', 'repaymentImport.duplicateInFile'],
      [11, '还款金额（元）', 'repaymentImport.exceeds'],
      [12, '还款日期', 'repaymentImport.dateRange'],
      [13, '贷款编号', 'repaymentImport.loanNotFound'],
      [14, '贷款编号', 'repaymentImport.loanMismatch'],
    ]);
    expect(checked.body.errors.find((e: { row: number }) => e.row === 10).message).toContain('第 3 行');
    // The dry run wrote nothing.
    expect(await repaymentCount(one.loanId)).toBe(0);
    expect(await repaymentCount(two.loanId)).toBe(0);

    const all = await commit(a.bank, checked.body.id, 'all');
    expect(all.status).toBe(422);
    expect(all.body.code).toBe('IMPORT_HAS_ERRORS');
    expect((await a.bank.post(`/api/v1/loan-repayment-imports/${checked.body.id}/commit`, { mode: 'valid' })).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    // Only the person who uploaded it commits it.
    expect((await commit(a.bank2, checked.body.id, 'valid')).status).toBe(404);
    const key = idem();
    const valid = await commit(a.bank, checked.body.id, 'valid', key);
    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({ applied: 3, appliedFen: 853_099 * 3, skipped: 0, errors: [], settledLoans: 0 });
    expect(await loanRow(t, one.loanId)).toMatchObject({ principal_outstanding_fen: 10_000_000 - 816_849 - 819_810, next_due_on: '2026-04-15' });
    expect(await loanRow(t, two.loanId)).toMatchObject({ principal_outstanding_fen: 10_000_000 - 816_849, next_due_on: '2026-03-15' });
    const imported = await t.pool.query(`select source, bank_txn_ref from loan_repayments where loan_id = $1 order by paid_on`, [one.loanId]);
    expect(imported.rows).toEqual([
      { source: 'import', bank_txn_ref: 'B-0001' },
      { source: 'import', bank_txn_ref: 'B-0003' },
    ]);
    // Loan one paid periods 1 and 2 on their due dates: both subsidies earned; loan two paid period 1 late.
    const subsidies = await t.pool.query(`select loan_id, k from loan_subsidy_items where kind = 'interest' and loan_id = any($1) order by loan_id, k`, [[one.loanId, two.loanId]]);
    expect(subsidies.rows).toEqual([
      { loan_id: one.loanId, k: 1 },
      { loan_id: one.loanId, k: 2 },
    ]);
    expect((await t.pool.query(`select count(*)::int as n from audit_log where action = 'loan.repayment.import.commit' and entity_id = $1`, [checked.body.id])).rows[0].n).toBe(1);

    // The same key replays; the import cannot be committed again under another key.
    const replay = await commit(a.bank, checked.body.id, 'valid', key);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(valid.body);
    expect((await commit(a.bank, checked.body.id, 'all', key)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await commit(a.bank, checked.body.id, 'valid')).body.code).toBe('IMPORT_ALREADY_COMMITTED');

    // The same file again: the good rows are recognised as recorded, and committing it applies nothing.
    const afterFirst = await ledgerFacts(t, fx.programmeId);
    const again = await check(a.bank, '还款明细.xlsx', file);
    expect(again.body).toMatchObject({ valid: 0, duplicates: 3, totalFen: 0 });
    const second = await commit(a.bank, again.body.id, 'valid');
    expect(second.body).toMatchObject({ applied: 0, appliedFen: 0, skipped: 3 });
    expect(await repaymentCount(one.loanId)).toBe(2);
    expect(await repaymentCount(two.loanId)).toBe(1);
    const afterSecond = await ledgerFacts(t, fx.programmeId);
    for (const account of ['interest_subsidy_expense', 'subsidies_payable']) expect(afterSecond.net(account)).toBe(afterFirst.net(account));
    expect(afterFirst.net('interest_subsidy_expense') - ledgerBefore.net('interest_subsidy_expense')).toBe(23_750 + 21_810);
  });

  it('reads a UTF-8 .csv the same way, and a row that settles the loan settles it', async () => {
    const loan = await loanWithRef();
    // 2026-03-10: period 1 is due (interest 36,250 + principal), nothing else; everything owed is the principal plus 36,250.
    const rows: Row[] = [
      [loan.reference, null, '2026-02-15', '8530.99', 'CSV-1'],
      [loan.reference, null, '2026-03-10', String((10_000_000 - 816_849) / 100), 'CSV-2'],
    ];
    const checked = await check(a.bank, 'repayments.csv', csv(rows));
    expect(checked.status).toBe(201);
    expect(checked.body).toMatchObject({ rows: 2, valid: 2, errors: [] });
    const done = await commit(a.bank, checked.body.id, 'all');
    expect(done.body).toMatchObject({ applied: 2, settledLoans: 1 });
    expect(await loanRow(t, loan.loanId)).toMatchObject({ state: 'settled', principal_outstanding_fen: 0, settled_on: '2026-03-10' });
  });

  it('rows of one loan are applied in date order, as the check promised', async () => {
    const loan = await loanWithRef();
    // Listed newest first: applied oldest first, so neither is "before the last repayment".
    const rows: Row[] = [
      [loan.reference, null, '2026-03-15', 8530.99, 'ORD-2'],
      [loan.reference, null, '2026-02-15', 8530.99, 'ORD-1'],
    ];
    const checked = await check(a.bank, 'order.xlsx', await xlsx(rows));
    expect(checked.body).toMatchObject({ valid: 2, errors: [] });
    expect((await commit(a.bank, checked.body.id, 'all')).body.applied).toBe(2);
    expect(await loanRow(t, loan.loanId)).toMatchObject({ next_due_on: '2026-04-15' });
  });

  it('refuses what is not a repayment file, and those who do not record repayments', async () => {
    expect((await check(a.bank, 'x.xlsx', await xlsx([]))).body.code).toBe('IMPORT_EMPTY');
    const noRef = new ExcelJS.Workbook();
    noRef.addWorksheet('s').addRow(['贷款编号', '还款日期', '还款金额（元）']);
    const missing = await check(a.bank, 'x.xlsx', Buffer.from(await noRef.xlsx.writeBuffer()));
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('IMPORT_COLUMNS_MISSING');
    expect((await check(a.bank, 'x.xls', Buffer.from('abc'))).body.code).toBe('IMPORT_FILE_TYPE');
    expect((await check(a.bank, 'x.xlsx', Buffer.from('not a zip'))).body.code).toBe('IMPORT_FILE_UNREADABLE');
    expect((await check(a.bank, 'x.csv', Buffer.from([0xff, 0xfe, 0x00]))).body.code).toBe('IMPORT_CSV_ENCODING');
    expect((await check(a.city, 'x.xlsx', await xlsx([]))).status).toBe(403);
    expect((await commit(a.bank, '00000000-0000-4000-8000-000000000000', 'valid')).status).toBe(404);
    expect((await a.bank.post('/api/v1/loan-repayment-imports/not-a-uuid/commit', { mode: 'valid' }, idem())).status).toBe(400);
    expect((await a.bank.post('/api/v1/loan-repayment-imports/00000000-0000-4000-8000-000000000000/commit', { mode: 'valid', extra: 1 }, idem())).status).toBe(400);
  });

  it("another bank's officer finds none of this bank's loans in a file", async () => {
    const loan = await loanWithRef();
    const unit = await partnerUnit(t, { name: '第三家银行', kind: 'bank' });
    const other = await officer(t, { username: 'thirdbank', displayName: '三行经办', orgId: unit, role: 'bank_officer' });
    const checked = await check(other, 'x.xlsx', await xlsx([[loan.reference, null, '2026-02-15', 8530.99, 'X-1']]));
    expect(checked.body).toMatchObject({ valid: 0, errors: [{ row: 2, code: 'repaymentImport.loanNotFound' }] });
  });
});
