import { maskIdNumber, maskMobile, normaliseIdNumber } from '@tongxing/domain';
import type { FieldCrypto } from './crypto';

/**
 * Personal numbers everywhere go through here: encrypted for storage, a keyed hash for exact lookup
 * (the same hash purpose in every table, so a phone found in one table matches another), the last four
 * digits for partial search, and the masked form for display.
 */
export function sealIdNumber(crypto: FieldCrypto, raw: string) {
  const n = normaliseIdNumber(raw);
  return { value: n, enc: crypto.encrypt(n), hash: hashIdNumber(crypto, n), last4: n.slice(-4) };
}

export function sealPhone(crypto: FieldCrypto, phone: string) {
  return { value: phone, enc: crypto.encrypt(phone), hash: hashPhone(crypto, phone), last4: phone.slice(-4) };
}

export function hashIdNumber(crypto: FieldCrypto, raw: string): string {
  return crypto.lookupHash('id', normaliseIdNumber(raw));
}

export function hashPhone(crypto: FieldCrypto, phone: string): string {
  return crypto.lookupHash('phone', phone.trim());
}

export function maskedId(crypto: FieldCrypto, enc: Buffer): string {
  return maskIdNumber(crypto.decrypt(enc));
}

export function maskedPhone(crypto: FieldCrypto, enc: Buffer | null): string | null {
  return enc ? maskMobile(crypto.decrypt(enc)) : null;
}
