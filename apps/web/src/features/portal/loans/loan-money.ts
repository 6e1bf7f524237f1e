import { formatYuan } from '@tongxing/domain';

/**
 * Money typed on a phone: "12,345.6" yuan → 1234560 fen, read as text so no binary float ever holds an
 * amount. Null when the text is not a plain amount with at most two decimals.
 */
export function parseYuanToFen(text: string | undefined | null): number | null {
  const clean = (text ?? '').replace(/[,，\s]/g, '');
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(clean);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** "4.35" (% a year) → 435 bps; at most two decimals, as rates are quoted. */
export function parsePercentToBps(text: string | undefined | null): number | null {
  const clean = (text ?? '').replace(/[%\s]/g, '');
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(clean);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 435 → "4.35" */
export function bpsToPercentText(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`;
}

/** 1234560 → "12,345.60" (yuan): in tables and totals whose heading names the unit. */
export const yuan = formatYuan;

/** 1234560 → "¥12,345.60": an amount standing on its own (a loan's balance, the next payment). */
export function money(fen: number): string {
  return `¥${formatYuan(fen)}`;
}

/** 1000000 fen → "1" (yuan, no decimals when whole): for limits such as "1 万 – 20 万". */
export function fenToYuanText(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : formatYuan(fen).replace(/,/g, '');
}

/** 20000000 fen → "20 万" / "200,000": limits read as people say them. */
export function compactYuan(fen: number, lang: string): string {
  if (lang !== 'en' && fen >= 1_000_000 && fen % 1_000_000 === 0) return `${(fen / 1_000_000).toLocaleString('zh-CN')} 万`;
  return (fen / 100).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 });
}
