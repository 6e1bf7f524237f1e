import { errorCatalog, fieldMessages } from '@tongxing/contracts';
import { currentLang, pickLabel } from './i18n';

/**
 * The server words field errors itself, except when a field carries an error-catalogue code (TOTP_INVALID,
 * CURRENT_PASSWORD_WRONG, ORG_MOVE_CYCLE…): then the message is the bare code, and the catalogue has the text.
 */
export function fieldErrorText(e: { code: string; message: string }): string {
  if (e.message && e.message !== e.code) return e.message;
  const lang = currentLang();
  if (e.code in errorCatalog) return pickLabel(errorCatalog[e.code as keyof typeof errorCatalog], lang);
  if (e.code in fieldMessages) return pickLabel(fieldMessages[e.code as keyof typeof fieldMessages], lang);
  return e.message || e.code;
}
