import type pg from 'pg';
import { addMonths, completeUscc, reapplyAllowedFrom, type MerchantCategory } from '@tongxing/domain';
import { rng } from '@tongxing/db/seed/codes';
import { demoDistricts, demoPartners } from '@tongxing/db/seed/demo-tree';
import type { FieldCrypto } from '../lib/crypto';
import { shanghaiDate } from '../lib/local-date';

/**
 * The demo's partner merchants: about 300 across the seven districts and every category — a 劳动者驿站 at
 * each street union (12% union subsidy), supermarkets, eateries, cinemas, health-check centres and more —
 * most active with an agreement, a few applied, suspended, rejected or revoked (one revoked a year ago and
 * so banned), with last year's assessments, this year's May–June signing period and its quotas handed down
 * to districts and streets, and the demo merchant units of the tree as the first merchants' own units (so
 * the demo `merchant` operator sees one). Deterministic for a given day; written set-based.
 */
export const DEMO_MERCHANTS = { seed: 20_261_206, count: 300 };

export interface DemoMerchantsSummary {
  merchants: number;
  byState: Record<string, number>;
  agreements: number;
  periodId: number;
  seconds: number;
}

/** Rough centres of the districts (the demo tree's order) and how far their merchants spread. */
const CENTRES: Record<string, { lng: number; lat: number; spread: number; area: string; road: string[] }> = {
  tianning: { lng: 119.975, lat: 31.785, spread: 0.03, area: '320402', road: ['延陵中路', '局前街', '红梅西路', '竹林北路'] },
  zhonglou: { lng: 119.935, lat: 31.775, spread: 0.03, area: '320404', road: ['南大街', '西新桥路', '勤业路', '邹区大道'] },
  xinbei: { lng: 119.965, lat: 31.83, spread: 0.04, area: '320411', road: ['河海中路', '太湖东路', '通江中路', '汉江路'] },
  wujin: { lng: 119.94, lat: 31.7, spread: 0.05, area: '320412', road: ['人民中路', '延政中路', '长虹路', '花园街'] },
  jintan: { lng: 119.58, lat: 31.73, spread: 0.04, area: '320413', road: ['南环一路', '华城路', '金坛大道', '东门大街'] },
  liyang: { lng: 119.485, lat: 31.42, spread: 0.05, area: '320481', road: ['平陵中路', '燕山路', '昆仑北路', '天目湖大道'] },
  jingkai: { lng: 120.05, lat: 31.75, spread: 0.03, area: '320471', road: ['东方东路', '潞横路', '横林大街', '遥观大道'] },
};

const BRANDS: Record<Exclude<MerchantCategory, 'worker_station'>, { names: string[]; weight: number; pattern: (brand: string, place: string) => string }> = {
  supermarket: { names: ['华润苏果', '天天鲜', '邻里惠', '金鹰生活', '百姓', '惠民', '五星', '龙城'], weight: 22, pattern: (b, p) => `常州${b}超市（${p}店）` },
  catering: { names: ['马复兴面馆', '迎桂餐馆', '加蟹小笼包', '银丝面馆', '邻家小厨', '龙城食府', '大麻糕坊', '三鲜馄饨'], weight: 22, pattern: (b, p) => `${b}（${p}店）` },
  cinema: { names: ['金鹰', '万达', '横店', '大地', '星轶'], weight: 6, pattern: (b, p) => `${b}影城（${p}）` },
  health_check: { names: ['美年大健康', '爱康国宾', '瑞慈', '百姓', '慈铭'], weight: 6, pattern: (b, p) => `${b}体检中心（${p}）` },
  fitness: { names: ['乐刻', '舒适堡', '动力', '龙城'], weight: 8, pattern: (b, p) => `${b}健身（${p}店）` },
  education: { names: ['龙城', '新华', '技工', '阳光'], weight: 6, pattern: (b, p) => `常州${b}职业技能培训学校（${p}校区）` },
  travel: { names: ['春秋', '中旅', '龙城', '恐龙园'], weight: 5, pattern: (b, p) => `常州${b}旅行社（${p}门市）` },
  daily_service: { names: ['洁丽洗衣', '老常州理发', '好帮手家政', '龙城大药房', '便民维修'], weight: 15, pattern: (b, p) => `${b}（${p}店）` },
  other: { names: ['龙城书店', '运河花店', '惠民眼镜'], weight: 4, pattern: (b, p) => `${b}（${p}店）` },
};

/** Typical terms per category: [discount bps, subsidy bps, cap per transaction fen, cap per card per month fen]. */
const TERMS: Record<MerchantCategory, [number, number, number, number]> = {
  worker_station: [0, 1200, 3000, 12000],
  supermarket: [300, 300, 2000, 10000],
  catering: [800, 500, 2000, 8000],
  cinema: [2000, 1000, 2000, 6000],
  health_check: [1500, 1000, 20000, 40000],
  fitness: [1000, 800, 5000, 10000],
  education: [1000, 1500, 30000, 60000],
  travel: [500, 500, 20000, 40000],
  daily_service: [500, 500, 1500, 6000],
  other: [500, 300, 1000, 5000],
};

/** The demo tree's merchant units and what they are (the tree only knows their names). */
const PARTNER_UNITS: { category: MerchantCategory; district: string; street: number }[] = [
  { category: 'worker_station', district: 'tianning', street: 2 },
  { category: 'daily_service', district: 'zhonglou', street: 0 },
  { category: 'cinema', district: 'tianning', street: 1 },
  { category: 'health_check', district: 'xinbei', street: 1 },
  { category: 'supermarket', district: 'wujin', street: 0 },
];

interface Draft {
  name: string;
  creditCode: string;
  category: MerchantCategory;
  supervisorKey: string;
  address: string;
  lng: number;
  lat: number;
  hours: string;
  contact: string;
  phone: string;
  state: 'applied' | 'active' | 'suspended' | 'revoked' | 'rejected';
  source: 'online' | 'cadre';
  createdOn: string;
  activatedOn: string | null;
  revokedOn: string | null;
  note: string | null;
  partnerName: string | null;
}

const DAY = 86_400_000;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚';

export async function seedDemoMerchants(pool: pg.Pool, crypto: FieldCrypto, opts: { today?: string } = {}): Promise<DemoMerchantsSummary> {
  const started = performance.now();
  const today = opts.today ?? shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const base = Date.UTC(year, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  const day = (back: number) => new Date(base - back * DAY).toISOString().slice(0, 10);
  const rand = rng(DEMO_MERCHANTS.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  const units = await pool.query<{ id: number; name: string; kind: string; path: string; credit_code: string | null }>(
    `select id, name, kind, path::text as path, credit_code from org_units where kind in ('city_federation','district_union','street_federation','merchant','bank')`,
  );
  const byName = new Map(units.rows.map((u) => [u.name, u]));
  const city = units.rows.find((u) => u.kind === 'city_federation');
  if (!city) throw new Error('the demo tree is missing');
  const keyOf = (d: (typeof demoDistricts)[number], street: number | null) => (street === null ? d.name : `${d.streets[street]}总工会`);

  const drafts: Draft[] = [];
  const usedNames = new Set<string>();
  let serial = 0;
  const person = () => pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.5 ? pick([...GIVEN]) : '');
  const phone = () => `1${pick(['38', '39', '51', '58', '77', '88'])}${String(between(0, 99_999_999)).padStart(8, '0')}`;
  const place = (dKey: string, streetName: string) => {
    const c = CENTRES[dKey]!;
    return { lng: +(c.lng + (rand() - 0.5) * 2 * c.spread).toFixed(6), lat: +(c.lat + (rand() - 0.5) * 2 * c.spread).toFixed(6), address: `常州市${streetName}${pick(c.road)}${between(1, 388)}号` };
  };
  const code = (area: string) => completeUscc(`92${area}MA${String(DEMO_MERCHANTS.seed % 1000).padStart(3, '0')}${String(++serial).padStart(4, '0')}`);
  const push = (d: Omit<Draft, 'creditCode' | 'hours' | 'contact' | 'phone' | 'source' | 'createdOn' | 'activatedOn' | 'revokedOn' | 'note' | 'state'> & Partial<Draft>, area: string) => {
    drafts.push({
      creditCode: code(area),
      hours: d.category === 'worker_station' ? '全天开放' : pick(['08:00-21:00', '09:00-22:00', '07:00-20:00', '10:00-22:00']),
      contact: person(),
      phone: phone(),
      source: rand() < 0.6 ? 'online' : 'cadre',
      createdOn: day(between(30, 720)),
      activatedOn: null,
      revokedOn: null,
      note: null,
      state: 'active',
      ...d,
    });
  };

  // The tree's merchant units first: the demo operator's merchant is the first of all.
  demoPartners.merchants.forEach((m, i) => {
    const spec = PARTNER_UNITS[i]!;
    const d = demoDistricts.find((x) => x.key === spec.district)!;
    const unit = byName.get(m.name);
    const p = place(d.key, d.streets[spec.street]!);
    usedNames.add(m.name);
    push({ name: m.name, category: spec.category, supervisorKey: keyOf(d, spec.street), ...p, partnerName: m.name, createdOn: day(700 - i) }, CENTRES[d.key]!.area);
    if (unit?.credit_code) drafts[drafts.length - 1]!.creditCode = unit.credit_code;
  });
  // A 劳动者驿站 at every street union.
  for (const d of demoDistricts) {
    d.streets.forEach((s, si) => {
      const name = `劳动者驿站（${s}）`;
      usedNames.add(name);
      push({ name, category: 'worker_station', supervisorKey: keyOf(d, si), ...place(d.key, s), partnerName: null, source: 'cadre' }, CENTRES[d.key]!.area);
    });
  }
  // The rest by category weight, spread over districts (and their streets, or the district itself).
  const cats = Object.entries(BRANDS) as [Exclude<MerchantCategory, 'worker_station'>, (typeof BRANDS)['supermarket']][];
  const totalWeight = cats.reduce((s, [, b]) => s + b.weight, 0);
  while (drafts.length < DEMO_MERCHANTS.count) {
    let r = rand() * totalWeight;
    const [category, brand] = cats.find(([, b]) => (r -= b.weight) < 0) ?? cats[0]!;
    const d = pick(demoDistricts);
    const si = rand() < 0.8 ? between(0, d.streets.length - 1) : null;
    const streetName = si === null ? d.shortName : d.streets[si]!;
    const name = brand.pattern(pick(brand.names), streetName.replace(/街道|镇$/, '') || streetName);
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    push({ name, category, supervisorKey: keyOf(d, si), ...place(d.key, si === null ? d.shortName : streetName), partnerName: null }, CENTRES[d.key]!.area);
  }

  // States: the first five (the tree's units) and the stations active; of the rest a few in every other state.
  const periodStart = `${year}-05-01`;
  const periodEnd = `${year}-06-30`;
  drafts.forEach((m, i) => {
    // Of every forty after the first 33: two applied, one rejected, one suspended, one revoked, the rest active.
    const slot = i < 5 + 28 ? -1 : (i * 7) % 40;
    if (slot === 0 || slot === 1) {
      m.state = 'applied';
      m.createdOn = day(between(1, 20));
      return;
    }
    if (slot === 2) {
      m.state = 'rejected';
      m.note = '经营场所与申请材料不符';
      return;
    }
    // About a sixth signed in this year's May–June signing month, if it has begun.
    const inPeriod = rand() < 0.17 && periodStart <= today;
    const signedOn = inPeriod ? addDays(periodStart, between(0, Math.min(60, daysFrom(periodStart, today)))) : addDays(m.createdOn, between(3, 20));
    m.activatedOn = signedOn > today ? today : signedOn;
    if (m.createdOn > m.activatedOn) m.createdOn = addDays(m.activatedOn, -between(3, 15));
    if (slot === 3) {
      m.state = 'suspended';
      m.note = pick(['会员投诉核查中', '装修停业']);
    } else if (slot === 4) {
      m.state = 'revoked';
      m.revokedOn = addDays(m.activatedOn, between(120, 300));
      if (m.revokedOn > today) m.revokedOn = today;
      m.note = pick(['多次拒绝会员优惠', '虚报交易套取补贴', '停业']);
    }
  });
  // One merchant revoked exactly a year ago: banned for two more years.
  const revokedAYearAgo = drafts.find((m, i) => i >= 33 && m.state === 'active' && m.activatedOn !== null && m.activatedOn < day(400));
  if (revokedAYearAgo) {
    revokedAYearAgo.state = 'revoked';
    revokedAYearAgo.revokedOn = addMonths(today, -12);
    revokedAYearAgo.note = '虚报交易套取补贴，撤销特约资格';
  }

  const client = await pool.connect();
  try {
    await client.query('begin');
    const supervisors = drafts.map((m) => byName.get(m.supervisorKey));
    if (supervisors.some((s) => !s)) throw new Error('a demo merchant names a unit missing from the tree');
    const enc = drafts.map((m) => crypto.encrypt(m.phone));
    const inserted = await client.query<{ id: number; category: MerchantCategory; state: string; activated_on: string | null; revoked_on: string | null }>(
      `insert into merchants (supervisor_org_id, supervisor_path, partner_org_id, name, credit_code, category, address, lng, lat, opening_hours,
                              contact_name, contact_phone_enc, contact_phone_last4, description, state, source, reference, activated_on, revoked_on,
                              banned_until, review_note, created_at, updated_at)
       select s.id, s.path::ltree, p.id, t.name, t.code, t.category, t.address, t.lng, t.lat, t.hours, t.contact, t.enc, right(t.phone, 4),
              case t.category when 'worker_station' then '工会会员凭服务卡免费休息、饮水、充电、热饭，消费享工会补贴' else '工会会员凭服务卡享受优惠' end,
              t.state, t.source, case when t.source = 'online' then 'DM' || lpad(t.ord::text, 10, '0') end,
              t.activated_on, t.revoked_on, t.banned_until, t.note, t.created_on::timestamptz + interval '2 hours', t.created_on::timestamptz + interval '2 hours'
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::text[], $8::text[], $9::text[], $10::bytea[],
                     $11::text[], $12::text[], $13::date[], $14::date[], $15::date[], $16::text[], $17::date[], $18::int[], $19::int[], $20::text[])
              with ordinality as t(name, code, category, address, lng, lat, hours, contact, phone, enc, state, source, activated_on, revoked_on, banned_until, note, created_on, supervisor, ord0, partner, ord)
         join org_units s on s.id = t.supervisor
         left join org_units p on p.name = t.partner and p.kind = 'merchant'
        order by t.ord
       returning id, category, state, activated_on, revoked_on`,
      [
        drafts.map((m) => m.name),
        drafts.map((m) => m.creditCode),
        drafts.map((m) => m.category),
        drafts.map((m) => m.address),
        drafts.map((m) => m.lng),
        drafts.map((m) => m.lat),
        drafts.map((m) => m.hours),
        drafts.map((m) => m.contact),
        drafts.map((m) => m.phone),
        enc,
        drafts.map((m) => m.state),
        drafts.map((m) => m.source),
        drafts.map((m) => m.activatedOn),
        drafts.map((m) => m.revokedOn),
        drafts.map((m) => (m.revokedOn ? reapplyAllowedFrom(m.revokedOn, 3) : null)),
        drafts.map((m) => m.note),
        drafts.map((m) => m.createdOn),
        supervisors.map((s) => s!.id),
        drafts.map((_, i) => i),
        drafts.map((m) => m.partnerName),
      ],
    );
    // One agreement per signed merchant, from its signing to the end of next year, on its category's terms.
    const signed = inserted.rows.filter((r) => r.activated_on);
    const agreements = await client.query(
      `insert into merchant_agreements (merchant_id, discount_bps, subsidy_bps, cap_per_txn_fen, cap_per_month_fen, valid_from, valid_to, status)
       select t.id, t.discount, t.subsidy, t.cap_txn, t.cap_month, t.valid_from, $7::date, 'active'
         from unnest($1::int[], $2::int[], $3::int[], $4::bigint[], $5::bigint[], $6::date[]) as t(id, discount, subsidy, cap_txn, cap_month, valid_from)`,
      [
        signed.map((r) => r.id),
        signed.map((r) => TERMS[r.category][0]),
        signed.map((r) => TERMS[r.category][1]),
        signed.map((r) => TERMS[r.category][2]),
        signed.map((r) => TERMS[r.category][3]),
        signed.map((r) => r.activated_on),
        `${year + 1}-12-31`,
      ],
    );
    // Last year's assessments of the merchants signed before it.
    const assessed = signed.filter((r) => r.activated_on! < `${year - 1}-10-01`);
    const results = assessed.map((_, i) => (i % 11 === 0 ? 'improve' : i % 3 === 0 ? 'excellent' : 'pass'));
    await client.query(
      `insert into merchant_assessments (merchant_id, year, result, score, note, assessed_by, assessed_at)
       select t.id, $2::smallint, t.result, case t.result when 'excellent' then 95 when 'pass' then 82 else 68 end,
              case t.result when 'improve' then '会员反映优惠落实不到位，限期整改' end,
              (select id from users where username = 'city'), make_timestamptz($2::int, 12, 20, 10, 0, 0, 'Asia/Shanghai')
         from unnest($1::int[], $3::text[]) as t(id, result)`,
      [assessed.map((r) => r.id), year - 1, results],
    );
    // This year's signing month: the city hands each district a quota, the districts their streets.
    const period = await client.query<{ id: number }>(
      `insert into merchant_quota_periods (name, starts_on, ends_on, created_by, created_at)
       values ($1, $2, $3, (select id from users where username = 'city'), $4) returning id`,
      [`${year} 五月签约月`, periodStart, periodEnd, `${year}-04-20T02:00:00Z`],
    );
    const periodId = period.rows[0]!.id;
    const quotaOrg: number[] = [];
    const quotaN: number[] = [];
    demoDistricts.forEach((d, di) => {
      const district = byName.get(d.name)!;
      const streets = d.streets.map((s) => byName.get(`${s}总工会`)!);
      const each = 3 + ((di * 7) % 4);
      quotaOrg.push(district.id);
      quotaN.push(each * streets.length + 2);
      streets.forEach((s) => {
        quotaOrg.push(s.id);
        quotaN.push(each);
      });
    });
    await client.query(
      `insert into merchant_quotas (period_id, org_id, quota, set_by, set_at)
       select $1, o, q, (select id from users where username = 'city'), $4 from unnest($2::int[], $3::int[]) as t(o, q)`,
      [periodId, quotaOrg, quotaN, `${year}-04-25T02:00:00Z`],
    );
    // The demo partners' API keys (the issue's published demo secrets; demo mode only).
    const bank = units.rows.find((u) => u.name === demoPartners.bankBranch.name);
    const firstMerchant = units.rows.find((u) => u.name === demoPartners.merchants[0]!.name);
    for (const [keyId, secret, org] of [
      ['demo-bank', 'demo-bank-secret', bank],
      ['demo-merchant', 'demo-merchant-secret', firstMerchant],
    ] as const) {
      if (!org) continue;
      await client.query(
        `insert into partner_api_keys (key_id, org_id, secret_enc, status, label) values ($1, $2, $3, 'active', '演示密钥') on conflict (key_id) do nothing`,
        [keyId, org.id, crypto.encrypt(secret)],
      );
    }
    await client.query(
      `insert into audit_log (action, actor_username, after) values ('system.seed_demo_merchants', 'system', $1::jsonb)`,
      [JSON.stringify({ merchants: inserted.rows.length, agreements: agreements.rowCount, periodId })],
    );
    await client.query('commit');
    const byState: Record<string, number> = {};
    for (const r of inserted.rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    return { merchants: inserted.rows.length, byState, agreements: agreements.rowCount ?? 0, periodId, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

function daysFrom(from: string, to: string): number {
  const [a, b] = [from, to].map((s) => Date.parse(`${s}T00:00:00Z`)) as [number, number];
  return Math.max(0, Math.round((b - a) / DAY));
}
