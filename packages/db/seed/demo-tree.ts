/**
 * The demo organisation tree of 常州市总工会: the seven district-level unions with their real division
 * codes, real streets and towns under each, and fictional employers' unions and partners.
 */
export interface DemoDistrict {
  key: string;
  name: string;
  shortName: string;
  divisionCode: string | null;
  /** Statistical code used in credit codes where there is no civil-affairs code (经开区). */
  codeForCredit: string;
  streets: string[];
}

export const demoCity = { name: '常州市总工会', shortName: '市总工会', divisionCode: '320400' };

export const demoDistricts: DemoDistrict[] = [
  { key: 'tianning', name: '天宁区总工会', shortName: '天宁区', divisionCode: '320402', codeForCredit: '320402', streets: ['雕庄街道', '青龙街道', '红梅街道', '茶山街道'] },
  { key: 'zhonglou', name: '钟楼区总工会', shortName: '钟楼区', divisionCode: '320404', codeForCredit: '320404', streets: ['南大街街道', '荷花池街道', '五星街道', '邹区镇'] },
  { key: 'xinbei', name: '新北区总工会', shortName: '新北区', divisionCode: '320411', codeForCredit: '320411', streets: ['三井街道', '河海街道', '龙虎塘街道', '薛家镇'] },
  { key: 'wujin', name: '武进区总工会', shortName: '武进区', divisionCode: '320412', codeForCredit: '320412', streets: ['湖塘镇', '牛塘镇', '洛阳镇', '雪堰镇'] },
  { key: 'jintan', name: '金坛区总工会', shortName: '金坛区', divisionCode: '320413', codeForCredit: '320413', streets: ['金城镇', '儒林镇', '直溪镇', '东城街道'] },
  { key: 'liyang', name: '溧阳市总工会', shortName: '溧阳市', divisionCode: '320481', codeForCredit: '320481', streets: ['溧城街道', '天目湖镇', '埭头镇', '昆仑街道'] },
  { key: 'jingkai', name: '常州经济开发区总工会', shortName: '常州经开区', divisionCode: null, codeForCredit: '320471', streets: ['戚墅堰街道', '潞城街道', '横林镇', '遥观镇'] },
];

/** Fictional employers; a grassroots union is "<employer>工会委员会". */
export const demoEmployers = [
  '恒远精密机械有限公司',
  '龙城新材料科技有限公司',
  '江南智能装备股份有限公司',
  '天合光电科技有限公司',
  '运河纺织有限公司',
  '晨光汽车零部件有限公司',
  '华瑞医疗器械有限公司',
  '锦程物流有限公司',
  '东方电机有限公司',
  '新城建设工程有限公司',
  '瑞丰食品有限公司',
  '中吴网络科技有限公司',
  '金沙湾酒店管理有限公司',
  '永安环保科技有限公司',
  '博远轨道交通装备有限公司',
  '宏达电缆有限公司',
];

export const demoCommunities = ['社区工会联合会', '商会工会联合会'];

export const demoPartners = {
  bankHead: { name: '江苏同舟农村商业银行', shortName: '同舟农商行' },
  bankBranch: { name: '江苏同舟农村商业银行常州分行', shortName: '同舟农商行常州分行' },
  insurer: { name: '安信财产保险股份有限公司常州中心支公司', shortName: '安信保险常州' },
  guarantor: { name: '常州市龙城融资担保有限公司', shortName: '龙城担保' },
  merchants: [
    { name: '劳动者驿站（红梅店）', shortName: '劳动者驿站红梅' },
    { name: '龙城大药房连锁有限公司', shortName: '龙城大药房' },
    { name: '常州金鹰影城', shortName: '金鹰影城' },
    { name: '百姓健康体检中心', shortName: '百姓体检' },
    { name: '天天鲜超市（湖塘店）', shortName: '天天鲜超市' },
  ],
};
