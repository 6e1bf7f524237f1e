/**
 * Rate periods: a month `2026-10`, a quarter `2026-Q3` or a year `2026`. Months are kept as yyyymm integers
 * (202610), as the rollups store them.
 */
export type RatePeriodKind = 'month' | 'quarter' | 'year';

export interface RatePeriod {
  code: string;
  kind: RatePeriodKind;
  /** First and last month, yyyymm. */
  fromMonth: number;
  toMonth: number;
}

export function parseRatePeriod(code: string): RatePeriod | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(code);
  if (m) {
    const month = Number(m[1]) * 100 + Number(m[2]);
    return { code, kind: 'month', fromMonth: month, toMonth: month };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(code);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { code, kind: 'quarter', fromMonth: y * 100 + (q - 1) * 3 + 1, toMonth: y * 100 + q * 3 };
  }
  m = /^(\d{4})$/.exec(code);
  if (m) {
    const y = Number(m[1]);
    return { code, kind: 'year', fromMonth: y * 100 + 1, toMonth: y * 100 + 12 };
  }
  return null;
}

/** The month (yyyymm) of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiMonth(at: Date): number {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return local.getUTCFullYear() * 100 + local.getUTCMonth() + 1;
}

/** The periods a month belongs to, as the usage rollups key them: ['2026-10', '2026-Q4', '2026']. */
export function periodsOfMonth(month: number): [string, string, string] {
  const y = Math.floor(month / 100);
  const mm = month % 100;
  return [`${y}-${String(mm).padStart(2, '0')}`, `${y}-Q${Math.floor((mm - 1) / 3) + 1}`, String(y)];
}

/** A rate as a fraction with four decimals (0.8123), or null when the denominator is zero. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
