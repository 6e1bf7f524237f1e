import type { Fund, LedgerTransaction } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download } from '../../shared/api-client';

export interface LedgerParams {
  programmeId?: number;
  account?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export const ledgerKeys = {
  all: ['ledger'] as const,
  list: (params: LedgerParams) => ['ledger', 'list', params] as const,
  fund: (programmeId: number) => ['ledger', 'fund', programmeId] as const,
};

export function useLedger(params: LedgerParams, enabled = true) {
  return useQuery({
    queryKey: ledgerKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: LedgerTransaction[]; total: number }>('/ledger', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useFund(programmeId: number | undefined) {
  return useQuery({
    queryKey: ledgerKeys.fund(programmeId ?? 0),
    queryFn: () => api.get<Fund>(`/loan-programmes/${programmeId ?? 0}/fund`),
    enabled: !!programmeId,
  });
}

/** A correction is a reversing transaction (entries are never changed): a money write, so keyed. */
export function useReverseTransaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason, idempotencyKey }: { id: number; reason: string; idempotencyKey: string }) => api.post<LedgerTransaction>(`/ledger/${id}/reverse`, { reason }, { idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKeys.all }),
  });
}

export function exportLedger(programmeId: number, fileName: string) {
  return download('/ledger/export', fileName, { programmeId });
}
