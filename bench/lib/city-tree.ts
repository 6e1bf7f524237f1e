import { makeUscc, rng } from '@tongxing/db/seed/codes';
import { demoCity, demoDistricts, demoEmployers } from '@tongxing/db/seed/demo-tree';

export interface TreeShape {
  districts: number;
  streetsPerDistrict: number;
  unionsPerStreet: number;
  /** Every n-th grassroots union gets two branch unions (0: none). */
  branchEvery: number;
}

/** A city-sized tree: 7 districts × 30 streets × 100 grassroots unions = 21,000 unions, 210 streets. */
export const CITY_SHAPE: TreeShape = { districts: 7, streetsPerDistrict: 30, unionsPerStreet: 100, branchEvery: 50 };

/** One row of org_units, with its parent given by position in the list (ids are drawn at load time). */
export interface TreeUnit {
  parent: number | null;
  kind: 'city_federation' | 'district_union' | 'street_federation' | 'grassroots_union' | 'branch';
  name: string;
  shortName: string | null;
  divisionCode: string | null;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
}

const brands = '恒远龙城江南天合运河晨光华瑞锦程东方新城瑞丰中吴金沙永安博远宏达常青凯旋普华联创明珠长荣太湖紫荆鸿运嘉禾';
const industries = ['精密机械', '新材料', '智能装备', '光电科技', '纺织', '汽车零部件', '医疗器械', '物流', '电机', '建设工程', '食品', '网络科技', '酒店管理', '环保科技', '轨道交通装备', '电缆'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅';

/** Builds the units in tree order (every parent before its children), deterministically. */
export function buildCityTree(shape: TreeShape): TreeUnit[] {
  const next = rng(20261128);
  const pick = (s: string) => s[Math.floor(next() * s.length)] ?? '';
  const person = () => pick(surnames) + pick(givenChars) + (next() < 0.6 ? pick(givenChars) : '');
  const phone = (lead: string) => `0519-${lead}${String(Math.floor(next() * 10_000_000)).padStart(7, '0')}`;
  // Credit codes are unique in the table; 21,000 random 8-digit bodies collide now and then, so draw again.
  const taken = new Set<string>();
  const uscc = (prefix: string, area: string) => {
    for (;;) {
      const code = makeUscc(prefix, area, next);
      if (!taken.has(code)) {
        taken.add(code);
        return code;
      }
    }
  };

  const units: TreeUnit[] = [];
  units.push({
    parent: null,
    kind: 'city_federation',
    name: demoCity.name,
    shortName: demoCity.shortName,
    divisionCode: demoCity.divisionCode,
    creditCode: uscc('81', '320400'),
    contactName: '办公室',
    contactPhone: '0519-86601234',
  });
  for (let d = 0; d < shape.districts; d++) {
    const base = demoDistricts[d % demoDistricts.length]!;
    const round = Math.floor(d / demoDistricts.length);
    const districtShort = round === 0 ? base.shortName : `${base.shortName}${round + 1}`;
    const district = units.length;
    units.push({
      parent: 0,
      kind: 'district_union',
      name: `${districtShort}总工会`,
      shortName: districtShort,
      divisionCode: round === 0 ? base.divisionCode : null,
      creditCode: uscc('81', base.codeForCredit),
      contactName: person(),
      contactPhone: phone('8'),
    });
    for (let s = 0; s < shape.streetsPerDistrict; s++) {
      const streetName = base.streets[s] ?? `${districtShort.replace(/区$|市$/, '')}第${s + 1}街道`;
      const street = units.length;
      units.push({
        parent: district,
        kind: 'street_federation',
        name: `${streetName}总工会`,
        shortName: streetName,
        divisionCode: null,
        creditCode: null,
        contactName: person(),
        contactPhone: phone('6'),
      });
      for (let g = 0; g < shape.unionsPerStreet; g++) {
        const brand = pick(brands) + pick(brands);
        const industry = industries[Math.floor(next() * industries.length)] ?? demoEmployers[0]!;
        const union = units.length;
        units.push({
          parent: street,
          kind: 'grassroots_union',
          name: `常州${brand}${industry}有限公司工会委员会`,
          shortName: `${brand}${industry}工会`,
          divisionCode: null,
          creditCode: uscc('81', base.codeForCredit),
          contactName: person(),
          contactPhone: phone('8'),
        });
        if (shape.branchEvery > 0 && g % shape.branchEvery === 0) {
          for (const branch of ['生产车间分工会', '技术研发中心分工会']) {
            units.push({ parent: union, kind: 'branch', name: branch, shortName: null, divisionCode: null, creditCode: null, contactName: null, contactPhone: null });
          }
        }
      }
    }
  }
  return units;
}
