import { formatYuan } from '@tongxing/domain';

/** Money on screen: ¥ and two decimals, from integer fen (never through a float). */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${formatYuan(fen)}`;
}

/** A rate in basis points as a percentage with two decimals: 435 → "4.35%". */
export function ratePct(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  const sign = bps < 0 ? '-' : '';
  const abs = Math.abs(bps);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** A share in basis points as a percentage without trailing zeros: 7000 → "70%", 2550 → "25.5%". */
export function sharePct(bps: number): string {
  return ratePct(bps).replace(/\.?0+%$/, '%');
}

const DECIMAL = /^\s*(\d{1,13})(?:\.(\d{0,2}))?\s*$/;

/**
 * "12,345.6" (yuan, as typed) → 1234560 fen, exactly, by reading the digits; null when it is not an amount
 * with at most two decimals. Also used for percentages → basis points (same two-decimal shape).
 */
export function decimalToHundredths(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? String(value) : value.replace(/,/g, '');
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

export const yuanToFen = decimalToHundredths;
export const percentToBps = decimalToHundredths;

/** Integer hundredths → the text an input shows: 1234560 → "12345.60". */
export function hundredthsToText(n: number | null | undefined): string | undefined {
  if (n === null || n === undefined) return undefined;
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

export const fenToYuanText = hundredthsToText;
export const bpsToPercentText = hundredthsToText;

/** Today in Asia/Shanghai as YYYY-MM-DD (business dates are Chinese calendar days). */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** "创保贷 · 个人创业贷"; a programme with one product of the same name (劳模创业贷) is named once. */
export function programmeProduct(l: { programmeName: string; productName: string }): string {
  return l.productName === l.programmeName ? l.programmeName : `${l.programmeName} · ${l.productName}`;
}
