import type { RepaymentMethod } from '@tongxing/domain';

/**
 * The demo's loan programmes as data: 创保贷 with the "33113" plan (3,000万 fund → 3亿 lending, 1,000
 * enterprises, 1,000 entrepreneurs, 30,000 jobs) and 劳模创业贷 for model workers, their products with the
 * rules the contracts validate (eligibility, subsidy, model-worker overrides, risk shares, visits, pipeline).
 */
export type Party = 'recommending_union' | 'district' | 'city' | 'insurer' | 'guarantor' | 'bank';

export interface PipelineStep {
  key: string;
  party: Party;
  nameZh: string;
  nameEn: string;
  slaDays: number;
}

export interface ProductSpec {
  code: string;
  name: string;
  nameEn: string;
  borrowerType: 'individual' | 'enterprise';
  minAmountFen: number;
  maxAmountFen: number;
  minTermMonths: number;
  maxTermMonths: number;
  rateKind: 'fixed' | 'reference_spread';
  annualRateBps: number | null;
  spreadBps: number | null;
  repaymentMethod: RepaymentMethod;
  eligibility: { requireActiveMember: boolean; minOperatingMonths: number; requireNoBadCredit: boolean; maxLifetimeLoans: number; maxConcurrentLoans: number };
  subsidy: { premiumBps: number; borrowerRateCapBps: number | null };
  modelWorker: { maxAmountFen: number | null; premiumBps: number | null; borrowerRateCapBps: number | null; priority: boolean };
  riskShares: { union: number; insurer: number; bank: number; guarantor: number };
  visitPlan: { monthsAfterDisbursement: number[]; monthsBeforeMaturity: number };
  pipeline: PipelineStep[];
}

export interface ProgrammeSpec {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  fundFen: number;
  targetLendingFen: number;
  targetEnterprises: number;
  targetEntrepreneurs: number;
  targetJobs: number;
  /** Months before the seeding day the programme started (its first fund contribution is posted then). */
  startedMonthsAgo: number;
  /** The programme's second partner besides the bank. */
  cover: 'insurer' | 'guarantor';
  contributions: { amountFen: number; memo: string; monthsAgo: number }[];
  /** Lending, enterprises, entrepreneurs and jobs per district, by the demo tree's district key (sums to the targets). */
  districtTargets: Record<string, [lendingFen: number, enterprises: number, entrepreneurs: number, jobs: number]>;
  products: ProductSpec[];
}

const WAN = 1_000_000; // 1万 yuan in fen

const step = (key: string, party: Party, nameZh: string, nameEn: string, slaDays: number): PipelineStep => ({ key, party, nameZh, nameEn, slaDays });
const reviewHead = [
  step('recommend', 'recommending_union', '基层推荐', 'Union recommends', 3),
  step('district_review', 'district', '区总初审', 'District reviews', 3),
  step('city_confirm', 'city', '市总复核', 'City confirms', 3),
];
export const cbdPipeline: PipelineStep[] = [...reviewHead, step('underwrite', 'insurer', '保险承保', 'Insurer underwrites', 5), step('bank_approve', 'bank', '银行审批', 'Bank approves', 5)];
export const lmPipeline: PipelineStep[] = [...reviewHead, step('guarantee', 'guarantor', '担保审核', 'Guarantor guarantees', 5), step('bank_approve', 'bank', '银行审批', 'Bank approves', 5)];

const visits = { monthsAfterDisbursement: [3, 6, 12], monthsBeforeMaturity: 1 };
const eligible = (minOperatingMonths: number) => ({ requireActiveMember: true, minOperatingMonths, requireNoBadCredit: true, maxLifetimeLoans: 2, maxConcurrentLoans: 1 });

export const cbdProgramme: ProgrammeSpec = {
  code: 'cbd',
  name: '创保贷',
  nameEn: 'Entrepreneurship guarantee loans',
  description: '市总工会出资设立创业担保贷款风险补偿及贴息资金，联合合作银行、保险机构为职工创业和小微企业提供低息贷款（“33113”工程）。',
  fundFen: 3_000 * WAN,
  targetLendingFen: 30_000 * WAN,
  targetEnterprises: 1_000,
  targetEntrepreneurs: 1_000,
  targetJobs: 30_000,
  startedMonthsAgo: 26,
  cover: 'insurer',
  contributions: [
    { amountFen: 2_000 * WAN, memo: '市财政拨入创保贷风险补偿及贴息资金', monthsAgo: 26 },
    { amountFen: 1_000 * WAN, memo: '市总工会经费配套拨入', monthsAgo: 25 },
  ],
  districtTargets: {
    tianning: [4_500 * WAN, 150, 150, 4_500],
    zhonglou: [4_000 * WAN, 130, 130, 4_000],
    xinbei: [5_500 * WAN, 180, 180, 5_500],
    wujin: [6_000 * WAN, 200, 200, 6_000],
    jintan: [3_000 * WAN, 100, 100, 3_000],
    liyang: [3_500 * WAN, 120, 120, 3_500],
    jingkai: [3_500 * WAN, 120, 120, 3_500],
  },
  products: [
    {
      code: 'cbd-individual',
      name: '个人创业贷',
      nameEn: 'Individual start-up loan',
      borrowerType: 'individual',
      minAmountFen: 1 * WAN,
      maxAmountFen: 20 * WAN,
      minTermMonths: 6,
      maxTermMonths: 24,
      rateKind: 'fixed',
      annualRateBps: 435,
      spreadBps: null,
      repaymentMethod: 'equal_instalment',
      eligibility: eligible(0),
      subsidy: { premiumBps: 500, borrowerRateCapBps: 150 },
      modelWorker: { maxAmountFen: 30 * WAN, premiumBps: 500, borrowerRateCapBps: 0, priority: true },
      riskShares: { union: 7_000, insurer: 2_500, bank: 500, guarantor: 0 },
      visitPlan: visits,
      pipeline: cbdPipeline,
    },
    {
      code: 'cbd-enterprise',
      name: '小微企业创业贷',
      nameEn: 'Small enterprise loan',
      borrowerType: 'enterprise',
      minAmountFen: 10 * WAN,
      maxAmountFen: 50 * WAN,
      minTermMonths: 12,
      maxTermMonths: 24,
      rateKind: 'fixed',
      annualRateBps: 435,
      spreadBps: null,
      repaymentMethod: 'interest_only',
      eligibility: eligible(6),
      subsidy: { premiumBps: 500, borrowerRateCapBps: 150 },
      modelWorker: { maxAmountFen: 80 * WAN, premiumBps: 500, borrowerRateCapBps: 0, priority: true },
      riskShares: { union: 7_000, insurer: 2_500, bank: 500, guarantor: 0 },
      visitPlan: visits,
      pipeline: cbdPipeline,
    },
  ],
};

export const lmProgramme: ProgrammeSpec = {
  code: 'lm',
  name: '劳模创业贷',
  nameEn: 'Model workers’ start-up loans',
  description: '面向各级劳动模范、五一劳动奖章获得者创办、领办企业的专项贷款，由融资担保机构提供担保，工会全额贴息。',
  fundFen: 1_000 * WAN,
  targetLendingFen: 5_000 * WAN,
  targetEnterprises: 80,
  targetEntrepreneurs: 80,
  targetJobs: 2_000,
  startedMonthsAgo: 20,
  cover: 'guarantor',
  contributions: [{ amountFen: 1_000 * WAN, memo: '市总工会劳模专项资金拨入', monthsAgo: 20 }],
  districtTargets: {},
  products: [
    {
      code: 'lm-enterprise',
      name: '劳模创业贷',
      nameEn: 'Model worker start-up loan',
      borrowerType: 'enterprise',
      minAmountFen: 10 * WAN,
      maxAmountFen: 100 * WAN,
      minTermMonths: 12,
      maxTermMonths: 36,
      rateKind: 'reference_spread',
      annualRateBps: null,
      spreadBps: 0,
      repaymentMethod: 'equal_principal',
      eligibility: eligible(0),
      subsidy: { premiumBps: 100, borrowerRateCapBps: 0 },
      modelWorker: { maxAmountFen: null, premiumBps: null, borrowerRateCapBps: null, priority: true },
      riskShares: { union: 5_000, insurer: 0, bank: 1_000, guarantor: 4_000 },
      visitPlan: visits,
      pipeline: lmPipeline,
    },
  ],
};

export const demoProgrammes = [cbdProgramme, lmProgramme];

/** The 1-year LPR: the rate in force on a day is the latest one effective on or before it. */
export const demoReferenceRates = [
  { name: 'LPR1Y', rateBps: 310, effectiveOn: '2024-10-21' },
  { name: 'LPR1Y', rateBps: 300, effectiveOn: '2026-01-20' },
];

export function referenceRateOn(day: string): number {
  let rate = demoReferenceRates[0]!.rateBps;
  for (const r of demoReferenceRates) if (r.effectiveOn <= day) rate = r.rateBps;
  return rate;
}

/** The bank's city branch approves up to 300,000 yuan; above it the step goes to the head office (no row: unlimited). */
export const BRANCH_LIMIT_FEN = 30 * WAN;

/** GB/T 4754 sections small borrowers work in, each with realistic businesses and purposes. */
export const demoIndustries: { industry: string; shops: string[]; firms: string[]; purposes: string[] }[] = [
  {
    industry: '批发和零售业',
    shops: ['便利店', '副食品商行', '五金建材店', '母婴用品店', '农资经营部'],
    firms: ['商贸', '供应链管理', '建材销售'],
    purposes: ['店铺扩大经营，补充进货流动资金', '新开门店装修及首批进货', '购置冷柜货架，增加经营品类'],
  },
  {
    industry: '住宿和餐饮业',
    shops: ['早餐店', '面馆', '小吃店', '农家乐', '烘焙坊'],
    firms: ['餐饮管理', '酒店管理'],
    purposes: ['厨房设备更新及店面装修', '开设第二家门店', '中央厨房建设及冷链配送车辆购置'],
  },
  {
    industry: '制造业',
    shops: ['机械加工部', '服装加工坊', '模具加工店'],
    firms: ['精密机械', '五金制品', '塑料制品', '纺织', '电子科技', '汽车配件'],
    purposes: ['购置数控加工设备，扩大产能', '采购原材料，承接新增订单', '生产线技术改造'],
  },
  {
    industry: '居民服务、修理和其他服务业',
    shops: ['家电维修部', '汽车美容店', '家政服务部', '洗衣店', '理发店'],
    firms: ['家政服务', '物业服务', '汽车服务'],
    purposes: ['购置维修检测设备', '门店扩建及人员培训', '购置服务车辆'],
  },
  {
    industry: '农、林、牧、渔业',
    shops: ['家庭农场', '水产养殖场', '果蔬种植园', '茶园'],
    firms: ['农业科技', '生态农业', '水产养殖'],
    purposes: ['扩大养殖规模，购置种苗饲料', '建设大棚及滴灌设施', '购置农机设备'],
  },
  {
    industry: '信息传输、软件和信息技术服务业',
    shops: ['电脑维修部', '网店工作室'],
    firms: ['网络科技', '软件开发', '信息技术'],
    purposes: ['研发投入及服务器购置', '电商平台运营推广', '招聘技术人员，开发新产品'],
  },
  {
    industry: '交通运输、仓储和邮政业',
    shops: ['货运部', '快递驿站'],
    firms: ['物流', '运输', '仓储服务'],
    purposes: ['购置厢式货车', '仓库租赁及货架购置', '冷链运输车辆购置'],
  },
  {
    industry: '文化、体育和娱乐业',
    shops: ['文印店', '书画培训室', '健身工作室'],
    firms: ['文化传媒', '体育发展'],
    purposes: ['场地装修及器材购置', '影视设备购置'],
  },
];

/** Brand words for enterprise names: 常州 + district + brand + trade + 有限公司. */
export const brandWords = '恒远龙城江南天合运河晨光华瑞锦程东方新城瑞丰中吴金沙永安博远宏达常青凯旋普华联创明珠长荣太湖紫荆鸿运嘉禾';

/** Comments a reviewer writes: approvals, returns and rejections. */
export const reviewComments = {
  approve: {
    recommending_union: ['申请人系本单位会员，工作表现良好，同意推荐。', '经核实，项目真实，同意推荐。', '创业项目经走访核实，同意推荐。'],
    district: ['材料齐全，符合申报条件，同意上报。', '经初审，经营情况属实，同意。', '符合创保贷条件，报市总复核。'],
    city: ['复核通过，同意按核定金额办理。', '同意，请保险机构承保。', '符合政策，同意。'],
    insurer: ['已承保，保单已出具。', '核保通过。'],
    guarantor: ['担保审核通过，已出具担保函。', '同意提供担保。'],
    bank: ['授信审批通过，已签订借款合同。', '审批通过，按合同约定放款。'],
  },
  return: ['请补充营业执照副本复印件。', '经营计划书过于简略，请补充近一年经营数据。', '申请金额与经营规模不匹配，请说明资金用途明细。', '身份证明材料不清晰，请重新上传。'],
  reject: ['申请人存在未结清的不良信贷记录，不符合条件。', '项目尚未实际经营，不符合申报条件。', '申请人已有在贷创保贷，超出同时在贷笔数限制。', '经营场所无法核实，不予推荐。'],
  withdraw: ['资金需求已通过其他渠道解决，撤回申请。', '经营计划调整，暂不申请。', '申请信息填写有误，撤回后重新申请。'],
};
