import type { LoginResponse, Me } from '@tongxing/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ProblemError, api, setCsrfToken } from '../../shared/api-client';
import type { UiLang } from '../../shared/i18n';

export const authKeys = {
  me: ['me'] as const,
};

type MeWithCsrf = Me & { csrfToken: string };

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export interface TotpStart {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

export interface RecoveryCodes {
  recoveryCodes: string[];
}

/** `null` means "not signed in"; the session cookie is HttpOnly, so asking /me is the only way to know. */
async function fetchMe(): Promise<Me | null> {
  try {
    const { csrfToken, ...me } = await api.get<MeWithCsrf>('/me');
    setCsrfToken(csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ProblemError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

/** Reads the signed-in account inside the console, where the guard has already made sure it exists. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser used outside a signed-in route');
  return data;
}

export function hasPermission(me: Me | null | undefined, permission: string): boolean {
  return !!me && me.permissions.includes(permission);
}

/** Whether one of my grants of this permission reaches every unit (not just my own subtree). */
export function hasAllUnitsScope(me: Me | null | undefined, permission: string): boolean {
  return !!me && me.grants.some((g) => g.permission === permission && g.scope === 'all');
}

function acceptSession(queryClient: QueryClient, response: LoginResponse) {
  setCsrfToken(response.csrfToken);
  queryClient.setQueryData(authKeys.me, response.user);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<LoginResponse>('/auth/login', input),
    onSuccess: (response) => {
      signedOutOnPurpose = false;
      // A different account may sign in on this tab: nothing cached for the previous one may survive.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
      acceptSession(queryClient, response);
    },
  });
}

/**
 * Set by an explicit sign-out: the sign-in page then starts fresh instead of returning to the page the
 * previous person was on (which the next account may not be allowed to see).
 */
let signedOutOnPurpose = false;

export function signedOutOnPurposeRecently(): boolean {
  return signedOutOnPurpose;
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/auth/logout'),
    onMutate: () => {
      signedOutOnPurpose = true;
    },
    onSettled: () => {
      setCsrfToken(null);
      queryClient.setQueryData(authKeys.me, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.put<LoginResponse>('/me/password', input),
    onSuccess: (response) => acceptSession(queryClient, response),
  });
}

export function useSetLocale() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (locale: UiLang) => api.patch<{ ok: true }>('/me/preferences', { locale }),
    onSuccess: (_data, locale) => {
      queryClient.setQueryData<Me | null>(authKeys.me, (me) => (me ? { ...me, locale } : me));
    },
  });
}

export function useTotpStart() {
  return useMutation({ mutationFn: () => api.post<TotpStart>('/me/totp/start') });
}

export function useTotpConfirm() {
  return useMutation({ mutationFn: (code: string) => api.post<RecoveryCodes>('/me/totp/confirm', { code }) });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({ mutationFn: () => api.post<RecoveryCodes>('/me/totp/recovery-codes') });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.delete<{ ok: true }>('/me/totp', { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.me }),
  });
}

/** After enrolment or a password change the session state changed on the server: read it again. */
export function useRefreshMe() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: authKeys.me });
}
