import { purchaseSubsidy, refundSubsidy } from '@tongxing/domain';
import { agreementOn, type AgreementFacts } from '../../apps/server/src/modules/card-transactions/card-transaction-rules.ts';
import { copyField } from './card-load.ts';

/**
 * The bench's card transaction history, month by month so that twenty million rows never sit in memory at
 * once. Each month's purchases (and the refunds that arrive in it) are priced by the partner API's own rules
 * in arrival order — the agreement valid on the day, its per-purchase cap, the monthly cap per card ×
 * merchant × month, refunds giving the subsidy back in proportion — as the demo's history is
 * (apps/server/src/demo/demo-card-transactions.ts), then handed out as COPY lines.
 */
export const DAY = 86_400_000;

/** How often members shop in each category (relative), and a typical amount in fen (the demo's mix). */
export const CATEGORY: Record<string, { weight: number; medianFen: number }> = {
  supermarket: { weight: 34, medianFen: 8_000 },
  catering: { weight: 30, medianFen: 6_000 },
  daily_service: { weight: 10, medianFen: 5_000 },
  worker_station: { weight: 8, medianFen: 1_500 },
  cinema: { weight: 6, medianFen: 9_000 },
  fitness: { weight: 4, medianFen: 20_000 },
  other: { weight: 4, medianFen: 5_000 },
  travel: { weight: 1.5, medianFen: 180_000 },
  health_check: { weight: 1.5, medianFen: 60_000 },
  education: { weight: 1, medianFen: 120_000 },
};

export interface HistoryCard {
  id: number;
  district: number;
  /** Instants (ms) the card may be used: from its activation (or the window's start) to its closing (or today). */
  from: number;
  to: number;
}

export interface HistoryMerchant {
  id: number;
  category: string;
  district: number;
  partnerOrgId: number | null;
  from: string;
  until: string | null;
  agreements: AgreementFacts[];
}

interface Txn {
  id: number;
  senderOrgId: number;
  senderTxnId: string;
  cardId: number;
  merchantId: number;
  kind: 'purchase' | 'refund';
  amountFen: number;
  subsidyFen: number;
  agreementId: number;
  refundOf: Txn | null;
  qualifying: boolean;
  at: number;
  month: number;
}

export const TXN_COLUMNS = ['id', 'sender_org_id', 'sender_txn_id', 'card_id', 'merchant_id', 'kind', 'amount_fen', 'subsidy_fen', 'agreement_id', 'refund_of_id', 'qualifying', 'occurred_at', 'month', 'received_at'];

export interface MonthOut {
  month: number;
  /** The month's transactions in arrival order, priced; `lines` turns a range of them into COPY lines. */
  count: number;
  lines: (from: number, to: number) => Generator<string>;
  purchases: number;
  refunds: number;
  subsidyFen: number;
  /** Monthly-cap sums that are final now (months no later refund can reach): COPY lines of card_merchant_months. */
  capLines: () => Generator<string>;
}

/**
 * One COPY line of a transaction. Built only as COPY consumes it: a month's million lines held at once (each
 * a rope of some thirty pieces until written) would take gigabytes of heap.
 */
function lineOf(t: Txn, refundOfId: number | null): string {
  return [
    t.id, t.senderOrgId, copyField(t.senderTxnId), t.cardId, t.merchantId, t.kind, t.amountFen, t.subsidyFen, t.agreementId,
    refundOfId ?? '\\N', t.qualifying ? 't' : 'f', new Date(t.at).toISOString(), t.month, new Date(t.at + 60_000 + ((t.id * 7919) % 3_600_000)).toISOString(),
  ].join('\t') + '\n';
}

export interface HistoryOptions {
  seed: number;
  target: number;
  refundShare: number;
  minQualifyingFen: number;
  bankOrgId: number;
  windowFrom: number;
  todayStart: number;
  firstId: number;
  rand: () => number;
}

/**
 * Yields one month at a time, oldest first. A refund comes 1–10 days after its purchase, so it lands in the
 * purchase's month or the next: the monthly-cap sums of a month are final once the next month is priced.
 */
export function* cardHistory(cards: HistoryCard[], merchants: HistoryMerchant[], o: HistoryOptions): Generator<MonthOut> {
  const { rand } = o;
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const byCategory = new Map<string, HistoryMerchant[]>();
  const byDistrictCategory = new Map<string, HistoryMerchant[]>();
  for (const m of merchants) {
    byCategory.set(m.category, [...(byCategory.get(m.category) ?? []), m]);
    const k = `${m.district}/${m.category}`;
    byDistrictCategory.set(k, [...(byDistrictCategory.get(k) ?? []), m]);
  }
  const categories = Object.keys(CATEGORY).filter((c) => byCategory.has(c));
  const totalWeight = categories.reduce((s, c) => s + CATEGORY[c]!.weight, 0);
  const category = () => {
    let x = rand() * totalWeight;
    for (const c of categories) if ((x -= CATEGORY[c]!.weight) < 0) return c;
    return categories[categories.length - 1]!;
  };

  // The window's days (Shanghai): date text, month, weekend; grouped by month.
  const dayCount = Math.round((o.todayStart - o.windowFrom) / DAY);
  const days = Array.from({ length: dayCount }, (_, i) => {
    const local = new Date(o.windowFrom + i * DAY + 8 * 3_600_000);
    const weekday = local.getUTCDay();
    return { text: local.toISOString().slice(0, 10), month: local.getUTCFullYear() * 100 + local.getUTCMonth() + 1, weekend: weekday === 0 || weekday === 6 };
  });
  const months: { month: number; first: number; last: number }[] = [];
  days.forEach((d, i) => {
    const cur = months.at(-1);
    if (cur && cur.month === d.month) cur.last = i;
    else months.push({ month: d.month, first: i, last: i });
  });

  // Members shop at different paces: a third hardly use the card, a few use it all the time.
  const pace = Float64Array.from(cards, () => [0, 0.15, 1, 1, 2.5, 2.5, 2.5, 6][Math.floor(rand() * 8)]!);
  const weighted = cards.reduce((s, c, i) => s + pace[i]! * Math.max(0, (c.to - c.from) / DAY), 0);
  const perDay = o.target / weighted;

  let nextId = o.firstId;
  let bankSerial = 0;
  let merchantSerial = 0;
  let carried: Txn[] = [];
  const used = new Map<number, Map<string, number>>();
  const usedOf = (month: number) => {
    let m = used.get(month);
    if (!m) used.set(month, (m = new Map()));
    return m;
  };

  for (const [mi, span] of months.entries()) {
    const monthStart = o.windowFrom + span.first * DAY;
    const monthEnd = o.windowFrom + (span.last + 1) * DAY;
    const txns: Txn[] = carried;
    carried = [];
    const nextMonth: Txn[] = [];
    cards.forEach((card, i) => {
      const from = Math.max(card.from, monthStart);
      const to = Math.min(card.to, monthEnd);
      if (to - from < DAY / 4) return;
      // Stochastic rounding keeps the expected count exact for the many cards with less than one a month.
      const n = Math.floor(pace[i]! * ((to - from) / DAY) * perDay * (0.6 + 0.8 * rand()) + rand());
      const firstDay = Math.floor((from - o.windowFrom) / DAY);
      const spanDays = Math.max(1, Math.ceil((to - from) / DAY));
      for (let k = 0; k < n; k++) {
        let d = firstDay;
        for (let tries = 0; tries < 4; tries++) {
          d = Math.min(span.last, firstDay + Math.floor(rand() * spanDays));
          if (days[d]!.weekend || rand() < 0.62) break;
        }
        const hour = rand() < 0.35 ? 11 + Math.floor(rand() * 3) : rand() < 0.6 ? 17 + Math.floor(rand() * 4) : 8 + Math.floor(rand() * 14);
        const at = o.windowFrom + d * DAY + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
        if (at < card.from || at >= card.to) continue;
        const day = days[d]!.text;
        // A merchant of the category, in the member's district mostly, open that day under an agreement.
        let m: HistoryMerchant | null = null;
        let agreement: AgreementFacts | null = null;
        let cat = category();
        for (let tries = 0; tries < 4 && !agreement; tries++) {
          const local = byDistrictCategory.get(`${card.district}/${cat}`);
          const cand = pick(local && rand() < 0.8 ? local : byCategory.get(cat)!);
          if (day < cand.from || (cand.until !== null && day >= cand.until)) {
            cat = category();
            continue;
          }
          agreement = agreementOn(cand.agreements, day);
          m = cand;
        }
        if (!m || !agreement) continue;
        const amountFen = Math.max(100, Math.round((CATEGORY[cat]!.medianFen * Math.exp(0.6 * normal())) / 10) * 10);
        const byMerchant = m.partnerOrgId !== null && rand() < 0.5;
        const p: Txn = {
          id: 0,
          senderOrgId: byMerchant ? m.partnerOrgId! : o.bankOrgId,
          senderTxnId: byMerchant ? `M${m.id}-${String(++merchantSerial).padStart(10, '0')}` : `CB${day.replace(/-/g, '')}${String(++bankSerial).padStart(10, '0')}`,
          cardId: card.id,
          merchantId: m.id,
          kind: 'purchase',
          amountFen,
          subsidyFen: 0,
          agreementId: agreement.id,
          refundOf: null,
          qualifying: amountFen >= o.minQualifyingFen,
          at,
          month: days[d]!.month,
        };
        txns.push(p);
        // A few purchases come back, whole or in part, some days later (before today).
        if (rand() < o.refundShare) {
          const rat = at + (1 + Math.floor(rand() * 10)) * DAY + Math.floor(rand() * 3_600_000);
          if (rat < o.todayStart && rat < card.to) {
            const r: Txn = {
              ...p,
              senderTxnId: `${p.senderTxnId}R`,
              kind: 'refund',
              amountFen: rand() < 0.75 ? amountFen : Math.max(1, Math.round(amountFen * (0.3 + 0.4 * rand()))),
              refundOf: p,
              qualifying: false,
              at: rat,
              month: 0,
            };
            (rat < monthEnd ? txns : nextMonth).push(r);
          }
        }
      }
    });
    carried = nextMonth;

    // Priced in the order the API would have received them.
    txns.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'purchase' ? -1 : 1));
    let purchases = 0;
    let subsidyFen = 0;
    const byAgreement = new Map<number, AgreementFacts>();
    for (const m of merchants) for (const a of m.agreements) byAgreement.set(a.id, a);
    txns.forEach((t) => {
      t.id = nextId++;
      if (t.kind === 'purchase') {
        purchases++;
        const u = usedOf(t.month);
        const key = `${t.cardId}:${t.merchantId}`;
        const before = u.get(key) ?? 0;
        t.subsidyFen = purchaseSubsidy(t.amountFen, byAgreement.get(t.agreementId)!, before);
        u.set(key, before + t.subsidyFen);
      } else {
        const p = t.refundOf!;
        const back = refundSubsidy(p.amountFen, p.subsidyFen, 0, t.amountFen);
        t.subsidyFen = -back;
        t.qualifying = p.qualifying && t.amountFen === p.amountFen;
        t.month = days[Math.floor((t.at - o.windowFrom) / DAY)]!.month;
        const u = usedOf(p.month);
        const key = `${p.cardId}:${p.merchantId}`;
        u.set(key, (u.get(key) ?? 0) - back);
      }
      subsidyFen += t.subsidyFen;
    });
    // A refund's original id, kept apart so the month's refunds can let go of their purchases.
    const refundOfIds = new Map<Txn, number>();
    for (const t of txns) {
      if (t.kind !== 'refund') continue;
      refundOfIds.set(t, t.refundOf!.id);
      t.refundOf = null;
    }

    // The previous month's caps are final now (its late refunds were priced in this month); the last
    // month's too when this is the last month.
    const finalMonths = (mi === months.length - 1 ? [...used.keys()] : [...used.keys()].filter((m) => m < span.month)).sort();
    const finalCaps = finalMonths.map((month) => [month, used.get(month)!] as const);
    for (const month of finalMonths) used.delete(month);
    const capLines = function* () {
      for (const [month, sums] of finalCaps) {
        for (const [key, fen] of sums) {
          const [card, merchant] = key.split(':');
          yield `${card}\t${merchant}\t${month}\t${fen}\n`;
        }
      }
    };
    const lines = function* (from: number, to: number) {
      for (let i = from; i < Math.min(to, txns.length); i++) yield lineOf(txns[i]!, refundOfIds.get(txns[i]!) ?? null);
    };
    yield { month: span.month, count: txns.length, lines, purchases, refunds: txns.length - purchases, subsidyFen, capLines };
  }
}
