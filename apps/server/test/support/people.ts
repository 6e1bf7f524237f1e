import { completeUscc, idCheckChar } from '@tongxing/domain';

// Each worker process numbers its own people; the process id keeps parallel test files apart.
let serial = (process.pid % 1000) * 100_000;

/**
 * A valid, fictional resident ID number: area, birth date, a sequence (odd = male) and its check digit.
 * Unique for millions of calls: the serial picks the birth day (about 10,000 days) and the sequence (500).
 */
export function makeIdNumber(opts: { area?: string; birth?: string; male?: boolean } = {}): string {
  serial++;
  const area = opts.area ?? '320411';
  const day = new Date(Date.UTC(1970, 0, 1) + (serial % 10_000) * 86_400_000);
  const birth = opts.birth ?? day.toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String((Math.floor(serial / 10_000) % 500) * 2 + (opts.male === false ? 0 : 1)).padStart(3, '0');
  const body = `${area}${birth}${seq}`;
  return body + idCheckChar(body);
}

export function makePhone(): string {
  serial++;
  return `139${String(10_000_000 + ((serial * 7919) % 90_000_000)).padStart(8, '0')}`;
}

export { completeUscc };
