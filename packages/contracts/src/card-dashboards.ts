import { z } from 'zod';
import { cardStatsQuerySchema, ratePeriodSchema } from './card-transactions';

/**
 * The 普惠 dashboards: the funnel per child unit, rates month by month, new merchants against the signing
 * quota, subsidy by month and the top categories. Everything is read from rollups kept by the writes
 * (org_card_flow, org_card_usage, org_member_rollups, merchant_month_totals) or from the small merchant tables.
 */
export const cardDashboardQuerySchema = cardStatsQuerySchema
  .extend({ quotaPeriodId: z.coerce.number().int().positive().max(2147483647).optional() })
  .strict();
export type CardDashboardQuery = z.infer<typeof cardDashboardQuerySchema>;

export const cardFunnelRowSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  collected: z.number().int(),
  applied: z.number().int(),
  issued: z.number().int(),
  activated: z.number().int(),
});

export const cardRateMonthSchema = z.object({
  /** '2026-10' */
  month: z.string(),
  issued: z.number().int(),
  activated: z.number().int(),
  used: z.number().int(),
  issueRate: z.number().nullable(),
  activationRate: z.number().nullable(),
  usageRate: z.number().nullable(),
});

export const cardDashboardQuotaRowSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** Null when no quota was handed to the unit for the period. */
  quota: z.number().int().nullable(),
  /** Merchants under the unit that became active within the quota period. */
  signed: z.number().int(),
});

export const subsidyMonthSchema = z.object({
  month: z.string(),
  purchases: z.number().int(),
  refunds: z.number().int(),
  amountFen: z.number().int(),
  subsidyFen: z.number().int(),
});

export const categoryTotalSchema = z.object({
  category: z.string(),
  transactions: z.number().int(),
  amountFen: z.number().int(),
  subsidyFen: z.number().int(),
});

export const cardDashboardSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  period: ratePeriodSchema,
  programmeId: z.number().int().nullable(),
  /** The unit itself first, then each child union unit. */
  funnel: z.array(cardFunnelRowSchema),
  /** The twelve months up to the period's last month, oldest first; issued and activated as of each month's end. */
  rates: z.array(cardRateMonthSchema),
  merchantQuota: z.object({
    period: z.object({ id: z.number().int(), name: z.string(), startsOn: z.string(), endsOn: z.string() }).nullable(),
    /** The unit itself first, then each child union unit. */
    rows: z.array(cardDashboardQuotaRowSchema),
  }),
  /** Transactions at merchants the unit supervises (its subtree), the twelve months up to the period's last month. */
  subsidyByMonth: z.array(subsidyMonthSchema),
  /** Categories of those merchants over the same twelve months, most transactions first. */
  topCategories: z.array(categoryTotalSchema),
});
export type CardDashboard = z.infer<typeof cardDashboardSchema>;

export const cardRollupCheckSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  differences: z.array(
    z.object({
      table: z.enum(['org_card_flow', 'org_card_usage', 'merchant_month_totals']),
      key: z.string(),
      stored: z.string(),
      recomputed: z.string(),
    }),
  ),
});
export type CardRollupCheck = z.infer<typeof cardRollupCheckSchema>;
