import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export interface PartnerKey {
  id: number;
  keyId: string;
  orgId: number;
  orgName: string;
  orgKind: string;
  label: string | null;
  status: 'active' | 'revoked';
  usable: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdByName: string | null;
  createdAt: string;
  revokedAt: string | null;
}
export type PartnerKeyCreated = PartnerKey & { secret: string };

export interface PartnerKeyParams {
  orgId?: number;
  status?: 'active' | 'revoked';
  page: number;
  pageSize: number;
}

export const partnerKeyKeys = {
  all: ['partner-keys'] as const,
  list: (p: PartnerKeyParams) => ['partner-keys', 'list', p] as const,
};

export function usePartnerKeys(params: PartnerKeyParams) {
  return useQuery({
    queryKey: partnerKeyKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: PartnerKey[]; total: number }>('/partner-keys', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCreatePartnerKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { orgId: number; label?: string; expiresAt?: string }) => api.post<PartnerKeyCreated>('/partner-keys', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: partnerKeyKeys.all }),
  });
}

export function useRevokePartnerKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<PartnerKey>(`/partner-keys/${id}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: partnerKeyKeys.all }),
  });
}
