import {
  eligibilitySchema,
  modelWorkerOverrideSchema,
  pipelineStepSchema,
  subsidyPolicySchema,
  visitPlanSchema,
  type PipelineStep,
  type Product,
} from '@tongxing/contracts';
import type { RepaymentMethod } from '@tongxing/domain';
import { z } from 'zod';
import type { ProductRow } from './programmes.repository';

/**
 * A product's rules as the code reads them. The JSON columns were validated by the contracts' schemas when
 * written; they are parsed again on the way out so defaults added later apply to older rows.
 */
export interface ProductRules {
  eligibility: z.infer<typeof eligibilitySchema>;
  subsidy: z.infer<typeof subsidyPolicySchema>;
  modelWorker: z.infer<typeof modelWorkerOverrideSchema>;
  riskShares: { union: number; insurer: number; bank: number; guarantor: number };
  visitPlan: z.infer<typeof visitPlanSchema>;
  pipeline: PipelineStep[];
}

export function rulesOf(row: Pick<ProductRow, 'eligibility' | 'subsidy' | 'modelWorker' | 'riskShares' | 'visitPlan' | 'pipeline'>): ProductRules {
  return {
    eligibility: eligibilitySchema.parse(row.eligibility ?? {}),
    subsidy: subsidyPolicySchema.parse(row.subsidy ?? {}),
    modelWorker: modelWorkerOverrideSchema.parse(row.modelWorker ?? {}),
    riskShares: row.riskShares as ProductRules['riskShares'],
    visitPlan: visitPlanSchema.parse(row.visitPlan ?? {}),
    pipeline: z.array(pipelineStepSchema).parse(row.pipeline ?? []),
  };
}

const PARTNER_PARTIES = new Set(['bank', 'insurer', 'guarantor']);

/** The partner roles a pipeline's steps need that the programme lacks (no one could act on such a step). */
export function missingStepPartners(pipeline: PipelineStep[], roles: Set<string>): string[] {
  return [...new Set(pipeline.map((s) => s.party).filter((p) => PARTNER_PARTIES.has(p) && !roles.has(p)))].sort();
}

/** The rate an application gets on a date: fixed, or the reference rate in force plus the spread (never below 0). */
export function rateOf(row: Pick<ProductRow, 'rateKind' | 'annualRateBps' | 'spreadBps'>, referenceBps: number | null): number | null {
  if (row.rateKind === 'fixed') return row.annualRateBps;
  if (referenceBps === null) return null;
  return Math.max(0, referenceBps + (row.spreadBps ?? 0));
}

export function toProduct(row: ProductRow, referenceBps: number | null): Product {
  const rules = rulesOf(row);
  return {
    id: row.id,
    programmeId: row.programmeId,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    borrowerType: row.borrowerType as Product['borrowerType'],
    minAmountFen: row.minAmountFen,
    maxAmountFen: row.maxAmountFen,
    minTermMonths: row.minTermMonths,
    maxTermMonths: row.maxTermMonths,
    rateKind: row.rateKind as Product['rateKind'],
    annualRateBps: row.annualRateBps,
    spreadBps: row.spreadBps,
    currentRateBps: rateOf(row, referenceBps) ?? 0,
    repaymentMethod: row.repaymentMethod as RepaymentMethod,
    ...rules,
    status: row.status as Product['status'],
    version: row.version,
  };
}
