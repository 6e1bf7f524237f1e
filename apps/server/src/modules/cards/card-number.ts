import { maskCardNumber, normaliseCardNumber } from '@tongxing/domain';
import type { FieldCrypto } from '../../lib/crypto';

/**
 * Card numbers are never kept: the last four digits for display, and a keyed hash (purpose 'card') for
 * matching the bank's files and the partner API. Bank card numbers end in a Luhn check digit, which
 * catches a mistyped digit or two swapped neighbours before a row is matched.
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `body` + digit pass Luhn. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  throw new Error('unreachable');
}

/** A typed card number as digits, or null when it is not 16–19 digits with a valid check digit. */
export function parseCardNumber(input: string): string | null {
  const n = normaliseCardNumber(input);
  return n && luhnValid(n) ? n : null;
}

export interface SealedCardNumber {
  hash: string;
  last4: string;
}

export function hashCardNumber(crypto: FieldCrypto, digits: string): string {
  return crypto.lookupHash('card', digits);
}

export function sealCardNumber(crypto: FieldCrypto, digits: string): SealedCardNumber {
  return { hash: hashCardNumber(crypto, digits), last4: digits.slice(-4) };
}

export function maskedNumber(last4: string | null): string | null {
  return last4 ? maskCardNumber(last4) : null;
}
