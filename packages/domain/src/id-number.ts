/**
 * Personal ID numbers.
 *
 * 居民身份证 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male,
 * even = female), and a check character: C18 = (12 − (Σ Ai·Wi mod 11)) mod 11 with Wi = 2^(17−i) mod 11,
 * where 10 is written X. The residence permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证)
 * use the same format with area codes 810000, 820000 and 830000. Mainland travel permits (回乡证, 台胞证)
 * and passports are checked for their format only.
 */
export const idTypes = [
  'resident_id',
  'hk_mo_residence_permit',
  'tw_residence_permit',
  'hk_mo_travel_permit',
  'tw_travel_permit',
  'passport',
] as const;
export type IdType = (typeof idTypes)[number];

export const idTypeLabels: Record<IdType, { zh: string; en: string }> = {
  resident_id: { zh: '居民身份证', en: 'Resident ID card' },
  hk_mo_residence_permit: { zh: '港澳居民居住证', en: 'HK/Macao residence permit' },
  tw_residence_permit: { zh: '台湾居民居住证', en: 'Taiwan residence permit' },
  hk_mo_travel_permit: { zh: '港澳居民来往内地通行证', en: 'HK/Macao mainland travel permit' },
  tw_travel_permit: { zh: '台湾居民来往大陆通行证', en: 'Taiwan mainland travel permit' },
  passport: { zh: '护照', en: 'Passport' },
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] as string;
}

/** Trims, drops inner spaces and upper-cases (a typed lower-case x becomes X). */
export function normaliseIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

function validDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export type IdProblem = 'id.format' | 'id.checksum' | 'id.birthDate' | 'id.area';

/** Checks an 18-character number of the resident-ID family; `areaPrefixes` limits the first digits. */
function checkEighteen(n: string, areaPrefixes?: string[]): IdProblem | null {
  if (!/^\d{17}[\dX]$/.test(n)) return 'id.format';
  if (areaPrefixes && !areaPrefixes.some((p) => n.startsWith(p))) return 'id.area';
  if (!areaPrefixes && /^8[1-3]/.test(n)) return 'id.area';
  if (!validDate(n.slice(6, 14))) return 'id.birthDate';
  if (idCheckChar(n.slice(0, 17)) !== n[17]) return 'id.checksum';
  return null;
}

/** Null when valid; otherwise what is wrong. Expects a normalised number. */
export function checkIdNumber(type: IdType, n: string): IdProblem | null {
  switch (type) {
    case 'resident_id':
      return checkEighteen(n);
    case 'hk_mo_residence_permit':
      return checkEighteen(n, ['810000', '820000']);
    case 'tw_residence_permit':
      return checkEighteen(n, ['830000']);
    case 'hk_mo_travel_permit':
      // 回乡证: H (Hong Kong) or M (Macao) + 8 or 10 digits.
      return /^[HM]\d{8}(\d{2})?$/.test(n) ? null : 'id.format';
    case 'tw_travel_permit':
      // 台胞证: 8 digits (since 2015), older books 10 characters.
      return /^\d{8}$/.test(n) || /^\d{10}$/.test(n) || /^[A-Z]\d{9}$/.test(n) ? null : 'id.format';
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(n) && /\d/.test(n) ? null : 'id.format';
  }
}

export function isValidIdNumber(type: IdType, n: string): boolean {
  return checkIdNumber(type, n) === null;
}

/** Birth date (YYYY-MM-DD) and gender from an 18-digit number of the resident-ID family. */
export function factsFromIdNumber(n: string): { birthDate: string; gender: 'M' | 'F' } | null {
  if (!/^\d{17}[\dX]$/.test(n)) return null;
  const birthDate = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`;
  const gender = Number(n[16]) % 2 === 1 ? 'M' : 'F';
  return { birthDate, gender };
}

export function carriesFacts(type: IdType): boolean {
  return type === 'resident_id' || type === 'hk_mo_residence_permit' || type === 'tw_residence_permit';
}

/** `320402********1234`: the area code and the last four stay; a short number keeps its last four only. */
export function maskIdNumber(n: string): string {
  if (n.length === 18) return `${n.slice(0, 6)}********${n.slice(-4)}`;
  if (n.length <= 4) return '*'.repeat(n.length);
  return `${'*'.repeat(n.length - 4)}${n.slice(-4)}`;
}

/** `138****5678` */
export function maskMobile(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
