import type { SubsidyBatch } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export type SubsidyKind = 'premium' | 'interest';
export type BatchState = SubsidyBatch['state'];

export interface SubsidyItem {
  id: number;
  loanId: number;
  loanReference: string;
  borrowerName: string;
  kind: SubsidyKind;
  k: number;
  amountFen: number;
  earnedOn: string;
}

export type SubsidyBatchDetail = SubsidyBatch & { items: SubsidyItem[] };

export interface BatchListParams {
  programmeId?: number;
  state?: BatchState;
  kind?: SubsidyKind;
  page: number;
  pageSize: number;
}

export const batchKeys = {
  all: ['subsidy-batches'] as const,
  list: (p: BatchListParams) => ['subsidy-batches', 'list', p] as const,
  detail: (id: number) => ['subsidy-batches', 'detail', id] as const,
  pending: (programmeId: number, kind: SubsidyKind, upTo: string) => ['subsidy-batches', 'pending', programmeId, kind, upTo] as const,
};

export function useSubsidyBatches(params: BatchListParams) {
  return useQuery({
    queryKey: batchKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: SubsidyBatch[]; total: number }>('/subsidy-batches', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSubsidyBatch(id: number | null) {
  return useQuery({ queryKey: batchKeys.detail(id ?? 0), queryFn: () => api.get<SubsidyBatchDetail>(`/subsidy-batches/${id ?? 0}`), enabled: !!id });
}

/** What a batch prepared now would hold: subsidies earned up to the date and not yet in a batch. */
export function usePendingSubsidies(programmeId: number | undefined, kind: SubsidyKind, upTo: string | undefined) {
  return useQuery({
    queryKey: batchKeys.pending(programmeId ?? 0, kind, upTo ?? ''),
    queryFn: ({ signal }) => api.get<{ itemCount: number; totalFen: number }>('/subsidy-batches/pending', { programmeId, kind, upTo }, signal),
    enabled: !!programmeId && !!upTo,
    staleTime: 0,
  });
}

function useBatchMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: batchKeys.all }), queryClient.invalidateQueries({ queryKey: ['ledger'] })]),
  });
}

export function usePrepareBatch() {
  return useBatchMutation(({ idempotencyKey, ...body }: { programmeId: number; kind: SubsidyKind; upTo: string; idempotencyKey: string }) =>
    api.post<SubsidyBatchDetail>('/subsidy-batches', body, { idempotencyKey }),
  );
}

export function useApproveBatch() {
  return useBatchMutation(({ id, idempotencyKey, comment }: { id: number; idempotencyKey: string; comment?: string }) =>
    api.post<SubsidyBatch>(`/subsidy-batches/${id}/approve`, comment ? { comment } : {}, { idempotencyKey }),
  );
}

export function usePayBatch() {
  return useBatchMutation(({ id, idempotencyKey, ...body }: { id: number; idempotencyKey: string; paymentRef: string; paidOn: string }) =>
    api.post<SubsidyBatch>(`/subsidy-batches/${id}/pay`, body, { idempotencyKey }),
  );
}

export function useCancelBatch() {
  return useBatchMutation(({ id, idempotencyKey, comment }: { id: number; idempotencyKey: string; comment?: string }) =>
    api.post<SubsidyBatch>(`/subsidy-batches/${id}/cancel`, comment ? { comment } : {}, { idempotencyKey }),
  );
}
