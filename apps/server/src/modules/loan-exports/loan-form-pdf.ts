import PDFDocument from 'pdfkit';
import { formatYuan } from '@tongxing/domain';
import type { FormEventRow, FormLoanRow } from './loan-exports.repository';
import { bpsPercent, borrowerTypeZh, decisionZh, eventZh, label, methodZh, modelWorkerZh, stateZh } from './loan-labels';
import { parsedFaces, type CjkFont } from './pdf-font';

/** What the form prints besides the loan's row: the masked numbers and the day it was printed. */
export interface FormExtras {
  maskedId: string;
  maskedPhone: string | null;
  printedOn: string;
}

const shanghaiMinute = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function at(d: Date | string | null): string {
  if (!d) return '';
  const parts = Object.fromEntries(shanghaiMinute.formatToParts(new Date(d)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const yuan = (fen: string | number | null) => (fen === null ? '' : `${formatYuan(Number(fen))} 元`);
const STEP_DECISIONS = new Set(['approve_step', 'return', 'reject']);

/** The decision an event records: the body's own word when the event carries it, else the event's. */
function decisionOf(e: FormEventRow): string {
  const d = e.data && typeof e.data.decision === 'string' ? e.data.decision : null;
  return d ? label(decisionZh, d) : label(eventZh, e.event);
}

/** The latest decision taken at each step of the pipeline (a returned step acted on again shows its last word). */
function stepDecisions(loan: FormLoanRow, events: FormEventRow[]) {
  return loan.pipeline.map((step, i) => {
    const acted = events.filter((e) => STEP_DECISIONS.has(e.event) && (e.step_key === step.key || (e.step_key === null && e.step_index === i)));
    const last = acted.at(-1);
    const waiting = !last && (loan.state === 'submitted' || loan.state === 'in_review') && (loan.step_index ?? 0) === i;
    return { step: step.nameZh, last, waiting };
  });
}

interface Palette {
  headFill: string;
  labelFill: string;
}
const palette: Palette = { headFill: '#e8eef7', labelFill: '#f5f5f5' };

/**
 * Writes the 申请审批表 of one loan: applicant, enterprise, the application, the approved terms, each
 * review step's decision (who, when, what, why) and the full record of events. Returns the PDF's bytes.
 */
export function buildLoanForm(font: CjkFont, loan: FormLoanRow, events: FormEventRow[], extra: FormExtras): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 42, right: 42 },
    info: { Title: `${loan.programme_name}申请审批表 ${loan.reference}`, Author: '同行', Creator: '同行' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Parsed faces, shared by every form: pdfkit takes a fontkit font where its types say only file or bytes.
  const faces = parsedFaces(font);
  doc.registerFont('cjk', faces.regular as unknown as Buffer);
  doc.registerFont('cjk-bold', faces.bold as unknown as Buffer);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const labelCell = (text: string) => ({ text, backgroundColor: palette.labelFill, font: { src: 'cjk-bold' } });
  const headCell = (text: string) => ({ text, backgroundColor: palette.headFill, font: { src: 'cjk-bold' }, align: 'center' as const });
  const section = (title: string) => {
    doc.moveDown(0.6);
    doc.font('cjk-bold').fontSize(11.5).fillColor('#000').text(title, doc.page.margins.left);
    doc.moveDown(0.25);
    doc.font('cjk').fontSize(9.5);
  };
  /** A two-pair form grid: label | value | label | value. */
  const grid = (rows: [string, string, string?, string?][]) => {
    doc.table({
      columnStyles: [80, '*', 80, '*'],
      defaultStyle: { border: 0.6, borderColor: '#666', padding: 4 },
      data: rows.map(([l1, v1, l2, v2]) =>
        l2 === undefined ? [labelCell(l1), { text: v1, colSpan: 3 }] : [labelCell(l1), v1 || '—', labelCell(l2), v2 || '—'],
      ),
    });
  };

  doc.font('cjk-bold').fontSize(18).text(`${loan.programme_name}申请审批表`, { align: 'center' });
  doc.moveDown(0.3);
  doc.font('cjk').fontSize(9.5).fillColor('#333');
  doc.text(`贷款编号：${loan.reference}\u3000\u3000当前状态：${label(stateZh, loan.state)}\u3000\u3000打印日期：${extra.printedOn}`, { align: 'center' });
  doc.fillColor('#000');

  section('一、申请人');
  grid([
    ['姓名', loan.borrower_name, '性别', loan.gender === 'M' ? '男' : loan.gender === 'F' ? '女' : ''],
    ['证件号码', extra.maskedId, '手机号码', extra.maskedPhone ?? ''],
    ['所属工会', loan.org_name, '所属辖市区', loan.district_name ?? ''],
    ['劳模', label(modelWorkerZh, loan.model_worker_level), '借款人类型', label(borrowerTypeZh, loan.borrower_type)],
  ]);

  if (loan.enterprise_name || loan.enterprise_credit_code) {
    section('二、经营主体');
    grid([
      ['企业名称', loan.enterprise_name ?? '', '统一社会信用代码', loan.enterprise_credit_code ?? ''],
      ['成立日期', loan.enterprise_founded_on ?? '', '从业人数', loan.enterprise_employees === null ? '' : String(loan.enterprise_employees)],
      ['所属行业', loan.enterprise_industry ?? ''],
    ]);
  }

  section(loan.enterprise_name || loan.enterprise_credit_code ? '三、申请事项' : '二、申请事项');
  grid([
    ['贷款产品', loan.product_name, '申请金额', yuan(loan.amount_requested_fen)],
    ['申请期限', `${loan.term_requested_months} 个月`, '预计带动就业', `${loan.jobs_expected} 人`],
    ['借款用途', loan.purpose],
    ['信用承诺', loan.declares_no_bad_credit ? '申请人承诺无不良信用记录' : '申请人未作无不良信用记录承诺'],
    ['提交时间', at(loan.submitted_at), '已带动就业', `${loan.jobs_created} 人`],
  ]);

  const numbered = (n: number) => ['一', '二', '三', '四', '五', '六'][n] ?? String(n + 1);
  let sectionNo = loan.enterprise_name || loan.enterprise_credit_code ? 3 : 2;
  section(`${numbered(sectionNo++)}、核定条件`);
  grid([
    ['核定金额', yuan(loan.approved_amount_fen), '年利率', bpsPercent(loan.annual_rate_bps)],
    ['期限', loan.term_months ? `${loan.term_months} 个月` : '', '还款方式', label(methodZh, loan.repayment_method)],
    ['合作银行', loan.bank_name ?? '', '借款合同编号', loan.contract_no ?? ''],
    ['保险机构', loan.insurer_name ?? '', '保单号', loan.policy_no ?? ''],
    ['担保机构', loan.guarantor_name ?? '', '担保合同编号', loan.guarantee_no ?? ''],
    ['放款日期', loan.disbursed_on ?? '', '到期日期', loan.maturity_on ?? ''],
  ]);

  section(`${numbered(sectionNo++)}、审批意见`);
  doc.table({
    columnStyles: [70, 110, 62, 82, 54, '*'],
    defaultStyle: { border: 0.6, borderColor: '#666', padding: 4 },
    data: [
      ['审批环节', '办理单位', '经办人', '办理时间', '意见', '说明'].map(headCell),
      ...stepDecisions(loan, events).map(({ step, last, waiting }) =>
        last
          ? [labelCell(step), last.actor_org_name ?? '', last.actor_name ?? '', at(last.at), decisionOf(last), last.comment ?? '']
          : [labelCell(step), '', '', '', waiting ? '待办理' : '', ''],
      ),
    ],
  });

  section(`${numbered(sectionNo++)}、办理记录`);
  doc.table({
    columnStyles: [82, 64, 70, 62, 110, '*'],
    defaultStyle: { border: 0.6, borderColor: '#666', padding: 4 },
    data: [
      ['时间', '事项', '环节', '经办人', '单位', '说明'].map(headCell),
      ...events.map((e) => {
        const step = e.step_key ? loan.pipeline.find((s) => s.key === e.step_key)?.nameZh : e.step_index !== null ? loan.pipeline[e.step_index]?.nameZh : undefined;
        return [at(e.at), STEP_DECISIONS.has(e.event) ? decisionOf(e) : label(eventZh, e.event), step ?? '', e.actor_name ?? '', e.actor_org_name ?? '', e.comment ?? ''];
      }),
    ],
  });

  // Page numbers on every page, written once all pages exist.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(8)
      .fillColor('#666')
      .text(`${loan.reference}\u3000第 ${i + 1} 页 / 共 ${range.count} 页\u3000本表由“同行”平台生成`, doc.page.margins.left, doc.page.height - 30, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
