import type { PipelineStep, Product, ProductCreate, ProductPatch, Programme, ProgrammeCreate, ProgrammePatch } from '@tongxing/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export type PartnerRole = 'bank' | 'insurer' | 'guarantor';

export interface TargetInput {
  orgId: number;
  lendingFen: number;
  enterprises: number;
  entrepreneurs: number;
  jobs: number;
}

export interface ApprovalLimit {
  orgId: number;
  orgName: string;
  orgKind: string;
  parentId: number | null;
  maxAmountFen: number;
  note: string | null;
}

export interface ReferenceRate {
  id: number;
  name: string;
  rateBps: number;
  effectiveOn: string;
}

export const programmeKeys = {
  all: ['loan-programmes'] as const,
  list: ['loan-programmes', 'list'] as const,
  detail: (id: number) => ['loan-programmes', 'detail', id] as const,
  limits: ['loan-programmes', 'approval-limits'] as const,
  rates: ['loan-programmes', 'reference-rates'] as const,
};

export function useProgrammes(enabled = true) {
  return useQuery({
    queryKey: programmeKeys.list,
    queryFn: () => api.get<{ items: Programme[] }>('/loan-programmes'),
    enabled,
    staleTime: 60_000,
  });
}

export function useProgramme(id: number) {
  return useQuery({ queryKey: programmeKeys.detail(id), queryFn: () => api.get<Programme>(`/loan-programmes/${id}`), enabled: id > 0 });
}

function useProgrammeMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: programmeKeys.all }), queryClient.invalidateQueries({ queryKey: ['ledger'] })]),
  });
}

/** Creating a programme posts its initial fund contribution to the ledger: a money write, so keyed. */
export function useCreateProgramme() {
  return useProgrammeMutation(({ idempotencyKey, ...body }: ProgrammeCreate & { idempotencyKey: string }) =>
    api.post<Programme>('/loan-programmes', body, { idempotencyKey }),
  );
}

export function usePatchProgramme() {
  return useProgrammeMutation(({ id, patch }: { id: number; patch: ProgrammePatch }) => api.patch<Programme>(`/loan-programmes/${id}`, patch));
}

export function useFundContribution() {
  return useProgrammeMutation(({ id, idempotencyKey, ...body }: { id: number; idempotencyKey: string; amountFen: number; postedOn: string; memo?: string }) =>
    api.post<unknown>(`/loan-programmes/${id}/fund-contributions`, body, { idempotencyKey }),
  );
}

export function usePutTargets() {
  return useProgrammeMutation(({ id, targets }: { id: number; targets: TargetInput[] }) => api.put<Programme>(`/loan-programmes/${id}/targets`, targets));
}

export function useCreateProduct() {
  return useProgrammeMutation(({ programmeId, product }: { programmeId: number; product: ProductCreate }) =>
    api.post<Product>(`/loan-programmes/${programmeId}/products`, product),
  );
}

export function usePatchProduct() {
  return useProgrammeMutation(({ id, patch }: { id: number; patch: ProductPatch }) => api.patch<Product>(`/loan-products/${id}`, patch));
}

export function useApprovalLimits(enabled = true) {
  return useQuery({ queryKey: programmeKeys.limits, queryFn: () => api.get<{ items: ApprovalLimit[] }>('/partner-approval-limits'), enabled });
}

export function usePutApprovalLimits() {
  return useProgrammeMutation((items: { orgId: number; maxAmountFen: number; note?: string }[]) => api.put<{ items: ApprovalLimit[] }>('/partner-approval-limits', items));
}

export function useReferenceRates(enabled = true) {
  return useQuery({ queryKey: programmeKeys.rates, queryFn: () => api.get<{ items: ReferenceRate[] }>('/reference-rates'), enabled });
}

export function useAddReferenceRate() {
  return useProgrammeMutation((input: { name: string; rateBps: number; effectiveOn: string }) => api.post<ReferenceRate>('/reference-rates', input));
}

/** A new product starts from the union's usual 创保贷 rules (issue 4 and the 33113 plan); every value is editable. */
export function defaultPipeline(): PipelineStep[] {
  return [
    { key: 'recommend', party: 'recommending_union', nameZh: '基层工会推荐', nameEn: 'Union recommendation', slaDays: 3 },
    { key: 'district_review', party: 'district', nameZh: '区总工会初审', nameEn: 'District review', slaDays: 3 },
    { key: 'city_confirm', party: 'city', nameZh: '市总工会复核', nameEn: 'City confirmation', slaDays: 3 },
    { key: 'underwrite', party: 'insurer', nameZh: '保险机构承保', nameEn: 'Underwriting', slaDays: 5 },
    { key: 'bank_approve', party: 'bank', nameZh: '银行审批', nameEn: 'Bank approval', slaDays: 5 },
  ];
}
