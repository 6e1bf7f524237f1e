import { makeUscc } from '@tongxing/db/seed/codes';
import { brandWords, demoIndustries, type ProductSpec } from './loan-catalogue';
import { addDays } from './loan-money';

/** What a borrower asks for: the application's own fields, realistic for the product and the person. */
export interface Application {
  borrowerType: 'individual' | 'enterprise';
  amountRequestedFen: number;
  termRequestedMonths: number;
  purpose: string;
  enterpriseName: string | null;
  enterpriseCreditCode: string | null;
  enterpriseFoundedOn: string | null;
  enterpriseEmployees: number | null;
  enterpriseIndustry: string | null;
  jobsExpected: number;
}

export interface Applicant {
  name: string;
  modelWorker: boolean;
  /** The district's short name (新北区, 常州经开区) and its division code for credit codes. */
  districtShort: string;
  areaCode: string;
}

const WAN = 1_000_000;

/**
 * Amounts come in round figures: individuals around the middle of the range, enterprises mostly towards its
 * lower end (a few borrow near the cap), as the programme's lending reports show.
 */
function amount(rand: () => number, minFen: number, maxFen: number, stepFen: number, lowHeavy: boolean): number {
  const steps = Math.floor((maxFen - minFen) / stepFen);
  const r = lowHeavy ? rand() ** 1.8 : (rand() + rand() + rand()) / 3;
  return minFen + Math.round(r * steps) * stepFen;
}

export function makeApplication(rand: () => number, product: ProductSpec, who: Applicant, today: string, usccTaken: Set<string>): Application {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const trade = pick(demoIndustries);
  const cap = who.modelWorker && product.modelWorker.maxAmountFen !== null ? product.modelWorker.maxAmountFen : product.maxAmountFen;
  const enterprise = product.borrowerType === 'enterprise';
  const step = cap > 50 * WAN ? 10 * WAN : enterprise ? 5 * WAN : WAN;
  const min = Math.max(product.minAmountFen, enterprise ? 10 * WAN : 3 * WAN);
  const amountRequestedFen = amount(rand, min, cap, step, enterprise);
  const terms = [12, 12, 12, 12, 24, 36].filter((t) => t >= product.minTermMonths && t <= product.maxTermMonths);
  const brand = pick([...brandWords]) + pick([...brandWords]);
  const place = who.districtShort.replace(/区$|市$/, '').replace(/^常州/, '');
  let credit: string;
  do credit = makeUscc(enterprise ? '91' : '92', who.areaCode, rand);
  while (usccTaken.has(credit));
  usccTaken.add(credit);
  const foundedMonths = enterprise ? 8 + Math.floor(rand() * 60) : 1 + Math.floor(rand() * 30);
  const employees = enterprise ? 5 + Math.floor(rand() * 40) : 1 + Math.floor(rand() * 4);
  return {
    borrowerType: product.borrowerType,
    amountRequestedFen,
    termRequestedMonths: pick(terms.length > 0 ? terms : [product.minTermMonths]),
    purpose: pick(trade.purposes),
    enterpriseName: enterprise ? `常州${place}${brand}${pick(trade.firms)}有限公司` : `${who.districtShort}${who.name.slice(0, 1)}记${pick(trade.shops)}`,
    enterpriseCreditCode: credit,
    enterpriseFoundedOn: addDays(today, -foundedMonths * 30 - Math.floor(rand() * 28)),
    enterpriseEmployees: employees,
    enterpriseIndustry: trade.industry,
    jobsExpected: enterprise ? Math.max(employees, 3) + Math.floor(rand() * (who.modelWorker ? 30 : 12)) : 1 + Math.floor(rand() * 5),
  };
}
