import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../src/client';
import { auditLog, orgUnits, roles, userRoles, users } from '../src/schema/index';
import { makeUscc, rng } from './codes';
import { demoCity, demoCommunities, demoDistricts, demoEmployers, demoPartners } from './demo-tree';

export const DEMO_PASSWORD = 'Tongxing@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  /** Key of the unit in the demo tree. */
  unit: string;
  zh: string;
  en: string;
}

export const demoAccounts: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', unit: 'city', zh: '系统管理员（需绑定动态验证码）', en: 'system administrator (TOTP)' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', unit: 'city', zh: '安全管理员（需绑定动态验证码）', en: 'security administrator (TOTP)' },
  { username: 'auditor', displayName: '审计管理员', role: 'audit_admin', unit: 'city', zh: '审计管理员', en: 'audit administrator' },
  { username: 'city', displayName: '陈卫东', role: 'city_cadre', unit: 'city', zh: '市总工会干部（全市）', en: 'city cadre (all units)' },
  { username: 'city2', displayName: '许文静', role: 'city_cadre', unit: 'city', zh: '市总工会干部（贴息批次审批人）', en: 'second city cadre (approves subsidy batches)' },
  { username: 'xinbei', displayName: '王丽华', role: 'district_cadre', unit: 'district:xinbei', zh: '新北区总工会干部', en: '新北区 district cadre' },
  { username: 'wujin', displayName: '张建国', role: 'district_cadre', unit: 'district:wujin', zh: '武进区总工会干部', en: '武进区 district cadre' },
  { username: 'sanjing', displayName: '刘敏', role: 'street_cadre', unit: 'street:xinbei:0', zh: '新北区三井街道总工会干部', en: '三井街道 street cadre' },
  { username: 'bank', displayName: '周晓明', role: 'bank_officer', unit: 'bank:branch', zh: '合作银行常州分行经办人（需绑定动态验证码）', en: 'bank officer (TOTP)' },
  { username: 'bank2', displayName: '钱雨婷', role: 'bank_officer', unit: 'bank:branch', zh: '合作银行常州分行复核人（放款复核，需绑定动态验证码）', en: 'second bank officer, the checker (TOTP)' },
  { username: 'insurer', displayName: '吴佳', role: 'insurer_officer', unit: 'insurer', zh: '保险机构经办人（需绑定动态验证码）', en: 'insurer officer (TOTP)' },
  { username: 'guarantor', displayName: '郑涛', role: 'guarantor_officer', unit: 'guarantor', zh: '担保机构经办人（需绑定动态验证码）', en: 'guarantor officer (TOTP)' },
  { username: 'merchant', displayName: '孙悦', role: 'merchant_operator', unit: 'merchant:0', zh: '特约商户操作员（需绑定动态验证码）', en: 'merchant operator (TOTP)' },
];

interface NewUnit {
  key: string;
  parentKey: string | null;
  kind: string;
  name: string;
  shortName?: string | null;
  divisionCode?: string | null;
  creditCode?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  address?: string | null;
}

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅';

function demoUnits(): NewUnit[] {
  const next = rng(20261128);
  const pick = (s: string) => s[Math.floor(next() * s.length)] ?? '';
  const person = () => pick(surnames) + pick(givenChars) + (next() < 0.6 ? pick(givenChars) : '');
  const phone = (area: string) => `0519-${area}${String(Math.floor(next() * 10_000_000)).padStart(7, '0')}`;
  const units: NewUnit[] = [];
  units.push({
    key: 'city',
    parentKey: null,
    kind: 'city_federation',
    name: demoCity.name,
    shortName: demoCity.shortName,
    divisionCode: demoCity.divisionCode,
    creditCode: makeUscc('81', '320400', next),
    contactName: '办公室',
    contactPhone: '0519-86601234',
    address: '常州市天宁区延陵中路',
  });
  let employer = 0;
  demoDistricts.forEach((d) => {
    units.push({
      key: `district:${d.key}`,
      parentKey: 'city',
      kind: 'district_union',
      name: d.name,
      shortName: d.shortName,
      divisionCode: d.divisionCode,
      creditCode: makeUscc('81', d.codeForCredit, next),
      contactName: person(),
      contactPhone: phone('8'),
    });
    d.streets.forEach((street, si) => {
      const streetKey = `street:${d.key}:${si}`;
      units.push({
        key: streetKey,
        parentKey: `district:${d.key}`,
        kind: 'street_federation',
        name: `${street}总工会`,
        shortName: street,
        contactName: person(),
        contactPhone: phone('6'),
      });
      if (si === 0) {
        units.push({
          key: `community:${d.key}:${si}`,
          parentKey: streetKey,
          kind: 'community_federation',
          name: `${street}${demoCommunities[0]}`,
          shortName: null,
        });
      }
      const count = 2 + (si % 2);
      for (let g = 0; g < count; g++) {
        const company = demoEmployers[employer % demoEmployers.length] ?? '企业';
        employer++;
        const prefix = d.shortName.replace(/区$|市$/, '').replace('常州经开', '经开');
        const key = `grassroots:${d.key}:${si}:${g}`;
        const parentKey = si === 0 && g === 0 ? `community:${d.key}:${si}` : streetKey;
        units.push({
          key,
          parentKey,
          kind: 'grassroots_union',
          name: `常州${prefix}${company}工会委员会`,
          shortName: `${prefix}${company.replace(/有限公司|股份有限公司/, '')}工会`,
          creditCode: makeUscc('81', d.codeForCredit, next),
          contactName: person(),
          contactPhone: phone('8'),
        });
        if (g === 0 && si < 2) {
          units.push({ key: `${key}:b1`, parentKey: key, kind: 'branch', name: '生产车间分工会' });
          units.push({ key: `${key}:b2`, parentKey: key, kind: 'branch', name: '技术研发中心分工会' });
        }
      }
    });
  });
  const p = demoPartners;
  units.push({ key: 'bank:head', parentKey: null, kind: 'bank', name: p.bankHead.name, shortName: p.bankHead.shortName, creditCode: makeUscc('91', '320000', next) });
  units.push({ key: 'bank:branch', parentKey: 'bank:head', kind: 'bank', name: p.bankBranch.name, shortName: p.bankBranch.shortName, creditCode: makeUscc('91', '320400', next), contactName: '普惠金融部', contactPhone: '0519-88881234' });
  units.push({ key: 'insurer', parentKey: null, kind: 'insurer', name: p.insurer.name, shortName: p.insurer.shortName, creditCode: makeUscc('91', '320400', next) });
  units.push({ key: 'guarantor', parentKey: null, kind: 'guarantor', name: p.guarantor.name, shortName: p.guarantor.shortName, creditCode: makeUscc('91', '320400', next) });
  p.merchants.forEach((m, i) => {
    units.push({ key: `merchant:${i}`, parentKey: null, kind: 'merchant', name: m.name, shortName: m.shortName, creditCode: makeUscc('92', '320402', next) });
  });
  return units;
}

export async function isEmpty(db: DbOrTx): Promise<boolean> {
  const res = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${orgUnits}`);
  return Number(res.rows[0]?.n ?? 0) === 0;
}

/**
 * Seeds the demo tree and accounts into an empty database, in one transaction. Returns the ids of the
 * units by key, for test factories. Demo passwords are all DEMO_PASSWORD; never use DEMO=1 in production.
 */
export async function seedDemo(db: Db): Promise<Map<string, number>> {
  const units = demoUnits();
  const passwordHash = await hash(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const ids = new Map<string, number>();
    const paths = new Map<string, string>();
    let sort = 0;
    for (const u of units) {
      const idRes = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`);
      const id = Number(idRes.rows[0]!.id);
      const parentPath = u.parentKey ? paths.get(u.parentKey) : undefined;
      const path = parentPath ? `${parentPath}.${id}` : String(id);
      await tx.insert(orgUnits).values({
        id,
        parentId: u.parentKey ? (ids.get(u.parentKey) ?? null) : null,
        path,
        depth: path.split('.').length - 1,
        kind: u.kind,
        name: u.name,
        shortName: u.shortName ?? null,
        divisionCode: u.divisionCode ?? null,
        creditCode: u.creditCode ?? null,
        contactName: u.contactName ?? null,
        contactPhone: u.contactPhone ?? null,
        address: u.address ?? null,
        sortOrder: sort++,
      });
      ids.set(u.key, id);
      paths.set(u.key, path);
    }
    const roleRows = await tx.select({ id: roles.id, code: roles.code }).from(roles);
    const roleId = new Map(roleRows.map((r) => [r.code, r.id]));
    for (const a of demoAccounts) {
      const [row] = await tx
        .insert(users)
        .values({ kind: 'staff', username: a.username, displayName: a.displayName, orgId: ids.get(a.unit)!, passwordHash, mustChangePassword: false })
        .returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: row!.id, roleId: roleId.get(a.role)! });
    }
    await tx.insert(auditLog).values({
      action: 'system.seed_demo',
      actorUsername: 'system',
      after: { units: units.length, accounts: demoAccounts.length },
    });
    return ids;
  });
}
