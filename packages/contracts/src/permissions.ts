/**
 * Permissions are `<module>:<action>` strings. A role holds permissions, each with its own data scope.
 * The scope applied to a request is the one attached to the permission the route requires.
 */
export const permissionCatalog = {
  'org:read': { zh: '查看组织', en: 'View units', module: 'org' },
  'org:write': { zh: '维护组织（新增、编辑、移动、停用）', en: 'Manage units', module: 'org' },
  'user:read': { zh: '查看账号', en: 'View accounts', module: 'user' },
  'user:write': { zh: '维护账号（新增、编辑、停用、重置密码）', en: 'Manage accounts', module: 'user' },
  'user:grant': { zh: '为账号分配角色', en: 'Assign roles to accounts', module: 'user' },
  'role:read': { zh: '查看角色', en: 'View roles', module: 'role' },
  'role:write': { zh: '维护角色与权限', en: 'Manage roles and permissions', module: 'role' },
  'audit:read': { zh: '查看审计日志', en: 'Read the audit log', module: 'audit' },
  'member:read': { zh: '查看会员', en: 'View members', module: 'member' },
  'member:write': { zh: '维护会员信息', en: 'Edit members', module: 'member' },
  'member:reveal': { zh: '查看完整证件号和手机号（需填写事由）', en: 'Reveal full ID and phone numbers (with a reason)', module: 'member' },
  'member:import': { zh: '批量导入会员', en: 'Import members', module: 'member' },
  'member:export': { zh: '导出会员名册', en: 'Export members', module: 'member' },
  'member:transfer': { zh: '办理会员转会', en: 'Handle member transfers', module: 'member' },
  'member:approve': { zh: '审批网上入会申请', en: 'Decide joining applications', module: 'member' },
  'loan:read': { zh: '查看创保贷业务', en: 'View loans', module: 'loan' },
  'loan:apply': { zh: '代会员提交贷款申请', en: 'Enter loan applications for members', module: 'loan' },
  'loan:review': { zh: '办理贷款审核环节', en: 'Act on loan review steps', module: 'loan' },
  'loan:disburse': { zh: '登记和复核放款', en: 'Record and confirm disbursements', module: 'loan' },
  'loan:repay': { zh: '登记和导入还款', en: 'Record and import repayments', module: 'loan' },
  'loan:configure': { zh: '维护贷款项目与产品', en: 'Configure loan programmes and products', module: 'loan' },
  'loan:subsidy': { zh: '办理贴息贴费批次', en: 'Prepare, approve and pay subsidy batches', module: 'loan' },
  'loan:visit': { zh: '登记贷后回访', en: 'Record follow-up visits', module: 'loan' },
  'loan:default': { zh: '办理逾期认定、理赔与核销', en: 'Handle defaults, claims and write-offs', module: 'loan' },
  'loan:export': { zh: '导出贷款台账和审批表', en: 'Export the loan book and forms', module: 'loan' },
  'ledger:read': { zh: '查看资金台账', en: 'Read the fund ledger', module: 'loan' },
  'card:read': { zh: '查看服务卡业务和开卡、用卡率', en: 'View member cards and card rates', module: 'card' },
  'card:apply': { zh: '为会员申请办卡（批量申请、导出银行申请表）', en: 'Apply for cards for members (batches, the bank sheet)', module: 'card' },
  'card:issue': { zh: '上报发卡、激活和卡片状态（银行）', en: 'Report issued and activated cards and card changes (bank)', module: 'card' },
  'card:configure': { zh: '维护服务卡项目和发卡银行', en: 'Configure the card programme and its banks', module: 'card' },
  'merchant:read': { zh: '查看特约商户、协议、交易和结算', en: 'View partner merchants, agreements, transactions and settlements', module: 'merchant' },
  'merchant:review': { zh: '审核、签约、暂停、撤销特约商户及年度考核', en: 'Review, sign, suspend and revoke merchants; annual assessments', module: 'merchant' },
  'merchant:quota': { zh: '分配特约商户签约任务', en: 'Hand down merchant-signing quotas', module: 'merchant' },
  'merchant:settle': { zh: '办理商户月度结算（编制、审核、支付）', en: 'Prepare, approve and pay merchant settlements', module: 'merchant' },
  'partner:keys': { zh: '管理合作机构接口密钥', en: 'Manage partners’ API keys', module: 'system' },
  'sms:read': { zh: '查看短信发件箱（仅演示环境）', en: 'Read the SMS outbox (demo only)', module: 'system' },
} as const;

export type Permission = keyof typeof permissionCatalog;
export const permissions = Object.keys(permissionCatalog) as Permission[];

export const scopeKinds = ['all', 'subtree', 'unit', 'units', 'own'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

export const scopeKindLabels: Record<ScopeKind, { zh: string; en: string }> = {
  all: { zh: '全部', en: 'All units' },
  subtree: { zh: '本单位及下级', en: 'Own unit and below' },
  unit: { zh: '本单位', en: 'Own unit only' },
  units: { zh: '指定单位（含下级）', en: 'Chosen units and below' },
  own: { zh: '本人创建的记录', en: 'Own records' },
};

/** Routes outside permission control. Everything else must declare a permission (deny by default). */
export const PUBLIC = 'public' as const;
/** Routes that only need a signed-in account (own profile, logout, second-factor enrolment). */
export const AUTHENTICATED = 'authenticated' as const;
/** Routes of the member portal: a signed-in member (not staff). */
export const MEMBER = 'member' as const;
/** Routes of the partner API: no session; a request signed with a partner's API key (HMAC, see card-transactions). */
export const PARTNER = 'partner' as const;
export type RouteAccess = Permission | typeof PUBLIC | typeof AUTHENTICATED | typeof MEMBER | typeof PARTNER;
