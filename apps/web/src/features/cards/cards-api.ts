import type { CardBatch, CardDetail, CardImport, CardImportCheck, CardListItem, CardProgramme } from '@tongxing/contracts';
import type { CardState } from '@tongxing/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download, downloadPost, upload } from '../../shared/api-client';

export interface CardListParams {
  q?: string;
  state?: CardState[];
  channel?: string;
  orgId?: number;
  batchId?: number;
  page: number;
  pageSize: number;
}

export type CardBatchCreated = CardBatch & { skipped: { memberId: number; name: string | null; reason: 'liveCard' | 'notActive' | 'outsideUnit' }[] };
export type CardImportSummary = Omit<CardImport, 'issues'>;
export type CardBankEventKind = 'issue' | 'activate' | 'freeze' | 'unfreeze' | 'report_lost' | 'cancel';

export const cardKeys = {
  all: ['cards'] as const,
  list: (p: CardListParams) => ['cards', 'list', p] as const,
  detail: (id: number) => ['cards', 'detail', id] as const,
  programmes: ['cards', 'programmes'] as const,
  batches: (p: { page: number; pageSize: number; orgId?: number }) => ['cards', 'batches', p] as const,
  imports: (p: { page: number; pageSize: number }) => ['cards', 'imports', p] as const,
};

export function useCards(params: CardListParams) {
  return useQuery({
    queryKey: cardKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: CardListItem[]; total: number; totalCapped: boolean }>('/cards', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCard(id: number | null) {
  return useQuery({ queryKey: cardKeys.detail(id ?? 0), queryFn: () => api.get<CardDetail>(`/cards/${id ?? 0}`), enabled: !!id });
}

export function useCardProgrammes(enabled = true) {
  return useQuery({ queryKey: cardKeys.programmes, queryFn: () => api.get<{ items: CardProgramme[] }>('/card-programmes'), staleTime: 5 * 60_000, enabled });
}

function useCardMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: cardKeys.all }) });
}

/** The union withdraws an application the bank has not issued yet. */
export function useCancelCard() {
  return useCardMutation(({ id, reason }: { id: number; reason: string }) => api.post<CardDetail>(`/cards/${id}/cancel`, { reason }));
}

/** The bank reports a change of one of its cards. */
export function useBankCardEvent() {
  return useCardMutation(({ id, body }: { id: number; body: { event: CardBankEventKind; cardNumber?: string; on?: string; note?: string; version?: number } }) =>
    api.post<CardDetail>(`/cards/${id}/events`, body),
  );
}

export function useReplaceCard() {
  return useCardMutation(({ id, body }: { id: number; body: { cardNumber: string; issuedOn: string; note?: string; version?: number } }) =>
    api.post<CardDetail>(`/cards/${id}/replace`, body),
  );
}

// ---------------------------------------------------------------- bulk applications

export function useCardBatches(params: { page: number; pageSize: number; orgId?: number }) {
  return useQuery({
    queryKey: cardKeys.batches(params),
    queryFn: ({ signal }) => api.get<{ items: CardBatch[]; total: number }>('/card-batches', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCreateCardBatch() {
  return useCardMutation((body: { programmeId?: number; bankOrgId?: number; orgId?: number; memberIds?: number[]; allWithoutCard?: true; note?: string }) =>
    api.post<CardBatchCreated>('/card-batches', body),
  );
}

/** The bank's application sheet with full ID numbers: built on request with a reason (audited). */
export function exportCardBatch(id: number, reason: string, fileName: string): Promise<void> {
  return downloadPost(`/card-batches/${id}/export`, { reason }, fileName);
}

// ---------------------------------------------------------------- the bank's file

export function downloadCardImportTemplate(fileName: string): Promise<void> {
  return download('/card-bank-imports/template', fileName);
}

export function downloadCardImportReport(id: string | number, fileName: string): Promise<void> {
  return download(`/card-bank-imports/${id}/report`, fileName);
}

export function useCheckCardImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<CardImportCheck>('/card-bank-imports', form);
    },
  });
}

export function useCommitCardImport() {
  return useCardMutation(({ id, mode, idempotencyKey }: { id: string; mode: 'valid' | 'all'; idempotencyKey: string }) =>
    api.post<CardImport>(`/card-bank-imports/${id}/commit`, { mode }, { idempotencyKey }),
  );
}

export function useCardImports(params: { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: cardKeys.imports(params),
    queryFn: ({ signal }) => api.get<{ items: CardImportSummary[]; total: number }>('/card-bank-imports', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
