import type { AuditEntry } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export interface AuditList {
  items: AuditEntry[];
  total: number;
}

export interface AuditParams {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: 'success' | 'denied' | 'failure';
  page: number;
  pageSize: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (params: AuditParams) => ['audit', 'list', params] as const,
};

export function useAuditLog(params: AuditParams) {
  return useQuery({
    queryKey: auditKeys.list(params),
    queryFn: ({ signal }) => api.get<AuditList>('/audit', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/audit/verify') });
}
