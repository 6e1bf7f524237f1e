import { eq, sql } from 'drizzle-orm';
import type { Permission, ScopeKind } from '@tongxing/contracts';
import type { DbOrTx } from '../src/client';
import { rolePermissions, roles } from '../src/schema/index';

export interface BuiltinRole {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  requiresMfa: boolean;
  grants: [Permission, ScopeKind][];
}

/**
 * Built-in roles. The three administrators split duties (三员分立): the system administrator runs units
 * and accounts but cannot read the audit log; the security administrator grants roles; the audit
 * administrator only reads the audit log. Cadres work on their own subtree; partner staff on their own
 * partner organisation.
 */
export const builtinRoles: BuiltinRole[] = [
  {
    code: 'system_admin',
    name: '系统管理员',
    nameEn: 'System administrator',
    description: '维护组织机构和账号，不能查看审计日志',
    requiresMfa: true,
    grants: [
      ['sms:read', 'all'],
      ['org:read', 'all'],
      ['org:write', 'all'],
      ['user:read', 'all'],
      ['user:write', 'all'],
      ['role:read', 'all'],
    ],
  },
  {
    code: 'security_admin',
    name: '安全管理员',
    nameEn: 'Security administrator',
    description: '维护角色与权限，为账号分配角色',
    requiresMfa: true,
    grants: [
      ['org:read', 'all'],
      ['user:read', 'all'],
      ['user:grant', 'all'],
      ['role:read', 'all'],
      ['role:write', 'all'],
    ],
  },
  {
    code: 'audit_admin',
    name: '审计管理员',
    nameEn: 'Audit administrator',
    description: '只能查看审计日志',
    requiresMfa: false,
    grants: [['audit:read', 'all']],
  },
  {
    code: 'city_cadre',
    name: '市总工会干部',
    nameEn: 'City federation cadre',
    description: '全市范围的业务工作',
    requiresMfa: false,
    grants: [
      ['loan:read', 'all'],
      ['loan:apply', 'all'],
      ['loan:review', 'all'],
      ['loan:configure', 'all'],
      ['loan:subsidy', 'all'],
      ['loan:visit', 'all'],
      ['loan:default', 'all'],
      ['loan:export', 'all'],
      ['ledger:read', 'all'],
      ['card:read', 'all'],
      ['card:apply', 'all'],
      ['card:configure', 'all'],
      ['merchant:read', 'all'],
      ['merchant:review', 'all'],
      ['merchant:quota', 'all'],
      ['merchant:settle', 'all'],
      ['partner:keys', 'all'],
      ['member:read', 'all'],
      ['member:write', 'all'],
      ['member:reveal', 'all'],
      ['member:import', 'all'],
      ['member:export', 'all'],
      ['member:transfer', 'all'],
      ['member:approve', 'all'],
      ['org:read', 'all'],
      ['org:write', 'all'],
      ['user:read', 'all'],
      ['user:write', 'all'],
      ['user:grant', 'all'],
      ['role:read', 'all'],
    ],
  },
  {
    code: 'district_cadre',
    name: '辖市区总工会干部',
    nameEn: 'District union cadre',
    description: '本辖市区及下级单位的业务工作',
    requiresMfa: false,
    grants: [
      ['card:read', 'subtree'],
      ['card:apply', 'subtree'],
      ['merchant:read', 'subtree'],
      ['merchant:review', 'subtree'],
      ['merchant:quota', 'subtree'],
      ['merchant:settle', 'subtree'],
      ['loan:read', 'subtree'],
      ['loan:apply', 'subtree'],
      ['loan:review', 'subtree'],
      ['loan:visit', 'subtree'],
      ['loan:export', 'subtree'],
      ['member:read', 'subtree'],
      ['member:write', 'subtree'],
      ['member:reveal', 'subtree'],
      ['member:import', 'subtree'],
      ['member:export', 'subtree'],
      ['member:transfer', 'subtree'],
      ['member:approve', 'subtree'],
      ['org:read', 'subtree'],
      ['org:write', 'subtree'],
      ['user:read', 'subtree'],
      ['user:write', 'subtree'],
      ['user:grant', 'subtree'],
      ['role:read', 'subtree'],
    ],
  },
  {
    code: 'street_cadre',
    name: '镇/街道总工会干部',
    nameEn: 'Town/street federation cadre',
    description: '本镇/街道及下级单位的业务工作',
    requiresMfa: false,
    grants: [
      ['card:read', 'subtree'],
      ['card:apply', 'subtree'],
      ['merchant:read', 'subtree'],
      ['merchant:quota', 'subtree'],
      ['loan:read', 'subtree'],
      ['loan:apply', 'subtree'],
      ['loan:review', 'subtree'],
      ['loan:visit', 'subtree'],
      ['member:read', 'subtree'],
      ['member:write', 'subtree'],
      ['member:reveal', 'subtree'],
      ['member:import', 'subtree'],
      ['member:export', 'subtree'],
      ['member:transfer', 'subtree'],
      ['member:approve', 'subtree'],
      ['org:read', 'subtree'],
      ['org:write', 'subtree'],
      ['user:read', 'subtree'],
      ['user:write', 'subtree'],
      ['user:grant', 'subtree'],
      ['role:read', 'subtree'],
    ],
  },
  {
    code: 'grassroots_cadre',
    name: '基层工会干部',
    nameEn: 'Grassroots union cadre',
    description: '本基层工会及其分工会的工作',
    requiresMfa: false,
    grants: [
      ['card:read', 'subtree'],
      ['card:apply', 'subtree'],
      ['loan:read', 'subtree'],
      ['loan:apply', 'subtree'],
      ['loan:review', 'subtree'],
      ['loan:visit', 'subtree'],
      ['member:read', 'subtree'],
      ['member:write', 'subtree'],
      ['member:import', 'subtree'],
      ['member:export', 'subtree'],
      ['member:transfer', 'subtree'],
      ['member:approve', 'subtree'],
      ['org:read', 'subtree'],
      ['org:write', 'subtree'],
      ['user:read', 'subtree'],
    ],
  },
  {
    code: 'bank_officer',
    name: '合作银行经办人',
    nameEn: 'Bank officer',
    description: '只处理推送给本行（含下级分支机构）的业务',
    requiresMfa: true,
    grants: [
      ['loan:read', 'subtree'],
      ['loan:review', 'subtree'],
      ['loan:disburse', 'subtree'],
      ['loan:repay', 'subtree'],
      ['loan:default', 'subtree'],
      ['loan:export', 'subtree'],
      ['card:read', 'subtree'],
      ['card:issue', 'subtree'],
      ['org:read', 'subtree'],
    ],
  },
  {
    code: 'insurer_officer',
    name: '保险机构经办人',
    nameEn: 'Insurer officer',
    description: '只处理推送给本机构的业务',
    requiresMfa: true,
    grants: [
      ['loan:read', 'subtree'],
      ['loan:review', 'subtree'],
      ['org:read', 'subtree'],
    ],
  },
  {
    code: 'guarantor_officer',
    name: '担保机构经办人',
    nameEn: 'Guarantor officer',
    description: '只处理推送给本机构的业务',
    requiresMfa: true,
    grants: [
      ['loan:read', 'subtree'],
      ['loan:review', 'subtree'],
      ['org:read', 'subtree'],
    ],
  },
  {
    code: 'merchant_operator',
    name: '特约商户操作员',
    nameEn: 'Merchant operator',
    description: '只查看本商户的交易和结算',
    requiresMfa: true,
    grants: [
      ['org:read', 'unit'],
      ['merchant:read', 'unit'],
    ],
  },
];

/** Creates missing built-in roles and keeps their grants as the code says (they are read-only in the app). */
export async function ensureBuiltinRoles(db: DbOrTx): Promise<void> {
  for (const def of builtinRoles) {
    const [row] = await db
      .insert(roles)
      .values({ code: def.code, name: def.name, nameEn: def.nameEn, description: def.description, requiresMfa: def.requiresMfa, builtin: true })
      .onConflictDoUpdate({
        target: roles.code,
        set: { name: def.name, nameEn: def.nameEn, description: def.description, requiresMfa: def.requiresMfa, builtin: true },
      })
      .returning({ id: roles.id });
    const roleId = row!.id;
    await db.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
    await db.insert(rolePermissions).values(def.grants.map(([permission, scope]) => ({ roleId, permission, scope, unitIds: sql`'{}'::integer[]` })));
  }
}
