import type { PortalCardStatus, PortalCardTransactions } from '@tongxing/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api-client';
import { portalKeys } from '../portal-api';

export type PortalCard = NonNullable<PortalCardStatus['card']>;
export type PortalCardAction = 'report-lost' | 'freeze' | 'cancel';

/** Under the portal's key, so signing out forgets the member's card with the rest. */
export const portalCardKeys = {
  status: [...portalKeys.all, 'card'] as const,
  transactions: [...portalKeys.all, 'card', 'transactions'] as const,
};

/** My latest card transactions and the subsidy received this month and this year. */
export function useMyCardTransactions(enabled: boolean) {
  return useQuery({ queryKey: portalCardKeys.transactions, queryFn: () => api.get<PortalCardTransactions>('/portal/card/transactions', { limit: 15 }), enabled });
}

export function usePortalCard() {
  return useQuery({ queryKey: portalCardKeys.status, queryFn: () => api.get<PortalCardStatus>('/portal/card') });
}

function useCardMutation<TInput>(fn: (input: TInput) => Promise<PortalCardStatus>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (status) => queryClient.setQueryData(portalCardKeys.status, status),
    onSettled: () => queryClient.invalidateQueries({ queryKey: portalCardKeys.status }),
  });
}

/** 我要办: the answer is the member's card status after applying. */
export function useApplyForCard() {
  return useCardMutation((input: { programmeId?: number; bankOrgId?: number }) => api.post<PortalCardStatus>('/portal/card/apply', input));
}

export function useCardAction() {
  return useCardMutation(({ action, note }: { action: PortalCardAction; note?: string }) =>
    api.post<PortalCardStatus>(`/portal/card/${action}`, note ? { note } : {}),
  );
}
