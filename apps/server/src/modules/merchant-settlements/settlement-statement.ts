import ExcelJS from 'exceljs';
import { maskCardNumber } from '@tongxing/domain';
import type { SettlementRow, StatementLine } from './settlements.repository';

const MONEY = '#,##0.00';
const yuan = (fen: number) => fen / 100;
const stateZh: Record<SettlementRow['state'], string> = { prepared: '已编制待审核', approved: '已审核待支付', paid: '已支付', cancelled: '已作废' };
const monthText = (m: number) => `${Math.floor(m / 100)}年${String(m % 100).padStart(2, '0')}月`;
const shanghai = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/**
 * 特约商户补贴结算单: a summary sheet (who, which month, totals, the maker, checker and payment) and the
 * transactions it settles, card numbers masked to their last four digits.
 */
export async function settlementWorkbook(s: SettlementRow, lines: StatementLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '同行 · 常州市总工会';
  const sum = wb.addWorksheet('结算汇总');
  sum.columns = [{ width: 22 }, { width: 46 }];
  sum.addRow(['特约商户工会补贴结算单']).font = { bold: true, size: 14 };
  sum.addRow([]);
  const rows: [string, string | number][] = [
    ['结算单号', s.id],
    ['商户名称', s.merchant_name],
    ['统一社会信用代码', s.credit_code ?? ''],
    ['结算月份', monthText(s.month)],
    ['状态', stateZh[s.state]],
    ['交易笔数', s.txn_count],
    ['交易金额（元，扣除退款）', yuan(s.amount_fen)],
    ['工会补贴（元）', yuan(s.subsidy_fen)],
    ['编制人', s.prepared_by_name ?? ''],
    ['编制时间', shanghai.format(new Date(s.prepared_at))],
    ['审核人', s.approved_by_name ?? ''],
    ['审核时间', s.approved_at ? shanghai.format(new Date(s.approved_at)) : ''],
    ['支付日期', s.paid_on ?? ''],
    ['支付流水号', s.payment_ref ?? ''],
  ];
  for (const [k, v] of rows) {
    const row = sum.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    if (k.includes('（元')) row.getCell(2).numFmt = MONEY;
  }

  const detail = wb.addWorksheet('交易明细');
  detail.columns = [
    { header: '交易流水号', key: 'txn', width: 26 },
    { header: '交易时间', key: 'at', width: 20 },
    { header: '所属月份', key: 'month', width: 10 },
    { header: '类型', key: 'kind', width: 8 },
    { header: '服务卡', key: 'card', width: 22 },
    { header: '金额（元）', key: 'amount', width: 14, style: { numFmt: MONEY } },
    { header: '工会补贴（元）', key: 'subsidy', width: 14, style: { numFmt: MONEY } },
  ];
  detail.getRow(1).font = { bold: true };
  for (const l of lines) {
    detail.addRow({
      txn: l.sender_txn_id,
      at: shanghai.format(new Date(l.occurred_at)),
      month: l.month,
      kind: l.kind === 'purchase' ? '消费' : '退款',
      card: maskCardNumber(l.number_last4),
      amount: yuan(l.kind === 'purchase' ? l.amount_fen : -l.amount_fen),
      subsidy: yuan(l.subsidy_fen),
    });
  }
  const total = detail.addRow({ txn: '合计', amount: yuan(s.amount_fen), subsidy: yuan(s.subsidy_fen) });
  total.font = { bold: true };
  detail.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
