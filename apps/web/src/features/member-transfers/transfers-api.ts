import type { PortalUnit, Transfer } from '@tongxing/contracts';
import type { IdType } from '@tongxing/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ProblemError, api } from '../../shared/api-client';
import { memberKeys } from '../members/members-api';

export type TransferDirection = 'in' | 'out' | 'all';
export type TransferStatus = Transfer['status'];

export interface TransferListParams {
  direction: TransferDirection;
  status?: TransferStatus;
  orgId?: number;
  page: number;
  pageSize: number;
}

/** The sending union names the member; the receiving union, which cannot see them yet, types ID and name. */
export type TransferStart =
  | { memberId: number; toOrgId: number; reason?: string }
  | { idType: IdType; idNumber: string; name: string; toOrgId: number; reason?: string };

export type TransferDecision = 'accept' | 'reject' | 'cancel';

export const transferKeys = {
  all: ['member-transfers'] as const,
  list: (params: TransferListParams) => ['member-transfers', 'list', params] as const,
  units: (q: string) => ['member-transfers', 'units', q] as const,
};

export function useTransfers(params: TransferListParams) {
  return useQuery({
    queryKey: transferKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: Transfer[]; total: number }>('/member-transfers', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

function useTransferMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // An accepted transfer moves the member: the roster, the record, its history and the counts change.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: transferKeys.all }), queryClient.invalidateQueries({ queryKey: memberKeys.all })]),
  });
}

export function useStartTransfer() {
  return useTransferMutation((input: TransferStart) => api.post<Transfer>('/member-transfers', input));
}

export function useDecideTransfer() {
  return useTransferMutation(({ id, decision, note }: { id: number; decision: TransferDecision; note?: string }) =>
    api.post<Transfer>(`/member-transfers/${id}/${decision}`, note ? { note } : {}),
  );
}

/**
 * Receiving unions anywhere in the city, through the public unit search (the org list only reaches my
 * scope). `missing` is true while that endpoint does not exist on the server, so the picker can fall back.
 */
export function usePublicUnits(q: string) {
  const query = useQuery({
    queryKey: transferKeys.units(q),
    queryFn: ({ signal }) => api.get<{ items: PortalUnit[] }>('/portal/units', { q: q || undefined, limit: 20 }, signal),
    staleTime: 60_000,
    retry: false,
  });
  const missing = query.error instanceof ProblemError && (query.error.is('ROUTE_NOT_FOUND') || query.error.status === 404);
  return { ...query, missing };
}
