import { completeUscc, idCheckChar } from '@tongxing/domain';

let serial = 0;

/** A valid, fictional resident ID number: area, birth date, a sequence (odd = male) and its check digit. */
export function makeIdNumber(opts: { area?: string; birth?: string; male?: boolean } = {}): string {
  serial++;
  const area = opts.area ?? '320411';
  const birth = opts.birth ?? `19${String(70 + (serial % 30)).padStart(2, '0')}0${1 + (serial % 9)}1${serial % 10}`;
  const seq = String((serial * 2 + (opts.male === false ? 0 : 1)) % 1000).padStart(3, '0');
  const body = `${area}${birth}${seq}`;
  return body + idCheckChar(body);
}

export function makePhone(): string {
  serial++;
  return `139${String(10_000_000 + ((serial * 7919) % 90_000_000)).padStart(8, '0')}`;
}

export { completeUscc };
