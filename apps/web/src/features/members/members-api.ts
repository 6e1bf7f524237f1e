import type { Member, MemberCounts, MemberCreate, MemberListItem, MemberPatch } from '@tongxing/contracts';
import type { MemberStatus, ModelWorkerLevel, WorkerCategory } from '@tongxing/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export type MemberSort = 'name' | 'joinDate' | 'createdAt' | 'birthDate';

/** The roster's filter: what the list shows, and what an export writes. */
export interface MemberFilter {
  q?: string;
  orgId?: number;
  status?: MemberStatus[];
  category?: WorkerCategory[];
  modelWorkerLevel?: ModelWorkerLevel[];
  tag?: string[];
  sort?: MemberSort;
  order?: 'asc' | 'desc';
}

export interface MemberListParams extends MemberFilter {
  page: number;
  pageSize: number;
}

export interface MemberList {
  items: MemberListItem[];
  total: number;
  /** The server stopped counting at its cap (2,000): the total reads "2,000+". */
  totalCapped: boolean;
}

export interface MemberEvent {
  id: number;
  at: string;
  type: string;
  actorName: string | null;
  orgId: number;
  orgName: string | null;
  otherOrgId: number | null;
  otherOrgName: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  note: string | null;
}

export const memberKeys = {
  all: ['members'] as const,
  list: (params: MemberListParams) => ['members', 'list', params] as const,
  detail: (id: number) => ['members', 'detail', id] as const,
  history: (id: number) => ['members', 'history', id] as const,
  counts: (orgId: number | null) => ['members', 'counts', orgId] as const,
};

export function useMembers(params: MemberListParams) {
  return useQuery({
    queryKey: memberKeys.list(params),
    queryFn: ({ signal }) => api.get<MemberList>('/members', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMember(id: number) {
  return useQuery({ queryKey: memberKeys.detail(id), queryFn: () => api.get<Member>(`/members/${id}`), enabled: id > 0 });
}

export function useMemberHistory(id: number) {
  return useQuery({ queryKey: memberKeys.history(id), queryFn: () => api.get<{ items: MemberEvent[] }>(`/members/${id}/history`), enabled: id > 0 });
}

export function useMemberCounts(orgId: number | null) {
  return useQuery({
    queryKey: memberKeys.counts(orgId),
    queryFn: () => api.get<MemberCounts>('/members/counts', orgId ? { orgId } : {}),
    placeholderData: keepPreviousData,
  });
}

function useMemberMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // A change shows in the roster, the record, its history and the counts alike.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.all }),
  });
}

export function useCreateMember() {
  return useMemberMutation((input: MemberCreate) => api.post<Member>('/members', input));
}

export function usePatchMember() {
  return useMemberMutation(({ id, patch }: { id: number; patch: MemberPatch }) => api.patch<Member>(`/members/${id}`, patch));
}

/**
 * The clear numbers, for a reason. Deliberately not a query: the answer is never cached, so it lives only
 * in the component that asked, for as long as it shows it.
 */
export function useRevealMember() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<{ idNumber: string; phone: string | null }>(`/members/${id}/reveal`, { reason }),
  });
}
