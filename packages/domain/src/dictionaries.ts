/**
 * Dictionaries of the member record. Codes are the national standards' where there is one
 * (民族 GB/T 3304, 政治面貌 GB/T 4762); the rest are ours.
 */
type Entry = { zh: string; en: string };

export const ethnicities: Record<string, Entry> = {
  '01': { zh: '汉族', en: 'Han' }, '02': { zh: '蒙古族', en: 'Mongol' }, '03': { zh: '回族', en: 'Hui' },
  '04': { zh: '藏族', en: 'Tibetan' }, '05': { zh: '维吾尔族', en: 'Uyghur' }, '06': { zh: '苗族', en: 'Miao' },
  '07': { zh: '彝族', en: 'Yi' }, '08': { zh: '壮族', en: 'Zhuang' }, '09': { zh: '布依族', en: 'Bouyei' },
  '10': { zh: '朝鲜族', en: 'Korean' }, '11': { zh: '满族', en: 'Manchu' }, '12': { zh: '侗族', en: 'Dong' },
  '13': { zh: '瑶族', en: 'Yao' }, '14': { zh: '白族', en: 'Bai' }, '15': { zh: '土家族', en: 'Tujia' },
  '16': { zh: '哈尼族', en: 'Hani' }, '17': { zh: '哈萨克族', en: 'Kazakh' }, '18': { zh: '傣族', en: 'Dai' },
  '19': { zh: '黎族', en: 'Li' }, '20': { zh: '傈僳族', en: 'Lisu' }, '21': { zh: '佤族', en: 'Va' },
  '22': { zh: '畲族', en: 'She' }, '23': { zh: '高山族', en: 'Gaoshan' }, '24': { zh: '拉祜族', en: 'Lahu' },
  '25': { zh: '水族', en: 'Sui' }, '26': { zh: '东乡族', en: 'Dongxiang' }, '27': { zh: '纳西族', en: 'Nakhi' },
  '28': { zh: '景颇族', en: 'Jingpo' }, '29': { zh: '柯尔克孜族', en: 'Kyrgyz' }, '30': { zh: '土族', en: 'Tu' },
  '31': { zh: '达斡尔族', en: 'Daur' }, '32': { zh: '仫佬族', en: 'Mulao' }, '33': { zh: '羌族', en: 'Qiang' },
  '34': { zh: '布朗族', en: 'Blang' }, '35': { zh: '撒拉族', en: 'Salar' }, '36': { zh: '毛南族', en: 'Maonan' },
  '37': { zh: '仡佬族', en: 'Gelao' }, '38': { zh: '锡伯族', en: 'Xibe' }, '39': { zh: '阿昌族', en: 'Achang' },
  '40': { zh: '普米族', en: 'Pumi' }, '41': { zh: '塔吉克族', en: 'Tajik' }, '42': { zh: '怒族', en: 'Nu' },
  '43': { zh: '乌孜别克族', en: 'Uzbek' }, '44': { zh: '俄罗斯族', en: 'Russian' }, '45': { zh: '鄂温克族', en: 'Evenk' },
  '46': { zh: '德昂族', en: 'Deang' }, '47': { zh: '保安族', en: 'Bonan' }, '48': { zh: '裕固族', en: 'Yugur' },
  '49': { zh: '京族', en: 'Gin' }, '50': { zh: '塔塔尔族', en: 'Tatar' }, '51': { zh: '独龙族', en: 'Derung' },
  '52': { zh: '鄂伦春族', en: 'Oroqen' }, '53': { zh: '赫哲族', en: 'Hezhen' }, '54': { zh: '门巴族', en: 'Monba' },
  '55': { zh: '珞巴族', en: 'Lhoba' }, '56': { zh: '基诺族', en: 'Jino' },
};

export const memberStatuses = ['active', 'transferred_out', 'retired', 'withdrawn', 'deceased'] as const;
export type MemberStatus = (typeof memberStatuses)[number];
export const memberStatusLabels: Record<MemberStatus, Entry> = {
  active: { zh: '在册', en: 'Active' },
  transferred_out: { zh: '已转出', en: 'Transferred out' },
  retired: { zh: '退休', en: 'Retired' },
  withdrawn: { zh: '退会', en: 'Withdrawn' },
  deceased: { zh: '已故', en: 'Deceased' },
};

export const workerCategories = ['industrial', 'migrant', 'new_form', 'professional', 'science_education', 'cadre', 'other'] as const;
export type WorkerCategory = (typeof workerCategories)[number];
export const workerCategoryLabels: Record<WorkerCategory, Entry> = {
  industrial: { zh: '产业工人', en: 'Industrial worker' },
  migrant: { zh: '农民工', en: 'Migrant worker' },
  new_form: { zh: '新就业形态劳动者', en: 'New-form worker' },
  professional: { zh: '专业技术人员', en: 'Professional/technical' },
  science_education: { zh: '科教人员', en: 'Science/education' },
  cadre: { zh: '机关干部', en: 'Cadre' },
  other: { zh: '其他', en: 'Other' },
};

export const modelWorkerLevels = ['none', 'city', 'provincial', 'national'] as const;
export type ModelWorkerLevel = (typeof modelWorkerLevels)[number];
export const modelWorkerLevelLabels: Record<ModelWorkerLevel, Entry> = {
  none: { zh: '无', en: 'None' },
  city: { zh: '地市级劳模', en: 'City model worker' },
  provincial: { zh: '省部级劳模', en: 'Provincial model worker' },
  national: { zh: '全国劳模', en: 'National model worker' },
};

export const politicalStatuses: Record<string, Entry> = {
  '01': { zh: '中共党员', en: 'CPC member' },
  '02': { zh: '中共预备党员', en: 'CPC probationary member' },
  '03': { zh: '共青团员', en: 'CYL member' },
  '04': { zh: '民主党派成员', en: 'Democratic party member' },
  '12': { zh: '无党派人士', en: 'Non-party personage' },
  '13': { zh: '群众', en: 'The masses' },
};

export const educationLevels: Record<string, Entry> = {
  postgraduate: { zh: '研究生', en: 'Postgraduate' },
  bachelor: { zh: '大学本科', en: "Bachelor's" },
  college: { zh: '大学专科', en: 'College' },
  secondary: { zh: '高中/中专/技校', en: 'Upper secondary / vocational' },
  junior: { zh: '初中及以下', en: 'Junior secondary or below' },
};

export function dictionaryLabel(dict: Record<string, Entry>, code: string | null | undefined, lang: 'zh-CN' | 'en'): string {
  if (!code) return '';
  const e = dict[code];
  return e ? (lang === 'en' ? e.en : e.zh) : code;
}
