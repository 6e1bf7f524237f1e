import type pg from 'pg';
import { rng } from '@tongxing/db/seed/codes';
import { demoPartners } from '@tongxing/db/seed/demo-tree';
import type { FieldCrypto } from '../lib/crypto';
import { shanghaiDate } from '../lib/local-date';
import { luhnCheckDigit, sealCardNumber } from '../modules/cards/card-number';

/**
 * The demo's member service cards: one programme (工会会员服务卡) whose issuing bank is the demo bank's city
 * branch, and cards for most demo members in every state with dates over the last eighteen months — about
 * 85% of members with a record collected or more, 75% issued, 60% activated, a few frozen, lost, replaced
 * and cancelled — applied in bulk batches by their unions, alone in the portal, through the street
 * federation, or directly at the bank. Deterministic for a given day (seeded PRNG); written set-based, so the
 * funnel rollups are maintained by the same triggers as in use.
 */
export const DEMO_CARDS = { seed: 20_261_205, programmeCode: 'member-card' };

/**
 * The fictional card number of a demo card: 621788, the card id in twelve digits, and a Luhn check digit
 * (19 digits). The demo's transactions and the demo bank's API calls name cards by this number.
 */
export function demoCardNumber(cardId: number): string {
  const body = `621788${String(cardId).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}

export interface DemoCardsSummary {
  programmeId: number;
  cards: number;
  byState: Record<string, number>;
  batches: number;
  seconds: number;
}

type State = 'collected' | 'applied' | 'issued' | 'activated' | 'frozen' | 'lost' | 'replaced' | 'cancelled';

interface CardDraft {
  id: number;
  memberId: number;
  state: State;
  channel: 'bulk' | 'portal' | 'street' | 'bank';
  batchKey: string | null;
  replaces: number | null;
  createdAt: string;
  appliedAt: string | null;
  issuedOn: string | null;
  activatedOn: string | null;
  closedAt: string | null;
  events: { from: State | null; to: State; at: string }[];
}

const DAY = 86_400_000;

export async function seedDemoCards(pool: pg.Pool, crypto: FieldCrypto, opts: { today?: string } = {}): Promise<DemoCardsSummary> {
  const started = performance.now();
  const today = opts.today ?? shanghaiDate(new Date());
  const base = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  const day = (back: number) => new Date(base - back * DAY).toISOString().slice(0, 10);
  const rand = rng(DEMO_CARDS.seed);
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  /** An instant during office hours of the day `back` days ago (Asia/Shanghai). */
  const at = (back: number) => `${day(back)}T${String(between(9, 17)).padStart(2, '0')}:${String(between(0, 59)).padStart(2, '0')}:00+08:00`;

  const client = await pool.connect();
  try {
    await client.query('begin');
    const bank = (await client.query<{ id: number }>(`select id from org_units where name = $1`, [demoPartners.bankBranch.name])).rows[0];
    if (!bank) throw new Error('the demo bank branch is missing');
    const actor = (await client.query<{ id: number }>(`select id from users where username = 'city'`)).rows[0]?.id ?? null;
    const programmeId = (
      await client.query<{ id: number }>(
        `insert into card_programmes (code, name, name_en, issue_rate_base, min_qualifying_fen, status, created_at, updated_at)
         values ($1, '工会会员服务卡', 'Union member service card', 'members', 1000, 'active', $2, $2) returning id`,
        [DEMO_CARDS.programmeCode, `${day(560)}T09:00:00+08:00`],
      )
    ).rows[0]!.id;
    await client.query(`insert into card_programme_banks (programme_id, bank_org_id) values ($1, $2)`, [programmeId, bank.id]);

    const members = (
      await client.query<{ id: number; org_id: number; org_kind: string }>(
        `select m.id, m.org_id, o.kind as org_kind from members m join org_units o on o.id = m.org_id where m.status = 'active' order by m.id`,
      )
    ).rows;
    // One early and one recent batch date per union: the bulk applications of its members.
    const unionDates = new Map<number, { early: number; recent: number }>();
    const datesOf = (orgId: number) => {
      let d = unionDates.get(orgId);
      if (!d) {
        d = { early: between(150, 540), recent: between(5, 45) };
        unionDates.set(orgId, d);
      }
      return d;
    };
    const firstId = (await client.query<{ id: number }>(`select coalesce(max(id), 0)::int + 1 as id from cards`)).rows[0]!.id;
    let nextId = firstId;
    const drafts: CardDraft[] = [];

    for (const m of members) {
      const r = rand();
      if (r < 0.12) continue;
      const street = m.org_kind === 'street_federation';
      const c = rand();
      const channel: CardDraft['channel'] = street ? 'street' : c < 0.72 ? 'bulk' : c < 0.95 ? 'portal' : 'bank';
      const recent = r >= 0.14 && r < 0.23;
      const d = datesOf(m.org_id);
      // Days back of each step: a bulk application takes its union's batch date.
      const appliedBack = channel === 'bulk' ? (recent ? d.recent : d.early) : recent ? between(3, 45) : between(120, 540);
      const card: CardDraft = {
        id: nextId++,
        memberId: m.id,
        state: 'applied',
        channel,
        batchKey: channel === 'bulk' ? `${m.org_id}:${recent ? 'recent' : 'early'}` : null,
        replaces: null,
        createdAt: at(appliedBack + between(1, 10)),
        appliedAt: at(appliedBack),
        issuedOn: null,
        activatedOn: null,
        closedAt: null,
        events: [],
      };
      if (r < 0.14) {
        // Information collected by the union, no application yet.
        card.state = 'collected';
        card.channel = street ? 'street' : 'bulk';
        card.batchKey = null;
        card.createdAt = at(between(1, 90));
        card.appliedAt = null;
        card.events.push({ from: null, to: 'collected', at: card.createdAt });
        drafts.push(card);
        continue;
      }
      card.events.push({ from: null, to: 'applied', at: card.appliedAt! });
      if (r >= 0.995) {
        // An application withdrawn before the bank acted.
        card.state = 'cancelled';
        card.closedAt = at(Math.max(1, appliedBack - between(2, 20)));
        card.events.push({ from: 'applied', to: 'cancelled', at: card.closedAt });
        drafts.push(card);
        continue;
      }
      if (recent) {
        drafts.push(card);
        continue;
      }
      const issuedBack = appliedBack - between(7, 30);
      card.issuedOn = day(issuedBack);
      if (channel === 'bank') {
        // Opened at the bank's counter: known from the bank's file, dated from the issue.
        card.createdAt = `${card.issuedOn}T12:00:00+08:00`;
        card.appliedAt = card.createdAt;
        card.events = [];
      }
      card.state = 'issued';
      card.events.push({ from: channel === 'bank' ? null : 'applied', to: 'issued', at: `${card.issuedOn}T12:00:00+08:00` });
      drafts.push(card);
      if (r < 0.37) continue;
      if (r >= 0.985) {
        // Closed by the bank some months after issue.
        card.state = 'cancelled';
        card.closedAt = at(Math.max(1, issuedBack - between(30, 200)));
        card.events.push({ from: 'issued', to: 'cancelled', at: card.closedAt });
        continue;
      }
      const activatedBack = Math.max(1, issuedBack - between(1, 60));
      card.activatedOn = day(activatedBack);
      card.state = 'activated';
      card.events.push({ from: 'issued', to: 'activated', at: `${card.activatedOn}T12:00:00+08:00` });
      if (r < 0.96) continue;
      if (r < 0.965) {
        card.state = 'frozen';
        card.events.push({ from: 'activated', to: 'frozen', at: at(Math.max(1, activatedBack - between(10, 120))) });
        continue;
      }
      const lostBack = Math.max(20, activatedBack - between(20, 200));
      card.state = 'lost';
      card.closedAt = at(lostBack);
      card.events.push({ from: 'activated', to: 'lost', at: card.closedAt });
      if (r < 0.97) continue;
      // Replaced a week or so later; the new card is activated soon after.
      const newIssuedBack = lostBack - between(5, 12);
      const successor: CardDraft = {
        id: nextId++,
        memberId: m.id,
        state: 'activated',
        channel: card.channel,
        batchKey: null,
        replaces: card.id,
        createdAt: `${day(newIssuedBack)}T12:00:00+08:00`,
        appliedAt: `${day(newIssuedBack)}T12:00:00+08:00`,
        issuedOn: day(newIssuedBack),
        activatedOn: day(Math.max(1, newIssuedBack - between(1, 5))),
        closedAt: null,
        events: [],
      };
      successor.events.push({ from: null, to: 'issued', at: successor.createdAt }, { from: 'issued', to: 'activated', at: `${successor.activatedOn}T12:00:00+08:00` });
      card.state = 'replaced';
      card.events.push({ from: 'lost', to: 'replaced', at: successor.createdAt });
      drafts.push(successor);
    }

    // The batches: one per union and period with bulk cards.
    const batchKeys = [...new Set(drafts.flatMap((d) => (d.batchKey ? [d.batchKey] : [])))].sort();
    const batchIds = new Map<string, number>();
    if (batchKeys.length > 0) {
      const firstOf = new Map<string, CardDraft>();
      for (const d of drafts) if (d.batchKey && !firstOf.has(d.batchKey)) firstOf.set(d.batchKey, d);
      const ids = (
        await client.query<{ id: number }>(`select nextval(pg_get_serial_sequence('card_application_batches', 'id'))::int as id from generate_series(1, $1)`, [batchKeys.length])
      ).rows.map((r) => r.id);
      batchKeys.forEach((k, i) => batchIds.set(k, ids[i]!));
      await client.query(
        `insert into card_application_batches (id, programme_id, bank_org_id, org_id, org_path, card_count, note, created_by, created_at, exported_at)
         select x.id, $1, $2, o.id, o.path, 0, '工会批量申请', $3, x.at, x.at + interval '1 day'
           from unnest($4::int[], $5::int[], $6::timestamptz[]) as x(id, org_id, at) join org_units o on o.id = x.org_id
          order by x.id`,
        [programmeId, bank.id, actor, ids, batchKeys.map((k) => Number(k.split(':')[0])), batchKeys.map((k) => firstOf.get(k)!.appliedAt)],
      );
    }

    const sealed = drafts.map((d) => (d.issuedOn ? sealCardNumber(crypto, demoCardNumber(d.id)) : null));
    await client.query(
      `insert into cards (id, programme_id, member_id, bank_org_id, org_id, org_path, state, channel, batch_id, number_last4, number_hash, replaces_card_id,
                          applied_at, issued_on, activated_on, closed_at, created_by, created_at, updated_at)
       select x.id, $1, m.id, $2, m.org_id, m.org_path, x.state, x.channel, x.batch_id, x.last4, x.hash, x.replaces,
              x.applied_at, x.issued_on, x.activated_on, x.closed_at, $3, x.created_at, coalesce(x.closed_at, x.applied_at, x.created_at)
         from unnest($4::int[], $5::int[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::date[], $14::date[], $15::timestamptz[], $16::timestamptz[])
              as x(id, member_id, state, channel, batch_id, last4, hash, replaces, applied_at, issued_on, activated_on, closed_at, created_at)
         join members m on m.id = x.member_id
        order by x.id`,
      [
        programmeId,
        bank.id,
        actor,
        drafts.map((d) => d.id),
        drafts.map((d) => d.memberId),
        drafts.map((d) => d.state),
        drafts.map((d) => d.channel),
        drafts.map((d) => (d.batchKey ? (batchIds.get(d.batchKey) ?? null) : null)),
        sealed.map((s) => s?.last4 ?? null),
        sealed.map((s) => s?.hash ?? null),
        drafts.map((d) => d.replaces),
        drafts.map((d) => d.appliedAt),
        drafts.map((d) => d.issuedOn),
        drafts.map((d) => d.activatedOn),
        drafts.map((d) => d.closedAt),
        drafts.map((d) => d.createdAt),
      ],
    );
    await client.query(`select setval(pg_get_serial_sequence('cards', 'id'), greatest((select max(id) from cards), 1))`);
    await client.query(`update card_application_batches b set card_count = (select count(*) from cards c where c.batch_id = b.id) where b.programme_id = $1`, [programmeId]);
    const events = drafts.flatMap((d) => d.events.map((e) => ({ card: d.id, ...e })));
    await client.query(
      `insert into card_events (card_id, from_state, to_state, source, actor_id, at)
       select x.card_id, x.from_state, x.to_state, 'demo', null, x.at
         from unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) as x(card_id, from_state, to_state, at)
        order by x.at, x.card_id`,
      [events.map((e) => e.card), events.map((e) => e.from), events.map((e) => e.to), events.map((e) => e.at)],
    );
    await client.query('commit');
    const byState: Record<string, number> = {};
    for (const d of drafts) byState[d.state] = (byState[d.state] ?? 0) + 1;
    return { programmeId, cards: drafts.length, byState, batches: batchIds.size, seconds: Math.round(performance.now() - started) / 1000 };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}
