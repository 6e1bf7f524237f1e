/**
 * The Chinese words the printed and exported loan papers use (the same as the console's loans pages), kept
 * on the server because the .xlsx and the PDF are written here.
 */
export const stateZh: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  in_review: '审核中',
  returned: '退回修改',
  approved: '待放款',
  repaying: '还款中',
  settled: '已结清',
  withdrawn: '已撤回',
  rejected: '未通过',
  defaulted: '逾期违约',
  claimed: '已理赔',
  recovered: '已追偿',
  written_off: '已核销',
};

export const eventZh: Record<string, string> = {
  create: '创建申请',
  edit: '修改申请',
  submit: '提交申请',
  approve_step: '同意',
  return: '退回修改',
  resubmit: '重新提交',
  reject: '不予通过',
  withdraw: '撤回申请',
  record_disbursement: '登记放款',
  confirm_disbursement: '复核放款',
  settle: '贷款结清',
  declare_default: '认定逾期违约',
  claim: '理赔',
  recover: '追偿',
  write_off: '核销',
  attach: '上传附件',
};

export const decisionZh: Record<string, string> = { approve: '同意', return: '退回修改', reject: '不予通过' };

export const methodZh: Record<string, string> = { equal_instalment: '等额本息', equal_principal: '等额本金', interest_only: '按月付息、到期还本' };

export const borrowerTypeZh: Record<string, string> = { individual: '个人', enterprise: '小微企业' };

export const modelWorkerZh: Record<string, string> = { none: '否', city: '地市级劳模', provincial: '省部级劳模', national: '全国劳模' };

/** Ledger transaction kinds as the money module names them; an unknown kind prints as it is. */
export const ledgerKindZh: Record<string, string> = {
  fund_contribution: '资金拨入',
  premium_subsidy: '保费补贴计提',
  interest_subsidy: '贴息计提',
  subsidy_payment: '补贴拨付',
  subsidy_batch_payment: '补贴拨付',
  claim: '风险代偿',
  claim_payment: '代偿支付',
  recovery: '追偿收回',
  write_off: '核销',
  reversal: '冲销',
};

export const label = (map: Record<string, string>, key: string | null | undefined) => (key ? (map[key] ?? key) : '');

/** Basis points as a percentage with two decimals (435 → "4.35%"), in integer arithmetic. */
export function bpsPercent(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '';
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;
}
