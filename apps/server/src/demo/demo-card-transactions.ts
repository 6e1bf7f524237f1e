import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { rng } from '@tongxing/db/seed/codes';
import { purchaseSubsidy, refundSubsidy, shanghaiMonth } from '@tongxing/domain';
import { shanghaiDate } from '../lib/local-date';
import { agreementOn, cmmKey, type AgreementFacts } from '../modules/card-transactions/card-transaction-rules';

/**
 * A year of card transactions over the demo's activated cards at its active partner merchants: a few hundred
 * thousand purchases — most at supermarkets and eateries, more at weekends, at lunch and after work, mostly in
 * the member's own district — and a few refunds, whole or partial. Each is priced by the partner API's own
 * rules in the order the API would have received them (the agreement valid on the day, its per-purchase cap,
 * the monthly cap per card × merchant × month, refunds giving the subsidy back in proportion), then the rows are
 * loaded by COPY: the rollup triggers keep usage and the merchants' month totals as for any insert.
 * Works from whatever cards and merchants the database holds; deterministic for a given day.
 */
export const DEMO_CARD_TRANSACTIONS = { seed: 20_261_207, target: 300_000, refundShare: 0.02 };

export interface DemoCardTransactionsSummary {
  purchases: number;
  refunds: number;
  subsidyFen: number;
  seconds: number;
}

const DAY = 86_400_000;

/** How often members shop in each category (relative), and a typical amount in fen. */
const CATEGORY: Record<string, { weight: number; medianFen: number }> = {
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

interface Card {
  id: number;
  bankOrgId: number;
  district: number;
  from: number;
  to: number;
  minFen: number;
}

interface Merchant {
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
  agreementId: number | null;
  refundOf: Txn | null;
  qualifying: boolean;
  at: number;
  month: number;
  minFen: number;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const field = (v: unknown) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!));

async function copyRows(client: pg.PoolClient, table: string, cols: string[], rows: unknown[][]) {
  const stream = client.query(copyFrom(`copy ${table} (${cols.join(', ')}) from stdin`));
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    chunk += `${rows[i]!.map(field).join('\t')}\n`;
    if (i % 2000 === 1999) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk) stream.write(chunk);
  stream.end();
  await finished(stream);
}

export async function seedDemoCardTransactions(pool: pg.Pool, opts: { today?: string; log?: (line: string) => void } = {}): Promise<DemoCardTransactionsSummary> {
  const started = performance.now();
  const lap = (what: string) => opts.log?.(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const today = opts.today ?? shanghaiDate(new Date());
  // Instants in Shanghai local time as UTC milliseconds minus 8 hours; the window is the year up to yesterday.
  const todayStart = Date.parse(`${today}T00:00:00+08:00`);
  const windowFrom = todayStart - 365 * DAY;
  const rand = rng(DEMO_CARD_TRANSACTIONS.seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  const client = await pool.connect();
  try {
    await client.query('begin');
    const cardRows = await client.query<{ id: number; bank_org_id: number; district: number; activated_on: string; closed_at: Date | null; state: string; min_fen: string }>(
      `select c.id, c.bank_org_id, coalesce(subpath(c.org_path, 1, 1)::text::int, 0) as district, c.activated_on::text, c.closed_at, c.state, p.min_qualifying_fen as min_fen
         from cards c join card_programmes p on p.id = c.programme_id
        where c.activated_on is not null and c.state <> 'frozen' order by c.id`,
    );
    const merchantRows = await client.query<{ id: number; category: string; district: number; partner_org_id: number | null; state: string; activated_on: string | null; revoked_on: string | null }>(
      `select id, category, coalesce(subpath(supervisor_path, 1, 1)::text::int, 0) as district, partner_org_id, state, activated_on::text, revoked_on::text
         from merchants where state in ('active', 'revoked') and activated_on is not null order by id`,
    );
    const agreementRows = await client.query<{ id: number; merchant_id: number; subsidy_bps: number; cap_per_txn_fen: string | null; cap_per_month_fen: string | null; valid_from: string; valid_to: string; status: string }>(
      'select id, merchant_id, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from::text, valid_to::text, status from merchant_agreements order by id',
    );
    const agreements = new Map<number, AgreementFacts[]>();
    for (const a of agreementRows.rows) {
      const list = agreements.get(a.merchant_id) ?? [];
      list.push({
        id: a.id,
        merchantId: a.merchant_id,
        subsidyBps: a.subsidy_bps,
        capPerTxnFen: a.cap_per_txn_fen === null ? null : Number(a.cap_per_txn_fen),
        capPerMonthFen: a.cap_per_month_fen === null ? null : Number(a.cap_per_month_fen),
        validFrom: a.valid_from,
        validTo: a.valid_to,
        active: a.status === 'active',
      });
      agreements.set(a.merchant_id, list);
    }
    const merchants: Merchant[] = merchantRows.rows
      .filter((m) => agreements.has(m.id))
      .map((m) => ({ id: m.id, category: m.category, district: m.district, partnerOrgId: m.partner_org_id, from: m.activated_on!, until: m.state === 'revoked' ? m.revoked_on : null, agreements: agreements.get(m.id)! }));
    const cards: Card[] = cardRows.rows
      .map((c) => ({
        id: c.id,
        bankOrgId: c.bank_org_id,
        district: c.district,
        from: Math.max(windowFrom, Date.parse(`${c.activated_on}T00:00:00+08:00`)),
        to: Math.min(todayStart, c.closed_at ? c.closed_at.getTime() : todayStart),
        minFen: Number(c.min_fen),
      }))
      .filter((c) => c.to - c.from > DAY);
    if (cards.length === 0 || merchants.length === 0) {
      await client.query('commit');
      return { purchases: 0, refunds: 0, subsidyFen: 0, seconds: (performance.now() - started) / 1000 };
    }

    lap('read cards and merchants');
    // Merchants by category, in the card's district first.
    const byCategory = new Map<string, Merchant[]>();
    const byDistrictCategory = new Map<string, Merchant[]>();
    for (const m of merchants) {
      byCategory.set(m.category, [...(byCategory.get(m.category) ?? []), m]);
      byDistrictCategory.set(`${m.district}/${m.category}`, [...(byDistrictCategory.get(`${m.district}/${m.category}`) ?? []), m]);
    }
    const categories = Object.keys(CATEGORY).filter((c) => byCategory.has(c));
    const totalWeight = categories.reduce((s, c) => s + CATEGORY[c]!.weight, 0);
    const category = () => {
      let x = rand() * totalWeight;
      for (const c of categories) if ((x -= CATEGORY[c]!.weight) < 0) return c;
      return categories[categories.length - 1]!;
    };

    // Members shop at different paces: a third hardly use the card, a few use it all the time.
    const pace = cards.map(() => [0, 0.15, 1, 1, 2.5, 2.5, 2.5, 6][Math.floor(rand() * 8)]!);
    const weighted = cards.reduce((s, c, i) => s + pace[i]! * ((c.to - c.from) / DAY), 0);
    const perDay = DEMO_CARD_TRANSACTIONS.target / weighted;

    // The window's days (Shanghai): date text, month and weekend, so the loop below makes no Date objects.
    const days = Array.from({ length: 366 }, (_, i) => {
      const local = new Date(windowFrom + i * DAY + 8 * 3_600_000);
      const weekday = local.getUTCDay();
      return { text: local.toISOString().slice(0, 10), month: local.getUTCFullYear() * 100 + local.getUTCMonth() + 1, weekend: weekday === 0 || weekday === 6 };
    });
    const txns: Txn[] = [];
    let bankSerial = 0;
    cards.forEach((card, i) => {
      const span = Math.floor((card.to - card.from) / DAY);
      const first = Math.floor((card.from - windowFrom) / DAY);
      const n = Math.round(pace[i]! * span * perDay * (0.6 + 0.8 * rand()));
      for (let k = 0; k < n; k++) {
        // A day in the card's window, weekends more likely; an hour around lunch or after work.
        let d = first;
        for (let tries = 0; tries < 4; tries++) {
          d = first + Math.floor(rand() * span);
          if (days[d]!.weekend || rand() < 0.62) break;
        }
        const hour = rand() < 0.35 ? 11 + Math.floor(rand() * 3) : rand() < 0.6 ? 17 + Math.floor(rand() * 4) : 8 + Math.floor(rand() * 14);
        const at = windowFrom + d * DAY + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
        if (at < card.from || at >= card.to) continue;
        const day = days[d]!.text;
        const cat = category();
        const local = byDistrictCategory.get(`${card.district}/${cat}`);
        const m = pick(local && rand() < 0.8 ? local : byCategory.get(cat)!);
        if (day < m.from || (m.until !== null && day >= m.until)) continue;
        const agreement = agreementOn(m.agreements, day);
        if (!agreement) continue;
        const amountFen = Math.max(100, Math.round((CATEGORY[cat]!.medianFen * Math.exp(0.6 * normal())) / 10) * 10);
        const byMerchant = m.partnerOrgId !== null && rand() < 0.5;
        txns.push({
          id: 0,
          senderOrgId: byMerchant ? m.partnerOrgId! : card.bankOrgId,
          senderTxnId: byMerchant ? `M${m.id}-${String(txns.length + 1).padStart(8, '0')}` : `CB${day.replace(/-/g, '')}${String(++bankSerial).padStart(8, '0')}`,
          cardId: card.id,
          merchantId: m.id,
          kind: 'purchase',
          amountFen,
          subsidyFen: 0,
          agreementId: agreement.id,
          refundOf: null,
          qualifying: amountFen >= card.minFen,
          at,
          month: days[d]!.month,
          minFen: card.minFen,
        });
      }
    });
    // A few purchases come back, whole or in part, some days later (and before today).
    const purchases = txns.length;
    for (let i = 0; i < purchases; i++) {
      if (rand() >= DEMO_CARD_TRANSACTIONS.refundShare) continue;
      const p = txns[i]!;
      const at = p.at + (1 + Math.floor(rand() * 10)) * DAY + Math.floor(rand() * 3_600_000);
      if (at >= todayStart) continue;
      const amountFen = rand() < 0.75 ? p.amountFen : Math.max(1, Math.round(p.amountFen * (0.3 + 0.4 * rand())));
      txns.push({
        ...p,
        senderTxnId: `${p.senderTxnId}R`,
        kind: 'refund',
        amountFen,
        refundOf: p,
        qualifying: false,
        at,
        month: shanghaiMonth(new Date(at)),
      });
    }

    // Priced in the order the API would have received them.
    txns.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'purchase' ? -1 : 1));
    const firstId = Number((await client.query<{ n: string }>('select coalesce(max(id), 0) + 1 as n from card_transactions')).rows[0]!.n);
    const used = new Map<string, number>();
    const byAgreement = new Map(agreementRows.rows.map((a) => [a.id, agreements.get(a.merchant_id)!.find((x) => x.id === a.id)!]));
    let subsidyFen = 0;
    txns.forEach((t, i) => {
      t.id = firstId + i;
      if (t.kind === 'purchase') {
        const key = cmmKey(t.cardId, t.merchantId, t.month);
        t.subsidyFen = purchaseSubsidy(t.amountFen, byAgreement.get(t.agreementId!)!, used.get(key) ?? 0);
        used.set(key, (used.get(key) ?? 0) + t.subsidyFen);
      } else {
        const p = t.refundOf!;
        const back = refundSubsidy(p.amountFen, p.subsidyFen, 0, t.amountFen);
        t.subsidyFen = -back;
        t.qualifying = p.qualifying && t.amountFen === p.amountFen;
        const key = cmmKey(p.cardId, p.merchantId, p.month);
        used.set(key, (used.get(key) ?? 0) - back);
      }
      subsidyFen += t.subsidyFen;
    });

    lap(`generated and priced ${txns.length} transactions`);
    await copyRows(
      client,
      'card_transactions',
      ['id', 'sender_org_id', 'sender_txn_id', 'card_id', 'merchant_id', 'kind', 'amount_fen', 'subsidy_fen', 'agreement_id', 'refund_of_id', 'qualifying', 'occurred_at', 'month', 'received_at'],
      txns.map((t) => [
        t.id,
        t.senderOrgId,
        t.senderTxnId,
        t.cardId,
        t.merchantId,
        t.kind,
        t.amountFen,
        t.subsidyFen,
        t.agreementId,
        t.refundOf ? t.refundOf.id : null,
        t.qualifying ? 't' : 'f',
        new Date(t.at).toISOString(),
        t.month,
        new Date(t.at + 60_000 + Math.floor((t.id * 7919) % 3_600_000)).toISOString(),
      ]),
    );
    lap('copied, with the rollup triggers');
    await client.query(`select setval(pg_get_serial_sequence('card_transactions', 'id'), (select max(id) from card_transactions))`);
    // The monthly sums through a temporary table: COPY is the fast way in, and rows already there are added to.
    await client.query('create temporary table demo_card_months (card_id int, merchant_id int, month int, subsidy_fen bigint) on commit drop');
    await copyRows(client, 'demo_card_months', ['card_id', 'merchant_id', 'month', 'subsidy_fen'], [...used].map(([k, v]) => [...k.split(':'), v]));
    await client.query(
      `insert into card_merchant_months as m (card_id, merchant_id, month, subsidy_fen)
       select card_id, merchant_id, month, subsidy_fen from demo_card_months
       on conflict (card_id, merchant_id, month) do update set subsidy_fen = m.subsidy_fen + excluded.subsidy_fen`,
    );
    lap('monthly sums');
    const refunds = txns.length - purchases;
    await client.query(`insert into audit_log (action, actor_username, after) values ('system.seed_demo_card_transactions', 'system', $1::jsonb)`, [
      JSON.stringify({ purchases, refunds, subsidyFen }),
    ]);
    await client.query('commit');
    return { purchases, refunds, subsidyFen, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}
