import { z } from 'zod';
import { cardStates, idTypes } from '@tongxing/domain';
import { idSchema, optionalText, pageQueryShape } from './common';
import type { Lang } from './errors';
import { isoDate } from './members';

/**
 * 普惠's member service card in the console and the portal: programmes and their issuing banks, cards with
 * their history, bulk applications and the bank's sheet, the bank's file of issued and activated cards.
 * Card numbers never travel in clear in an answer: the last four digits, masked.
 */
export const cardStateSchema = z.enum(cardStates);
export const cardChannels = ['bulk', 'portal', 'street', 'bank'] as const;
export const cardChannelSchema = z.enum(cardChannels);
export const cardEventSources = ['console', 'portal', 'bank', 'bank_file', 'partner_api', 'demo'] as const;

// ---------------------------------------------------------------- programmes

const programmeCodeSchema = z.string().trim().regex(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'loan.code' });
export const issueRateBaseSchema = z.enum(['members', 'collected']);

const programmeFields = {
  name: z.string().trim().min(1).max(60),
  nameEn: optionalText(80),
  /** 开卡率's denominator: active members in scope, or the records collected (cards created). */
  issueRateBase: issueRateBaseSchema,
  /** A purchase counts for 用卡率 from this amount on (fen). */
  minQualifyingFen: z.number().int().min(1).max(100_000_000),
  status: z.enum(['active', 'closed']).default('active'),
  /** The issuing banks: partner units of kind bank. */
  bankOrgIds: z
    .array(z.number().int().positive().max(2147483647))
    .min(1)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'card.bankDuplicate' }),
};
export const cardProgrammeCreateSchema = z.object({ code: programmeCodeSchema, ...programmeFields }).strict();
export type CardProgrammeCreate = z.infer<typeof cardProgrammeCreateSchema>;
export const cardProgrammeUpdateSchema = z.object(programmeFields).strict();
export type CardProgrammeUpdate = z.infer<typeof cardProgrammeUpdateSchema>;

export const cardProgrammeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  issueRateBase: issueRateBaseSchema,
  minQualifyingFen: z.number().int(),
  status: z.enum(['active', 'closed']),
  banks: z.array(z.object({ orgId: z.number().int(), name: z.string(), shortName: z.string().nullable(), liveCards: z.number().int() })),
  liveCards: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CardProgramme = z.infer<typeof cardProgrammeSchema>;
export const cardProgrammeListSchema = z.object({ items: z.array(cardProgrammeSchema) });

// ---------------------------------------------------------------- cards

const stateFilter = z
  .union([cardStateSchema, z.array(cardStateSchema).max(8)])
  .optional()
  .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

export const cardListQuerySchema = z
  .object({
    programmeId: idSchema.optional(),
    state: stateFilter,
    /** A unit: cards of members in its subtree. */
    orgId: idSchema.optional(),
    bankOrgId: idSchema.optional(),
    channel: cardChannelSchema.optional(),
    batchId: idSchema.optional(),
    memberId: idSchema.optional(),
    /** A name (characters or pinyin), a full ID or card number, or the last four digits of either. */
    q: z.string().trim().max(40).optional(),
    ...pageQueryShape,
  })
  .strict();
export type CardListQuery = z.infer<typeof cardListQuerySchema>;

export const cardListItemSchema = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  idNumberMasked: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  bankOrgId: z.number().int(),
  bankName: z.string(),
  state: cardStateSchema,
  channel: cardChannelSchema,
  batchId: z.number().int().nullable(),
  /** `**** **** **** 1234`, or null before the bank has issued the card. */
  numberMasked: z.string().nullable(),
  appliedAt: z.string().nullable(),
  issuedOn: z.string().nullable(),
  activatedOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CardListItem = z.infer<typeof cardListItemSchema>;
export const cardListSchema = z.object({
  items: z.array(cardListItemSchema),
  total: z.number().int(),
  /** True when more cards match than were counted (the count stops at 10,000). */
  totalCapped: z.boolean(),
});

export const cardEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  fromState: cardStateSchema.nullable(),
  toState: cardStateSchema,
  source: z.string(),
  importId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
});
export const cardDetailSchema = cardListItemSchema.extend({
  programmeName: z.string(),
  replacesCardId: z.number().int().nullable(),
  replacedByCardId: z.number().int().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  events: z.array(cardEventSchema),
});
export type CardDetail = z.infer<typeof cardDetailSchema>;

/** Card numbers as printed: 16–19 digits, spaces and dashes allowed, with a valid check digit (Luhn). */
export const cardNumberInputSchema = z.string().trim().min(16).max(30);

export const cardCancelSchema = z.object({ reason: z.string().trim().min(2).max(200) }).strict();

/** A change the bank reports for one card in the console. */
export const cardBankEventSchema = z
  .object({
    event: z.enum(['issue', 'activate', 'freeze', 'unfreeze', 'report_lost', 'cancel']),
    /** The card's number: required to issue. */
    cardNumber: cardNumberInputSchema.optional(),
    /** The day of the change (issue and activation days are required; others default to today). */
    on: isoDate.optional(),
    note: optionalText(200),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type CardBankEvent = z.infer<typeof cardBankEventSchema>;

/** The bank issues a new card in place of a lost (or damaged) one: the old card ends as replaced. */
export const cardReplaceSchema = z
  .object({ cardNumber: cardNumberInputSchema, issuedOn: isoDate, note: optionalText(200), version: z.number().int().positive().optional() })
  .strict();

// ---------------------------------------------------------------- bulk applications

export const cardBatchCreateSchema = z
  .object({
    programmeId: idSchema.optional(),
    /** Required when the programme has several issuing banks. */
    bankOrgId: idSchema.optional(),
    /** The applying union (default: my own unit). */
    orgId: idSchema.optional(),
    /** Chosen members of the union's subtree; or `allWithoutCard` for every active member there without a live card. */
    memberIds: z.array(z.number().int().positive().max(2147483647)).min(1).max(20_000).optional(),
    allWithoutCard: z.literal(true).optional(),
    note: optionalText(300),
  })
  .strict()
  .refine((b) => (b.memberIds ? 1 : 0) + (b.allWithoutCard ? 1 : 0) === 1, { message: 'card.batchMembers', path: ['memberIds'] });
export type CardBatchCreate = z.infer<typeof cardBatchCreateSchema>;

export const cardBatchSkipReasons = ['liveCard', 'notActive', 'outsideUnit'] as const;
export const cardBatchSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  programmeId: z.number().int(),
  bankOrgId: z.number().int(),
  bankName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  cardCount: z.number().int(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  exportedAt: z.string().nullable(),
  /** The batch's cards by state now. */
  states: z.record(z.string(), z.number().int()),
});
export type CardBatch = z.infer<typeof cardBatchSchema>;
export const cardBatchCreatedSchema = cardBatchSchema.extend({
  skipped: z.array(z.object({ memberId: z.number().int(), name: z.string().nullable(), reason: z.enum(cardBatchSkipReasons) })),
});
export const cardBatchListQuerySchema = z.object({ orgId: idSchema.optional(), programmeId: idSchema.optional(), ...pageQueryShape }).strict();
export const cardBatchListSchema = z.object({ items: z.array(cardBatchSchema), total: z.number().int() });
export const cardBatchExportSchema = z.object({ reason: z.string().trim().min(2).max(200) }).strict();

/** The bank's application sheet: the columns a bank needs to open the cards. */
export const cardBatchSheetColumns = ['序号', '姓名', '证件类型', '证件号码', '手机号', '工作单位', '所属工会', '申请批次号'] as const;

/** A batch's printable reference: CB + the year + the id. */
export function cardBatchReference(id: number, createdAt: Date | string): string {
  const year = new Date(createdAt).getUTCFullYear();
  return `CB${year}${String(id).padStart(6, '0')}`;
}

// ---------------------------------------------------------------- portal

export const portalCardApplySchema = z.object({ programmeId: idSchema.optional(), bankOrgId: idSchema.optional() }).strict();
export const portalCardActionSchema = z.object({ note: optionalText(200) }).strict();

export const portalCardSchema = z.object({
  id: z.number().int(),
  programmeName: z.string(),
  bankName: z.string(),
  state: cardStateSchema,
  channel: cardChannelSchema,
  numberMasked: z.string().nullable(),
  appliedAt: z.string().nullable(),
  issuedOn: z.string().nullable(),
  activatedOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  events: z.array(cardEventSchema.omit({ actorName: true, importId: true })),
});
export const portalCardStatusSchema = z.object({
  /** My live card, if any. */
  card: portalCardSchema.nullable(),
  /** Cards that ended (lost, replaced, cancelled), newest first. */
  past: z.array(portalCardSchema.omit({ events: true })),
  /** Whether I may apply now, and the channel the application would take (street: my unit has no union of its own). */
  canApply: z.boolean(),
  applyChannel: z.enum(['portal', 'street']),
  programmes: z.array(z.object({ id: z.number().int(), name: z.string(), banks: z.array(z.object({ orgId: z.number().int(), name: z.string() })) })),
});
export type PortalCardStatus = z.infer<typeof portalCardStatusSchema>;

// ---------------------------------------------------------------- the bank's file

/** The columns of the bank's file (header text → field); 证件类型 and 变更日期 are optional. */
export const cardImportColumns = [
  { field: 'idType', header: '证件类型', en: 'ID type', required: false },
  { field: 'idNumber', header: '证件号码', en: 'ID number', required: true },
  { field: 'name', header: '姓名', en: 'Name', required: true },
  { field: 'cardNumber', header: '卡号', en: 'Card number', required: true },
  { field: 'state', header: '状态', en: 'State', required: true },
  { field: 'issuedOn', header: '发卡日期', en: 'Issued on', required: true },
  { field: 'activatedOn', header: '激活日期', en: 'Activated on', required: true },
  { field: 'changedOn', header: '变更日期', en: 'Changed on', required: false },
] as const;
export type CardImportField = (typeof cardImportColumns)[number]['field'];

/** The states a bank's file may report, as the banks write them. */
export const cardImportStates: Record<string, 'issued' | 'activated' | 'frozen' | 'lost' | 'cancelled'> = {
  已发卡: 'issued',
  发卡: 'issued',
  已制卡: 'issued',
  已激活: 'activated',
  激活: 'activated',
  正常: 'activated',
  已解冻: 'activated',
  已冻结: 'frozen',
  冻结: 'frozen',
  已挂失: 'lost',
  挂失: 'lost',
  已注销: 'cancelled',
  注销: 'cancelled',
  已销户: 'cancelled',
  issued: 'issued',
  activated: 'activated',
  frozen: 'frozen',
  lost: 'lost',
  cancelled: 'cancelled',
};

export const cardImportIdTypes: Record<string, (typeof idTypes)[number]> = {
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  港澳居民居住证: 'hk_mo_residence_permit',
  台湾居民居住证: 'tw_residence_permit',
  港澳居民来往内地通行证: 'hk_mo_travel_permit',
  台湾居民来往大陆通行证: 'tw_travel_permit',
  护照: 'passport',
};

/** Row findings: `unmatched` rows name no card of the bank's; `error` rows are malformed or contradict the records. */
export const cardImportRowMessages = {
  'cardImport.itemInvalid': { kind: 'error', zh: '字段 {field} 格式不正确', en: 'The field {field} is not well formed' },
  'cardImport.idRequired': { kind: 'error', zh: '请填写证件号码', en: 'Give the ID number' },
  'cardImport.idFormat': { kind: 'error', zh: '证件号码格式错误', en: 'The ID number has the wrong format' },
  'cardImport.idChecksum': { kind: 'error', zh: '身份证号码校验位错误', en: 'The ID number check digit is wrong' },
  'cardImport.idType': { kind: 'error', zh: '无法识别的证件类型', en: 'Unknown ID type' },
  'cardImport.nameRequired': { kind: 'error', zh: '请填写姓名', en: 'Give the name' },
  'cardImport.nameMismatch': { kind: 'error', zh: '姓名与该证件号码登记的会员不一致', en: 'The name differs from the member registered with this ID number' },
  'cardImport.numberRequired': { kind: 'error', zh: '发卡、激活须填写卡号', en: 'Give the card number to issue or activate a card' },
  'cardImport.number': { kind: 'error', zh: '卡号应为 16–19 位数字且校验位正确', en: 'A card number has 16–19 digits and a valid check digit' },
  'cardImport.state': { kind: 'error', zh: '无法识别的状态，应为 已发卡、已激活、已冻结、已挂失 或 已注销', en: 'Unknown state; use 已发卡, 已激活, 已冻结, 已挂失 or 已注销' },
  'cardImport.issuedOn': { kind: 'error', zh: '发卡日期无效，应写作 YYYY-MM-DD', en: 'The issue date is missing or invalid; write YYYY-MM-DD' },
  'cardImport.activatedOn': { kind: 'error', zh: '激活日期无效，应写作 YYYY-MM-DD', en: 'The activation date is missing or invalid; write YYYY-MM-DD' },
  'cardImport.changedOn': { kind: 'error', zh: '变更日期无效，应写作 YYYY-MM-DD', en: 'The change date is invalid; write YYYY-MM-DD' },
  'cardImport.dateFuture': { kind: 'error', zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  'cardImport.dateOrder': { kind: 'error', zh: '激活日期不能早于发卡日期', en: 'The activation date cannot be before the issue date' },
  'cardImport.numberOtherMember': { kind: 'error', zh: '该卡号已登记为其他会员的卡', en: 'This card number is registered to another member' },
  'cardImport.numberMismatch': { kind: 'error', zh: '该会员在本行的服务卡卡号尾号为 {last4}，与文件不一致；换卡请先上报挂失', en: 'The member’s card at your bank ends in {last4}, not this number; report the old card lost first' },
  'cardImport.transition': { kind: 'error', zh: '该卡当前状态为“{state}”，不能变为“{target}”', en: 'The card is {state}; it cannot become {target}' },
  'cardImport.memberNotFound': { kind: 'unmatched', zh: '找不到持该证件号码的工会会员', en: 'No union member holds this ID number' },
  'cardImport.memberInactive': { kind: 'unmatched', zh: '该会员已不是在册会员，不能新发卡', en: 'The member is no longer on the register; no new card' },
  'cardImport.otherBank': { kind: 'unmatched', zh: '该会员的服务卡由其他银行办理', en: 'The member’s card is with another bank' },
  'cardImport.noCard': { kind: 'unmatched', zh: '该会员在本行没有可变更的服务卡', en: 'The member has no card at your bank to change' },
} as const;
export type CardImportRowCode = keyof typeof cardImportRowMessages;

export function cardImportRowMessage(code: string, lang: Lang, params: Record<string, string | number> = {}): string {
  const entry = (cardImportRowMessages as Record<string, { zh: string; en: string }>)[code] ?? { zh: '填写有误', en: 'Invalid value' };
  return (lang === 'en' ? entry.en : entry.zh).replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''));
}

export const cardImportIssueSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  kind: z.enum(['unmatched', 'error']),
  code: z.string(),
  message: z.string(),
  /** The row's name and masked ID number, so the bank can find it. */
  name: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
});

const importCounts = {
  rows: z.number().int(),
  /** Rows that change a card (issue, activate, freeze, report lost, cancel, replace). */
  applied: z.number().int(),
  /** Rows the records already say (the same file sent again changes nothing). */
  unchanged: z.number().int(),
  unmatched: z.number().int(),
  errors: z.number().int(),
  /** Cards the file creates (members with no card at the bank yet, and replacements). */
  newCards: z.number().int(),
};

/** The dry run: nothing is written until the commit. */
export const cardImportCheckSchema = z.object({
  id: z.string(),
  status: z.enum(['checked', 'committed']),
  fileName: z.string(),
  sha256: z.string(),
  programmeId: z.number().int(),
  bankOrgId: z.number().int(),
  bankName: z.string(),
  /** The same file (by digest) was committed before by this bank. */
  previousImport: z.object({ id: z.number().int(), createdAt: z.string() }).nullable(),
  ...importCounts,
  issues: z.array(cardImportIssueSchema),
});
export type CardImportCheck = z.infer<typeof cardImportCheckSchema>;

export const cardImportCheckParamsSchema = z.object({ id: z.string().uuid() }).strict();
export const cardImportCommitSchema = z.object({ mode: z.enum(['valid', 'all']).default('valid') }).strict();

export const cardImportSources = ['file', 'api'] as const;

export const cardImportSchema = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  bankOrgId: z.number().int(),
  bankName: z.string(),
  /** 'file': uploaded in the console; 'api': sent by the bank's system (`POST /card-status-reports`). */
  source: z.enum(cardImportSources),
  fileName: z.string(),
  sha256: z.string(),
  /** The officer who uploaded the file (null for the API). */
  createdBy: z.string().nullable(),
  /** The API key that signed an API batch. */
  partnerKeyId: z.string().nullable(),
  createdAt: z.string(),
  ...importCounts,
  issues: z.array(cardImportIssueSchema),
});
export type CardImport = z.infer<typeof cardImportSchema>;
export const cardImportListSchema = z.object({ items: z.array(cardImportSchema.omit({ issues: true })), total: z.number().int() });
export const cardImportListQuerySchema = z.object({ ...pageQueryShape }).strict();
/** A report of a committed import (integer id) or of a check (its uuid). */
export const cardImportReportParamsSchema = z
  .object({ id: z.string().regex(/^(\d{1,10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i) })
  .strict();

// ---------------------------------------------------------------- the bank's status reports (partner API)

export const CARD_STATUS_BATCH_MAX = 1000;

/** The states a bank's system reports, as codes (the file's Chinese words are for people). */
export const cardStatusTargets = ['issued', 'activated', 'frozen', 'lost', 'cancelled'] as const;

/**
 * One card's status as the bank's system reports it: the same facts as a row of the bank's file, with the
 * file's column names as fields. Matched by the ID number (keyed hash) and name; `ref` is the bank's own
 * reference, echoed back.
 */
export const cardStatusItemSchema = z
  .object({
    ref: z.string().trim().min(1).max(64).optional(),
    idType: z.enum(idTypes).optional(),
    idNumber: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(50),
    cardNumber: z.string().trim().min(1).max(40).optional(),
    state: z.enum(cardStatusTargets),
    issuedOn: isoDate.optional(),
    activatedOn: isoDate.optional(),
    changedOn: isoDate.optional(),
  })
  .strict();
export type CardStatusItem = z.infer<typeof cardStatusItemSchema>;

/** Items are checked one by one (a bad item is answered with its reason, the others go on). */
export const cardStatusBatchSchema = z
  .object({
    /** Needed only when the bank issues cards of more than one programme. */
    programmeId: z.number().int().positive().max(2147483647).optional(),
    items: z.array(z.unknown()).min(1).max(CARD_STATUS_BATCH_MAX),
  })
  .strict();

export const cardStatusOutcomes = ['applied', 'unchanged', 'unmatched', 'rejected'] as const;
export const cardStatusResultSchema = z.object({
  /** The item's place in the batch, from 0. */
  index: z.number().int(),
  ref: z.string().nullable(),
  /** applied: the card changed; unchanged: the records already say so; unmatched: no card of this bank; rejected: malformed or contradicts the records. */
  status: z.enum(cardStatusOutcomes),
  code: z.string().optional(),
  /** The item's field the finding is about. */
  field: z.string().optional(),
  message: z.string().optional(),
});
export type CardStatusResult = z.infer<typeof cardStatusResultSchema>;
export const cardStatusBatchResultSchema = z.object({
  /** The report as kept (the console's list of the bank's imports shows it). */
  reportId: z.number().int(),
  programmeId: z.number().int(),
  counts: z.object({ applied: z.number().int(), unchanged: z.number().int(), unmatched: z.number().int(), rejected: z.number().int(), newCards: z.number().int() }),
  results: z.array(cardStatusResultSchema),
});

/** My card transactions in the portal: the latest ones across my cards, with what the union paid toward each. */
export const portalCardTransactionsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) }).strict();
export const portalCardTransactionSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  kind: z.enum(['purchase', 'refund']),
  merchantId: z.number().int(),
  merchantName: z.string(),
  category: z.string(),
  amountFen: z.number().int(),
  /** The union's subsidy (negative on a refund, which gives it back). */
  subsidyFen: z.number().int(),
  numberMasked: z.string().nullable(),
});
export const portalCardTransactionsSchema = z.object({
  items: z.array(portalCardTransactionSchema),
  /** Subsidy received this month and this year (Asia/Shanghai), net of refunds, and this month's purchases. */
  monthSubsidyFen: z.number().int(),
  yearSubsidyFen: z.number().int(),
  monthPurchases: z.number().int(),
});
export type PortalCardTransactions = z.infer<typeof portalCardTransactionsSchema>;
