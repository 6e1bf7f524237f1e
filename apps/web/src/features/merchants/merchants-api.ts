import type { MerchantAgreementCreate, MerchantCategoryCode, MerchantCreate, MerchantDetail, MerchantPatch, MerchantSettlement, MerchantSummary } from '@tongxing/contracts';
import type { MerchantState } from '@tongxing/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download, upload } from '../../shared/api-client';

export interface MerchantListParams {
  state?: MerchantState;
  category?: MerchantCategoryCode;
  orgId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

export interface MerchantTransaction {
  id: number;
  senderTxnId: string;
  kind: 'purchase' | 'refund';
  cardMasked: string;
  amountFen: number;
  subsidyFen: number;
  occurredAt: string;
  month: number;
  settlementId: number | null;
}
export interface MerchantTransactionList {
  items: MerchantTransaction[];
  total: number;
  summary: { count: number; amountFen: number; subsidyFen: number };
}

export interface QuotaPeriod {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  createdAt: string;
}
export interface QuotaRow {
  orgId: number;
  orgName: string;
  kind: string;
  quota: number | null;
  signed: number;
  progressBps: number | null;
  handedDown: number;
}
export type QuotaProgress = QuotaPeriod & { unit: QuotaRow; children: QuotaRow[] };

export type SettlementState = MerchantSettlement['state'];
export type SettlementDetail = MerchantSettlement & { months: { month: number; txnCount: number; amountFen: number; subsidyFen: number }[] };
export interface PendingSettlement {
  merchantId: number;
  merchantName: string;
  txnCount: number;
  amountFen: number;
  subsidyFen: number;
}

export const merchantKeys = {
  all: ['merchants'] as const,
  list: (p: MerchantListParams) => ['merchants', 'list', p] as const,
  detail: (id: number) => ['merchants', 'detail', id] as const,
  me: ['merchants', 'me'] as const,
  transactions: (id: number, month: number | undefined, page: number) => ['merchants', 'transactions', id, month ?? 0, page] as const,
  merchantSettlements: (id: number, page: number) => ['merchants', 'settlements', id, page] as const,
  units: ['merchants', 'units'] as const,
};

export function useMerchants(params: MerchantListParams) {
  return useQuery({
    queryKey: merchantKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: MerchantSummary[]; total: number }>('/merchants', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMerchant(id: number | null) {
  return useQuery({ queryKey: merchantKeys.detail(id ?? 0), queryFn: () => api.get<MerchantDetail>(`/merchants/${id ?? 0}`), enabled: !!id });
}

/** The merchant operator's own merchant (404 for anyone else). */
export function useMyMerchant() {
  return useQuery({ queryKey: merchantKeys.me, queryFn: () => api.get<MerchantDetail>('/merchant-console/me'), retry: false });
}

export function useMerchantTransactions(id: number | null, month: number | undefined, page: number) {
  return useQuery({
    queryKey: merchantKeys.transactions(id ?? 0, month, page),
    queryFn: ({ signal }) => api.get<MerchantTransactionList>(`/merchants/${id ?? 0}/transactions`, { ...(month ? { month } : {}), page, pageSize: 20 }, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

export function useMerchantSettlementsOf(id: number | null, page: number) {
  return useQuery({
    queryKey: merchantKeys.merchantSettlements(id ?? 0, page),
    queryFn: ({ signal }) => api.get<{ items: MerchantSettlement[]; total: number }>(`/merchants/${id ?? 0}/settlements`, { page, pageSize: 12 }, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

/** District unions and street federations a merchant can belong to (the public form's list, names only). */
export function useMerchantUnitOptions() {
  return useQuery({
    queryKey: merchantKeys.units,
    queryFn: () => api.get<{ items: { id: number; name: string; kind: string; parentId: number | null }[] }>('/merchant-applications/units'),
    staleTime: 10 * 60_000,
  });
}

function useMerchantMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: merchantKeys.all }) });
}

export function useCreateMerchant() {
  return useMerchantMutation((body: MerchantCreate) => api.post<MerchantDetail>('/merchants', body));
}

export function usePatchMerchant() {
  return useMerchantMutation(({ id, body }: { id: number; body: MerchantPatch }) => api.patch<MerchantDetail>(`/merchants/${id}`, body));
}

export type ReviewAction = 'approve' | 'reject' | 'suspend' | 'resume' | 'revoke';

export function useReviewMerchant() {
  return useMerchantMutation(({ id, action, body }: { id: number; action: ReviewAction; body: unknown }) => api.post<MerchantDetail>(`/merchants/${id}/${action}`, body));
}

export function useSignAgreement() {
  return useMerchantMutation(({ id, body }: { id: number; body: MerchantAgreementCreate }) => api.post<MerchantDetail>(`/merchants/${id}/agreements`, body));
}

export function useEndAgreement() {
  return useMerchantMutation(({ id, agreementId, endOn, reason }: { id: number; agreementId: number; endOn: string; reason: string }) =>
    api.post<MerchantDetail>(`/merchants/${id}/agreements/${agreementId}/end`, { endOn, reason }),
  );
}

export function useRecordAssessment() {
  return useMerchantMutation(({ id, body }: { id: number; body: { year: number; result: string; score?: number; note?: string } }) =>
    api.post<MerchantDetail>(`/merchants/${id}/assessments`, body),
  );
}

export function useAddPhoto() {
  return useMerchantMutation(({ id, file }: { id: number; file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<MerchantDetail>(`/merchants/${id}/photos`, form);
  });
}

export function useRemovePhoto() {
  return useMerchantMutation(({ id, n }: { id: number; n: number }) => api.delete<MerchantDetail>(`/merchants/${id}/photos/${n}`));
}

export function useRevealContact() {
  return useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<{ contactPhone: string }>(`/merchants/${id}/reveal-contact`, { reason }) });
}

export const merchantPhotoUrl = (id: number, n: number) => `/api/v1/merchants/${id}/photos/${n}`;

// ---------------------------------------------------------------- quotas

export const quotaKeys = {
  all: ['merchant-quotas'] as const,
  periods: ['merchant-quotas', 'periods'] as const,
  progress: (id: number, orgId: number | undefined) => ['merchant-quotas', 'progress', id, orgId ?? 0] as const,
};

export function useQuotaPeriods() {
  return useQuery({ queryKey: quotaKeys.periods, queryFn: () => api.get<{ items: QuotaPeriod[] }>('/merchant-quota-periods') });
}

export function useQuotaProgress(id: number | undefined, orgId: number | undefined) {
  return useQuery({
    queryKey: quotaKeys.progress(id ?? 0, orgId),
    queryFn: ({ signal }) => api.get<QuotaProgress>(`/merchant-quota-periods/${id ?? 0}`, orgId ? { orgId } : {}, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

function useQuotaMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: quotaKeys.all }) });
}

export function useCreateQuotaPeriod() {
  return useQuotaMutation((body: { name: string; startsOn: string; endsOn: string }) => api.post<QuotaPeriod>('/merchant-quota-periods', body));
}

export function useSetQuotas() {
  return useQuotaMutation(({ id, parentOrgId, quotas }: { id: number; parentOrgId: number; quotas: { orgId: number; quota: number }[] }) =>
    api.put<QuotaProgress>(`/merchant-quota-periods/${id}/quotas`, { parentOrgId, quotas }),
  );
}

// ---------------------------------------------------------------- settlements

export interface SettlementListParams {
  state?: SettlementState;
  month?: number;
  merchantId?: number;
  page: number;
  pageSize: number;
}

export const settlementKeys = {
  all: ['merchant-settlements'] as const,
  list: (p: SettlementListParams) => ['merchant-settlements', 'list', p] as const,
  pending: (month: number, page: number) => ['merchant-settlements', 'pending', month, page] as const,
  detail: (id: number) => ['merchant-settlements', 'detail', id] as const,
};

export function useSettlements(params: SettlementListParams) {
  return useQuery({
    queryKey: settlementKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: MerchantSettlement[]; total: number }>('/merchant-settlements', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePendingSettlements(month: number | undefined, page: number) {
  return useQuery({
    queryKey: settlementKeys.pending(month ?? 0, page),
    queryFn: ({ signal }) => api.get<{ items: PendingSettlement[]; total: number }>('/merchant-settlements/pending', { month, page, pageSize: 20 }, signal),
    enabled: !!month,
    placeholderData: keepPreviousData,
  });
}

export function useSettlement(id: number | null) {
  return useQuery({ queryKey: settlementKeys.detail(id ?? 0), queryFn: () => api.get<SettlementDetail>(`/merchant-settlements/${id ?? 0}`), enabled: !!id });
}

function useSettlementMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: settlementKeys.all }), queryClient.invalidateQueries({ queryKey: merchantKeys.all })]),
  });
}

/** Money writes: each carries the Idempotency-Key of the intended operation. */
export function usePrepareSettlement() {
  return useSettlementMutation(({ merchantId, month, idempotencyKey }: { merchantId: number; month: number; idempotencyKey: string }) =>
    api.post<SettlementDetail>('/merchant-settlements', { merchantId, month }, { idempotencyKey }),
  );
}

export function useSettlementAction() {
  return useSettlementMutation(({ id, action, body, idempotencyKey }: { id: number; action: 'approve' | 'pay' | 'cancel'; body: unknown; idempotencyKey: string }) =>
    api.post<SettlementDetail>(`/merchant-settlements/${id}/${action}`, body, { idempotencyKey }),
  );
}

export function downloadStatement(id: number, fileName: string): Promise<void> {
  return download(`/merchant-settlements/${id}/statement`, fileName);
}
