import { divRoundHalfUp } from '@tongxing/domain';

/**
 * Figures of the dashboard. Amounts arrive in fen and show in 万元 (ten thousand yuan, as the federation
 * reports them), rounded half up to two decimals with integer arithmetic; shares and leverage arrive in bps.
 */
export function wanHundredths(fen: number): number {
  return Number(divRoundHalfUp(BigInt(fen), 10_000n));
}

/** 123456789 fen → "123.46" (万元). */
export function wan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const n = wanHundredths(Math.abs(fen));
  return `${sign}${Math.floor(n / 100).toLocaleString('en-US')}.${String(n % 100).padStart(2, '0')}`;
}

/** For a chart's axis: 万元 as a number (display only; the table shows the exact text). */
export function wanValue(fen: number): number {
  return wanHundredths(fen) / 100;
}

/** 1234 bps → "12.34%"; null (no denominator) → "—". */
export function pct(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  return `${(bps / 100).toFixed(2)}%`;
}

/** Completion for a progress bar: 0 … 100 with one decimal. */
export function progressPercent(bps: number | null | undefined): number {
  if (bps === null || bps === undefined) return 0;
  return Math.round(bps / 10) / 10;
}

/** Leverage (lent ÷ fund) in bps → "8.52". */
export function times(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  return (bps / 10_000).toFixed(2);
}

export function count(n: number | null | undefined, lang: string): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN').format(n);
}
