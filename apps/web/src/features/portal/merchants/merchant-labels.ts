import { merchantCategoryLabels, type MerchantCategoryCode } from '@tongxing/contracts';
import { pickLabel } from '../../../shared/i18n';

/** The category as the contract names it, in the page's language. */
export function categoryLabel(category: MerchantCategoryCode, lang: string): string {
  return pickLabel(merchantCategoryLabels[category], lang);
}

/** The first character of the category: the tile shown where a merchant has no photo. */
export function categoryGlyph(category: MerchantCategoryCode): string {
  return merchantCategoryLabels[category].zh.slice(0, 1);
}
