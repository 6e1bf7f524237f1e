import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export type UiLang = 'zh-CN' | 'en';
export const LANG_STORAGE_KEY = 'tongxing.lang';

/** A Chinese government console starts in Chinese; English only when the user chose it before. */
function initialLang(): UiLang {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  supportedLngs: ['zh-CN', 'en'],
  resources: {},
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function currentLang(): UiLang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export function rememberLang(lang: UiLang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** Picks the zh/en twin of a label from the shared catalogues (org kinds, permissions, scopes). */
export function pickLabel(label: { zh: string; en: string }, lang: string): string {
  return lang === 'en' ? label.en : label.zh;
}

export default i18n;
