import type { Loan, LoanListItem, Product, ScheduleRowView } from '@tongxing/contracts';
import type { RepaymentMethod } from '@tongxing/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../../../shared/api-client';
import { portalKeys } from '../portal-api';

/** A product as the portal offers it (portalLoanProductSchema), with the cap that applies to this member. */
export type PortalLoanProduct = Pick<
  Product,
  'id' | 'programmeId' | 'code' | 'name' | 'nameEn' | 'borrowerType' | 'minAmountFen' | 'maxAmountFen' | 'minTermMonths' | 'maxTermMonths' | 'currentRateBps' | 'repaymentMethod'
> & { programmeName: string; myMaxAmountFen: number; minOperatingMonths: number; requireNoBadCredit: boolean };

export interface Schedule {
  rows: ScheduleRowView[];
  totalPrincipalFen: number;
  totalInterestFen: number;
  totalPaymentFen: number;
}

export interface SchedulePreviewInput {
  principalFen: number;
  annualRateBps: number;
  months: number;
  method: RepaymentMethod;
  startDate: string;
}

export interface LoanApplyInput {
  productId: number;
  amountFen: number;
  termMonths: number;
  purpose: string;
  enterpriseName?: string;
  enterpriseCreditCode?: string;
  enterpriseFoundedOn?: string;
  enterpriseEmployees?: number;
  enterpriseIndustry?: string;
  jobsExpected: number;
  declaresNoBadCredit: boolean;
  submit: boolean;
}

export const attachmentKinds = ['business_licence', 'business_plan', 'id_copy'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** Under the portal's key, so signing out forgets a member's loans with the rest. */
export const portalLoanKeys = {
  all: [...portalKeys.all, 'loans'] as const,
  products: [...portalKeys.all, 'loans', 'products'] as const,
  list: [...portalKeys.all, 'loans', 'list'] as const,
  detail: (id: number) => [...portalKeys.all, 'loans', 'detail', id] as const,
  schedule: (id: number) => [...portalKeys.all, 'loans', 'schedule', id] as const,
};

export function useLoanProducts(enabled = true) {
  return useQuery({
    queryKey: portalLoanKeys.products,
    queryFn: () => api.get<{ items: PortalLoanProduct[] }>('/portal/loan-products'),
    staleTime: 5 * 60_000,
    retry: false,
    enabled,
  });
}

/** The schedule a loan would have: pure arithmetic on the server, nothing stored. */
export function useSchedulePreview() {
  return useMutation({ mutationFn: (input: SchedulePreviewInput) => api.post<Schedule>('/loan-schedules/preview', input) });
}

export function useMyLoans() {
  return useQuery({ queryKey: portalLoanKeys.list, queryFn: () => api.get<{ items: LoanListItem[]; total?: number }>('/portal/loans') });
}

export function useMyLoan(id: number) {
  return useQuery({ queryKey: portalLoanKeys.detail(id), queryFn: () => api.get<Loan>(`/portal/loans/${id}`), enabled: id > 0 });
}

export function useMyLoanSchedule(id: number, enabled: boolean) {
  return useQuery({ queryKey: portalLoanKeys.schedule(id), queryFn: () => api.get<Schedule>(`/portal/loans/${id}/schedule`), enabled: enabled && id > 0 });
}

function useLoanMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => queryClient.invalidateQueries({ queryKey: portalLoanKeys.all }) });
}

/** A draft first, so the attachments have a loan to belong to; then submit (eligibility is checked there). */
export function useCreateLoan() {
  return useLoanMutation((input: LoanApplyInput) => api.post<Loan>('/portal/loans', input));
}

export function usePatchLoan() {
  return useLoanMutation(({ id, patch }: { id: number; patch: Partial<LoanApplyInput> & { version?: number } }) => api.patch<Loan>(`/portal/loans/${id}`, patch));
}

export function useUploadAttachment() {
  return useMutation({
    mutationFn: ({ loanId, kind, file }: { loanId: number; kind: AttachmentKind; file: File }) => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', file, file.name);
      return upload<{ id: number }>(`/portal/loans/${loanId}/attachments`, form);
    },
  });
}

export function useLoanAction() {
  return useLoanMutation(({ id, action }: { id: number; action: 'submit' | 'resubmit' | 'withdraw' }) => api.post<Loan>(`/portal/loans/${id}/${action}`));
}
