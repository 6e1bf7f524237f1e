/**
 * Builds (or reuses) 30,000 loans over the bench tree's members: the demo's two programmes (创保贷 and
 * 劳模创业贷, apps/server/src/demo/loan-catalogue.ts) with the bench's own partners (a bank with its branch,
 * an insurer, a guarantor) and accounts, and every loan written by the demo's own row builders
 * (apps/server/src/demo/loan-life.ts: events, disbursement, schedule by buildSchedule, repayments allocated by
 * allocateRepayment, subsidies with their ledger postings, default and claim, visits), in the demo's mix of
 * outcomes scaled up twelvefold. Loaded with COPY in one transaction (the ledger's balance triggers run as in
 * production), then VACUUM ANALYZE. Run alone with `npx tsx bench/generate-loans.ts [--regenerate]`; the
 * loans benchmark calls `ensureBenchLoans`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { rng } from '@tongxing/db/seed/codes';
import { demoPartners } from '@tongxing/db/seed/demo-tree';
import { hashPassword } from '../apps/server/src/lib/password.ts';
import { shanghaiDate } from '../apps/server/src/lib/local-date.ts';
import { newTotpSecret } from '../apps/server/src/modules/auth/totp.ts';
import { addBatches } from '../apps/server/src/demo/loan-batches.ts';
import { demoProgrammes, type ProgrammeSpec } from '../apps/server/src/demo/loan-catalogue.ts';
import { makeApplication } from '../apps/server/src/demo/loan-applications.ts';
import { addLoan, REF, type Actor, type Borrower, type Setting, type Unit } from '../apps/server/src/demo/loan-life.ts';
import { cbdMix, lmMix, makeOutcome, type OutcomeKind } from '../apps/server/src/demo/loan-outcomes.ts';
import { emptyBook, loadBook, type LoanBook } from '../apps/server/src/demo/loan-rows.ts';
import { setUpProgrammes, type SetUpProgramme } from '../apps/server/src/demo/loan-setup.ts';
import { demoDistricts } from '@tongxing/db/seed/demo-tree';
import { benchCrypto, BENCH_CITY, ensureBenchMembers, type BenchMembers } from './generate-members.ts';
import { BENCH_CADRE, type BenchTree } from './generate-tree.ts';
import { openBenchDatabase, type BenchDatabase } from './lib/bench-db.ts';

/** Bump when the generated loans change in any way, so old bench loans are rebuilt. */
const LOANS_VERSION = 1;
/** The demo's mix (about 2,500 loans) times this: 30,000 loans. */
const SCALE = 12;
/**
 * The programmes are the demo's, grown to the size of this book: running for four years (the demo's for two),
 * with twelve times its fund and targets. Older loans have run their whole term, which brings the
 * repayments to about ten per loan.
 */
const STARTED_MONTHS_AGO = 48;
/** Share of the demo's loans in good standing that have, in this older book, been repaid in full. */
const SETTLED_SHARE = 0.66;
/** Loans in all: the demo's mix times SCALE is 29,928; the rest are more loans in good standing. */
const LOANS = 30_000;
export const BENCH_LOANS = { loans: LOANS, seed: 20_261_203, scale: SCALE, startedMonthsAgo: STARTED_MONTHS_AGO, settledShare: SETTLED_SHARE };

function benchProgramme(spec: ProgrammeSpec): ProgrammeSpec {
  const shift = STARTED_MONTHS_AGO - spec.startedMonthsAgo;
  return {
    ...spec,
    fundFen: spec.fundFen * SCALE,
    targetLendingFen: spec.targetLendingFen * SCALE,
    targetEnterprises: spec.targetEnterprises * SCALE,
    targetEntrepreneurs: spec.targetEntrepreneurs * SCALE,
    targetJobs: spec.targetJobs * SCALE,
    startedMonthsAgo: STARTED_MONTHS_AGO,
    contributions: spec.contributions.map((c) => ({ ...c, amountFen: c.amountFen * SCALE, monthsAgo: c.monthsAgo + shift })),
    districtTargets: Object.fromEntries(Object.entries(spec.districtTargets).map(([k, t]) => [k, t.map((x) => x * SCALE) as typeof t])),
  };
}

/** The demo's mix times SCALE, a share of the loans in good standing settled instead. */
function benchMix(mix: [OutcomeKind, number][], extra: number): [OutcomeKind, number][] {
  const repaying = (mix.find(([k]) => k === 'repaying')?.[1] ?? 0) * SCALE;
  const moved = Math.round(repaying * SETTLED_SHARE);
  return mix.map(([k, n]) => [k, n * SCALE + (k === 'repaying' ? extra - moved : k === 'settled' ? moved : 0)]);
}
/** Members generated when the bench database has none (or too few) yet; the 1.5M set is reused when present. */
const LOAN_MEMBERS = 60_000;
const PASSWORD = 'Bench@Tongxing2026';

/** Partner units and accounts the loans pass through (created once, kept across regenerations of the loans). */
const partnerUnits = {
  bankHead: { kind: 'bank', name: demoPartners.bankHead.name, shortName: demoPartners.bankHead.shortName, parent: null },
  bankBranch: { kind: 'bank', name: demoPartners.bankBranch.name, shortName: demoPartners.bankBranch.shortName, parent: 'bankHead' },
  insurer: { kind: 'insurer', name: demoPartners.insurer.name, shortName: demoPartners.insurer.shortName, parent: null },
  guarantor: { kind: 'guarantor', name: demoPartners.guarantor.name, shortName: demoPartners.guarantor.shortName, parent: null },
} as const;
type PartnerKey = keyof typeof partnerUnits;

export const BENCH_LOAN_ACCOUNTS = {
  city2: { username: 'bench_city2', displayName: '压测市总复核人', role: 'city_cadre', unit: 'city' },
  bank: { username: 'bench_bank', displayName: '压测银行经办人', role: 'bank_officer', unit: 'bankBranch' },
  bank2: { username: 'bench_bank2', displayName: '压测银行复核人', role: 'bank_officer', unit: 'bankBranch' },
  insurer: { username: 'bench_insurer', displayName: '压测保险经办人', role: 'insurer_officer', unit: 'insurer' },
  guarantor: { username: 'bench_guarantor', displayName: '压测担保经办人', role: 'guarantor_officer', unit: 'guarantor' },
} as const;

export interface BenchAccount {
  username: string;
  password: string;
  orgId: number;
  orgPath: string;
  orgName: string;
  /** Base32 TOTP secret of accounts whose role requires a second factor (enrolled by the generator). */
  totpSecret: string | null;
}

export interface BenchLoans {
  marker: string;
  /** The business day the loans were generated for: the bench asks for figures as of this day. */
  today: string;
  loans: number;
  byState: Record<string, number>;
  rows: Record<string, number>;
  generatedSeconds: number;
  generatedAt: string;
  reused: boolean;
  steps: Record<string, number>;
  programmes: { id: number; code: string }[];
  accounts: { district: BenchAccount; city: BenchAccount; bank: BenchAccount };
}

interface StoredMarker {
  marker: string;
  members: string;
  today: string;
  seconds: number;
  at: string;
  steps: Record<string, number>;
  byState: Record<string, number>;
  rows: Record<string, number>;
}

function markerOf(): string {
  const b = BENCH_LOANS;
  return `tongxing-bench loans v${LOANS_VERSION} ${b.loans} demo mix x${b.scale} settled ${b.settledShare} over ${b.startedMonthsAgo} months seed ${b.seed}`;
}

async function timed<T>(steps: Record<string, number>, name: string, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await work();
  steps[name] = Math.round((performance.now() - t) / 100) / 10;
  log(`[bench]   ${name}: ${steps[name]} s`);
  return out;
}

async function tableComment(pool: pg.Pool | pg.ClientBase, table: string): Promise<string | null> {
  const res = await pool.query<{ c: string | null }>(`select obj_description($1::regclass, 'pg_class') as c`, [table]);
  return res.rows[0]?.c ?? null;
}

function parseStored<T>(text: string | null): T | null {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** The partner units (a bank and its branch, an insurer, a guarantor), created when missing. */
async function ensurePartners(client: pg.ClientBase): Promise<Record<PartnerKey, Unit>> {
  const out = {} as Record<PartnerKey, Unit>;
  for (const [key, u] of Object.entries(partnerUnits) as [PartnerKey, (typeof partnerUnits)[PartnerKey]][]) {
    const found = await client.query<Unit>(`select id, path::text as path, name from org_units where kind = $1 and name = $2`, [u.kind, u.name]);
    if (found.rows[0]) {
      out[key] = found.rows[0];
      continue;
    }
    const parent = u.parent ? out[u.parent] : null;
    const id = (await client.query<{ id: number }>(`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`)).rows[0]!.id;
    const path = parent ? `${parent.path}.${id}` : String(id);
    await client.query(
      `insert into org_units (id, parent_id, path, depth, kind, name, short_name, status, sort_order)
       values ($1, $2, $3::ltree, $4, $5, $6, $7, 'active', 100000 + $1)`,
      [id, parent?.id ?? null, path, parent ? 1 : 0, u.kind, u.name, u.shortName],
    );
    out[key] = { id, path, name: u.name };
  }
  return out;
}

/**
 * The accounts the loans name (a second city cadre, two bank officers, the insurer's and the guarantor's),
 * created when missing. Roles that require a second factor get one enrolled with a fixed secret, sealed
 * with the bench key, so the benchmark can sign in as the bank.
 */
async function ensureAccounts(client: pg.ClientBase, units: Record<PartnerKey | 'city', Unit>): Promise<Map<string, { id: number; name: string; orgId: number }>> {
  const crypto = benchCrypto();
  const hash = await hashPassword(PASSWORD);
  const out = new Map<string, { id: number; name: string; orgId: number }>();
  for (const [key, a] of Object.entries(BENCH_LOAN_ACCOUNTS)) {
    const unit = units[a.unit];
    let row = (await client.query<{ id: number }>(`select id from users where username = $1`, [a.username])).rows[0];
    if (!row) {
      row = (
        await client.query<{ id: number }>(
          `insert into users (kind, username, display_name, org_id, password_hash, must_change_password) values ('staff', $1, $2, $3, $4, false) returning id`,
          [a.username, a.displayName, unit.id, hash],
        )
      ).rows[0]!;
      await client.query(`insert into user_roles (user_id, role_id) select $1, id from roles where code = $2`, [row.id, a.role]);
      const mfa = (await client.query<{ m: boolean }>(`select requires_mfa as m from roles where code = $1`, [a.role])).rows[0]?.m ?? false;
      if (mfa) {
        await client.query(`update users set totp_secret_enc = $2, totp_enabled_at = now() where id = $1`, [row.id, crypto.encrypt(newTotpSecret())]);
      }
    }
    out.set(key, { id: row.id, name: a.displayName, orgId: unit.id });
  }
  return out;
}

interface MemberPick {
  id: number;
  name: string;
  org: Unit & { contactName: string | null };
  districtId: number;
  modelWorkerLevel: string;
}

/** Active members of working age (as the demo picks its borrowers). */
async function readMembers(client: pg.ClientBase, today: string): Promise<MemberPick[]> {
  const rows = (
    await client.query<{ id: number; name: string; org_id: number; path: string; org_name: string; contact_name: string | null; level: string }>(
      `select m.id, m.name, m.org_id, o.path::text as path, o.name as org_name, o.contact_name, m.model_worker_level as level
         from members m join org_units o on o.id = m.org_id
        where m.status = 'active' and m.birth_date between $1::date - interval '58 years' and $1::date - interval '22 years'
        order by m.id`,
      [today],
    )
  ).rows;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    org: { id: r.org_id, path: r.path, name: r.org_name, contactName: r.contact_name },
    districtId: Number(r.path.split('.')[1]),
    modelWorkerLevel: r.level,
  }));
}

function shuffle<T>(list: T[], rand: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** References in order of application (CBD2026000123), as the demo gives them; memos and alerts name them. */
function assignReferences(book: LoanBook, prefixes: Map<number, string>) {
  const order = book.loans.map((l, i) => ({ i, at: l.created_at as string })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i));
  const seq = new Map<string, number>();
  for (const o of order) {
    const l = book.loans[o.i]!;
    const key = `${prefixes.get(l.programme_id as number)}${o.at.slice(0, 4)}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    l.reference = `${key}${String(n).padStart(5, '0')}`;
  }
  const name = (loan: unknown, text: string) => text.replace(REF, book.loans[loan as number]!.reference as string);
  for (const t of book.ledger) if (t.loan_id !== null) t.memo = name(t.loan_id, t.memo as string);
  for (const a of book.alerts) a.message = name(a.loan_id, a.message as string);
}

const LOAN_TABLES = [
  'alerts', 'idempotency_keys', 'ledger_entries', 'ledger_transactions', 'loan_attachments', 'loan_claims', 'loan_disbursements', 'loan_events',
  'loan_products', 'loan_programme_partners', 'loan_programme_targets', 'loan_programmes', 'loan_repayment_allocations', 'loan_repayments',
  'loan_schedule', 'loan_subsidy_items', 'loan_visits', 'loans', 'partner_approval_limits', 'reference_rates', 'subsidy_batches',
];

/** Writes the book of loans in one transaction; returns the marker stored with it. */
async function generate(db: BenchDatabase, membersMarker: string, log: (line: string) => void): Promise<StoredMarker> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const today = shanghaiDate(new Date());
  const rand = rng(BENCH_LOANS.seed);
  const pool = new pg.Pool({ connectionString: db.url, max: 1, options: '-c TimeZone=Asia/Shanghai' });
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Whatever an earlier version left (TRUNCATE fires no row triggers, so the append-only ledger allows it).
    await client.query(`truncate ${LOAN_TABLES.join(', ')} restart identity cascade`);
    const city = (await client.query<Unit>(`select id, path::text as path, name from org_units where kind = 'city_federation' and parent_id is null order by id limit 1`)).rows[0]!;
    const partners = await ensurePartners(client);
    const accounts = await ensureAccounts(client, { ...partners, city });
    const staff = (
      await client.query<{ username: string; id: number; display_name: string; org_id: number }>(
        `select username, id, display_name, org_id from users where username = any($1::varchar[])`,
        [[BENCH_CITY.username, BENCH_CADRE.username]],
      )
    ).rows;
    const actor = (u: { id: number; name: string; orgId: number }): Actor => ({ userId: u.id, name: u.name, orgId: u.orgId });
    const cityCadre = staff.find((s) => s.username === BENCH_CITY.username)!;
    const benchDistrict = staff.find((s) => s.username === BENCH_CADRE.username)!;
    const people = (cover: 'insurer' | 'guarantor'): Setting['people'] => ({
      city: { userId: cityCadre.id, name: cityCadre.display_name, orgId: cityCadre.org_id },
      city2: actor(accounts.get('city2')!),
      bank: actor(accounts.get('bank')!),
      bank2: actor(accounts.get('bank2')!),
      cover: actor(accounts.get(cover)!),
      bankHead: { userId: null, name: '沈国平', orgId: partners.bankHead.id },
      system: { userId: null, name: '系统', orgId: city.id },
    });

    const districtRows = (
      await client.query<{ id: number; path: string; name: string; contact_name: string | null }>(
        `select id, path::text as path, name, contact_name from org_units where kind = 'district_union' order by sort_order, id`,
      )
    ).rows;
    const districts = new Map(
      districtRows.map((d) => {
        const spec = demoDistricts.find((x) => x.name === d.name);
        return [d.id, { id: d.id, path: d.path, name: d.name, key: spec?.key ?? String(d.id), shortName: spec?.shortName ?? d.name, contactName: d.contact_name, divisionCode: spec?.codeForCredit ?? '320400' }];
      }),
    );
    const book = emptyBook();
    const programmes: SetUpProgramme[] = await setUpProgrammes(client, book, demoProgrammes.map(benchProgramme), {
      today,
      partners: { bankBranch: partners.bankBranch.id, insurer: partners.insurer.id, guarantor: partners.guarantor.id },
      districtIds: Object.fromEntries([...districts.values()].map((d) => [d.key, d.id])),
      createdBy: cityCadre.id,
    });

    const members = await timed(steps, 'read borrowers', log, async () => shuffle(await readMembers(client, today), rand));
    const modelWorkers = members.filter((m) => m.modelWorkerLevel !== 'none');
    const others = members.filter((m) => m.modelWorkerLevel === 'none');
    const lmCount = lmMix.reduce((s, [, n]) => s + n, 0) * SCALE;
    const extra = LOANS - [...cbdMix, ...lmMix].reduce((s, [, n]) => s + n * SCALE, 0);
    const [cbdBench, lmBench] = [benchMix(cbdMix, extra), benchMix(lmMix, 0)];
    const lmBorrowers = modelWorkers.slice(0, Math.min(lmCount, Math.floor(modelWorkers.length * 0.7)));
    const cbdBorrowers = shuffle([...others, ...modelWorkers.slice(lmBorrowers.length)], rand);
    const usccTaken = new Set<string>();
    let flagged = 0;

    const borrowerOf = (m: MemberPick): Borrower => {
      const district = districts.get(m.districtId)!;
      const recommender: Actor = { userId: null, name: m.org.contactName ?? `${m.org.name}经办人`, orgId: m.org.id };
      const districtCadre: Actor = district.id === benchDistrict.org_id
        ? { userId: benchDistrict.id, name: benchDistrict.display_name, orgId: district.id }
        : { userId: null, name: district.contactName ?? `${district.name}经办人`, orgId: district.id };
      const byMember = rand() < 0.45;
      return {
        memberId: m.id, name: m.name, org: m.org, district, modelWorkerLevel: m.modelWorkerLevel,
        applicant: byMember ? { userId: null, name: m.name, orgId: m.org.id } : recommender,
        createdBy: null, recommender, districtCadre,
        visitor: district.id === benchDistrict.org_id ? benchDistrict.id : null,
      };
    };
    const lend = (prog: SetUpProgramme, mix: [OutcomeKind, number][], borrowers: MemberPick[]) => {
      const spec: ProgrammeSpec = prog.spec;
      const kinds = shuffle(mix.flatMap(([k, n]) => Array.from({ length: n }, () => k)), rand);
      kinds.forEach((kind, i) => {
        const m = borrowers[i % borrowers.length]!;
        const ends = kind === 'defaulted' || kind === 'claimed' || kind === 'recovered' || kind === 'written_off';
        const product = spec.products.length > 1 && (ends || rand() < 0.7) ? spec.products[0]! : spec.products[spec.products.length - 1]!;
        const productId = prog.products.find((x) => x.code === product.code)!.id;
        const district = districts.get(m.districtId)!;
        const cover = spec.cover === 'insurer' ? partners.insurer : partners.guarantor;
        const setting: Setting = { today, programmeId: prog.id, programme: spec, productId, product, city, bankBranch: partners.bankBranch, bankHead: partners.bankHead, cover, people: people(spec.cover) };
        const app = makeApplication(rand, product, { name: m.name, modelWorker: m.modelWorkerLevel !== 'none', districtShort: district.shortName, areaCode: district.divisionCode }, today, usccTaken);
        const outcome = makeOutcome(kind, app.termRequestedMonths, today, prog.startsOn, rand);
        // A few visits found a risk (one in every hundred 31–60 days past due), alerting the district and the bank.
        if (kind === 'overdue_31_60' && outcome.state === 'lent' && flagged++ % 10 === 0) {
          const note = '经营场所已停业，负责人联系不上，存在较大还款风险。';
          outcome.flag = { note, alertUnits: [district, partners.bankBranch], message: `贷后回访发现风险：${REF}（${app.enterpriseName ?? m.name}）${note}` };
        }
        addLoan(book, setting, borrowerOf(m), app, outcome, rand);
      });
    };
    await timed(steps, 'build the loans in memory', log, async () => {
      lend(programmes[0]!, cbdBench, cbdBorrowers);
      lend(programmes[1]!, lmBench, lmBorrowers.length > 0 ? lmBorrowers : cbdBorrowers);
      assignReferences(book, new Map(programmes.map((x) => [x.id, x.spec.code === 'cbd' ? 'CBD' : 'LMD'])));
      for (const prog of programmes) addBatches(book, prog.id, today, { maker: cityCadre.id, checker: accounts.get('city2')!.id });
    });
    const rows: Record<string, number> = {
      loans: book.loans.length, events: book.events.length, schedule: book.schedule.length, repayments: book.repayments.length,
      allocations: book.allocations.length, subsidyItems: book.subsidyItems.length, ledgerTransactions: book.ledger.length,
      ledgerEntries: book.ledger.reduce((s, t) => s + t.lines.length, 0), visits: book.visits.length, batches: book.batches.length,
    };
    log(`[bench]   ${Object.entries(rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
    await timed(steps, 'COPY and commit (ledger balance checked)', log, async () => {
      await loadBook(client, book, 'copy', (line) => log(`[bench]   ${line.replace('[loans]   ', '')}`));
      await client.query('commit');
    });
    const byState: Record<string, number> = {};
    for (const l of book.loans) byState[l.state as string] = (byState[l.state as string] ?? 0) + 1;
    await timed(steps, 'vacuum analyze', log, () => client.query(`vacuum (analyze) ${LOAN_TABLES.join(', ')}`));
    const stored: StoredMarker = {
      marker: markerOf(), members: membersMarker, today, seconds: Math.round((performance.now() - started) / 100) / 10, at: new Date().toISOString(), steps, byState, rows,
    };
    await client.query(`comment on table loans is ${pg.escapeLiteral(JSON.stringify(stored))}`);
    log(`[bench] generated ${book.loans.length.toLocaleString('en')} loans and ${book.repayments.length.toLocaleString('en')} repayments in ${stored.seconds} s`);
    return stored;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
    await pool.end();
  }
}

async function withPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

async function accountOf(pool: pg.Pool, username: string, password: string): Promise<BenchAccount> {
  const res = await pool.query<{ id: number; path: string; name: string; secret: Buffer | null }>(
    `select o.id, o.path::text as path, o.name, u.totp_secret_enc as secret from users u join org_units o on o.id = u.org_id where u.username = $1`,
    [username],
  );
  const r = res.rows[0];
  if (!r) throw new Error(`the bench database has no ${username} account: run with --regenerate`);
  return { username, password, orgId: r.id, orgPath: r.path, orgName: r.name, totpSecret: r.secret ? benchCrypto().decrypt(r.secret) : null };
}

/**
 * Reuses the loans when their marker and the members' marker match; otherwise (re)builds them. The members
 * already in the bench database are used when there are enough (the members benchmark's 1,500,000 among
 * them); else 60,000 are generated first.
 */
export async function ensureBenchLoans(
  db: BenchDatabase,
  opts: { force?: boolean; log: (line: string) => void },
): Promise<{ tree: BenchTree; members: BenchMembers; loans: BenchLoans }> {
  const existing = await withPool(db.url, async (p) => {
    const has = await p.query(`select 1 from pg_class where relname = 'members'`);
    return has.rowCount ? parseStored<{ marker: string }>(await tableComment(p, 'members')) : null;
  });
  const existingCount = Number(/ members v\d+ (\d+) /.exec(existing?.marker ?? '')?.[1] ?? 0);
  const count = existingCount >= 2 * LOAN_MEMBERS / 3 ? existingCount : LOAN_MEMBERS;
  // --regenerate rebuilds the loans only: the members (minutes for the 1.5M set) follow their own marker.
  const { tree, members } = await ensureBenchMembers(db, { count, log: opts.log });
  const marker = markerOf();
  let stored = await withPool(db.url, async (p) => parseStored<StoredMarker>(await tableComment(p, 'loans')));
  const reuse = !opts.force && stored !== null && stored.marker === marker && stored.members === members.marker;
  if (reuse) opts.log(`[bench] reusing loans "${marker}" for ${stored!.today} (generated in ${stored!.seconds} s on ${stored!.at})`);
  else {
    opts.log(`[bench] generating "${marker}" (${stored ? `found "${stored.marker}" over "${stored.members}"` : 'no loans yet'}) …`);
    stored = await generate(db, members.marker, opts.log);
  }
  const s = stored!;
  const { accounts, programmes } = await withPool(db.url, async (p) => ({
    accounts: {
      district: await accountOf(p, BENCH_CADRE.username, BENCH_CADRE.password),
      city: await accountOf(p, BENCH_CITY.username, BENCH_CITY.password),
      bank: await accountOf(p, BENCH_LOAN_ACCOUNTS.bank.username, PASSWORD),
    },
    programmes: (await p.query<{ id: number; code: string }>(`select id, code from loan_programmes order by id`)).rows,
  }));
  return {
    tree,
    members,
    loans: {
      marker, today: s.today, loans: s.rows.loans ?? 0, byState: s.byState, rows: s.rows, generatedSeconds: s.seconds, generatedAt: s.at, reused: reuse, steps: s.steps,
      programmes, accounts,
    },
  };
}

async function main() {
  const { values } = parseArgs({ options: { regenerate: { type: 'boolean', default: false } } });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const db = await openBenchDatabase(log);
  try {
    const { loans } = await ensureBenchLoans(db, { force: values.regenerate, log });
    log(`[bench] ${db.where}: ${loans.loans.toLocaleString('en')} loans as of ${loans.today}; ${JSON.stringify(loans.rows)}`);
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
