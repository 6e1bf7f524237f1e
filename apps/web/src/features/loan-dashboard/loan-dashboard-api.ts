import type { LoanDashboard } from '@tongxing/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export interface DashboardParams {
  programmeId?: number;
  orgId?: number;
  asOf?: string;
}

export type DashboardUnit = LoanDashboard['units'][number];

export const dashboardKeys = {
  all: ['loan-dashboard'] as const,
  view: (p: DashboardParams) => ['loan-dashboard', p] as const,
};

export function useLoanDashboard(params: DashboardParams, enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.view(params),
    queryFn: ({ signal }) => api.get<LoanDashboard>('/loan-dashboard', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
