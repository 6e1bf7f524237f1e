import type pg from 'pg';
import { rng } from '@tongxing/db/seed/codes';
import { DEMO_PASSWORD } from '@tongxing/db/seed/demo';
import { demoDistricts } from '@tongxing/db/seed/demo-tree';
import { referenceFromBytes } from '@tongxing/domain';
import type { FieldCrypto } from '../lib/crypto';
import { hashPassword } from '../lib/password';
import { sealIdNumber, sealPhone } from '../lib/personal';
import { memberRow, unnestParams, type MemberRow } from './member-rows';
import { peopleGenerator, spreadMembers, type PersonUnit } from './people';

/** About 20,000 members over the demo tree; the seed makes every installation's demo the same. */
export const DEMO_MEMBERS = { count: 20_000, seed: 20_260_501 };

const ACTOR_NAME = '演示数据';
/** The units the transfers, applications and the portal account below are placed in. */
const NAMED_UNITS = [
  'grassroots:xinbei:0:0', 'grassroots:xinbei:0:1', 'grassroots:xinbei:1:0', 'grassroots:xinbei:2:0', 'grassroots:wujin:0:0', 'grassroots:wujin:0:1',
  'grassroots:wujin:1:0', 'grassroots:wujin:2:0', 'grassroots:tianning:1:0', 'grassroots:liyang:0:1', 'street:xinbei:0', 'street:wujin:2',
];

/**
 * A demo unit by its key in packages/db/seed/demo.ts, found by what the seed writes: `street:<district>:<i>`
 * is the i-th street of the district, `grassroots:<district>:<i>:<g>` the g-th grassroots union in its subtree.
 */
async function demoUnit(client: pg.PoolClient, key: string): Promise<number> {
  const [kind, districtKey, streetIndex, unionIndex] = key.split(':');
  const district = demoDistricts.find((d) => d.key === districtKey);
  const street = district?.streets[Number(streetIndex)];
  if (!district || !street) throw new Error(`no demo unit ${key}`);
  const res = await client.query<{ id: number }>(
    `with s as (select s.id, s.path from org_units s join org_units d on d.id = s.parent_id
                 where s.name = $1 and d.name = $2 and s.kind = 'street_federation')
     select s.id from s where $3::int is null
     union all
     (select u.id from org_units u, s where $3::int is not null and u.path <@ s.path and u.kind = 'grassroots_union'
       order by u.sort_order, u.id offset $3 limit 1)`,
    [`${street}总工会`, district.name, kind === 'grassroots' ? Number(unionIndex) : null],
  );
  if (!res.rows[0]) throw new Error(`the demo tree has no unit ${key}`);
  return res.rows[0].id;
}
const BATCH = 5_000;

interface UnitRow {
  id: number;
  path: string;
  kind: PersonUnit['kind'];
  name: string;
}

export interface DemoMembersSummary {
  members: number;
  modelWorkers: number;
  applications: number;
  transfers: number;
  portalUsername: string;
  seconds: number;
}

/** A grassroots union is named "<employer>工会委员会"; its members work for that employer. */
export function employerOf(unionName: string): string {
  return unionName.replace(/工会委员会$|工会$/, '');
}

/**
 * Seeds the demo members into a freshly seeded demo tree, in one transaction: members spread over the
 * grassroots unions and street federations, one history row each, a few pending join applications
 * and transfers, and a portal account for one member of a 三井街道 union.
 */
export async function seedDemoMembers(pool: pg.Pool, crypto: FieldCrypto): Promise<DemoMembersSummary> {
  const started = performance.now();
  // The one argon2 hash, before the transaction opens.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const client = await pool.connect();
  try {
    await client.query('begin');
    const units = (
      await client.query<UnitRow>(
        `select id, path::text as path, kind, name from org_units
          where kind in ('grassroots_union', 'street_federation') and status = 'active' order by sort_order, id`,
      )
    ).rows;
    const ids = new Map<string, number>();
    for (const key of NAMED_UNITS) ids.set(key, await demoUnit(client, key));
    const unitId = (key: string) => ids.get(key)!;
    const before = (await client.query<{ id: number }>('select coalesce(max(id), 0)::int as id from members')).rows[0]!.id;
    const gen = peopleGenerator({ seed: DEMO_MEMBERS.seed });
    const counts = spreadMembers(units.map((u) => u.kind), DEMO_MEMBERS.count, DEMO_MEMBERS.seed);
    const rows: MemberRow[] = [];
    units.forEach((u, i) => {
      const unit: PersonUnit = { kind: u.kind, employer: u.kind === 'grassroots_union' ? employerOf(u.name) : null };
      for (let k = 0; k < counts[i]!; k++) rows.push(memberRow(crypto, gen.person(unit), u));
    });
    for (let i = 0; i < rows.length; i += BATCH) {
      const { params, columns, select, from } = unnestParams(rows.slice(i, i + BATCH));
      await client.query(`insert into members (${columns}) select ${select} from ${from}`, params);
    }
    await client.query(
      `insert into member_events (member_id, type, actor_name, org_id, org_path, at)
       select id, 'created', $1, org_id, org_path, created_at from members where id > $2 order by id`,
      [ACTOR_NAME, before],
    );

    const users = new Map(
      (await client.query<{ id: number; username: string }>(`select id, username from users where kind = 'staff'`)).rows.map((r) => [r.username, r.id]),
    );
    const portal = await createPortalAccount(client, crypto, unitId('grassroots:xinbei:0:1'), passwordHash);
    const transfers = await createTransfers(client, unitId, users, portal.memberId);
    const applications = await createApplications(client, crypto, gen, unitId);
    const modelWorkers = rows.filter((r) => r.model_worker_level !== 'none').length;
    const summary = { members: rows.length, modelWorkers, applications, transfers, portalUsername: portal.username };
    await client.query(`insert into audit_log (action, actor_username, after) values ('system.seed_demo_members', 'system', $1::jsonb)`, [
      JSON.stringify(summary),
    ]);
    await client.query('commit');
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The member portal's demo login: a working-age active member of a 三井街道 union, by phone and the demo password. */
async function createPortalAccount(client: pg.PoolClient, crypto: FieldCrypto, orgId: number, passwordHash: string) {
  const found = await client.query<{ id: number; name: string; phone_enc: Buffer }>(
    `select id, name, phone_enc from members
      where org_id = $1 and status = 'active' and phone_enc is not null and birth_date between '1980-01-01' and '1998-12-31'
      order by id limit 1`,
    [orgId],
  );
  const m = found.rows[0];
  if (!m) throw new Error('no member to give the demo portal account');
  const phone = sealPhone(crypto, crypto.decrypt(m.phone_enc));
  const username = `m${m.id}`;
  await client.query(
    `insert into users (kind, username, display_name, org_id, member_id, password_hash, must_change_password, phone_enc, phone_hash, phone_last4)
     values ('member', $1, $2, $3, $4, $5, false, $6, $7, $8)`,
    [username, m.name, orgId, m.id, passwordHash, phone.enc, phone.hash, phone.last4],
  );
  return { username, memberId: m.id };
}

/** Pending transfers both ways between 新北区 and 武进区, started by the sending or by the receiving union. */
async function createTransfers(client: pg.PoolClient, unitId: (key: string) => number, users: Map<string, number>, skipMember: number) {
  const plan = [
    { from: 'grassroots:xinbei:1:0', to: 'grassroots:wujin:0:1', by: 'sending', user: 'xinbei', reason: '工作调动至武进区' },
    { from: 'grassroots:xinbei:2:0', to: 'grassroots:wujin:1:0', by: 'receiving', user: 'wujin', reason: '已与新单位签订劳动合同，由接收单位工会发起' },
    { from: 'grassroots:wujin:0:0', to: 'grassroots:xinbei:0:1', by: 'sending', user: 'wujin', reason: '劳动关系转入三井街道企业' },
    { from: 'grassroots:wujin:2:0', to: 'grassroots:xinbei:0:0', by: 'receiving', user: 'sanjing', reason: '职工本人申请转入本单位工会' },
  ];
  for (const [i, t] of plan.entries()) {
    const res = await client.query(
      `insert into member_transfers (member_id, from_org_id, to_org_id, initiated_by, status, reason, created_by, created_at)
       select m.id, m.org_id, $2, $3, 'pending', $4, $5, now() - make_interval(days => $6)
         from members m where m.org_id = $1 and m.status = 'active' and m.id <> $7
        order by m.id offset 3 limit 1`,
      [unitId(t.from), unitId(t.to), t.by, t.reason, users.get(t.user)!, i + 1, skipMember],
    );
    if (res.rowCount !== 1) throw new Error(`no member to transfer from ${t.from}`);
  }
  return plan.length;
}

/** Pending 网上入会 applications: most to 三井街道's unions (and the street itself, for a worker without one). */
async function createApplications(
  client: pg.PoolClient,
  crypto: FieldCrypto,
  gen: ReturnType<typeof peopleGenerator>,
  unitId: (key: string) => number,
) {
  const keys = ['grassroots:xinbei:0:0', 'grassroots:xinbei:0:1', 'street:xinbei:0', 'grassroots:tianning:1:0', 'street:wujin:2', 'grassroots:liyang:0:1'];
  const next = rng(DEMO_MEMBERS.seed + 1);
  for (const [i, key] of keys.entries()) {
    const street = key.startsWith('street:');
    const org = await client.query<{ name: string }>('select name from org_units where id = $1', [unitId(key)]);
    const p = gen.person({ kind: street ? 'street_federation' : 'grassroots_union', employer: street ? null : employerOf(org.rows[0]!.name) });
    const id = sealIdNumber(crypto, p.idNumber);
    const phone = sealPhone(crypto, p.phone);
    // The applicants' own format (join-workflow), from the seeded generator so the demo stays the same.
    const reference = referenceFromBytes(Uint8Array.from({ length: 12 }, () => Math.floor(next() * 256)));
    const details = { gender: p.gender, birthDate: p.birthDate, ethnicity: p.ethnicity, category: p.category, education: p.education, politicalStatus: p.politicalStatus };
    await client.query(
      `insert into join_applications (reference, org_id, name, id_type, id_enc, id_hash, id_last4, phone_enc, phone_hash, phone_last4, employer, details, status, created_at)
       values ($1, $2, $3, 'resident_id', $4, $5, $6, $7, $8, $9, $10, $11::jsonb, 'pending', now() - make_interval(hours => $12))`,
      [reference, unitId(key), p.name, id.enc, id.hash, id.last4, phone.enc, phone.hash, phone.last4, p.employer, JSON.stringify(details), 5 + i * 19],
    );
  }
  return keys.length;
}

/** The demo portal login to print beside the staff accounts: the first member account, if the demo made one. */
export async function demoPortalLogin(pool: pg.Pool, crypto: FieldCrypto): Promise<{ phone: string; name: string; orgName: string } | null> {
  const res = await pool.query<{ name: string; org_name: string; phone_enc: Buffer | null }>(
    `select m.name, o.name as org_name, m.phone_enc from users u join members m on m.id = u.member_id join org_units o on o.id = m.org_id
      where u.kind = 'member' order by u.id limit 1`,
  );
  const r = res.rows[0];
  return r?.phone_enc ? { phone: crypto.decrypt(r.phone_enc), name: r.name, orgName: r.org_name } : null;
}
