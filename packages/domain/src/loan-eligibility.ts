import { daysBetween, parseDate } from './calendar';

/**
 * Who may borrow: the product's eligibility rules applied to an application, as reasons a member can read.
 * Pure: the service gathers the facts (member status, earlier loans, today's date) and asks here.
 */
export interface EligibilityRules {
  requireActiveMember: boolean;
  minOperatingMonths: number;
  requireNoBadCredit: boolean;
  maxLifetimeLoans: number;
  maxConcurrentLoans: number;
}

export interface EligibilityProduct {
  status: string;
  borrowerType: 'individual' | 'enterprise';
  minAmountFen: number;
  maxAmountFen: number;
  minTermMonths: number;
  maxTermMonths: number;
  eligibility: EligibilityRules;
  /** The model-worker cap, when higher than the product's own. */
  modelWorkerMaxAmountFen: number | null;
}

export interface EligibilityFacts {
  memberStatus: string;
  modelWorkerLevel: string;
  amountFen: number;
  termMonths: number;
  declaresNoBadCredit: boolean;
  enterpriseName: string | null;
  enterpriseCreditCode: string | null;
  enterpriseFoundedOn: string | null;
  /** The member's other loans that were lent or approved (lifetime count). */
  lifetimeLoans: number;
  /** The member's other loans still open (in review, approved, repaying or in default). */
  openLoans: number;
  /** The business date of the check. */
  today: string;
}

export type EligibilityCode =
  | 'product_inactive'
  | 'member_inactive'
  | 'enterprise_details_missing'
  | 'operating_too_short'
  | 'bad_credit_not_declared'
  | 'lifetime_limit'
  | 'concurrent_limit'
  | 'amount_out_of_range'
  | 'term_out_of_range';

export interface EligibilityReason {
  code: EligibilityCode;
  zh: string;
  en: string;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Whole months from `from` to `to` (a month counts once its day of the month is reached). */
export function wholeMonthsBetween(from: string, to: string): number {
  if (daysBetween(from, to) < 0) return -1;
  const a = parseDate(from);
  const b = parseDate(to);
  let months = (b.y - a.y) * 12 + (b.m - a.m);
  if (b.day < a.day) {
    // 31 Jan → 28 Feb is a whole month: the shorter month's last day completes it.
    const lastDay = new Date(Date.UTC(b.y, b.m, 0)).getUTCDate();
    if (b.day < lastDay) months -= 1;
  }
  return months;
}

/** The highest amount this borrower may ask for: model workers get the override cap when it is higher. */
export function amountCap(product: Pick<EligibilityProduct, 'maxAmountFen' | 'modelWorkerMaxAmountFen'>, modelWorkerLevel: string): number {
  const override = modelWorkerLevel !== 'none' ? product.modelWorkerMaxAmountFen : null;
  return override !== null && override > product.maxAmountFen ? override : product.maxAmountFen;
}

/** Every reason the application cannot go ahead (empty: eligible). */
export function checkEligibility(product: EligibilityProduct, f: EligibilityFacts): EligibilityReason[] {
  const rules = product.eligibility;
  const out: EligibilityReason[] = [];
  if (product.status !== 'active') out.push({ code: 'product_inactive', zh: '该贷款产品已停办', en: 'The product is no longer offered' });
  if (rules.requireActiveMember && f.memberStatus !== 'active') {
    out.push({ code: 'member_inactive', zh: '申请人须为在册会员', en: 'The applicant must be an active member' });
  }
  if (product.borrowerType === 'enterprise') {
    if (!f.enterpriseName || !f.enterpriseCreditCode || !f.enterpriseFoundedOn) {
      out.push({ code: 'enterprise_details_missing', zh: '企业贷款须填写企业名称、统一社会信用代码和成立日期', en: 'An enterprise loan needs the enterprise name, credit code and founding date' });
    } else if (rules.minOperatingMonths > 0 && wholeMonthsBetween(f.enterpriseFoundedOn, f.today) < rules.minOperatingMonths) {
      out.push({
        code: 'operating_too_short',
        zh: `企业须成立满 ${rules.minOperatingMonths} 个月`,
        en: `The enterprise must have operated for at least ${rules.minOperatingMonths} months`,
      });
    }
  }
  if (rules.requireNoBadCredit && !f.declaresNoBadCredit) {
    out.push({ code: 'bad_credit_not_declared', zh: '须声明无不良信用记录', en: 'The applicant must declare no bad credit record' });
  }
  if (f.lifetimeLoans >= rules.maxLifetimeLoans) {
    out.push({ code: 'lifetime_limit', zh: `每人累计最多可获贷 ${rules.maxLifetimeLoans} 次`, en: `At most ${rules.maxLifetimeLoans} loans per person` });
  }
  if (f.openLoans >= rules.maxConcurrentLoans) {
    out.push({ code: 'concurrent_limit', zh: `同一时间最多 ${rules.maxConcurrentLoans} 笔在办或未结清贷款`, en: `At most ${rules.maxConcurrentLoans} open loan(s) at a time` });
  }
  const cap = amountCap(product, f.modelWorkerLevel);
  if (f.amountFen < product.minAmountFen || f.amountFen > cap) {
    out.push({
      code: 'amount_out_of_range',
      zh: `申请金额须在 ${yuan(product.minAmountFen)} 至 ${yuan(cap)} 元之间`,
      en: `The amount must be between ${yuan(product.minAmountFen)} and ${yuan(cap)} yuan`,
    });
  }
  if (f.termMonths < product.minTermMonths || f.termMonths > product.maxTermMonths) {
    out.push({
      code: 'term_out_of_range',
      zh: `期限须在 ${product.minTermMonths} 至 ${product.maxTermMonths} 个月之间`,
      en: `The term must be between ${product.minTermMonths} and ${product.maxTermMonths} months`,
    });
  }
  return out;
}
