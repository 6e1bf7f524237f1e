import { z } from 'zod';
import { isValidUscc, merchantCategories, merchantEvents, merchantStates, normaliseReference, normaliseUscc } from '@tongxing/domain';
import { listSchema, optionalText, pageQueryShape, requiredText } from './common';
import { calendarDate } from './loan-insights';
import { mobileSchema } from './members';

/**
 * 特约商户 (partner merchants): the public application and the cadre's entry, review by the district union,
 * agreements (basis points of the amount, caps in fen), annual assessments, photos, the public directory,
 * signing quotas handed down the tree, the merchant operator's console, monthly settlements (maker-checker)
 * and the partners' API keys.
 */
export const merchantStateSchema = z.enum(merchantStates);
export const merchantCategorySchema = z.enum(merchantCategories);
export const merchantEventSchema = z.enum(merchantEvents);
export type MerchantCategoryCode = z.infer<typeof merchantCategorySchema>;

export const merchantCategoryLabels: Record<MerchantCategoryCode, { zh: string; en: string }> = {
  supermarket: { zh: '超市', en: 'Supermarket' },
  catering: { zh: '餐饮', en: 'Catering' },
  cinema: { zh: '影院', en: 'Cinema' },
  health_check: { zh: '健康体检', en: 'Health check' },
  worker_station: { zh: '劳动者驿站', en: 'Workers’ station' },
  fitness: { zh: '健身', en: 'Fitness' },
  education: { zh: '教育培训', en: 'Education' },
  travel: { zh: '旅游出行', en: 'Travel' },
  daily_service: { zh: '生活服务', en: 'Daily services' },
  other: { zh: '其他', en: 'Other' },
};

export const merchantStateLabels: Record<z.infer<typeof merchantStateSchema>, { zh: string; en: string }> = {
  applied: { zh: '待审核', en: 'Applied' },
  active: { zh: '合作中', en: 'Active' },
  suspended: { zh: '已暂停', en: 'Suspended' },
  revoked: { zh: '已撤销', en: 'Revoked' },
  rejected: { zh: '未通过', en: 'Rejected' },
};

/** China's extent (mainland, Hainan and the islands): a point outside is a typing error, not a shop. */
export const CHINA_BOUNDS = { minLng: 73.4, maxLng: 135.1, minLat: 3.8, maxLat: 53.6 } as const;
const lngSchema = z.number().min(CHINA_BOUNDS.minLng, { message: 'merchant.lngLat' }).max(CHINA_BOUNDS.maxLng, { message: 'merchant.lngLat' });
const latSchema = z.number().min(CHINA_BOUNDS.minLat, { message: 'merchant.lngLat' }).max(CHINA_BOUNDS.maxLat, { message: 'merchant.lngLat' });

export const merchantCreditCodeSchema = z
  .string()
  .trim()
  .max(30)
  .transform(normaliseUscc)
  .refine(isValidUscc, { message: 'uscc.invalid' });

const bpsSchema = z.number().int().min(0).max(10000);
const capFenSchema = z.number().int().positive().max(100_000_000);
export const MERCHANT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const MERCHANT_PHOTO_MAX_COUNT = 9;

/** What the applicant proposes; the reviewer signs the real terms at approval. */
export const merchantProposalSchema = z
  .object({
    discountBps: bpsSchema.optional(),
    subsidyBps: bpsSchema.optional(),
    note: optionalText(300),
  })
  .strict();
export type MerchantProposal = z.infer<typeof merchantProposalSchema>;

const merchantFields = {
  name: requiredText(100),
  creditCode: merchantCreditCodeSchema,
  category: merchantCategorySchema,
  address: requiredText(200),
  lng: lngSchema,
  lat: latSchema,
  openingHours: optionalText(100),
  contactName: requiredText(50),
  contactPhone: mobileSchema,
  description: optionalText(500),
  /** The union unit the merchant belongs to: a district union or a street federation. */
  orgId: z.number().int().positive().max(2147483647),
  proposal: merchantProposalSchema.optional(),
};

/** The public online application (rate-limited; no sign-in). */
export const merchantApplicationCreateSchema = z.object(merchantFields).strict();
export type MerchantApplicationCreate = z.infer<typeof merchantApplicationCreateSchema>;
export const merchantApplicationCreatedSchema = z.object({ reference: z.string(), state: merchantStateSchema });

export const merchantApplicationStatusQuerySchema = z
  .object({ reference: z.string().trim().min(6).max(24).transform(normaliseReference), phone: mobileSchema })
  .strict();
export const merchantApplicationStatusSchema = z.object({
  reference: z.string(),
  name: z.string(),
  orgName: z.string(),
  state: merchantStateSchema,
  reviewNote: z.string().nullable(),
  /** Until when a revoked merchant may not sign again. */
  bannedUntil: z.string().nullable(),
  createdAt: z.string(),
});

/** The public form's list of union units a merchant can belong to: districts with their streets. */
export const merchantUnitSchema = z.object({ id: z.number().int(), name: z.string(), kind: z.string(), parentId: z.number().int().nullable() });
export const merchantUnitListSchema = z.object({ items: z.array(merchantUnitSchema) });

/** A cadre enters a merchant on its behalf (also starts as applied, then is reviewed). */
export const merchantCreateSchema = z.object(merchantFields).strict();
export type MerchantCreate = z.infer<typeof merchantCreateSchema>;

export const merchantPatchSchema = z
  .object({
    version: z.number().int().positive(),
    name: requiredText(100).optional(),
    category: merchantCategorySchema.optional(),
    address: requiredText(200).optional(),
    lng: lngSchema.optional(),
    lat: latSchema.optional(),
    openingHours: z.string().trim().max(100).nullable().optional(),
    contactName: requiredText(50).optional(),
    contactPhone: mobileSchema.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    orgId: z.number().int().positive().max(2147483647).optional(),
  })
  .strict();
export type MerchantPatch = z.infer<typeof merchantPatchSchema>;

// ---------------------------------------------------------------- agreements, assessments

export const merchantAgreementCreateSchema = z
  .object({
    discountBps: bpsSchema.default(0),
    subsidyBps: bpsSchema.default(0),
    capPerTxnFen: capFenSchema.nullable().optional(),
    capPerMonthFen: capFenSchema.nullable().optional(),
    validFrom: calendarDate,
    validTo: calendarDate,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.discountBps === 0 && v.subsidyBps === 0) ctx.addIssue({ code: 'custom', path: ['subsidyBps'], message: 'merchant.termsRequired' });
    if (v.validFrom > v.validTo) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'date.range' });
  });
export type MerchantAgreementCreate = z.infer<typeof merchantAgreementCreateSchema>;

export const merchantAgreementEndSchema = z.object({ endOn: calendarDate, reason: requiredText(300) }).strict();

export const merchantAgreementSchema = z.object({
  id: z.number().int(),
  category: merchantCategorySchema,
  discountBps: z.number().int(),
  subsidyBps: z.number().int(),
  capPerTxnFen: z.number().int().nullable(),
  capPerMonthFen: z.number().int().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.enum(['active', 'ended']),
  /** In force on the server's today. */
  current: z.boolean(),
  signedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type MerchantAgreement = z.infer<typeof merchantAgreementSchema>;

export const merchantAssessmentResultSchema = z.enum(['excellent', 'pass', 'improve', 'fail']);
export const merchantAssessmentCreateSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    result: merchantAssessmentResultSchema,
    score: z.number().int().min(0).max(100).optional(),
    note: optionalText(500),
  })
  .strict();
export const merchantAssessmentSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  result: merchantAssessmentResultSchema,
  score: z.number().int().nullable(),
  note: z.string().nullable(),
  assessedByName: z.string().nullable(),
  assessedAt: z.string(),
});

export const merchantPhotoSchema = z.object({ n: z.number().int(), fileName: z.string(), mime: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string() });
export const merchantPhotoParamsSchema = z.object({ id: z.coerce.number().int().positive().max(2147483647), n: z.coerce.number().int().positive().max(1000) }).strict();

// ---------------------------------------------------------------- review

export const merchantApproveSchema = z.object({ agreement: merchantAgreementCreateSchema, note: optionalText(300) }).strict();
export const merchantReasonSchema = z.object({ reason: requiredText(300) }).strict();
export const merchantNoteSchema = z.object({ note: optionalText(300) }).strict();
export const merchantRevokeSchema = z.object({ reason: requiredText(300), revokedOn: calendarDate.optional() }).strict();
export const merchantRevealSchema = z.object({ reason: requiredText(200) }).strict();
export const merchantRevealedSchema = z.object({ contactPhone: z.string() });

// ---------------------------------------------------------------- views

export const merchantSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  creditCode: z.string().nullable(),
  category: merchantCategorySchema,
  state: merchantStateSchema,
  source: z.enum(['online', 'cadre']),
  address: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  districtName: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  activatedOn: z.string().nullable(),
  revokedOn: z.string().nullable(),
  bannedUntil: z.string().nullable(),
  /** The agreement in force today (basis points), if any. */
  discountBps: z.number().int().nullable(),
  subsidyBps: z.number().int().nullable(),
  createdAt: z.string(),
});
export type MerchantSummary = z.infer<typeof merchantSummarySchema>;

export const merchantDetailSchema = merchantSummarySchema.extend({
  version: z.number().int(),
  reference: z.string().nullable(),
  partnerOrgId: z.number().int().nullable(),
  openingHours: z.string().nullable(),
  description: z.string().nullable(),
  proposal: merchantProposalSchema.nullable(),
  reviewNote: z.string().nullable(),
  photos: z.array(merchantPhotoSchema),
  agreements: z.array(merchantAgreementSchema),
  assessments: z.array(merchantAssessmentSchema),
  /** What the caller may do now. */
  actions: z.array(merchantEventSchema),
});
export type MerchantDetail = z.infer<typeof merchantDetailSchema>;

export const merchantListQuerySchema = z
  .object({
    state: merchantStateSchema.optional(),
    category: merchantCategorySchema.optional(),
    /** A district (or any union unit): merchants belonging to its subtree. */
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
    q: z.string().trim().min(1).max(100).optional(),
    ...pageQueryShape,
  })
  .strict();
export type MerchantListQuery = z.infer<typeof merchantListQuerySchema>;
export const merchantListSchema = listSchema(merchantSummarySchema);

export const merchantMapQuerySchema = merchantListQuerySchema.omit({ page: true, pageSize: true });
export const merchantMapPointSchema = z.object({ id: z.number().int(), name: z.string(), category: merchantCategorySchema, state: merchantStateSchema, lng: z.number(), lat: z.number() });
export const merchantMapSchema = z.object({ items: z.array(merchantMapPointSchema), truncated: z.boolean() });
export const MERCHANT_MAP_MAX = 5000;

// ---------------------------------------------------------------- the public directory (active merchants only)

export const merchantDirectoryQuerySchema = z
  .object({
    category: merchantCategorySchema.optional(),
    /** A district union or street federation: its merchants. */
    orgId: z.coerce.number().int().positive().max(2147483647).optional(),
    q: z.string().trim().min(1).max(50).optional(),
    /** With both, the answer is sorted by distance from here and carries it in metres. */
    lng: z.coerce.number().min(CHINA_BOUNDS.minLng, { message: 'merchant.lngLat' }).max(CHINA_BOUNDS.maxLng, { message: 'merchant.lngLat' }).optional(),
    lat: z.coerce.number().min(CHINA_BOUNDS.minLat, { message: 'merchant.lngLat' }).max(CHINA_BOUNDS.maxLat, { message: 'merchant.lngLat' }).optional(),
    page: pageQueryShape.page,
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.lng === undefined) !== (v.lat === undefined)) ctx.addIssue({ code: 'custom', path: [v.lng === undefined ? 'lng' : 'lat'], message: 'merchant.lngLatPair' });
  });
export const merchantDirectoryItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  category: merchantCategorySchema,
  address: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  openingHours: z.string().nullable(),
  districtName: z.string().nullable(),
  orgName: z.string(),
  discountBps: z.number().int().nullable(),
  subsidyBps: z.number().int().nullable(),
  distanceM: z.number().int().nullable(),
  photoCount: z.number().int(),
});
export const merchantDirectoryListSchema = listSchema(merchantDirectoryItemSchema);
export const merchantDirectoryDetailSchema = merchantDirectoryItemSchema.extend({
  description: z.string().nullable(),
  photos: z.array(merchantPhotoSchema.pick({ n: true, mime: true })),
  capPerTxnFen: z.number().int().nullable(),
  capPerMonthFen: z.number().int().nullable(),
  validTo: z.string().nullable(),
});

// ---------------------------------------------------------------- signing quotas

export const merchantQuotaPeriodCreateSchema = z
  .object({ name: requiredText(60), startsOn: calendarDate, endsOn: calendarDate })
  .strict()
  .superRefine((v, ctx) => {
    if (v.startsOn > v.endsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'date.range' });
  });
export const merchantQuotaPeriodSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  createdAt: z.string(),
});
export const merchantQuotaPeriodListSchema = z.object({ items: z.array(merchantQuotaPeriodSchema) });

export const merchantQuotaSetSchema = z
  .object({
    /** The unit handing down: its children's quotas are set (the city → districts, a district → streets). */
    parentOrgId: z.number().int().positive().max(2147483647),
    quotas: z
      .array(z.object({ orgId: z.number().int().positive().max(2147483647), quota: z.number().int().min(0).max(1_000_000) }).strict())
      .min(1)
      .max(500),
  })
  .strict();
export type MerchantQuotaSet = z.infer<typeof merchantQuotaSetSchema>;

export const merchantQuotaProgressQuerySchema = z.object({ orgId: z.coerce.number().int().positive().max(2147483647).optional() }).strict();
export const merchantQuotaRowSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.string(),
  quota: z.number().int().nullable(),
  /** Merchants of the unit's subtree first approved within the period. */
  signed: z.number().int(),
  /** signed ÷ quota in basis points (null without a quota). */
  progressBps: z.number().int().nullable(),
  /** Quotas this unit has handed to its children. */
  handedDown: z.number().int(),
});
export const merchantQuotaProgressSchema = merchantQuotaPeriodSchema.extend({
  unit: merchantQuotaRowSchema,
  children: z.array(merchantQuotaRowSchema),
});

// ---------------------------------------------------------------- the merchant's transactions

export const yyyymmSchema = z.coerce
  .number()
  .int()
  .min(200001)
  .max(210012)
  .refine((m) => m % 100 >= 1 && m % 100 <= 12, { message: 'merchant.month' });

export const merchantTransactionQuerySchema = z
  .object({ month: yyyymmSchema.optional(), ...pageQueryShape })
  .strict();
export const merchantTransactionSchema = z.object({
  id: z.number().int(),
  senderTxnId: z.string(),
  kind: z.enum(['purchase', 'refund']),
  cardMasked: z.string(),
  amountFen: z.number().int(),
  subsidyFen: z.number().int(),
  occurredAt: z.string(),
  month: z.number().int(),
  settlementId: z.number().int().nullable(),
});
export const merchantTransactionListSchema = z.object({
  items: z.array(merchantTransactionSchema),
  total: z.number().int(),
  /** Over the whole filter (not just the page): purchases and refunds, net amounts. */
  summary: z.object({ count: z.number().int(), amountFen: z.number().int(), subsidyFen: z.number().int() }),
});

// ---------------------------------------------------------------- settlements

export const merchantSettlementStateSchema = z.enum(['prepared', 'approved', 'paid', 'cancelled']);
export const merchantSettlementSchema = z.object({
  id: z.number().int(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  month: z.number().int(),
  txnCount: z.number().int(),
  /** Purchases less refunds (fen). */
  amountFen: z.number().int(),
  subsidyFen: z.number().int(),
  state: merchantSettlementStateSchema,
  preparedByName: z.string().nullable(),
  preparedAt: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidByName: z.string().nullable(),
  paidAt: z.string().nullable(),
  paidOn: z.string().nullable(),
  paymentRef: z.string().nullable(),
  actions: z.array(z.enum(['approve', 'pay', 'cancel'])),
});
export type MerchantSettlement = z.infer<typeof merchantSettlementSchema>;
export const merchantSettlementDetailSchema = merchantSettlementSchema.extend({
  /** Per month of the transactions it holds (late ones of earlier months included). */
  months: z.array(z.object({ month: z.number().int(), txnCount: z.number().int(), amountFen: z.number().int(), subsidyFen: z.number().int() })),
});
export const merchantSettlementListQuerySchema = z
  .object({
    state: merchantSettlementStateSchema.optional(),
    month: yyyymmSchema.optional(),
    merchantId: z.coerce.number().int().positive().max(2147483647).optional(),
    ...pageQueryShape,
  })
  .strict();
export const merchantSettlementListSchema = listSchema(merchantSettlementSchema);
export const merchantSettlementCreateSchema = z.object({ merchantId: z.number().int().positive().max(2147483647), month: yyyymmSchema }).strict();
export const merchantSettlementPendingQuerySchema = z.object({ month: yyyymmSchema, ...pageQueryShape }).strict();
export const merchantSettlementPendingSchema = listSchema(
  z.object({ merchantId: z.number().int(), merchantName: z.string(), txnCount: z.number().int(), amountFen: z.number().int(), subsidyFen: z.number().int() }),
);
export const merchantSettlementPaySchema = z.object({ paymentRef: requiredText(60), paidOn: calendarDate }).strict();
export const merchantSettlementCommentSchema = z.object({ comment: optionalText(300) }).strict();

// ---------------------------------------------------------------- partner API keys

export const partnerKeyCreateSchema = z
  .object({
    /** A bank or merchant unit. */
    orgId: z.number().int().positive().max(2147483647),
    label: optionalText(60),
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export const partnerKeySchema = z.object({
  id: z.number().int(),
  keyId: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  label: z.string().nullable(),
  status: z.enum(['active', 'revoked']),
  /** Active and not past its expiry. */
  usable: z.boolean(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
/** The one answer that carries the secret: shown once, never again. */
export const partnerKeyCreatedSchema = partnerKeySchema.extend({ secret: z.string() });
export const partnerKeyListQuerySchema = z
  .object({ orgId: z.coerce.number().int().positive().max(2147483647).optional(), status: z.enum(['active', 'revoked']).optional(), ...pageQueryShape })
  .strict();
export const partnerKeyListSchema = listSchema(partnerKeySchema);
/** A partner holds at most this many active keys: the old and the new one during a rotation. */
export const PARTNER_KEY_MAX_ACTIVE = 2;
