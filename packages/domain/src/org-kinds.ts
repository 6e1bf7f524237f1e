/**
 * Kinds of organisation units and the rules for which kind may sit under which.
 * The union tree is ranked from the city federation down to branches; a child must rank below its
 * parent (a large employer's union may sit directly under a district, skipping the street level).
 * Partners (banks, insurers, guarantors, merchants) sit outside the union tree, optionally under a
 * parent of the same kind (a bank's city branch under its provincial branch).
 */
export const unionKinds = [
  'city_federation',
  'district_union',
  'street_federation',
  'community_federation',
  'grassroots_union',
  'branch',
] as const;
export const partnerKinds = ['bank', 'insurer', 'guarantor', 'merchant'] as const;
export const orgKinds = [...unionKinds, ...partnerKinds] as const;
export type OrgKind = (typeof orgKinds)[number];
export type UnionKind = (typeof unionKinds)[number];

export function isPartnerKind(kind: OrgKind): boolean {
  return (partnerKinds as readonly string[]).includes(kind);
}

export function unionRank(kind: OrgKind): number {
  return (unionKinds as readonly string[]).indexOf(kind);
}

export type ParentCheck = { ok: true } | { ok: false; reason: 'root_only' | 'needs_parent' | 'kind_order' | 'partner_mix' };

export function canSitUnder(kind: OrgKind, parentKind: OrgKind | null): ParentCheck {
  if (isPartnerKind(kind)) {
    if (parentKind === null) return { ok: true };
    return parentKind === kind ? { ok: true } : { ok: false, reason: 'partner_mix' };
  }
  if (kind === 'city_federation') return parentKind === null ? { ok: true } : { ok: false, reason: 'root_only' };
  if (parentKind === null) return { ok: false, reason: 'needs_parent' };
  if (isPartnerKind(parentKind)) return { ok: false, reason: 'partner_mix' };
  // 分工会 may hold 工会小组, both kept as the branch kind.
  if (kind === 'branch' && parentKind === 'branch') return { ok: true };
  return unionRank(kind) > unionRank(parentKind) ? { ok: true } : { ok: false, reason: 'kind_order' };
}

export const orgKindLabels: Record<OrgKind, { zh: string; en: string }> = {
  city_federation: { zh: '市总工会', en: 'City federation' },
  district_union: { zh: '辖市区总工会', en: 'District union' },
  street_federation: { zh: '镇/街道总工会', en: 'Town/street federation' },
  community_federation: { zh: '社区/行业工联会', en: 'Community/sector federation' },
  grassroots_union: { zh: '基层工会', en: 'Grassroots union' },
  branch: { zh: '分工会/工会小组', en: 'Branch/group' },
  bank: { zh: '合作银行', en: 'Bank' },
  insurer: { zh: '保险机构', en: 'Insurer' },
  guarantor: { zh: '担保机构', en: 'Guarantor' },
  merchant: { zh: '特约商户', en: 'Partner merchant' },
};
