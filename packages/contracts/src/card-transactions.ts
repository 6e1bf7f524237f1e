import { z } from 'zod';

/**
 * 普惠's partner API and rates. `POST /api/v1/card-transactions` takes a signed batch from a bank's or a
 * merchant's system (headers below); each item is idempotent on (sender, txnId) and answered on its own.
 */
export const PARTNER_SIGNATURE_HEADERS = {
  keyId: 'x-tongxing-key-id',
  timestamp: 'x-tongxing-timestamp',
  signature: 'x-tongxing-signature',
} as const;
/** Requests signed more than this many seconds before or after the server's clock are refused. */
export const PARTNER_SIGNATURE_MAX_SKEW_SECONDS = 300;
export const CARD_TRANSACTION_BATCH_MAX = 1000;

export const cardTransactionItemSchema = z
  .object({
    txnId: z.string().trim().min(1).max(64),
    /** The card's full number, or `cardHash` (the keyed hash the platform reports for the card). */
    cardNumber: z.string().trim().min(1).max(40).optional(),
    cardHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    merchantId: z.number().int().positive().max(2147483647),
    /** Purchases and refunds alike carry a positive amount; a refund names the original in `refundOfTxnId`. */
    amountFen: z.number().int().positive().max(1_000_000_000),
    occurredAt: z.string().datetime({ offset: true }),
    refundOfTxnId: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type CardTransactionItem = z.infer<typeof cardTransactionItemSchema>;

/** Items are checked one by one (a bad item is refused with its reason, the others go on), so the batch schema is loose per item. */
export const cardTransactionBatchSchema = z
  .object({ items: z.array(z.unknown()).min(1).max(CARD_TRANSACTION_BATCH_MAX) })
  .strict();

export const cardTransactionStatuses = ['accepted', 'duplicate', 'rejected'] as const;
export const cardTransactionResultSchema = z.object({
  txnId: z.string().nullable(),
  status: z.enum(cardTransactionStatuses),
  /** Why an item was refused (a stable code, see `cardTransactionRejections`). */
  code: z.string().optional(),
  message: z.string().optional(),
  /** The union subsidy of this transaction (negative for a refund), for accepted and duplicate items. */
  subsidyFen: z.number().int().optional(),
});
export type CardTransactionResult = z.infer<typeof cardTransactionResultSchema>;
export const cardTransactionBatchResultSchema = z.object({ results: z.array(cardTransactionResultSchema) });

/** Item-level refusals of the partner API. */
export const cardTransactionRejections = {
  ITEM_INVALID: { zh: '交易数据格式不正确', en: 'The item is not well formed' },
  CARD_REQUIRED: { zh: '请提供卡号或卡号摘要（二者择一）', en: 'Give the card number or its hash, one of the two' },
  CARD_NOT_FOUND: { zh: '找不到该服务卡', en: 'No such card' },
  CARD_NOT_ACTIVE: { zh: '该服务卡未激活或已停用', en: 'The card is not active' },
  CARD_OTHER_BANK: { zh: '该卡不是本行发行的服务卡', en: 'The card was not issued by your bank' },
  MERCHANT_NOT_FOUND: { zh: '找不到该特约商户', en: 'No such merchant' },
  MERCHANT_NOT_SENDER: { zh: '商户只能上报本商户的交易', en: 'A merchant may only send its own transactions' },
  MERCHANT_NOT_ACTIVE: { zh: '该商户当时不是有效的特约商户', en: 'The merchant was not an active partner at that time' },
  NO_AGREEMENT: { zh: '交易时间不在商户协议有效期内', en: 'No agreement of the merchant was valid at that time' },
  OCCURRED_IN_FUTURE: { zh: '交易时间晚于当前时间', en: 'The transaction time is in the future' },
  REFUND_ORIGINAL_NOT_FOUND: { zh: '找不到被退款的原交易', en: 'The original of the refund was not found' },
  REFUND_MISMATCH: { zh: '退款的卡或商户与原交易不一致', en: 'The refund’s card or merchant differs from the original' },
  REFUND_EXCEEDS_ORIGINAL: { zh: '累计退款金额超过原交易金额', en: 'Refunds would exceed the original amount' },
  REFUND_OF_REFUND: { zh: '不能对退款交易再退款', en: 'A refund cannot be refunded' },
  DUPLICATE_IN_BATCH: { zh: '同一批次内交易流水号重复', en: 'The same txnId appears twice in the batch' },
} as const;
export type CardTransactionRejection = keyof typeof cardTransactionRejections;

// ---------------------------------------------------------------- rates

export const ratePeriodSchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, { message: 'period.format' });

export const cardStatsQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
    period: ratePeriodSchema,
    programmeId: z.coerce.number().int().positive().max(2147483647).optional(),
  })
  .strict();
export type CardStatsQuery = z.infer<typeof cardStatsQuerySchema>;

export const cardStatsRowSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** The denominator of 开卡率: active members in the subtree, or cards collected (per the programme). */
  members: z.number().int(),
  collected: z.number().int(),
  issued: z.number().int(),
  activated: z.number().int(),
  used: z.number().int(),
  issueRate: z.number().nullable(),
  activationRate: z.number().nullable(),
  usageRate: z.number().nullable(),
});
export type CardStatsRow = z.infer<typeof cardStatsRowSchema>;
export const cardStatsSchema = cardStatsRowSchema.extend({
  period: z.string(),
  issueRateBase: z.enum(['members', 'collected']),
  children: z.array(cardStatsRowSchema),
});
export type CardStats = z.infer<typeof cardStatsSchema>;
