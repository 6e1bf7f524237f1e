/**
 * What the demo and bench people are made of: surnames weighted roughly as in China's population
 * (per-mille shares, a little more 沈/钱/顾/陆/恽 as in southern Jiangsu), given-name characters by gender
 * and by birth era (names follow fashions: 建国 in the sixties, 子涵 after 2000), real area codes.
 */

/** Surname and weight (‰ of the population, rounded). Compound surnames are rare but present. */
export const surnameWeights: [string, number][] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 22], ['赵', 20], ['吴', 20],
  ['周', 19], ['徐', 15], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 13], ['郭', 11], ['何', 11], ['林', 10],
  ['高', 10], ['罗', 9], ['郑', 8], ['梁', 8], ['谢', 7], ['宋', 6], ['唐', 6], ['许', 6], ['韩', 6], ['冯', 6],
  ['邓', 5], ['曹', 5], ['彭', 5], ['曾', 5], ['肖', 4], ['萧', 1], ['田', 4], ['董', 4], ['潘', 4], ['袁', 4],
  ['蔡', 4], ['蒋', 4], ['余', 4], ['于', 4], ['杜', 4], ['叶', 4], ['程', 3], ['魏', 3], ['苏', 3], ['吕', 3],
  ['丁', 3], ['任', 3], ['卢', 3], ['姚', 3], ['沈', 4], ['钟', 3], ['姜', 3], ['崔', 3], ['谭', 3], ['陆', 4],
  ['范', 3], ['汪', 3], ['廖', 3], ['石', 3], ['金', 3], ['韦', 2], ['贾', 3], ['夏', 2], ['付', 2], ['方', 2],
  ['邹', 2], ['熊', 2], ['白', 2], ['孟', 2], ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2],
  ['闫', 2], ['段', 2], ['雷', 2], ['龙', 2], ['黎', 2], ['史', 2], ['陶', 2], ['贺', 2], ['毛', 2], ['郝', 2],
  ['顾', 3], ['龚', 2], ['邵', 2], ['万', 2], ['覃', 1], ['武', 2], ['钱', 3], ['戴', 2], ['严', 2], ['恽', 1],
  ['盛', 1], ['庄', 1], ['管', 1], ['单', 1], ['查', 1], ['缪', 1], ['欧阳', 1], ['司马', 0.2], ['上官', 0.1],
  ['诸葛', 0.1],
];

export type Era = 'old' | 'middle' | 'young';

/** Birth years 1966–1979, 1980–1994, 1995 on. */
export function eraOf(birthYear: number): Era {
  return birthYear < 1980 ? 'old' : birthYear < 1995 ? 'middle' : 'young';
}

interface NamePool {
  /** Whole given names popular in the era. */
  whole: string[];
  /** Characters combined freely into two-character given names. */
  chars: string;
  /** Share of one-character given names (common in the eighties). */
  single: number;
}

export const givenNames: Record<'M' | 'F', Record<Era, NamePool>> = {
  M: {
    old: {
      whole: ['建国', '建华', '建军', '国强', '国华', '志强', '志刚', '卫东', '卫国', '永刚', '明华', '海涛', '德明', '立新', '建平', '国平', '金龙', '忠良', '春生', '福根'],
      chars: '建国军伟强明华平志忠德林文兵勇峰斌俊海祥荣春生福新东卫刚良宏金根富达民亮杰庆',
      single: 0.12,
    },
    middle: {
      whole: ['晓东', '海波', '俊杰', '志伟', '文斌', '建伟', '鹏飞', '晓明', '俊峰', '志勇', '家伟', '亚军', '小龙', '振宇', '立伟'],
      chars: '伟磊涛鹏军杰超斌浩强波辉刚健俊峰亮飞宇龙凯晨阳帅明勇翔鑫彬博文志成晓剑',
      single: 0.25,
    },
    young: {
      whole: ['浩然', '子轩', '宇航', '梓豪', '一鸣', '俊熙', '浩宇', '子豪', '睿泽', '博文', '宇轩', '晨阳', '皓轩', '奕辰'],
      chars: '浩宇子轩梓睿泽博航晨辰俊杰涵文一逸然嘉铭昊天奕皓宸瑞煜阳毅鹏凯豪',
      single: 0.08,
    },
  },
  F: {
    old: {
      whole: ['秀英', '桂英', '秀兰', '玉兰', '凤英', '红梅', '丽华', '淑珍', '美华', '玉珍', '春梅', '月英', '小红', '雪芳'],
      chars: '秀英兰芳珍华玉凤红梅丽娟萍霞琴云桂敏燕静雪莉美淑月春香',
      single: 0.12,
    },
    middle: {
      whole: ['丽娟', '婷婷', '雪梅', '晓燕', '丹丹', '丽丽', '晶晶', '慧敏', '海燕', '小燕', '佳琪', '文静'],
      chars: '静丽敏燕艳娟霞婷雪琳丹晶颖倩娜莉慧佳洁玲芳蕾菲璐瑶蓉薇',
      single: 0.25,
    },
    young: {
      whole: ['欣怡', '梓涵', '诗涵', '雨萱', '子涵', '思雨', '佳怡', '可馨', '一诺', '欣妍', '语桐', '梦琪', '雨欣', '紫涵'],
      chars: '欣怡梓涵子萱雨诗琪思佳悦可馨一若婷语嘉晴彤艺雯瑶妍淑',
      single: 0.08,
    },
  },
};

/**
 * Area codes (the first six digits of a resident ID: the county of first registration). Changzhou's
 * districts, with 320405 (戚墅堰区, merged in 2015) and 320482 (金坛市 before it became a district),
 * which older people still carry; 320471 (经开区) is a statistical code, never printed on an ID card.
 */
export const changzhouAreas = ['320402', '320404', '320405', '320411', '320412', '320412', '320413', '320481', '320482'];
/** Elsewhere in Jiangsu: 宿城, 沭阳, 涟水, 东海, 东台, 丰县, 兴化. */
export const jiangsuAreas = ['321302', '321322', '320826', '320722', '320981', '320321', '321281'];
/** Where Changzhou's migrant workers mostly come from: Anhui, Henan, Sichuan, Hubei, Shandong. */
export const migrantAreas = [
  '341221', '341222', '340321', '341621', '342221', '341122',
  '411627', '411324', '411526', '410922',
  '510722', '511381', '511321', '510921',
  '421023', '371321',
];

/** Mobile prefixes of the three carriers (13x, 15x, 17x, 18x, 19x), weighted by repetition. */
export const mobilePrefixes = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159', '151', '152', '158', '159',
  '170', '173', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
  '187', '188', '189', '191', '198', '199',
];

/** Employers of members registered with a street federation (no union at their workplace). */
export const streetEmployers = {
  newForm: ['速达同城配送（外卖骑手）', '畅行出行平台（网约车司机）', '迅邮快递常州网点', '安运货运平台（货车司机）', '好帮手家政服务社', '闪送跑腿服务站'],
  other: ['个体工商户', '灵活就业', '龙城五金加工厂', '新丰副食品商店', '锦绣装饰工程队', '小微企业（未建会）', '物业服务中心', '农贸市场'],
};

/** Non-Han ethnicities seen among Changzhou's workers (GB/T 3304 codes): 回 壮 满 土家 苗 彝 朝鲜 蒙古. */
export const minorityCodes = ['03', '08', '11', '15', '06', '07', '10', '02'];
