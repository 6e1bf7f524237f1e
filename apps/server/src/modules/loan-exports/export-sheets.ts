import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FieldCrypto } from '../../lib/crypto';
import { maskedId, maskedPhone } from '../../lib/personal';
import type { Cursor, LedgerLineRow, LoanBookRow } from './loan-exports.repository';
import { bpsPercent, borrowerTypeZh, label, ledgerKindZh, methodZh, modelWorkerZh, stateZh } from './loan-labels';
import { ledgerAccounts, type LedgerAccount } from '../../lib/ledger';

const BATCH = 1_000;
const MONEY = '#,##0.00';

/** Fen as yuan for a spreadsheet cell (a number the reader can sum; the cell shows two decimals). */
const yuanCell = (fen: string | number | null) => (fen === null ? null : Number(fen) / 100);

interface Column<R> {
  header: string;
  width: number;
  money?: boolean;
  cell: (r: R) => string | number | null;
}

function loanColumns(crypto: FieldCrypto): Column<LoanBookRow>[] {
  return [
    { header: '贷款编号', width: 18, cell: (r) => r.reference },
    { header: '项目', width: 16, cell: (r) => r.programme_name },
    { header: '产品', width: 16, cell: (r) => r.product_name },
    { header: '借款人', width: 10, cell: (r) => r.borrower_name },
    // Masked as every list shows them: the book is a list on paper, not a reveal.
    { header: '证件号码', width: 21, cell: (r) => maskedId(crypto, r.id_enc) },
    { header: '手机号码', width: 14, cell: (r) => maskedPhone(crypto, r.phone_enc) ?? '' },
    { header: '借款人类型', width: 10, cell: (r) => label(borrowerTypeZh, r.borrower_type) },
    { header: '劳模', width: 11, cell: (r) => label(modelWorkerZh, r.model_worker_level) },
    { header: '申请工会', width: 30, cell: (r) => r.org_name },
    { header: '辖市区', width: 16, cell: (r) => r.district_name ?? '' },
    { header: '企业名称', width: 26, cell: (r) => r.enterprise_name ?? '' },
    { header: '统一社会信用代码', width: 20, cell: (r) => r.enterprise_credit_code ?? '' },
    { header: '状态', width: 10, cell: (r) => label(stateZh, r.state) },
    { header: '当前环节', width: 12, cell: (r) => r.step_name ?? '' },
    { header: '申请金额（元）', width: 15, money: true, cell: (r) => yuanCell(r.amount_requested_fen) },
    { header: '核定金额（元）', width: 15, money: true, cell: (r) => yuanCell(r.approved_amount_fen) },
    { header: '年利率', width: 9, cell: (r) => bpsPercent(r.annual_rate_bps) },
    { header: '期限（月）', width: 9, cell: (r) => r.term_months },
    { header: '还款方式', width: 16, cell: (r) => label(methodZh, r.repayment_method) },
    { header: '合作银行', width: 26, cell: (r) => r.bank_name ?? '' },
    { header: '保险机构', width: 26, cell: (r) => r.insurer_name ?? '' },
    { header: '担保机构', width: 22, cell: (r) => r.guarantor_name ?? '' },
    { header: '借款合同编号', width: 18, cell: (r) => r.contract_no ?? '' },
    { header: '保单号', width: 18, cell: (r) => r.policy_no ?? '' },
    { header: '担保合同编号', width: 18, cell: (r) => r.guarantee_no ?? '' },
    { header: '放款日期', width: 12, cell: (r) => r.disbursed_on ?? '' },
    { header: '到期日期', width: 12, cell: (r) => r.maturity_on ?? '' },
    { header: '贷款余额（元）', width: 15, money: true, cell: (r) => yuanCell(r.principal_outstanding_fen) },
    { header: '最早未还期应还日', width: 16, cell: (r) => r.next_due_on ?? '' },
    { header: '逾期天数', width: 9, cell: (r) => r.days_past_due },
    { header: '预计带动就业', width: 12, cell: (r) => r.jobs_expected },
    { header: '已带动就业', width: 11, cell: (r) => r.jobs_created },
    { header: '提交日期', width: 12, cell: (r) => r.submitted_on ?? '' },
    { header: '结清日期', width: 12, cell: (r) => r.settled_on ?? '' },
  ];
}

function sheetWith<R>(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column<R>[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.money ? { style: { numFmt: MONEY } } : {}) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return ws;
}

async function drain<R>(cursor: Cursor<R>, ws: ExcelJS.Worksheet, columns: Column<R>[]): Promise<number> {
  let written = 0;
  try {
    for (;;) {
      const rows = await cursor.next(BATCH);
      for (const r of rows) ws.addRow(columns.map((c) => c.cell(r))).commit();
      written += rows.length;
      if (rows.length < BATCH) break;
    }
  } finally {
    await cursor.close();
  }
  return written;
}

/** Streams the loan book to `out` from the cursor (one snapshot), masked, and closes both. */
export async function writeLoanBook(crypto: FieldCrypto, cursor: Cursor<LoanBookRow>, out: Writable, title: { asOf: string }): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '同行';
  const columns = loanColumns(crypto);
  const ws = sheetWith(wb, `贷款台账（截至${title.asOf}）`.slice(0, 31), columns);
  const n = await drain(cursor, ws, columns);
  ws.commit();
  await wb.commit();
  return n;
}

const accountName = (a: string) => (a in ledgerAccounts ? ledgerAccounts[a as LedgerAccount].zh : a);

const ledgerColumns: Column<LedgerLineRow>[] = [
  { header: '凭证号', width: 10, cell: (r) => Number(r.txn_id) },
  { header: '记账日期', width: 12, cell: (r) => r.posted_on },
  { header: '业务类型', width: 14, cell: (r) => label(ledgerKindZh, r.kind) },
  { header: '摘要', width: 40, cell: (r) => r.memo ?? '' },
  { header: '贷款编号', width: 18, cell: (r) => r.loan_reference ?? '' },
  { header: '补贴批次', width: 10, cell: (r) => r.batch_id },
  { header: '冲销凭证号', width: 11, cell: (r) => (r.reverses_id === null ? null : Number(r.reverses_id)) },
  { header: '科目代码', width: 24, cell: (r) => r.account },
  { header: '科目名称', width: 22, cell: (r) => accountName(r.account) },
  { header: '借方金额（元）', width: 16, money: true, cell: (r) => (Number(r.debit_fen) > 0 ? yuanCell(r.debit_fen) : null) },
  { header: '贷方金额（元）', width: 16, money: true, cell: (r) => (Number(r.credit_fen) > 0 ? yuanCell(r.credit_fen) : null) },
  { header: '记账人', width: 12, cell: (r) => r.posted_by_name ?? '' },
];

export interface TotalsRow {
  account: string;
  debit: string;
  credit: string;
  n: number;
}

/** The ledger: a trial balance by account, then every line of every transaction in posting order. */
export async function writeLedger(cursor: Cursor<LedgerLineRow>, totals: TotalsRow[], out: Writable): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '同行';
  const balanceColumns: Column<TotalsRow>[] = [
    { header: '科目代码', width: 24, cell: (r) => r.account },
    { header: '科目名称', width: 22, cell: (r) => accountName(r.account) },
    { header: '余额方向', width: 9, cell: (r) => (ledgerAccounts[r.account as LedgerAccount]?.normal === 'credit' ? '贷' : '借') },
    { header: '借方合计（元）', width: 16, money: true, cell: (r) => yuanCell(r.debit) },
    { header: '贷方合计（元）', width: 16, money: true, cell: (r) => yuanCell(r.credit) },
    {
      header: '余额（元）',
      width: 16,
      money: true,
      cell: (r) => yuanCell(ledgerAccounts[r.account as LedgerAccount]?.normal === 'credit' ? Number(r.credit) - Number(r.debit) : Number(r.debit) - Number(r.credit)),
    },
    { header: '分录数', width: 9, cell: (r) => r.n },
  ];
  const tb = sheetWith(wb, '科目余额', balanceColumns);
  for (const r of totals) tb.addRow(balanceColumns.map((c) => c.cell(r))).commit();
  tb.commit();
  const ws = sheetWith(wb, '记账分录', ledgerColumns);
  const n = await drain(cursor, ws, ledgerColumns);
  ws.commit();
  await wb.commit();
  return n;
}
