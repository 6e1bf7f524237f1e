import { merchantCategoryLabels, merchantStateLabels, type MerchantCategoryCode } from '@tongxing/contracts';
import type { MerchantState } from '@tongxing/domain';
import { pickLabel } from '../../shared/i18n';

export function categoryName(c: MerchantCategoryCode, lang: string): string {
  return pickLabel(merchantCategoryLabels[c], lang);
}

export function merchantStateName(s: MerchantState, lang: string): string {
  return pickLabel(merchantStateLabels[s], lang);
}

export const merchantStateColor: Record<MerchantState, string> = { applied: 'gold', active: 'green', suspended: 'orange', revoked: 'red', rejected: 'default' };

/** 500 bps → "5%", 1250 → "12.5%"; null → "—". */
export function bps(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return `${Number((v / 100).toFixed(2))}%`;
}

/** Fen → "¥1,234.56". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}¥${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
}

/** 202610 → "2026-10". */
export function monthText(m: number): string {
  return `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;
}

/** "12.50" yuan → 1250 fen; a percentage "5.5" → 550 bps (both two decimals at most). */
export function toHundredths(v: number | null | undefined): number | undefined {
  if (v === null || v === undefined || Number.isNaN(v)) return undefined;
  return Math.round(v * 100);
}
