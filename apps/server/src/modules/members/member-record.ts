import { carriesFacts, checkIdNumber, factsFromIdNumber, namePinyin, normaliseIdNumber, type IdType } from '@tongxing/domain';
import type { FieldError } from '../../lib/app-error';
import type { FieldCrypto } from '../../lib/crypto';
import { sealIdNumber, sealPhone } from '../../lib/personal';

/** Every one- and two-character piece of a name, for substring search of short (CJK) queries. */
export function nameGrams(name: string): string[] {
  const chars = [...name.replace(/\s+/g, '').toLowerCase()];
  const grams = new Set<string>();
  chars.forEach((c, i) => {
    grams.add(c);
    if (i + 1 < chars.length) grams.add(c + chars[i + 1]);
  });
  return [...grams];
}

export function nameColumns(name: string) {
  const { full, initials } = namePinyin(name);
  return { name, namePinyin: full, nameInitials: initials, nameGrams: nameGrams(name) };
}

export interface IdentityInput {
  idType: IdType;
  idNumber: string;
  gender?: 'M' | 'F' | undefined;
  birthDate?: string | undefined;
}

/**
 * Checks the document number for its type, and birth date and gender against it: taken from the number
 * when it carries them (and refused when a given value disagrees), required otherwise.
 */
export function checkIdentity(input: IdentityInput, paths = { idNumber: 'idNumber', gender: 'gender', birthDate: 'birthDate' }) {
  const errors: FieldError[] = [];
  const n = normaliseIdNumber(input.idNumber);
  const problem = checkIdNumber(input.idType, n);
  if (problem) return { errors: [{ path: paths.idNumber, code: problem }], gender: null, birthDate: null, idNumber: n };
  let gender = input.gender ?? null;
  let birthDate = input.birthDate ?? null;
  if (carriesFacts(input.idType)) {
    const facts = factsFromIdNumber(n)!;
    if (gender && gender !== facts.gender) errors.push({ path: paths.gender, code: 'id.factsMismatch' });
    if (birthDate && birthDate !== facts.birthDate) errors.push({ path: paths.birthDate, code: 'id.factsMismatch' });
    gender = facts.gender;
    birthDate = facts.birthDate;
  } else {
    if (!gender) errors.push({ path: paths.gender, code: 'id.factsRequired' });
    if (!birthDate) errors.push({ path: paths.birthDate, code: 'id.factsRequired' });
  }
  return { errors, gender, birthDate, idNumber: n };
}

/** The sealed columns of a member's personal numbers. */
export function personalColumns(crypto: FieldCrypto, idNumber: string, phone: string | null) {
  const id = sealIdNumber(crypto, idNumber);
  const p = phone ? sealPhone(crypto, phone) : null;
  return {
    idEnc: id.enc,
    idHash: id.hash,
    idLast4: id.last4,
    phoneEnc: p?.enc ?? null,
    phoneHash: p?.hash ?? null,
    phoneLast4: p?.last4 ?? null,
  };
}

/** Units a member may belong to: a grassroots union, or a street federation for workers whose employer has none. */
export function canHoldMembers(kind: string): boolean {
  return kind === 'grassroots_union' || kind === 'street_federation';
}
