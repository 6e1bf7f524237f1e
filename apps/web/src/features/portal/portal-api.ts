import type { JoinApplicationCreate, JoinOutcome, OtpPurpose, OtpResponse, PortalMe, PortalUnit } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ProblemError, api, setCsrfToken } from '../../shared/api-client';

/** Everything the portal caches lives under one key, so signing in or out clears it in one go. */
export const portalKeys = {
  all: ['portal'] as const,
  me: ['portal', 'me'] as const,
  applications: ['portal', 'applications'] as const,
  units: (q: string, kind: string | undefined) => ['portal', 'units', q, kind ?? ''] as const,
};

/**
 * `null` means "no member signed in here": no session (401), or a staff session (403: the portal keeps
 * to members). The CSRF token comes with the profile, as /me gives it to the console.
 */
async function fetchPortalMe(): Promise<PortalMe | null> {
  try {
    const me = await api.get<PortalMe>('/portal/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ProblemError && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

export function usePortalMe() {
  return useQuery({ queryKey: portalKeys.me, queryFn: fetchPortalMe, staleTime: 60_000, retry: false });
}

/** After sign-in (or a password set or changed) the session is new: forget the old one's data, read the profile. */
function useSessionStart() {
  const queryClient = useQueryClient();
  return async (csrfToken: string) => {
    setCsrfToken(csrfToken);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== portalKeys.all[0] });
    await queryClient.invalidateQueries({ queryKey: portalKeys.all });
  };
}

export function useSendOtp() {
  return useMutation({ mutationFn: (input: { phone: string; purpose: OtpPurpose }) => api.post<OtpResponse>('/portal/otp', input) });
}

export function useMemberLogin() {
  const start = useSessionStart();
  return useMutation({
    mutationFn: (input: { phone: string; password: string }) => api.post<{ csrfToken: string }>('/portal/auth/login', input),
    onSuccess: (r) => start(r.csrfToken),
  });
}

export function useSetMemberPassword() {
  const start = useSessionStart();
  return useMutation({
    mutationFn: (input: { phone: string; code: string; newPassword: string }) => api.post<{ csrfToken: string }>('/portal/auth/set-password', input),
    onSuccess: (r) => start(r.csrfToken),
  });
}

export function useChangeMemberPassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.put<{ csrfToken: string }>('/portal/password', input),
    onSuccess: (r) => setCsrfToken(r.csrfToken),
  });
}

export function useMemberLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/portal/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.setQueryData(portalKeys.me, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === portalKeys.all[0] && q.queryKey[1] !== 'me' });
    },
  });
}

export function useMyApplications() {
  return useQuery({ queryKey: portalKeys.applications, queryFn: () => api.get<{ items: JoinOutcome[] }>('/portal/applications') });
}

export function useUnitSearch(q: string, kind: PortalUnit['kind'] | undefined, enabled: boolean) {
  return useQuery({
    queryKey: portalKeys.units(q, kind),
    queryFn: ({ signal }) => api.get<{ items: PortalUnit[] }>('/portal/units', { q: q || undefined, kind, limit: 50 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export type JoinInput = Omit<JoinApplicationCreate, 'idType'> & { idType: JoinApplicationCreate['idType'] };

export function useSubmitJoin() {
  return useMutation({ mutationFn: (input: JoinInput) => api.post<{ reference: string; status: 'pending' }>('/join-applications', input) });
}

/** A lookup the applicant triggers with reference and phone: a mutation, so nothing is cached or refetched. */
export function useJoinStatusLookup() {
  return useMutation({ mutationFn: (q: { reference: string; phone: string }) => api.get<JoinOutcome>('/join-applications/status', q) });
}
