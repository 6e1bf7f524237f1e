/**
 * Builds (or reuses) the member service card at city scale over the 1,500,000 bench members: one programme
 * issued by the bench bank's branch, 1,000,000 cards in every state with dates over two years, 600 partner
 * merchants with their yearly agreements, the bench bank's and one merchant's partner API keys, and
 * 20,000,000 historical transactions priced by the partner API's rules. The merchants' month totals are kept by
 * their trigger during the load; the funnel and usage rollups, whose triggers would cost most of the load's time
 * in bulk, are built after it in one pass each with the triggers' own rules (checkCardRollups: 0 differences).
 * Run alone with `npx tsx bench/generate-cards.ts [--regenerate] [--check]` (`--check` runs checkCardRollups over
 * every row at the end: minutes at this size); the cards benchmark calls
 * `ensureBenchCards`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { rng } from '@tongxing/db/seed/codes';
import { demoPartners } from '@tongxing/db/seed/demo-tree';
import { merchantCategories } from '@tongxing/domain';
import { shanghaiDate } from '../apps/server/src/lib/local-date.ts';
import { checkCardRollups } from '../apps/server/src/modules/card-stats/rollup-check.ts';
import { hashCardNumber, luhnCheckDigit } from '../apps/server/src/modules/cards/card-number.ts';
import type { AgreementFacts } from '../apps/server/src/modules/card-transactions/card-transaction-rules.ts';
import { benchCrypto, ensureBenchMembers, type BenchMembers } from './generate-members.ts';
import type { BenchTree } from './generate-tree.ts';
import { openBenchDatabase, type BenchDatabase } from './lib/bench-db.ts';
import { cardHistory, DAY, TXN_COLUMNS, type HistoryCard, type HistoryMerchant } from './lib/card-history.ts';
import { copyField, copyLines, dropIndexes, rebuildIndexes, restoreIndexes, secondaryIndexes } from './lib/card-load.ts';

/** Bump when the generated cards or transactions change in any way, so old bench data is rebuilt. */
const CARDS_VERSION = 1;
export const BENCH_CARDS = {
  members: 1_500_000,
  cards: 1_000_000,
  transactions: 20_000_000,
  merchants: 600,
  seed: 20_261_128,
  /** Days of history: cards created and transactions made over the two years up to yesterday. */
  days: 730,
  refundShare: 0.02,
  minQualifyingFen: 1000,
  programmeCode: 'bench-member-card',
};
/** The full shape, and a small one for trying the benchmark out in a minute (its own markers: data is rebuilt). */
export const BENCH_CARD_SHAPES = {
  full: { members: 1_500_000, cards: 1_000_000, transactions: 20_000_000, merchants: 600 },
  small: { members: 20_000, cards: 15_000, transactions: 300_000, merchants: 100 },
} as const;
export type BenchCardShape = keyof typeof BENCH_CARD_SHAPES;
export function useBenchCardShape(shape: BenchCardShape): void {
  Object.assign(BENCH_CARDS, BENCH_CARD_SHAPES[shape]);
}
/** Partner API keys of the bench (secrets sealed with the bench data key, as the app seals them). */
export const BENCH_PARTNER_KEYS = {
  bank: { keyId: 'bench-bank', secret: 'bench-bank-secret-0123456789abcdef' },
  merchant: { keyId: 'bench-merchant', secret: 'bench-merchant-secret-0123456789ab' },
};
/** A single COPY statement loads at most this many transactions (the triggers' transition tables stay modest). */
const COPY_BATCH = 500_000;
const CMM_PK = 'card_merchant_months_card_id_merchant_id_month_pk';
const USAGE_PK = 'card_usage_card_id_period_pk';
/**
 * The usage marks of the whole history, built in one pass with the usage trigger's own rule (a qualifying
 * purchase adds one in its month, quarter and year; a refund completing one takes it away in the purchase's
 * periods), then each card with a mark counted on every unit of its path. The same tables the trigger keeps;
 * checkCardRollups recomputes them from the raw rows afterwards.
 */
const USAGE_BUILD_SQL = [
  `insert into card_usage (card_id, period, n)
   select t.card_id, p.period, sum(case when t.kind = 'purchase' then 1 else -1 end)::int
     from card_transactions t
     left join card_transactions o on t.kind = 'refund' and o.id = t.refund_of_id
    cross join lateral unnest(card_periods(case when t.kind = 'purchase' then t.month else o.month end)) as p(period)
    where t.qualifying
    group by 1, 2
   having sum(case when t.kind = 'purchase' then 1 else -1 end) <> 0`,
  `insert into org_card_usage as r (org_id, programme_id, period, used)
   select a::int, c.programme_id, u.period, count(*)::int
     from card_usage u join cards c on c.id = u.card_id
    cross join lateral unnest(string_to_array(c.org_path::text, '.')) a
    where u.n > 0
    group by 1, 2, 3
   on conflict (org_id, programme_id, period) do update set used = r.used + excluded.used`,
];
/** Every card's funnel contribution (card_flow_contrib, as the trigger adds it) on every unit of its path. */
const FLOW_BUILD_SQL = `
insert into org_card_flow as f (org_id, programme_id, month, collected, applied, issued, activated)
select a::int, c.programme_id, x.month, sum(x.collected)::int, sum(x.applied)::int, sum(x.issued)::int, sum(x.activated)::int
  from cards c
 cross join lateral card_flow_contrib(c.created_at, c.applied_at, c.issued_on, c.activated_on, c.closed_at) x
 cross join lateral unnest(string_to_array(c.org_path::text, '.')) a
 group by 1, 2, 3
having sum(x.collected) <> 0 or sum(x.applied) <> 0 or sum(x.issued) <> 0 or sum(x.activated) <> 0
on conflict (org_id, programme_id, month) do update
   set collected = f.collected + excluded.collected, applied = f.applied + excluded.applied,
       issued = f.issued + excluded.issued, activated = f.activated + excluded.activated`;
/** Merchants with their own org unit (operator accounts, and partner keys of their own). */
const MERCHANT_UNITS = 20;

/** The fictional number of a bench card: 621799, the card id in twelve digits, a Luhn check digit. */
export function benchCardNumber(cardId: number): string {
  const body = `621799${String(cardId).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}

export interface BenchCards {
  marker: string;
  /** The business day the data was generated for (its history ends the day before). */
  today: string;
  programmeId: number;
  bank: { orgId: number; orgPath: string; name: string };
  /** The merchant whose own system sends through the merchant key. */
  merchant: { id: number; orgId: number };
  rows: Record<string, number>;
  byState: Record<string, number>;
  generatedSeconds: number;
  generatedAt: string;
  reused: boolean;
  steps: Record<string, number>;
  check: { differences: number; seconds: number } | null;
}

interface Stored extends Omit<BenchCards, 'reused'> {
  members: string;
}

function markerOf(): string {
  const b = BENCH_CARDS;
  return `tongxing-bench cards v${CARDS_VERSION} ${b.cards} cards ${b.transactions} txns ${b.merchants} merchants ${b.days} days seed ${b.seed}`;
}

async function readStored(pool: pg.Pool): Promise<Stored | null> {
  const res = await pool.query<{ c: string | null }>(`select obj_description('cards'::regclass, 'pg_class') as c`);
  try {
    return res.rows[0]?.c ? (JSON.parse(res.rows[0].c) as Stored) : null;
  } catch {
    return null;
  }
}

async function timed<T>(steps: Record<string, number>, name: string, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await work();
  steps[name] = Math.round((performance.now() - t) / 100) / 10;
  log(`[bench]   ${name}: ${steps[name]} s`);
  return out;
}

interface Unit {
  id: number;
  path: string;
  name: string;
}

/** A unit at the root of the tree (banks, merchants), found by kind and name or created. */
async function ensureRootUnit(client: pg.ClientBase, kind: string, name: string, shortName: string, parent: Unit | null): Promise<Unit> {
  const found = await client.query<Unit>(`select id, path::text as path, name from org_units where kind = $1 and name = $2`, [kind, name]);
  if (found.rows[0]) return found.rows[0];
  const id = (await client.query<{ id: number }>(`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`)).rows[0]!.id;
  const path = parent ? `${parent.path}.${id}` : String(id);
  await client.query(
    `insert into org_units (id, parent_id, path, depth, kind, name, short_name, status, sort_order)
     values ($1, $2, $3::ltree, $4, $5, $6, $7, 'active', 100000 + $1)`,
    [id, parent?.id ?? null, path, parent ? path.split('.').length - 1 : 0, kind, name, shortName],
  );
  return { id, path, name };
}

/** Card tables emptied (a load that stopped half-way is never taken as a base). */
async function clear(client: pg.ClientBase): Promise<void> {
  await client.query(
    `truncate card_transactions, card_usage, org_card_usage, org_card_flow, card_merchant_months, merchant_month_totals,
              card_events, cards, card_application_batches, card_bank_imports, merchant_settlements, merchant_assessments,
              merchant_agreements, merchant_quotas, merchant_quota_periods, merchants, partner_api_keys, partner_request_signatures,
              card_programme_banks, card_programmes restart identity cascade`,
  );
  // A load that stopped half-way may have left its switches off and its indexes dropped.
  await restoreIndexes(client, 'cards');
  await restoreIndexes(client, 'card_transactions');
  await client.query('alter table cards enable trigger cards_rollups_insert');
  await client.query('alter table card_transactions enable trigger card_transactions_usage');
  await client.query(`alter table card_merchant_months drop constraint if exists ${CMM_PK}`);
  await client.query(`alter table card_usage drop constraint if exists ${USAGE_PK}`);
  await client.query(`alter table card_merchant_months add constraint ${CMM_PK} primary key (card_id, merchant_id, month)`);
  await client.query(`alter table card_usage add constraint ${USAGE_PK} primary key (card_id, period)`);
}

interface CardDraft {
  id: number;
  memberId: number;
  state: string;
  channel: string;
  createdAt: number;
  appliedAt: number | null;
  issuedOn: number | null;
  activatedOn: number | null;
  closedAt: number | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
/** The Shanghai calendar day of an instant. */
const dayOf = (t: number | null) => (t === null ? null : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10));

/** Cards of a state mix over two years: the furthest stage each card reached by its dates, closings last. */
function cardDrafts(memberIds: number[], firstId: number, windowFrom: number, todayStart: number, rand: () => number): CardDraft[] {
  const within = (t: number) => t < todayStart;
  return memberIds.map((memberId, i) => {
    const createdAt = windowFrom + Math.floor(rand() * (todayStart - windowFrom - DAY));
    const r = rand();
    const target = r < 0.04 ? 0 : r < 0.09 ? 1 : r < 0.19 ? 2 : 3;
    const channel = ['portal', 'portal', 'street', 'street', 'street', 'bank'][Math.floor(rand() * 6)]!;
    let appliedAt: number | null = channel === 'portal' ? createdAt : createdAt + Math.floor(rand() * 14 * DAY);
    let issuedOn: number | null = appliedAt + (7 + Math.floor(rand() * 19)) * DAY;
    let activatedOn: number | null = issuedOn + Math.floor(rand() * 46) * DAY;
    // Issued and activated are calendar days (the bank's file): kept at Shanghai midnight.
    issuedOn = Date.parse(`${dayOf(issuedOn)}T00:00:00+08:00`);
    activatedOn = Date.parse(`${dayOf(activatedOn)}T00:00:00+08:00`);
    if (target < 3 || !within(activatedOn)) activatedOn = null;
    if (target < 2 || !within(issuedOn)) {
      issuedOn = null;
      activatedOn = null;
    }
    if (target < 1 || !within(appliedAt)) {
      appliedAt = null;
      issuedOn = null;
      activatedOn = null;
    }
    let state = activatedOn !== null ? 'activated' : issuedOn !== null ? 'issued' : appliedAt !== null ? 'applied' : 'collected';
    let closedAt: number | null = null;
    if (state === 'activated') {
      const c = rand();
      if (c < 0.03) state = 'frozen';
      else if (c < 0.08) {
        const at = activatedOn! + DAY + Math.floor(rand() * Math.max(DAY, todayStart - activatedOn! - 2 * DAY));
        if (at < todayStart - DAY) {
          state = c < 0.06 ? 'lost' : 'cancelled';
          closedAt = at;
        }
      }
    }
    return { id: firstId + i, memberId, state, channel, createdAt, appliedAt, issuedOn, activatedOn, closedAt };
  });
}

const CARD_COLUMNS = ['id', 'member_id', 'state', 'channel', 'number_last4', 'number_hash', 'applied_at', 'issued_on', 'activated_on', 'closed_at', 'created_at'];

async function loadCards(pool: pg.Pool, programmeId: number, bankOrgId: number, windowFrom: number, todayStart: number, rand: () => number, log: (line: string) => void): Promise<CardDraft[]> {
  // The members who hold a card: active ones, in an order unrelated to their units.
  const members = await pool.query<{ id: number }>(
    `select id from members where status = 'active' order by (id::bigint * 2654435761) % 4294967291, id limit $1`,
    [BENCH_CARDS.cards],
  );
  if (members.rows.length < BENCH_CARDS.cards) throw new Error(`only ${members.rows.length} active members for ${BENCH_CARDS.cards} cards`);
  const firstId = 1;
  const drafts = cardDrafts(members.rows.map((r) => r.id), firstId, windowFrom, todayStart, rand);
  const crypto = benchCrypto();
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Staged by COPY, then one set-based insert per 200,000 cards that takes each card's unit from its member.
    await client.query(
      `create temporary table bench_card_stage (id int, member_id int, state text, channel text, number_last4 text, number_hash text,
                                                applied_at timestamptz, issued_on date, activated_on date, closed_at timestamptz, created_at timestamptz) on commit drop`,
    );
    await copyLines(
      client,
      'bench_card_stage',
      CARD_COLUMNS,
      (function* () {
        for (const d of drafts) {
          const number = d.issuedOn !== null ? benchCardNumber(d.id) : null;
          yield `${[d.id, d.memberId, d.state, d.channel, number ? number.slice(-4) : null, number ? hashCardNumber(crypto, number) : null, iso(d.appliedAt), dayOf(d.issuedOn), dayOf(d.activatedOn), iso(d.closedAt), iso(d.createdAt)]
            .map(copyField)
            .join('\t')}\n`;
        }
      })(),
    );
    for (let lo = firstId; lo < firstId + drafts.length; lo += 200_000) {
      await client.query(
        `insert into cards (id, programme_id, member_id, bank_org_id, org_id, org_path, state, channel, number_last4, number_hash,
                            applied_at, issued_on, activated_on, closed_at, created_at, updated_at)
         select s.id, $1, s.member_id, $2, m.org_id, m.org_path, s.state, s.channel, s.number_last4, s.number_hash,
                s.applied_at, s.issued_on, s.activated_on, s.closed_at, s.created_at,
                greatest(s.created_at, s.applied_at, s.issued_on::timestamptz, s.activated_on::timestamptz, s.closed_at)
           from bench_card_stage s join members m on m.id = s.member_id
          where s.id >= $3 and s.id < $4 order by s.id`,
        [programmeId, bankOrgId, lo, lo + 200_000],
      );
    }
    await client.query(`select setval(pg_get_serial_sequence('cards', 'id'), (select max(id) from cards))`);
    // One history row per card: how it came to its present state.
    await client.query(
      `insert into card_events (card_id, from_state, to_state, source, at)
       select id, null, state, 'bench', greatest(created_at, applied_at, issued_on::timestamptz, activated_on::timestamptz, closed_at) from cards order by id`,
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  log(`[bench]     ${drafts.length.toLocaleString('en')} cards`);
  return drafts;
}

interface MerchantDraft {
  name: string;
  category: string;
  supervisor: Unit & { district: number };
  state: string;
  activatedOn: string | null;
  revokedOn: string | null;
  createdOn: string;
}

async function loadMerchants(
  client: pg.ClientBase,
  today: string,
  windowFrom: number,
  todayStart: number,
  rand: () => number,
): Promise<{ merchants: HistoryMerchant[]; senderMerchant: { id: number; orgId: number } }> {
  const streets = (
    await client.query<Unit & { district: number }>(
      `select id, path::text as path, name, subpath(path, 1, 1)::text::int as district from org_units where kind = 'street_federation' and status = 'active' order by sort_order, id`,
    )
  ).rows;
  const weights = merchantCategories.map((c) => ({ supermarket: 30, catering: 30, daily_service: 10, worker_station: 10, cinema: 5, fitness: 5, other: 4, travel: 2, health_check: 2, education: 2 })[c] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickCategory = () => {
    let x = rand() * total;
    for (const [i, c] of merchantCategories.entries()) if ((x -= weights[i]!) < 0) return c;
    return merchantCategories[0];
  };
  const label: Record<string, string> = {
    supermarket: '惠民超市', catering: '职工餐厅', cinema: '影城', health_check: '健康体检中心', worker_station: '劳动者驿站',
    fitness: '健身馆', education: '职业培训学校', travel: '旅行社', daily_service: '便民服务店', other: '特约商户',
  };
  const drafts: MerchantDraft[] = [];
  for (let i = 0; i < BENCH_CARDS.merchants; i++) {
    const category = i === 0 ? 'supermarket' : pickCategory();
    const s = rand();
    // The first merchant (the sender of the merchant key) has been a partner since before the window.
    const state = i === 0 ? 'active' : s < 0.85 ? 'active' : s < 0.9 ? 'suspended' : s < 0.94 ? 'revoked' : s < 0.97 ? 'applied' : 'rejected';
    const start = windowFrom - 400 * DAY;
    const activated = state === 'applied' || state === 'rejected' ? null : i === 0 || rand() < 0.4 ? start + Math.floor(rand() * 400 * DAY) : windowFrom + Math.floor(rand() * (todayStart - windowFrom - 30 * DAY));
    const revoked = state === 'revoked' && activated !== null ? activated + Math.floor(rand() * (todayStart - activated - DAY)) + DAY / 2 : null;
    const created = activated !== null ? activated - 20 * DAY : todayStart - Math.floor(rand() * 60) * DAY;
    drafts.push({
      name: `${label[category]}（压测${String(i + 1).padStart(3, '0')}号店）`,
      category,
      supervisor: streets[Math.floor(rand() * streets.length)]!,
      state,
      activatedOn: dayOf(activated),
      revokedOn: dayOf(revoked),
      createdOn: dayOf(created)!,
    });
  }
  // The first merchants run their own systems: an org unit of kind merchant each.
  const units: (Unit | null)[] = [];
  for (const [i, d] of drafts.entries()) {
    units.push(i < MERCHANT_UNITS && d.state === 'active' ? await ensureRootUnit(client, 'merchant', d.name, d.name.slice(0, 20), null) : null);
  }
  const inserted = await client.query<{ id: number; ord: number }>(
    `insert into merchants (supervisor_org_id, supervisor_path, partner_org_id, name, category, address, state, source, activated_on, revoked_on,
                            description, created_at, updated_at)
     select t.sid, t.spath::ltree, t.pid, t.name, t.category, t.address, t.state, 'cadre', t.activated_on, t.revoked_on,
            '工会会员凭服务卡享受优惠', t.created_on::timestamptz + interval '2 hours', t.created_on::timestamptz + interval '2 hours'
       from unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[], $10::date[])
            with ordinality as t(sid, spath, pid, name, category, address, state, activated_on, revoked_on, created_on, ord)
      order by t.ord
     returning id, 0 as ord`,
    [
      drafts.map((d) => d.supervisor.id),
      drafts.map((d) => d.supervisor.path),
      units.map((u) => u?.id ?? null),
      drafts.map((d) => d.name),
      drafts.map((d) => d.category),
      drafts.map((d) => `${d.supervisor.name}辖区`),
      drafts.map((d) => d.state),
      drafts.map((d) => d.activatedOn),
      drafts.map((d) => d.revokedOn),
      drafts.map((d) => d.createdOn),
    ],
  );
  const ids = inserted.rows.map((r) => r.id).sort((a, b) => a - b);
  // Yearly agreements from activation: the current one active, earlier (and a revoked merchant's) ended.
  const ag = { merchant: [] as number[], discount: [] as number[], subsidy: [] as number[], capTxn: [] as (number | null)[], capMonth: [] as (number | null)[], from: [] as string[], to: [] as string[], status: [] as string[] };
  drafts.forEach((d, i) => {
    if (!d.activatedOn) return;
    const subsidy = d.category === 'worker_station' ? 1200 : 300 + 100 * Math.floor(rand() * 13);
    const capTxn = rand() < 0.3 ? null : 1000 * (1 + Math.floor(rand() * 5));
    const capMonth = rand() < 0.3 ? null : 5000 * (1 + Math.floor(rand() * 4));
    const discount = 500 + 100 * Math.floor(rand() * 11);
    for (let y = 0; ; y++) {
      const from = `${Number(d.activatedOn.slice(0, 4)) + y}${d.activatedOn.slice(4)}`;
      if (from > today) break;
      const toDate = new Date(Date.parse(`${Number(d.activatedOn.slice(0, 4)) + y + 1}${d.activatedOn.slice(4)}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
      const next = `${Number(d.activatedOn.slice(0, 4)) + y + 1}${d.activatedOn.slice(4)}`;
      const current = next > today && d.state !== 'revoked';
      ag.merchant.push(ids[i]!);
      ag.discount.push(discount);
      ag.subsidy.push(subsidy);
      ag.capTxn.push(capTxn);
      ag.capMonth.push(capMonth);
      ag.from.push(from);
      ag.to.push(d.revokedOn && d.revokedOn <= toDate ? d.revokedOn : toDate);
      ag.status.push(current ? 'active' : 'ended');
      if (d.revokedOn && d.revokedOn <= toDate) break;
    }
  });
  const agreements = await client.query<{ id: number; merchant_id: number; subsidy_bps: number; cap_per_txn_fen: string | null; cap_per_month_fen: string | null; valid_from: string; valid_to: string; status: string }>(
    `insert into merchant_agreements (merchant_id, discount_bps, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from, valid_to, status, created_at)
     select m, d, s, ct, cm, f, t, st, f::timestamptz - interval '3 days'
       from unnest($1::int[], $2::int[], $3::int[], $4::bigint[], $5::bigint[], $6::date[], $7::date[], $8::text[]) as x(m, d, s, ct, cm, f, t, st)
     returning id, merchant_id, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from::text, valid_to::text, status`,
    [ag.merchant, ag.discount, ag.subsidy, ag.capTxn, ag.capMonth, ag.from, ag.to, ag.status],
  );
  const byMerchant = new Map<number, AgreementFacts[]>();
  for (const a of agreements.rows) {
    const list = byMerchant.get(a.merchant_id) ?? [];
    list.push({
      id: a.id, merchantId: a.merchant_id, subsidyBps: a.subsidy_bps,
      capPerTxnFen: a.cap_per_txn_fen === null ? null : Number(a.cap_per_txn_fen),
      capPerMonthFen: a.cap_per_month_fen === null ? null : Number(a.cap_per_month_fen),
      validFrom: a.valid_from, validTo: a.valid_to, active: a.status === 'active',
    });
    byMerchant.set(a.merchant_id, list);
  }
  // Transactions go to merchants that were partners then (active, or revoked later; a suspended one's are held back).
  const merchants: HistoryMerchant[] = drafts.flatMap((d, i) =>
    (d.state === 'active' || d.state === 'revoked') && d.activatedOn && byMerchant.has(ids[i]!)
      ? [{ id: ids[i]!, category: d.category, district: d.supervisor.district, partnerOrgId: units[i]?.id ?? null, from: d.activatedOn, until: d.revokedOn, agreements: byMerchant.get(ids[i]!)! }]
      : [],
  );
  return { merchants, senderMerchant: { id: ids[0]!, orgId: units[0]!.id } };
}

async function generate(db: BenchDatabase, membersMarker: string, log: (line: string) => void, check: boolean): Promise<Stored> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const today = shanghaiDate(new Date());
  const todayStart = Date.parse(`${today}T00:00:00+08:00`);
  const windowFrom = todayStart - BENCH_CARDS.days * DAY;
  const rand = rng(BENCH_CARDS.seed);
  const pool = new pg.Pool({ connectionString: db.url, max: 2, options: '-c TimeZone=Asia/Shanghai' });
  try {
    const client = await pool.connect();
    let programmeId: number;
    let bank: Unit;
    let senderMerchant: { id: number; orgId: number };
    let merchants: HistoryMerchant[];
    try {
      await clear(client);
      await client.query('begin');
      const head = await ensureRootUnit(client, 'bank', demoPartners.bankHead.name, demoPartners.bankHead.shortName, null);
      bank = await ensureRootUnit(client, 'bank', demoPartners.bankBranch.name, demoPartners.bankBranch.shortName, head);
      programmeId = (
        await client.query<{ id: number }>(
          `insert into card_programmes (code, name, name_en, issue_rate_base, min_qualifying_fen, status, created_at, updated_at)
           values ($1, '工会会员服务卡', 'Union member service card', 'members', $2, 'active', $3, $3) returning id`,
          [BENCH_CARDS.programmeCode, BENCH_CARDS.minQualifyingFen, new Date(windowFrom - 30 * DAY)],
        )
      ).rows[0]!.id;
      await client.query('insert into card_programme_banks (programme_id, bank_org_id) values ($1, $2)', [programmeId, bank.id]);
      ({ merchants, senderMerchant } = await timed(steps, `${BENCH_CARDS.merchants} merchants with agreements`, log, () => loadMerchants(client, today, windowFrom, todayStart, rand)));
      const crypto = benchCrypto();
      for (const [k, orgId] of [[BENCH_PARTNER_KEYS.bank, bank.id], [BENCH_PARTNER_KEYS.merchant, senderMerchant.orgId]] as const) {
        await client.query(`insert into partner_api_keys (key_id, org_id, secret_enc, status, label) values ($1, $2, $3, 'active', '压测密钥')`, [k.keyId, orgId, crypto.encrypt(k.secret)]);
      }
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }

    const cardIndexes = await secondaryIndexes(pool, 'cards');
    await dropIndexes(pool, 'cards', cardIndexes);
    // The funnel trigger hands its rows over as one jsonb document per statement: 60 s and more per 200,000
    // cards here. Off for the bulk insert; the funnel is built after in one pass with the trigger's own rule.
    await pool.query('alter table cards disable trigger cards_rollups_insert');
    let drafts: CardDraft[];
    try {
      drafts = await timed(steps, `${BENCH_CARDS.cards.toLocaleString('en')} cards (set-based from members)`, log, () =>
        loadCards(pool, programmeId, bank.id, windowFrom, todayStart, rand, log),
      );
      await timed(steps, 'funnel per unit and month in one pass (the trigger\'s rule)', log, () => pool.query(FLOW_BUILD_SQL));
    } finally {
      await pool.query('alter table cards enable trigger cards_rollups_insert');
    }
    await timed(steps, `rebuild ${cardIndexes.length} card indexes`, log, async () => {
      const c = await pool.connect();
      try {
        await rebuildIndexes(c, cardIndexes, 'cards');
      } finally {
        c.release();
      }
    });

    const districtOf = new Map(
      (await pool.query<{ id: number; d: number }>(`select id, coalesce(subpath(org_path, 1, 1)::text::int, 0) as d from cards where activated_on is not null`)).rows.map((r) => [r.id, r.d]),
    );
    const cards: HistoryCard[] = drafts
      .filter((d) => d.activatedOn !== null && d.state !== 'frozen')
      .map((d) => ({ id: d.id, district: districtOf.get(d.id) ?? 0, from: Math.max(windowFrom, d.activatedOn!), to: Math.min(todayStart, d.closedAt ?? todayStart) }))
      .filter((c) => c.to - c.from > DAY);

    const txnIndexes = await secondaryIndexes(pool, 'card_transactions');
    await dropIndexes(pool, 'card_transactions', txnIndexes);
    // The usage trigger costs about three quarters of a COPY's time (per statement it upserts every card ×
    // period of the rows, then the units of every card that changed): the history is loaded with it off and
    // its tables are built in one pass after. The merchants' month totals trigger stays on; the monthly-cap
    // sums go in without their primary key, which is added after.
    await pool.query('alter table card_transactions disable trigger card_transactions_usage');
    await pool.query(`alter table card_merchant_months drop constraint ${CMM_PK}`);
    await pool.query(`alter table card_usage drop constraint ${USAGE_PK}`);
    const totals = { purchases: 0, refunds: 0, subsidyFen: 0, capRows: 0 };
    try {
      await timed(steps, `generate, price and COPY ${BENCH_CARDS.transactions.toLocaleString('en')} transactions (merchant month totals trigger)`, log, async () => {
        const c = await pool.connect();
        try {
          const history = cardHistory(cards, merchants, {
            seed: BENCH_CARDS.seed, target: BENCH_CARDS.transactions, refundShare: BENCH_CARDS.refundShare, minQualifyingFen: BENCH_CARDS.minQualifyingFen,
            bankOrgId: bank.id, windowFrom, todayStart, firstId: 1, rand,
          });
          for (const m of history) {
            await c.query('begin');
            for (let lo = 0; lo < m.count; lo += COPY_BATCH) await copyLines(c, 'card_transactions', TXN_COLUMNS, m.lines(lo, lo + COPY_BATCH));
            totals.capRows += await copyLines(c, 'card_merchant_months', ['card_id', 'merchant_id', 'month', 'subsidy_fen'], m.capLines());
            await c.query('commit');
            totals.purchases += m.purchases;
            totals.refunds += m.refunds;
            totals.subsidyFen += m.subsidyFen;
            log(`[bench]     ${m.month}: ${m.count.toLocaleString('en')} transactions (${(totals.purchases + totals.refunds).toLocaleString('en')} in all, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
          }
          await c.query(`select setval(pg_get_serial_sequence('card_transactions', 'id'), (select max(id) from card_transactions))`);
        } finally {
          c.release();
        }
      });
      await timed(steps, 'primary key of the monthly-cap sums', log, () => pool.query(`alter table card_merchant_months add constraint ${CMM_PK} primary key (card_id, merchant_id, month)`));
      await timed(steps, 'usage marks and unit usage in one pass (the trigger\'s rule)', log, async () => {
        const c = await pool.connect();
        try {
          await c.query(`set work_mem = '256MB'`);
          await c.query('begin');
          await c.query(USAGE_BUILD_SQL[0]!);
          await c.query(`alter table card_usage add constraint ${USAGE_PK} primary key (card_id, period)`);
          await c.query(USAGE_BUILD_SQL[1]!);
          await c.query('commit');
        } finally {
          c.release();
        }
      });
    } finally {
      await pool.query('alter table card_transactions enable trigger card_transactions_usage');
    }
    await timed(steps, `rebuild ${txnIndexes.length} transaction indexes`, log, async () => {
      const c = await pool.connect();
      try {
        await rebuildIndexes(c, txnIndexes, 'card_transactions');
      } finally {
        c.release();
      }
    });
    await timed(steps, 'vacuum analyze', log, () =>
      pool.query('vacuum (analyze) cards, card_events, card_transactions, card_usage, org_card_usage, org_card_flow, card_merchant_months, merchant_month_totals, merchants, merchant_agreements, org_units'),
    );
    let checked: Stored['check'] = null;
    if (check) {
      const t = performance.now();
      const diffs = await checkCardRollups(pool);
      checked = { differences: diffs.length, seconds: Math.round((performance.now() - t) / 100) / 10 };
      log(`[bench]   rollup check (checkCardRollups, every row): ${diffs.length} differences in ${checked.seconds} s`);
      if (diffs.length > 0) throw new Error(`the rollups differ from the raw tables: ${JSON.stringify(diffs.slice(0, 5))}`);
    }
    const counts = (
      await pool.query<Record<string, string>>(
        `select (select count(*) from cards) as cards, (select count(*) from card_transactions) as transactions,
                (select count(*) from card_usage) as "cardUsage", (select count(*) from card_merchant_months) as "cardMerchantMonths",
                (select count(*) from org_card_flow) as "orgCardFlow", (select count(*) from org_card_usage) as "orgCardUsage",
                (select count(*) from merchants) as merchants, (select count(*) from merchant_agreements) as agreements`,
      )
    ).rows[0]!;
    const byState = Object.fromEntries(
      (await pool.query<{ state: string; n: number }>('select state, count(*)::int as n from cards group by 1 order by 2 desc')).rows.map((r) => [r.state, r.n]),
    );
    const stored: Stored = {
      marker: markerOf(),
      members: membersMarker,
      today,
      programmeId,
      bank: { orgId: bank.id, orgPath: bank.path, name: bank.name },
      merchant: senderMerchant,
      rows: { ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])), purchases: totals.purchases, refunds: totals.refunds },
      byState,
      generatedSeconds: Math.round((performance.now() - started) / 100) / 10,
      generatedAt: new Date().toISOString(),
      steps,
      check: checked,
    };
    await pool.query(`comment on table cards is ${pg.escapeLiteral(JSON.stringify(stored))}`);
    log(`[bench] generated the cards in ${stored.generatedSeconds} s`);
    return stored;
  } finally {
    await pool.end();
  }
}

/**
 * Reuses the cards when their marker and the members' match; otherwise empties the card tables and loads
 * them again (members and tree follow their own markers).
 */
export async function ensureBenchCards(
  db: BenchDatabase,
  opts: { force?: boolean; check?: boolean; log: (line: string) => void },
): Promise<{ tree: BenchTree; members: BenchMembers; cards: BenchCards }> {
  const { tree, members } = await ensureBenchMembers(db, { count: BENCH_CARDS.members, log: opts.log });
  const membersMarker = `${members.marker} at ${members.generatedAt}`;
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  let stored: Stored | null;
  try {
    stored = await readStored(pool);
  } finally {
    await pool.end();
  }
  const reuse = !opts.force && stored !== null && stored.marker === markerOf() && stored.members === membersMarker;
  if (reuse) {
    opts.log(`[bench] reusing the cards "${stored!.marker}" (generated in ${stored!.generatedSeconds} s on ${stored!.generatedAt}, as of ${stored!.today})`);
  } else {
    opts.log(`[bench] generating "${markerOf()}" (${opts.force ? 'rebuild asked' : stored ? `found "${stored.marker}"` : 'no cards yet'}) …`);
    stored = await generate(db, membersMarker, opts.log, opts.check ?? false);
  }
  const { members: _m, ...cards } = stored!;
  return { tree, members, cards: { ...cards, reused: reuse } };
}

async function main() {
  const { values } = parseArgs({ options: { regenerate: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, shape: { type: 'string', default: 'full' } } });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (values.shape !== 'full' && values.shape !== 'small') throw new Error(`--shape must be full or small, not ${values.shape}`);
  useBenchCardShape(values.shape);
  const db = await openBenchDatabase(log);
  try {
    const { cards } = await ensureBenchCards(db, { force: values.regenerate, check: values.check, log });
    log(`[bench] ${db.where}: ${JSON.stringify(cards.rows)}`);
    log(`[bench] cards by state: ${JSON.stringify(cards.byState)}`);
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
