import type { PipelineStep, Product, ProductCreate } from '@tongxing/contracts';
import type { RepaymentMethod } from '@tongxing/domain';
import { bpsToPercentText, fenToYuanText, percentToBps, yuanToFen } from '../loans/loan-format';
import { defaultPipeline } from './programmes-api';

/** The product form's fields: money as typed yuan text, rates and shares as percent text (exact on conversion). */
export interface ProductFormValues {
  code: string;
  name: string;
  nameEn?: string;
  borrowerType: 'individual' | 'enterprise';
  status: 'active' | 'closed';
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  rateKind: 'fixed' | 'reference_spread';
  annualRate?: string;
  /** Spread in basis points (may be negative), typed as whole bps. */
  spreadBps?: number;
  repaymentMethod: RepaymentMethod;
  requireActiveMember: boolean;
  minOperatingMonths: number;
  requireNoBadCredit: boolean;
  maxLifetimeLoans: number;
  maxConcurrentLoans: number;
  premium: string;
  interestSubsidy: boolean;
  borrowerRateCap?: string;
  mwMaxAmount?: string;
  mwPremium?: string;
  mwRateCap?: string;
  mwPriority: boolean;
  shareUnion: string;
  shareInsurer: string;
  shareBank: string;
  shareGuarantor: string;
  visitMonths: number[];
  monthsBeforeMaturity: number;
  pipeline: PipelineStep[];
}

const pct = (bps: number | null | undefined) => bpsToPercentText(bps) ?? undefined;

/** A new product starts from the union's usual 创保贷 terms (issue 4: 5% premium subsidy, union 90% of a loss). */
export function newProductValues(): ProductFormValues {
  return {
    code: '',
    name: '',
    borrowerType: 'individual',
    status: 'active',
    minAmount: '10000.00',
    maxAmount: '200000.00',
    minTermMonths: 6,
    maxTermMonths: 12,
    rateKind: 'fixed',
    annualRate: '4.35',
    repaymentMethod: 'equal_instalment',
    requireActiveMember: true,
    minOperatingMonths: 0,
    requireNoBadCredit: true,
    maxLifetimeLoans: 2,
    maxConcurrentLoans: 1,
    premium: '5.00',
    interestSubsidy: false,
    mwPriority: true,
    shareUnion: '90.00',
    shareInsurer: '10.00',
    shareBank: '0.00',
    shareGuarantor: '0.00',
    visitMonths: [3, 6, 12],
    monthsBeforeMaturity: 1,
    pipeline: defaultPipeline(),
  };
}

export function productToValues(p: Product): ProductFormValues {
  return {
    code: p.code,
    name: p.name,
    nameEn: p.nameEn ?? undefined,
    borrowerType: p.borrowerType,
    status: p.status,
    minAmount: fenToYuanText(p.minAmountFen) ?? '',
    maxAmount: fenToYuanText(p.maxAmountFen) ?? '',
    minTermMonths: p.minTermMonths,
    maxTermMonths: p.maxTermMonths,
    rateKind: p.rateKind,
    annualRate: pct(p.annualRateBps),
    spreadBps: p.spreadBps ?? undefined,
    repaymentMethod: p.repaymentMethod,
    requireActiveMember: p.eligibility.requireActiveMember,
    minOperatingMonths: p.eligibility.minOperatingMonths,
    requireNoBadCredit: p.eligibility.requireNoBadCredit,
    maxLifetimeLoans: p.eligibility.maxLifetimeLoans,
    maxConcurrentLoans: p.eligibility.maxConcurrentLoans,
    premium: pct(p.subsidy.premiumBps) ?? '0.00',
    interestSubsidy: p.subsidy.borrowerRateCapBps !== null,
    borrowerRateCap: pct(p.subsidy.borrowerRateCapBps),
    mwMaxAmount: fenToYuanText(p.modelWorker.maxAmountFen),
    mwPremium: pct(p.modelWorker.premiumBps),
    mwRateCap: pct(p.modelWorker.borrowerRateCapBps),
    mwPriority: p.modelWorker.priority,
    shareUnion: pct(p.riskShares.union) ?? '0.00',
    shareInsurer: pct(p.riskShares.insurer) ?? '0.00',
    shareBank: pct(p.riskShares.bank) ?? '0.00',
    shareGuarantor: pct(p.riskShares.guarantor) ?? '0.00',
    visitMonths: p.visitPlan.monthsAfterDisbursement,
    monthsBeforeMaturity: p.visitPlan.monthsBeforeMaturity,
    pipeline: p.pipeline,
  };
}

const orNull = (n: number | null) => (n === null ? null : n);

/** The form → the API body (fen and bps, exactly). */
export function valuesToProduct(v: ProductFormValues): ProductCreate {
  const bps = (text: string | undefined) => (text === undefined || text === '' ? null : percentToBps(text));
  const fen = (text: string | undefined) => (text === undefined || text === '' ? null : yuanToFen(text));
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() || undefined,
    borrowerType: v.borrowerType,
    status: v.status,
    minAmountFen: fen(v.minAmount) ?? 0,
    maxAmountFen: fen(v.maxAmount) ?? 0,
    minTermMonths: v.minTermMonths,
    maxTermMonths: v.maxTermMonths,
    rateKind: v.rateKind,
    annualRateBps: v.rateKind === 'fixed' ? bps(v.annualRate) : null,
    spreadBps: v.rateKind === 'reference_spread' ? (v.spreadBps ?? 0) : null,
    repaymentMethod: v.repaymentMethod,
    eligibility: {
      requireActiveMember: v.requireActiveMember,
      minOperatingMonths: v.minOperatingMonths ?? 0,
      requireNoBadCredit: v.requireNoBadCredit,
      maxLifetimeLoans: v.maxLifetimeLoans,
      maxConcurrentLoans: v.maxConcurrentLoans,
    },
    subsidy: { premiumBps: bps(v.premium) ?? 0, borrowerRateCapBps: v.interestSubsidy ? bps(v.borrowerRateCap) : null },
    modelWorker: { maxAmountFen: orNull(fen(v.mwMaxAmount)), premiumBps: bps(v.mwPremium), borrowerRateCapBps: v.interestSubsidy ? bps(v.mwRateCap) : null, priority: v.mwPriority },
    riskShares: { union: bps(v.shareUnion) ?? 0, insurer: bps(v.shareInsurer) ?? 0, bank: bps(v.shareBank) ?? 0, guarantor: bps(v.shareGuarantor) ?? 0 },
    visitPlan: { monthsAfterDisbursement: [...new Set(v.visitMonths)].sort((a, b) => a - b), monthsBeforeMaturity: v.monthsBeforeMaturity ?? 0 },
    pipeline: v.pipeline.map((s) => ({ ...s, key: s.key.trim(), nameZh: s.nameZh.trim(), nameEn: s.nameEn.trim() })),
  };
}

/** Σ of the four shares in bps, for the live 100% check. */
export function sharesSum(v: Partial<ProductFormValues>): number | null {
  let sum = 0;
  for (const text of [v.shareUnion, v.shareInsurer, v.shareBank, v.shareGuarantor]) {
    const b = text === undefined || text === '' ? 0 : percentToBps(text);
    if (b === null) return null;
    sum += b;
  }
  return sum;
}
