import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { authKeys, useMe, useSetLocale } from '../features/auth/auth-api';
import { onSessionProblem, setCsrfToken } from '../shared/api-client';
import { applyLanguage, languageForSession } from './language';

/**
 * Connects the API client to the session state: a 401 anywhere signs the tab out (the guards then send
 * the person to the sign-in page and keep the page they were on); a restricted-session 403 re-reads /me
 * so the guards can route to enrolment or password change.
 */
export function SessionBridge() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const setLocale = useSetLocale();
  const appliedFor = useRef<number | null>(null);

  useEffect(() => {
    onSessionProblem((kind) => {
      if (kind === 'UNAUTHENTICATED') {
        setCsrfToken(null);
        queryClient.setQueryData(authKeys.me, null);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
      } else {
        void queryClient.invalidateQueries({ queryKey: authKeys.me });
      }
    });
    return () => onSessionProblem(null);
  }, [queryClient]);

  const { mutate: saveLocale } = setLocale;
  useEffect(() => {
    if (!me) {
      appliedFor.current = null;
      return;
    }
    if (appliedFor.current === me.id) return;
    appliedFor.current = me.id;
    const { lang, save } = languageForSession(me.locale);
    applyLanguage(lang);
    if (save && !me.mfaEnrolmentRequired && !me.passwordChangeRequired) saveLocale(lang);
  }, [me, saveLocale]);

  return null;
}
