import type { CardDashboard, CardStats } from '@tongxing/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, download } from '../../shared/api-client';

export interface CardStatsParams {
  orgId?: number;
  /** '2026-10', '2026-Q4' or '2026'. */
  period: string;
  programmeId?: number;
}

export const cardStatsKeys = {
  all: ['card-stats'] as const,
  stats: (p: CardStatsParams) => ['card-stats', 'rates', p] as const,
  dashboard: (p: CardStatsParams) => ['card-stats', 'dashboard', p] as const,
};

/** 开卡率, 激活率, 用卡率 of a unit and each child unit for the period. */
export function useCardStats(params: CardStatsParams, enabled = true) {
  return useQuery({
    queryKey: cardStatsKeys.stats(params),
    queryFn: ({ signal }) => api.get<CardStats>('/card-stats', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

/** Funnel per child unit, twelve months of rates, merchants against the quota, subsidy by month, top categories. */
export function useCardDashboard(params: CardStatsParams, enabled = true) {
  return useQuery({
    queryKey: cardStatsKeys.dashboard(params),
    queryFn: ({ signal }) => api.get<CardDashboard>('/card-dashboards', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

export function exportCardStats(params: CardStatsParams, fileName: string): Promise<void> {
  return download('/card-stats/export', fileName, { ...params });
}
