/**
 * Money is integer fen end to end; rates are basis points. Arithmetic that divides goes through exact
 * rationals in BigInt and rounds half up once, at the end — never binary floating point.
 */
export type Fen = number;

/** round(num / den) half up, for a non-negative numerator and a positive denominator. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new Error('denominator must be positive');
  if (num < 0n) return -divRoundHalfUp(-num, den);
  return (2n * num + den) / (2n * den);
}

export function toFen(n: bigint): Fen {
  const v = Number(n);
  if (!Number.isSafeInteger(v)) throw new Error(`amount ${n} fen is beyond the safe range`);
  return v;
}

/** fen × bps / 10000, rounded half up (a share or a subsidy as a rate of an amount). */
export function applyBps(amountFen: Fen, bps: number): Fen {
  return toFen(divRoundHalfUp(BigInt(amountFen) * BigInt(bps), 10_000n));
}

/** 1234567 fen → "12,345.67" */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Splits an amount by shares in basis points (summing to 10000) so the parts add up exactly: each share
 * is rounded down and the fen left over go, one each, to the largest remainders (ties: the earlier key).
 */
export function splitByBps<K extends string>(amountFen: Fen, shares: Record<K, number>): Record<K, Fen> {
  const keys = Object.keys(shares) as K[];
  const total = keys.reduce((s, k) => s + shares[k], 0);
  if (total !== 10_000) throw new Error('shares must sum to 10000 bps');
  const amount = BigInt(amountFen);
  const parts = keys.map((k) => {
    const exact = amount * BigInt(shares[k]);
    return { k, floor: exact / 10_000n, rem: exact % 10_000n };
  });
  let left = amount - parts.reduce((s, p) => s + p.floor, 0n);
  const order = [...parts].sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : keys.indexOf(a.k) - keys.indexOf(b.k)));
  const out = Object.fromEntries(parts.map((p) => [p.k, p.floor])) as Record<K, bigint>;
  for (const p of order) {
    if (left <= 0n) break;
    out[p.k] += 1n;
    left -= 1n;
  }
  return Object.fromEntries(keys.map((k) => [k, toFen(out[k])])) as Record<K, Fen>;
}
