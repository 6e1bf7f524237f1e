/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 * 18 characters from a 31-symbol alphabet (no I, O, Z, S, V); the last one is a check character:
 * C18 = 31 - (Σ Ci·Wi mod 31), Wi = 3^(i-1) mod 31, where 31 maps to 0.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new Error('invalid USCC character');
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check] as string;
}

export function isValidUscc(code: string): boolean {
  if (!PATTERN.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/** Normalises user input: trims and upper-cases (people type lower-case letters). */
export function normaliseUscc(code: string): string {
  return code.trim().toUpperCase();
}

/** Builds a valid code from a 17-character body (used by the demo data and test factories). */
export function completeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

/** Trade-union legal persons are registered by the union (authority 8) as category 1: prefix "81". */
export const GRASSROOTS_USCC_PREFIX = '81';
