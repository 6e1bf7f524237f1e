import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdNumber, factsFromIdNumber, MOBILE_PATTERN } from '@tongxing/domain';
import { DEMO_PASSWORD } from '@tongxing/db/seed/demo';
import { DEMO_MEMBERS, seedDemoMembers, type DemoMembersSummary } from '../src/demo/demo-members';
import { nameColumns } from '../src/modules/members/member-record';
import { hashIdNumber, hashPhone } from '../src/lib/personal';
import { DEMO_TODAY, peopleGenerator, spreadMembers, type Person } from '../src/demo/people';
import { createTestApp, rememberSecret, type TestApp } from './harness';

const unit = { kind: 'grassroots_union' as const, employer: '常州恒远精密机械有限公司' };
const many = (n: number, opts: Parameters<typeof peopleGenerator>[0]): Person[] => {
  const gen = peopleGenerator(opts);
  return Array.from({ length: n }, (_, i) => gen.person(i % 10 === 0 ? { kind: 'street_federation', employer: null } : unit));
};

describe('the people generator', () => {
  const people = many(20_000, { seed: 7 });

  it('is deterministic for a seed', () => {
    expect(many(50, { seed: 7 })).toEqual(people.slice(0, 50));
    expect(many(50, { seed: 8 })).not.toEqual(people.slice(0, 50));
  });

  it('makes valid, unique ID numbers whose birth date and gender are the person’s', () => {
    for (const p of people) {
      expect(checkIdNumber('resident_id', p.idNumber)).toBeNull();
      expect(factsFromIdNumber(p.idNumber)).toEqual({ birthDate: p.birthDate, gender: p.gender });
      expect(p.birthDate >= '1966-01-01' && p.birthDate <= '2005-12-31').toBe(true);
    }
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
  });

  it('makes unique mobile numbers and joins after the 18th birthday, never after the demo date', () => {
    expect(people.every((p) => MOBILE_PATTERN.test(p.phone))).toBe(true);
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    for (const p of people) {
      const adult = `${Number(p.birthDate.slice(0, 4)) + 18}${p.birthDate.slice(4)}`;
      expect(p.joinDate >= adult && p.joinDate <= DEMO_TODAY).toBe(true);
    }
  });

  it('draws disjoint numbers when the sequence ranges and phone indexes are disjoint', () => {
    const a = many(5_000, { seed: 1, sequenceHundreds: [0, 7] });
    const b = many(5_000, { seed: 1, sequenceHundreds: [8, 9], firstPhone: 1_000_000 });
    const ids = new Set(a.map((p) => p.idNumber));
    const phones = new Set(a.map((p) => p.phone));
    expect(b.some((p) => ids.has(p.idNumber) || phones.has(p.phone))).toBe(false);
  });

  it('spreads an exact total over the units', () => {
    const counts = spreadMembers(['grassroots_union', 'street_federation', 'grassroots_union', 'grassroots_union'], 1001, 3);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(1001);
    expect(counts.every((n) => n > 0)).toBe(true);
  });
});

describe('the demo members', () => {
  let t: TestApp;
  let summary: DemoMembersSummary;

  beforeAll(async () => {
    t = await createTestApp();
    summary = await seedDemoMembers(t.pool, t.deps.crypto);
  }, 60_000);
  afterAll(async () => t.close());

  it('loads about 20,000 members in a few seconds, each with its history row, counted by the rollups', async () => {
    expect(summary.members).toBe(DEMO_MEMBERS.count);
    // A generous bound: it catches a per-row loop creeping in, not a busy machine (a few seconds alone).
    expect(summary.seconds).toBeLessThan(60);
    const r = (await t.pool.query(
      `select (select count(*)::int from members) as members,
              (select count(*)::int from member_events where type = 'created') as events,
              (select sum(n)::int from org_member_counts) as counted,
              (select count(*)::int from members m join org_units o on o.id = m.org_id where o.kind not in ('grassroots_union', 'street_federation')) as misplaced`,
    )).rows[0];
    expect(r).toEqual({ members: 20_000, events: 20_000, counted: 20_000, misplaced: 0 });
  });

  it('looks like a real registry: categories, a few hundred model workers, Han majority, some retired and withdrawn', async () => {
    const share = async (where: string) => (await t.pool.query(`select count(*) filter (where ${where})::float / count(*) as s from members`)).rows[0].s as number;
    expect(await share(`category = 'new_form'`)).toBeGreaterThan(0.06);
    expect(await share(`category = 'new_form'`)).toBeLessThan(0.1);
    expect(await share(`category in ('industrial', 'migrant')`)).toBeGreaterThan(0.6);
    expect(await share(`ethnicity = '01'`)).toBeGreaterThan(0.97);
    expect(await share(`status in ('retired', 'withdrawn')`)).toBeGreaterThan(0.02);
    const levels = (await t.pool.query(`select model_worker_level as l, count(*)::int as n from members where model_worker_level <> 'none' group by 1`)).rows;
    const by = Object.fromEntries(levels.map((x) => [x.l, x.n]));
    expect(summary.modelWorkers).toBeGreaterThan(250);
    expect(summary.modelWorkers).toBeLessThan(350);
    expect(by.city).toBeGreaterThan(by.provincial);
    expect(by.provincial).toBeGreaterThan(by.national ?? 0);
  });

  it('stores exactly what registration would: sealed numbers, their hashes and last four, the name search columns', async () => {
    const rows = (await t.pool.query(
      `select name, name_pinyin, name_initials, name_grams, gender, birth_date::text as birth, id_enc, id_hash, id_last4, phone_enc, phone_hash, phone_last4
         from members order by md5(id::text) limit 200`,
    )).rows;
    for (const r of rows) {
      const id = t.deps.crypto.decrypt(r.id_enc);
      const phone = t.deps.crypto.decrypt(r.phone_enc);
      expect(checkIdNumber('resident_id', id)).toBeNull();
      expect(factsFromIdNumber(id)).toEqual({ birthDate: r.birth, gender: r.gender });
      expect([r.id_hash, r.id_last4, r.phone_hash, r.phone_last4]).toEqual([hashIdNumber(t.deps.crypto, id), id.slice(-4), hashPhone(t.deps.crypto, phone), phone.slice(-4)]);
      const n = nameColumns(r.name);
      expect([r.name_pinyin, r.name_initials, r.name_grams]).toEqual([n.namePinyin, n.nameInitials, n.nameGrams]);
    }
  });

  it('leaves pending applications and transfers both ways between 新北区 and 武进区', async () => {
    const apps = (await t.pool.query(`select count(*)::int as n from join_applications where status = 'pending'`)).rows[0].n;
    expect(apps).toBe(summary.applications);
    const transfers = (await t.pool.query(
      `select f.parent_id as f, t.parent_id as t, tr.initiated_by from member_transfers tr
         join org_units fo on fo.id = tr.from_org_id join org_units f on f.id = fo.parent_id
         join org_units tt on tt.id = tr.to_org_id join org_units t on t.id = tt.parent_id where tr.status = 'pending'`,
    )).rows;
    expect(transfers).toHaveLength(4);
    expect(new Set(transfers.map((x) => x.initiated_by))).toEqual(new Set(['sending', 'receiving']));
  });

  it('pages a filtered roster in pinyin order whichever plan serves it (a street sorts directly, a district walks the index)', async () => {
    for (const [user, unit] of [['sanjing', '三井街道总工会'], ['xinbei', '新北区总工会']] as const) {
      const client = await t.login(user);
      const res = await client.get('/api/v1/members?status=active&category=migrant&page=2&pageSize=50');
      const expected = (await t.pool.query(
        `select id from members where status = 'active' and category = 'migrant' and org_path <@ (select path from org_units where name = $1)
          order by name_pinyin, id offset 50 limit 50`,
        [unit],
      )).rows.map((r) => r.id);
      expect(expected).toHaveLength(50);
      expect(res.body.items.map((i: { id: number }) => i.id)).toEqual(expected);
    }
  });

  it('finds the members through the API within scope, and the portal member signs in with the phone', async () => {
    const m = (await t.pool.query(
      `select m.id, m.name, m.name_initials, m.phone_enc, m.org_id, u.username from users u join members m on m.id = u.member_id where u.kind = 'member'`,
    )).rows[0];
    const phone = t.deps.crypto.decrypt(m.phone_enc);
    rememberSecret(phone);
    expect(m.username).toBe(`m${m.id}`);
    const sanjing = await t.login('sanjing');
    for (const q of [m.name, m.name_initials, phone]) {
      const res = await sanjing.get(`/api/v1/members?q=${encodeURIComponent(q)}&pageSize=100`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: number }) => i.id)).toContain(m.id);
    }
    const wujin = await t.login('wujin');
    expect((await wujin.get(`/api/v1/members?q=${phone}`)).body.total).toBe(0);

    const xinbei = await t.login('xinbei');
    const counts = await xinbei.get('/api/v1/members/counts');
    const active = (await t.pool.query(
      `select count(*)::int as n from members where status = 'active' and org_path <@ (select path from org_units where name = '新北区总工会')`,
    )).rows[0].n;
    expect(counts.body.members).toBe(active);

    const portal = t.client();
    const login = await portal.post('/api/v1/portal/auth/login', { phone, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect((await portal.get('/api/v1/portal/me')).status).toBe(200);
  });
});
