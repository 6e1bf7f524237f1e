import type pg from 'pg';
import { rng } from '@tongxing/db/seed/codes';
import { demoDistricts, demoPartners } from '@tongxing/db/seed/demo-tree';
import { shanghaiDate } from '../lib/local-date';
import { addBatches } from './loan-batches';
import { demoProgrammes, type ProgrammeSpec } from './loan-catalogue';
import { makeApplication } from './loan-applications';
import { addLoan, REF, type Actor, type Borrower, type Setting, type Unit } from './loan-life';
import { cbdMix, lmMix, makeOutcome, type OutcomeKind } from './loan-outcomes';
import { emptyBook, loadBook, type LoanBook } from './loan-rows';
import { setUpProgrammes, type SetUpProgramme } from './loan-setup';

/**
 * The demo's loans: 创保贷 and 劳模创业贷 with their products, partners, targets and fund, and about 2,500
 * loans to demo members in every state — each with the events, schedule, disbursement, repayments,
 * subsidies, ledger postings and visits the app itself would have written, computed by the same domain
 * functions. Seeded after the members, in one transaction, dated back from the seeding day so the demo
 * always looks current, and the same on every machine for a given day (seeded PRNG).
 */
export const DEMO_LOANS = { seed: 20_261_128 };

export interface DemoLoansSummary {
  today: string;
  loans: number;
  byState: Record<string, number>;
  repayments: number;
  ledgerTransactions: number;
  visits: number;
  seconds: number;
}

interface MemberPick {
  id: number;
  name: string;
  org: Unit & { contactName: string | null };
  districtId: number;
  modelWorkerLevel: string;
}

interface Context {
  city: Unit;
  districts: Map<number, Unit & { key: string; shortName: string; contactName: string | null; divisionCode: string | null }>;
  users: Map<string, { id: number; name: string; orgId: number; orgPath: string }>;
  portal: { userId: number; memberId: number } | null;
}

function shuffle<T>(list: T[], rand: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

async function readContext(client: pg.ClientBase): Promise<Context & { partners: Record<'bankHead' | 'bankBranch' | 'insurer' | 'guarantor', Unit> }> {
  const units = (await client.query<{ id: number; path: string; name: string; kind: string; contact_name: string | null; division_code: string | null }>(
    `select id, path::text as path, name, kind, contact_name, division_code from org_units
      where kind in ('city_federation', 'district_union', 'bank', 'insurer', 'guarantor') and status = 'active' order by sort_order, id`,
  )).rows;
  const byName = (name: string) => {
    const u = units.find((x) => x.name === name);
    if (!u) throw new Error(`the demo tree has no unit ${name}`);
    return { id: u.id, path: u.path, name: u.name };
  };
  const city = units.find((u) => u.kind === 'city_federation');
  if (!city) throw new Error('the demo tree has no city federation');
  const districts: Context['districts'] = new Map();
  for (const d of demoDistricts) {
    const u = units.find((x) => x.name === d.name && x.kind === 'district_union');
    if (u) districts.set(u.id, { id: u.id, path: u.path, name: u.name, key: d.key, shortName: d.shortName, contactName: u.contact_name, divisionCode: d.codeForCredit });
  }
  const users = new Map(
    (await client.query<{ username: string; id: number; display_name: string; org_id: number; path: string }>(
      `select u.username, u.id, u.display_name, u.org_id, o.path::text as path from users u join org_units o on o.id = u.org_id
        where u.kind = 'staff' and u.username in ('city', 'city2', 'bank', 'bank2', 'insurer', 'guarantor', 'sanjing', 'xinbei', 'wujin')`,
    )).rows.map((r) => [r.username, { id: r.id, name: r.display_name, orgId: r.org_id, orgPath: r.path }]),
  );
  for (const u of ['city', 'city2', 'bank', 'bank2', 'insurer', 'guarantor']) if (!users.has(u)) throw new Error(`the demo has no account ${u}`);
  const portal = (await client.query<{ id: number; member_id: number }>(`select id, member_id from users where kind = 'member' order by id limit 1`)).rows[0];
  return {
    city: { id: city.id, path: city.path, name: city.name },
    districts,
    users,
    portal: portal ? { userId: portal.id, memberId: portal.member_id } : null,
    partners: {
      bankHead: byName(demoPartners.bankHead.name),
      bankBranch: byName(demoPartners.bankBranch.name),
      insurer: byName(demoPartners.insurer.name),
      guarantor: byName(demoPartners.guarantor.name),
    },
  };
}

async function readMembers(client: pg.ClientBase, today: string): Promise<MemberPick[]> {
  const rows = (await client.query<{ id: number; name: string; org_id: number; path: string; org_name: string; contact_name: string | null; level: string }>(
    `select m.id, m.name, m.org_id, o.path::text as path, o.name as org_name, o.contact_name, m.model_worker_level as level
       from members m join org_units o on o.id = m.org_id
      where m.status = 'active' and m.birth_date between $1::date - interval '58 years' and $1::date - interval '22 years'
      order by m.id`,
    [today],
  )).rows;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    org: { id: r.org_id, path: r.path, name: r.org_name, contactName: r.contact_name },
    districtId: Number(r.path.split('.')[1]),
    modelWorkerLevel: r.level,
  }));
}

function actorOf(u: { id: number; name: string; orgId: number }): Actor {
  return { userId: u.id, name: u.name, orgId: u.orgId };
}

/** The people of a member's union chain: who recommends, reviews at the district, enters and visits. */
function borrowerOf(ctx: Context, m: MemberPick, rand: () => number): Borrower {
  const district = ctx.districts.get(m.districtId)!;
  const sanjing = ctx.users.get('sanjing');
  const underSanjing = sanjing !== undefined && (m.org.path + '.').startsWith(sanjing.orgPath + '.');
  const districtUser = district.key === 'xinbei' ? ctx.users.get('xinbei') : district.key === 'wujin' ? ctx.users.get('wujin') : undefined;
  const recommender: Actor = underSanjing ? actorOf(sanjing) : { userId: null, name: m.org.contactName ?? `${m.org.name}经办人`, orgId: m.org.id };
  const districtCadre: Actor = districtUser ? actorOf(districtUser) : { userId: null, name: district.contactName ?? `${district.name}经办人`, orgId: district.id };
  const portal = ctx.portal?.memberId === m.id ? ctx.portal : null;
  const byMember = portal !== null || rand() < 0.45;
  return {
    memberId: m.id,
    name: m.name,
    org: m.org,
    district,
    modelWorkerLevel: m.modelWorkerLevel,
    applicant: byMember ? { userId: portal?.userId ?? null, name: m.name, orgId: m.org.id } : recommender,
    createdBy: byMember ? (portal?.userId ?? null) : recommender.userId,
    recommender,
    districtCadre,
    visitor: underSanjing ? sanjing.id : (districtUser?.id ?? null),
  };
}

/** Gives the loans their references in order of application (CBD2026000123), and names them in memos and alerts. */
function assignReferences(book: LoanBook, prefixes: Map<number, string>) {
  const order = book.loans.map((l, i) => ({ i, at: l.created_at as string, p: l.programme_id as number })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i));
  const seq = new Map<string, number>();
  for (const o of order) {
    const key = `${prefixes.get(o.p)}${o.at.slice(0, 4)}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    book.loans[o.i]!.reference = `${key}${String(n).padStart(5, '0')}`;
  }
  const name = (loan: unknown, text: string) => text.replace(REF, book.loans[loan as number]!.reference as string);
  for (const t of book.ledger) if (t.loan_id !== null) t.memo = name(t.loan_id, t.memo as string);
  for (const a of book.alerts) a.message = name(a.loan_id, a.message as string);
}

export async function seedDemoLoans(pool: pg.Pool, opts: { today?: string; log?: (line: string) => void } = {}): Promise<DemoLoansSummary> {
  const started = performance.now();
  const today = opts.today ?? shanghaiDate(new Date());
  const rand = rng(DEMO_LOANS.seed);
  const client = await pool.connect();
  try {
    await client.query('begin');
    const ctx = await readContext(client);
    const p = ctx.partners;
    const user = (name: string) => actorOf(ctx.users.get(name)!);
    const book = emptyBook();
    const districtIds = Object.fromEntries([...ctx.districts.values()].map((d) => [d.key, d.id]));
    const programmes = await setUpProgrammes(client, book, demoProgrammes, {
      today,
      partners: { bankBranch: p.bankBranch.id, insurer: p.insurer.id, guarantor: p.guarantor.id },
      districtIds,
      createdBy: user('city').userId,
    });
    const members = shuffle(await readMembers(client, today), rand);
    // The portal member borrows too, so the portal's "my loans" has something to show.
    if (ctx.portal) {
      const i = members.findIndex((m) => m.id === ctx.portal!.memberId);
      if (i > 0) members.unshift(...members.splice(i, 1));
    }
    const modelWorkers = members.filter((m) => m.modelWorkerLevel !== 'none');
    const others = members.filter((m) => m.modelWorkerLevel === 'none' || m.id === ctx.portal?.memberId);
    const lmBorrowers = modelWorkers.slice(0, 130);
    const cbdBorrowers = [...others.slice(0, 1), ...shuffle([...others.slice(1, 2_320), ...modelWorkers.slice(130, 190)], rand)];
    const usccTaken = new Set<string>();
    let flagged = false;

    const people = (cover: 'insurer' | 'guarantor'): Setting['people'] => ({
      city: user('city'), city2: user('city2'), bank: user('bank'), bank2: user('bank2'), cover: user(cover),
      bankHead: { userId: null, name: '沈国平', orgId: p.bankHead.id }, system: { userId: null, name: '系统', orgId: ctx.city.id },
    });
    const lend = (prog: SetUpProgramme, mix: [OutcomeKind, number][], borrowers: typeof members) => {
      const spec: ProgrammeSpec = prog.spec;
      const kinds = shuffle(mix.flatMap(([k, n]) => Array.from({ length: n }, () => k)), rand);
      // The portal member (the first borrower) has a loan in good standing.
      if (spec.code === 'cbd' && ctx.portal) {
        const j = kinds.indexOf('repaying');
        [kinds[0], kinds[j]] = [kinds[j]!, kinds[0]!];
      }
      kinds.forEach((kind, i) => {
        const m = borrowers[i % borrowers.length]!;
        const product = spec.products.length > 1 && (kind === 'defaulted' || kind === 'claimed' || kind === 'recovered' || kind === 'written_off' || i === 0 || rand() < 0.7) ? spec.products[0]! : spec.products[spec.products.length - 1]!;
        const productId = prog.products.find((x) => x.code === product.code)!.id;
        const district = ctx.districts.get(m.districtId)!;
        const setting: Setting = { today, programmeId: prog.id, programme: spec, productId, product, city: ctx.city, bankBranch: p.bankBranch, bankHead: p.bankHead, cover: spec.cover === 'insurer' ? p.insurer : p.guarantor, people: people(spec.cover) };
        const app = makeApplication(rand, product, { name: m.name, modelWorker: m.modelWorkerLevel !== 'none', districtShort: district.shortName, areaCode: district.divisionCode ?? '320400' }, today, usccTaken);
        const outcome = makeOutcome(kind, app.termRequestedMonths, today, prog.startsOn, rand);
        if (kind === 'overdue_31_60' && !flagged && outcome.state === 'lent') {
          flagged = true;
          const who = app.enterpriseName ?? m.name;
          const note = '经营场所已停业，负责人联系不上，存在较大还款风险。';
          outcome.flag = { note, alertUnits: [district, p.bankBranch], message: `贷后回访发现风险：${REF}（${who}）${note}` };
        }
        addLoan(book, setting, borrowerOf(ctx, m, rand), app, outcome, rand);
      });
    };
    lend(programmes[0]!, cbdMix, cbdBorrowers);
    lend(programmes[1]!, lmMix, lmBorrowers);
    assignReferences(book, new Map(programmes.map((x) => [x.id, x.spec.code === 'cbd' ? 'CBD' : 'LMD'])));
    for (const prog of programmes) addBatches(book, prog.id, today, { maker: user('city').userId!, checker: user('city2').userId! });
    await loadBook(client, book, 'unnest', opts.log);

    const byState: Record<string, number> = {};
    for (const l of book.loans) byState[l.state as string] = (byState[l.state as string] ?? 0) + 1;
    const summary = { today, loans: book.loans.length, byState, repayments: book.repayments.length, ledgerTransactions: book.ledger.length, visits: book.visits.length };
    await client.query(`insert into audit_log (action, actor_username, after) values ('system.seed_demo_loans', 'system', $1::jsonb)`, [JSON.stringify(summary)]);
    await client.query('commit');
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
