import { completeUscc } from '@tongxing/domain';

/** Small deterministic PRNG (mulberry32) so the demo data is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GB 11714 organisation code: 8 characters and a check character. */
export function organisationCode(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body8].reduce((s, ch, i) => s + parseInt(ch, 36) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return body8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** A valid unified social credit code: authority+category prefix ("81" unions, "91" companies), area, org code. */
export function makeUscc(prefix: string, area: string, next: () => number): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(Math.floor(next() * 10));
  // The organisation code's check may be X, which the GB 32100 alphabet also allows.
  return completeUscc(prefix + area + organisationCode(body));
}
