import type { Alert, LoanVisit, LoanVisitRecord, VisitDue } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../../shared/api-client';

export interface VisitListParams {
  due: VisitDue;
  orgId?: number;
  loanId?: number;
  page: number;
  pageSize: number;
}

export interface VisitList {
  items: LoanVisit[];
  total: number;
  asOf: string;
  counts: Record<VisitDue, number>;
}

export interface AlertList {
  items: Alert[];
  total: number;
  unread: number;
}

export const visitKeys = {
  all: ['loan-visits'] as const,
  list: (p: VisitListParams) => ['loan-visits', 'list', p] as const,
  detail: (id: number) => ['loan-visits', 'detail', id] as const,
  ofLoan: (loanId: number, due: VisitDue) => ['loan-visits', 'loan', loanId, due] as const,
};

export const alertKeys = {
  all: ['alerts'] as const,
  list: (p: { unread?: 'true'; page: number; pageSize: number }) => ['alerts', 'list', p] as const,
};

export function useVisits(params: VisitListParams) {
  return useQuery({
    queryKey: visitKeys.list(params),
    queryFn: ({ signal }) => api.get<VisitList>('/loan-visits', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useVisit(id: number | null) {
  return useQuery({ queryKey: visitKeys.detail(id ?? 0), queryFn: () => api.get<LoanVisit>(`/loan-visits/${id}`), enabled: !!id });
}

const dues: VisitDue[] = ['done', 'overdue', 'due', 'upcoming'];

/**
 * Every visit of one loan, done and planned: the list serves one tab at a time, so the loan's four tabs
 * are read together and merged in plan order.
 */
export function useLoanVisitHistory(loanId: number) {
  const results = useQueries({
    queries: dues.map((due) => ({
      queryKey: visitKeys.ofLoan(loanId, due),
      queryFn: () => api.get<VisitList>('/loan-visits', { loanId, due, page: 1, pageSize: 50 }),
      enabled: loanId > 0,
    })),
  });
  const items = results.flatMap((r) => r.data?.items ?? []).sort((a, b) => a.seq - b.seq);
  return { items, isPending: results.some((r) => r.isPending), error: results.find((r) => r.error)?.error ?? null };
}

function useVisitMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // A recorded visit moves between tabs, may raise alerts, and changes the dashboard's visit figures.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: visitKeys.all }),
        queryClient.invalidateQueries({ queryKey: alertKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['loan-dashboard'] }),
      ]),
  });
}

export function useRecordVisit() {
  return useVisitMutation(({ id, record }: { id: number; record: LoanVisitRecord }) => api.post<LoanVisit>(`/loan-visits/${id}/record`, record));
}

export function useAddVisitPhoto() {
  return useVisitMutation(({ id, file }: { id: number; file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<LoanVisit>(`/loan-visits/${id}/photos`, form);
  });
}

/** The photo's address: an <img> sends the session cookie along (same origin). */
export function visitPhotoUrl(visitId: number, n: number): string {
  return `/api/v1/loan-visits/${visitId}/photos/${n}`;
}

export function useAlerts(params: { unread?: 'true'; page: number; pageSize: number }, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: alertKeys.list(params),
    queryFn: ({ signal }) => api.get<AlertList>('/alerts', { ...params }, signal),
    placeholderData: keepPreviousData,
    ...(options.refetchInterval ? { refetchInterval: options.refetchInterval } : {}),
  });
}

export function useReadAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<Alert>(`/alerts/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
