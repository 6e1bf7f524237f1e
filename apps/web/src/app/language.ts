import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useSetLocale } from '../features/auth/auth-api';
import i18n, { currentLang, rememberLang, type UiLang } from '../shared/i18n';

/** Set when somebody picks a language on the sign-in page: that choice then beats the saved preference. */
let chosenBeforeSignIn: UiLang | null = null;

export function applyLanguage(lang: UiLang): void {
  if (currentLang() !== lang) void i18n.changeLanguage(lang);
  rememberLang(lang);
}

/** Called once a session is known: the account's saved language wins unless the person just chose one. */
export function languageForSession(saved: UiLang): { lang: UiLang; save: boolean } {
  const chosen = chosenBeforeSignIn;
  chosenBeforeSignIn = null;
  if (chosen && chosen !== saved) return { lang: chosen, save: true };
  return { lang: saved, save: false };
}

export function useLanguage() {
  const { i18n: instance } = useTranslation();
  const { data: me } = useMe();
  const setLocale = useSetLocale();
  const lang: UiLang = instance.language === 'en' ? 'en' : 'zh-CN';

  const setLang = useCallback(
    (next: UiLang) => {
      applyLanguage(next);
      const fullSession = me && !me.mfaEnrolmentRequired && !me.passwordChangeRequired;
      if (fullSession) {
        if (me.locale !== next) setLocale.mutate(next);
      } else {
        chosenBeforeSignIn = next;
      }
    },
    [me, setLocale],
  );

  return { lang, setLang };
}
