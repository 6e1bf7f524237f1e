import {
  cardTransactionItemSchema,
  cardTransactionRejections,
  PARTNER_SIGNATURE_MAX_SKEW_SECONDS,
  type CardTransactionItem,
  type CardTransactionRejection,
  type CardTransactionResult,
} from '@tongxing/contracts';
import { normaliseCardNumber, purchaseSubsidy, refundSubsidy, shanghaiMonth } from '@tongxing/domain';

/**
 * The partner API's rules for one batch, without I/O: each item is checked on its own and, when accepted,
 * priced against the agreement valid on its day and the caps. The service feeds in what the database holds
 * (cards, merchants, agreements, originals, the monthly sums it has locked) and writes what comes out.
 */
export interface Sender {
  orgId: number;
  orgPath: string;
  kind: 'bank' | 'merchant';
}

export interface CardFacts {
  id: number;
  state: string;
  bankPath: string;
  minQualifyingFen: number;
  activatedOn: string | null;
  closedAt: Date | null;
}

export interface MerchantFacts {
  id: number;
  state: string;
  partnerOrgId: number | null;
  activatedOn: string | null;
  revokedOn: string | null;
}

export interface AgreementFacts {
  id: number;
  merchantId: number;
  subsidyBps: number;
  capPerTxnFen: number | null;
  capPerMonthFen: number | null;
  validFrom: string;
  validTo: string;
  active: boolean;
}

export interface StoredOriginal {
  id: number;
  txnId: string;
  cardId: number;
  merchantId: number;
  kind: 'purchase' | 'refund';
  amountFen: number;
  subsidyFen: number;
  agreementId: number | null;
  qualifying: boolean;
  month: number;
  refundedFen: number;
}

/** An item after its own checks: the parsed item and its card hash, or the reason it was refused. */
export interface PreparedItem {
  index: number;
  txnId: string | null;
  item?: CardTransactionItem;
  cardHash?: string;
  occurredAt?: Date;
  reject?: { code: CardTransactionRejection; message?: string };
}

export interface NewRow {
  index: number;
  txnId: string;
  cardId: number;
  merchantId: number;
  kind: 'purchase' | 'refund';
  amountFen: number;
  subsidyFen: number;
  agreementId: number | null;
  /** For refunds: the stored original's id, or the txnId of a purchase earlier in this batch. */
  refundOfId: number | null;
  refundOfTxnId: string | null;
  qualifying: boolean;
  occurredAt: Date;
  month: number;
}

export interface Lookups {
  cards: Map<string, CardFacts>;
  merchants: Map<number, MerchantFacts>;
  agreements: Map<number, AgreementFacts[]>;
  originals: Map<string, StoredOriginal>;
}

export const cmmKey = (cardId: number, merchantId: number, month: number) => `${cardId}:${merchantId}:${month}`;

/** The federation's calendar day of an instant (Asia/Shanghai has no daylight saving). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function rejected(index: number, txnId: string | null, code: CardTransactionRejection, message?: string): PreparedItem {
  return { index, txnId, reject: { code, ...(message ? { message } : {}) } };
}

/** Shape, card reference, time, and txnIds repeated inside the batch; `hash` turns a card number into its keyed hash. */
export function prepareItems(raw: unknown[], now: Date, hash: (cardNumber: string) => string): PreparedItem[] {
  const seen = new Set<string>();
  const latest = now.getTime() + PARTNER_SIGNATURE_MAX_SKEW_SECONDS * 1000;
  return raw.map((value, index) => {
    const claimed = value && typeof value === 'object' ? (value as { txnId?: unknown }).txnId : undefined;
    const txnId = typeof claimed === 'string' && claimed.trim().length > 0 && claimed.trim().length <= 64 ? claimed.trim() : null;
    const parsed = cardTransactionItemSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '') : '';
      return rejected(index, txnId, 'ITEM_INVALID', where ? `${where}: ${issue?.message ?? ''}` : issue?.message);
    }
    const item = parsed.data;
    if (seen.has(item.txnId)) return rejected(index, item.txnId, 'DUPLICATE_IN_BATCH');
    seen.add(item.txnId);
    if ((item.cardNumber === undefined) === (item.cardHash === undefined)) return rejected(index, item.txnId, 'CARD_REQUIRED');
    let cardHash = item.cardHash;
    if (item.cardNumber !== undefined) {
      const digits = normaliseCardNumber(item.cardNumber);
      if (!digits) return rejected(index, item.txnId, 'ITEM_INVALID', 'cardNumber: 16–19 digits');
      cardHash = hash(digits);
    }
    const occurredAt = new Date(item.occurredAt);
    if (occurredAt.getTime() > latest) return rejected(index, item.txnId, 'OCCURRED_IN_FUTURE');
    return { index, txnId: item.txnId, item, cardHash, occurredAt };
  });
}

function merchantActiveOn(m: MerchantFacts, day: string): boolean {
  if (m.activatedOn !== null && day < m.activatedOn) return false;
  if (m.state === 'active') return true;
  // A revoked merchant's earlier transactions still count; a suspended one's are held back (no date is kept
  // for a suspension, so none is subsidised while it lasts).
  if (m.state === 'revoked') return m.activatedOn !== null && m.revokedOn !== null && day < m.revokedOn;
  return false;
}

function cardActiveAt(c: CardFacts, at: Date, day: string): boolean {
  if (c.activatedOn === null || day < c.activatedOn) return false;
  if (c.closedAt !== null && at.getTime() >= c.closedAt.getTime()) return false;
  return c.state !== 'frozen';
}

/** The agreement on `day`: the latest signed among those valid then, an active one before an ended one. */
export function agreementOn(list: AgreementFacts[] | undefined, day: string): AgreementFacts | null {
  let best: AgreementFacts | null = null;
  for (const a of list ?? []) {
    if (a.validFrom > day || a.validTo < day) continue;
    if (!best || (a.active && !best.active) || (a.active === best.active && (a.validFrom > best.validFrom || (a.validFrom === best.validFrom && a.id > best.id)))) best = a;
  }
  return best;
}

export interface Evaluation {
  /** The answer for each item, by its index in the batch. */
  results: Map<number, CardTransactionResult>;
  rows: NewRow[];
  /** Subsidy added (purchases) or given back (refunds) per card × merchant × month. */
  deltas: Map<string, number>;
  /** Every monthly-cap key an accepted item touches (to lock before pricing). */
  keys: Set<string>;
}

/**
 * Checks and prices the items in batch order. `used` holds the monthly sums as locked in the database
 * (missing keys count as 0); items already stored are left out by the caller (they answer 'duplicate').
 */
export function evaluate(items: PreparedItem[], sender: Sender, lookups: Lookups, used: Map<string, number>, lang: 'zh-CN' | 'en' = 'en'): Evaluation {
  const results = new Map<number, CardTransactionResult>();
  const rows: NewRow[] = [];
  const deltas = new Map<string, number>();
  const keys = new Set<string>();
  const refunded = new Map<string, number>();
  const inBatch = new Map<string, NewRow>();
  const refuse = (p: PreparedItem, code: CardTransactionRejection, message?: string) =>
    results.set(p.index, { txnId: p.txnId, status: 'rejected', code, message: message ?? cardTransactionRejections[code][lang === 'en' ? 'en' : 'zh'] });
  const add = (key: string, fen: number) => {
    deltas.set(key, (deltas.get(key) ?? 0) + fen);
    used.set(key, (used.get(key) ?? 0) + fen);
  };

  for (const p of items) {
    if (p.reject) {
      refuse(p, p.reject.code, p.reject.message);
      continue;
    }
    const item = p.item!;
    const at = p.occurredAt!;
    const day = shanghaiDay(at);
    const card = lookups.cards.get(p.cardHash!);
    if (!card) {
      refuse(p, 'CARD_NOT_FOUND');
      continue;
    }
    if (sender.kind === 'bank' && !(card.bankPath === sender.orgPath || card.bankPath.startsWith(`${sender.orgPath}.`))) {
      refuse(p, 'CARD_OTHER_BANK');
      continue;
    }
    const merchant = lookups.merchants.get(item.merchantId);
    // A merchant's system learns nothing about other merchants: any other id is "not yours".
    if (sender.kind === 'merchant' && merchant?.partnerOrgId !== sender.orgId) {
      refuse(p, 'MERCHANT_NOT_SENDER');
      continue;
    }
    if (!merchant) {
      refuse(p, 'MERCHANT_NOT_FOUND');
      continue;
    }
    const month = shanghaiMonth(at);

    if (item.refundOfTxnId !== undefined) {
      const stored = lookups.originals.get(item.refundOfTxnId);
      const batchOriginal = stored ? undefined : inBatch.get(item.refundOfTxnId);
      const o = stored ?? (batchOriginal && { ...batchOriginal, id: -1, refundedFen: 0 });
      if (!o) {
        refuse(p, 'REFUND_ORIGINAL_NOT_FOUND');
        continue;
      }
      if (o.kind === 'refund') {
        refuse(p, 'REFUND_OF_REFUND');
        continue;
      }
      if (o.cardId !== card.id || o.merchantId !== merchant.id) {
        refuse(p, 'REFUND_MISMATCH');
        continue;
      }
      const before = o.refundedFen + (refunded.get(item.refundOfTxnId) ?? 0);
      if (before + item.amountFen > o.amountFen) {
        refuse(p, 'REFUND_EXCEEDS_ORIGINAL');
        continue;
      }
      refunded.set(item.refundOfTxnId, (refunded.get(item.refundOfTxnId) ?? 0) + item.amountFen);
      const back = refundSubsidy(o.amountFen, o.subsidyFen, before, item.amountFen);
      const key = cmmKey(o.cardId, o.merchantId, o.month);
      keys.add(key);
      if (back !== 0) add(key, -back);
      const row: NewRow = {
        index: p.index,
        txnId: item.txnId,
        cardId: card.id,
        merchantId: merchant.id,
        kind: 'refund',
        amountFen: item.amountFen,
        subsidyFen: -back,
        agreementId: o.agreementId,
        refundOfId: stored ? stored.id : null,
        refundOfTxnId: stored ? null : item.refundOfTxnId,
        // The refund that completes the whole refund of a qualifying purchase takes its usage mark away.
        qualifying: o.qualifying && before + item.amountFen === o.amountFen,
        occurredAt: at,
        month,
      };
      rows.push(row);
      inBatch.set(item.txnId, row);
      results.set(p.index, { txnId: item.txnId, status: 'accepted', subsidyFen: row.subsidyFen });
      continue;
    }

    if (!cardActiveAt(card, at, day)) {
      refuse(p, 'CARD_NOT_ACTIVE');
      continue;
    }
    if (!merchantActiveOn(merchant, day)) {
      refuse(p, 'MERCHANT_NOT_ACTIVE');
      continue;
    }
    const agreement = agreementOn(lookups.agreements.get(merchant.id), day);
    if (!agreement) {
      refuse(p, 'NO_AGREEMENT');
      continue;
    }
    const key = cmmKey(card.id, merchant.id, month);
    keys.add(key);
    const subsidy = purchaseSubsidy(item.amountFen, agreement, used.get(key) ?? 0);
    if (subsidy !== 0) add(key, subsidy);
    const row: NewRow = {
      index: p.index,
      txnId: item.txnId,
      cardId: card.id,
      merchantId: merchant.id,
      kind: 'purchase',
      amountFen: item.amountFen,
      subsidyFen: subsidy,
      agreementId: agreement.id,
      refundOfId: null,
      refundOfTxnId: null,
      qualifying: item.amountFen >= card.minQualifyingFen,
      occurredAt: at,
      month,
    };
    rows.push(row);
    inBatch.set(item.txnId, row);
    results.set(p.index, { txnId: item.txnId, status: 'accepted', subsidyFen: subsidy });
  }
  return { results, rows, deltas, keys };
}
