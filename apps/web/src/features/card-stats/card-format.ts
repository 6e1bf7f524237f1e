/** A rate as the server gives it (0.1234, or null without a denominator) → "12.34%" / "—". */
export function ratePct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(2)}%`;
}

/** For a chart's axis: the rate in percent, two decimals (display only). */
export function rateValue(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 10_000) / 100;
}

/** Fen → "¥1,234.56". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}¥${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
}

/** Fen → yuan as a number for a chart (display only). */
export function yuanValue(fen: number): number {
  return Math.round(fen) / 100;
}

export type PeriodKind = 'month' | 'quarter' | 'year';

/** The period's code for the API: 2026-10, 2026-Q4, 2026. */
export function periodCode(kind: PeriodKind, year: number, month: number): string {
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}
