import type { Loan, LoanListItem, LoanRisk, Repayment, RepaymentImport, RepaymentResult, ScheduleRowView } from '@tongxing/contracts';
import type { LoanState } from '@tongxing/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download, upload } from '../../shared/api-client';

/** The loan book's filter: what the list shows and what an export writes. */
export interface LoanFilter {
  state?: LoanState[];
  programmeId?: number;
  orgId?: number;
  q?: string;
  overdue?: 'true';
}

export interface LoanListParams extends LoanFilter {
  queue?: 'mine';
  page: number;
  pageSize: number;
}

export interface LoanList {
  items: LoanListItem[];
  total: number;
}

export interface LoanSchedule {
  rows: ScheduleRowView[];
  totalPrincipalFen: number;
  totalInterestFen: number;
  totalPaymentFen: number;
}

export interface RepaymentList {
  items: Repayment[];
  total: number;
  paidFen: number;
  /** What a payment today may be at most: principal left plus interest due. */
  maxPayableTodayFen: number;
}

export interface DecisionInput {
  decision: 'approve' | 'return' | 'reject';
  comment?: string;
  approvedAmountFen?: number;
  annualRateBps?: number;
  termMonths?: number;
  policyNo?: string;
  guaranteeNo?: string;
  contractNo?: string;
  version?: number;
}

export const loanKeys = {
  all: ['loans'] as const,
  list: (params: LoanListParams) => ['loans', 'list', params] as const,
  detail: (id: number) => ['loans', 'detail', id] as const,
  schedule: (id: number) => ['loans', 'schedule', id] as const,
  repayments: (id: number) => ['loans', 'repayments', id] as const,
  risk: (id: number) => ['loans', 'risk', id] as const,
};

export function useLoans(params: LoanListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: loanKeys.list(params),
    queryFn: ({ signal }) => api.get<LoanList>('/loans', { ...params }, signal),
    placeholderData: keepPreviousData,
    ...(options.refetchInterval ? { refetchInterval: options.refetchInterval } : {}),
  });
}

export function useLoan(id: number) {
  return useQuery({ queryKey: loanKeys.detail(id), queryFn: () => api.get<Loan>(`/loans/${id}`), enabled: id > 0 });
}

export function useLoanSchedule(id: number, enabled: boolean) {
  return useQuery({ queryKey: loanKeys.schedule(id), queryFn: () => api.get<LoanSchedule>(`/loans/${id}/schedule`), enabled: enabled && id > 0 });
}

export function useLoanRepayments(id: number, enabled: boolean) {
  return useQuery({
    queryKey: loanKeys.repayments(id),
    queryFn: () => api.get<RepaymentList>(`/loans/${id}/repayments`),
    enabled: enabled && id > 0,
  });
}

/** Every write to a loan changes its detail, its lists (queues), schedule and repayments: refresh them all. */
function useLoanMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: loanKeys.all }),
        // Subsidies and ledger postings follow underwriting, repayments and claims.
        queryClient.invalidateQueries({ queryKey: ['ledger'] }),
        queryClient.invalidateQueries({ queryKey: ['subsidy-batches'] }),
      ]),
  });
}

type Keyed<T> = T & { id: number; idempotencyKey: string };

export function useLoanDecision() {
  return useLoanMutation(({ id, idempotencyKey, ...body }: Keyed<DecisionInput>) => api.post<Loan>(`/loans/${id}/decision`, body, { idempotencyKey }));
}

export function useRecordDisbursement() {
  return useLoanMutation(({ id, idempotencyKey, ...body }: Keyed<{ amountFen: number; disbursedOn: string; bankTxnRef?: string }>) =>
    api.post<Loan>(`/loans/${id}/disbursement`, body, { idempotencyKey }),
  );
}

export function useConfirmDisbursement() {
  return useLoanMutation(({ id, idempotencyKey }: Keyed<object>) => api.post<Loan>(`/loans/${id}/disbursement/confirm`, {}, { idempotencyKey }));
}

export function useRecordRepayment() {
  return useLoanMutation(({ id, idempotencyKey, ...body }: Keyed<{ amountFen: number; paidOn: string; bankTxnRef?: string }>) =>
    api.post<RepaymentResult>(`/loans/${id}/repayments`, body, { idempotencyKey }),
  );
}

export type DefaultAction = 'default' | 'claim' | 'claim/pay' | 'recoveries' | 'write-off';

export interface DefaultActionInput {
  action: DefaultAction;
  asOf?: string;
  claimedOn?: string;
  comment?: string;
  amountFen?: number;
  receivedOn?: string;
  paidOn?: string;
  paymentRef?: string;
}

/** The default and claim position (loss, shares, recoveries) of a loan past its default. */
export function useLoanRisk(id: number, enabled: boolean) {
  return useQuery({ queryKey: loanKeys.risk(id), queryFn: () => api.get<LoanRisk>(`/loans/${id}/claim`), enabled: enabled && id > 0 });
}

export function useDefaultAction() {
  return useLoanMutation(({ id, idempotencyKey, action, ...body }: Keyed<DefaultActionInput>) =>
    api.post<LoanRisk>(`/loans/${id}/${action}`, body, { idempotencyKey }),
  );
}

export function useUploadAttachment() {
  return useLoanMutation(({ id, kind, file }: { id: number; kind: string; file: File }) => {
    const form = new FormData();
    // The kind goes first: the server reads fields in order and needs it before the file streams in.
    form.append('kind', kind);
    form.append('file', file, file.name);
    return upload<unknown>(`/loans/${id}/attachments`, form);
  });
}

/** The attachment's address: opened in a new tab, the session cookie goes along (same origin, SameSite=Lax). */
export function attachmentUrl(loanId: number, attachmentId: number): string {
  return `/api/v1/loans/${loanId}/attachments/${attachmentId}`;
}

export function downloadAttachment(loanId: number, attachmentId: number, fileName: string) {
  return download(`/loans/${loanId}/attachments/${attachmentId}`, fileName);
}

export function downloadLoanForm(loanId: number, fileName: string) {
  return download(`/loans/${loanId}/form.pdf`, fileName);
}

/** The loan book of the current filter as .xlsx (masked), streamed by the server. */
export function exportLoans(filter: LoanFilter, fileName: string) {
  return download('/loans/export', fileName, { ...filter });
}

// ---------------------------------------------------------------- repayment files from the bank

export type RepaymentImportCheck = RepaymentImport;
export type RepaymentImportError = RepaymentImport['errors'][number];

export interface RepaymentImportResult {
  id: string;
  applied: number;
  appliedFen: number;
  skipped: number;
  errors: RepaymentImportError[];
  settledLoans: number;
}

export function downloadRepaymentTemplate(fileName: string) {
  return download('/loan-repayment-imports/template', fileName);
}

export function useCheckRepaymentImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<RepaymentImportCheck>('/loan-repayment-imports', form);
    },
  });
}

export function useCommitRepaymentImport() {
  return useLoanMutation(({ id, mode, idempotencyKey }: { id: string; mode: 'all' | 'valid'; idempotencyKey: string }) =>
    api.post<RepaymentImportResult>(`/loan-repayment-imports/${id}/commit`, { mode }, { idempotencyKey }),
  );
}
