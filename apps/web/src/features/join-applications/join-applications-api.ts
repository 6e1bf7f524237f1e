import type { JoinApplication, JoinApplicationListItem, JoinApplicationStatus } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export interface JoinListParams {
  status?: JoinApplicationStatus;
  q?: string;
  orgId?: number;
  page: number;
  pageSize: number;
}

export const joinKeys = {
  all: ['join-applications'] as const,
  list: (p: JoinListParams) => ['join-applications', 'list', p] as const,
  one: (id: number) => ['join-applications', 'one', id] as const,
};

export function useJoinApplications(params: JoinListParams) {
  return useQuery({
    queryKey: joinKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: JoinApplicationListItem[]; total: number }>('/join-applications', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useJoinApplication(id: number | null) {
  return useQuery({
    queryKey: joinKeys.one(id ?? 0),
    queryFn: ({ signal }) => api.get<JoinApplication>(`/join-applications/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

function useDecision<TInput>(fn: (input: TInput) => Promise<JoinApplication>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // An approval adds a member: the roster and its counts change too.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: joinKeys.all }), queryClient.invalidateQueries({ queryKey: ['members'] })]),
  });
}

export function useApproveJoin() {
  return useDecision(({ id, note }: { id: number; note?: string }) => api.post<JoinApplication>(`/join-applications/${id}/approve`, note ? { note } : {}));
}

export function useRejectJoin() {
  return useDecision(({ id, reason }: { id: number; reason: string }) => api.post<JoinApplication>(`/join-applications/${id}/reject`, { reason }));
}
