import { describe, expect, it } from 'vitest';
import { canSitUnder, orgKinds, type OrgKind } from './org-kinds';

describe('which kind may sit under which', () => {
  const allowed: [OrgKind, OrgKind | null][] = [
    ['city_federation', null],
    ['district_union', 'city_federation'],
    ['street_federation', 'district_union'],
    ['grassroots_union', 'district_union'],
    ['grassroots_union', 'street_federation'],
    ['grassroots_union', 'community_federation'],
    ['branch', 'grassroots_union'],
    ['branch', 'branch'],
    ['bank', null],
    ['bank', 'bank'],
    ['merchant', null],
  ];
  it.each(allowed)('%s under %s is allowed', (kind, parent) => expect(canSitUnder(kind, parent).ok).toBe(true));

  const refused: [OrgKind, OrgKind | null, string][] = [
    ['city_federation', 'district_union', 'root_only'],
    ['district_union', null, 'needs_parent'],
    ['district_union', 'street_federation', 'kind_order'],
    ['street_federation', 'street_federation', 'kind_order'],
    ['grassroots_union', 'bank', 'partner_mix'],
    ['bank', 'city_federation', 'partner_mix'],
    ['insurer', 'bank', 'partner_mix'],
  ];
  it.each(refused)('%s under %s is refused (%s)', (kind, parent, reason) => expect(canSitUnder(kind, parent)).toEqual({ ok: false, reason }));

  it('every kind has a decision for every parent', () => {
    for (const k of orgKinds) for (const p of [null, ...orgKinds]) expect(typeof canSitUnder(k, p).ok).toBe('boolean');
  });
});
